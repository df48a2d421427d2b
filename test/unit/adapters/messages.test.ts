import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  BY_CUSTOMER_INDEX,
  DynamoMessageLedger,
  messageIdFor,
  type PendingMessage,
} from '#adapters/dynamo/messages.ts';
import { MessageRecord } from '#domain/contracts/messages.ts';
import { TransientError } from '#domain/errors.ts';

const ddbMock = mockClient(DynamoDBDocumentClient);
const table = 'messages-unit';
const ledger = new DynamoMessageLedger(
  DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'eu-north-1',
      endpoint: 'http://127.0.0.1:9',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    }),
  ),
  table,
);
const NOW = new Date('2027-01-05T08:00:03.000Z');
/** The SendMessage execution that claims in these tests. */
const EXECUTION = 'arn:aws:states:eu-north-1:000000000000:express:SendMessage:a:1';
const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
/**
 * A refusal as DynamoDB answers a write sent with `ReturnValuesOnConditionCheckFailure: ALL_OLD`: the item
 * that refused it, as attribute values (the DocumentClient does not translate errors).
 */
const conditionFailedWith = (item: Record<string, unknown>) =>
  new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: {},
    Item: marshall(item, { removeUndefinedValues: true }),
  });

const pending: PendingMessage = {
  messageId: messageIdFor('invoice-explanation#inv-2027-01-c-1001#c-1001'),
  dedupeKey: 'invoice-explanation#inv-2027-01-c-1001#c-1001',
  customerId: 'c-1001',
  kind: 'invoice-explanation',
  purpose: 'service',
  locale: 'nb-NO',
  trigger: { detailType: 'Invoice Issued', id: 'inv-2027-01-c-1001' },
  facts: { invoiceId: 'inv-2027-01-c-1001', amount: 1240.5, difference: 310.2 },
  channel: 'email',
  to: 'kari@example.no',
  subject: 'Fakturaen din for desember, forklart',
  text: 'Fakturaen er 310,20 kr høyere enn vanlig.',
  html: '<p>Fakturaen er 310,20 kr høyere enn vanlig.</p>',
};

/** The item a ledger write leaves, as DynamoDB would store it. */
function storedItem(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...pending,
    state: 'sending',
    attempts: 1,
    claimedAt: NOW.toISOString(),
    claimedBy: EXECUTION,
    createdAt: NOW.toISOString(),
    ...overrides,
  };
}

/** Attribute name → value an UpdateCommand assigns (`#a = :a` and `#a = if_not_exists(#a, :a)`). */
function assigned(input: {
  UpdateExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  // Commas inside if_not_exists(…) do not separate clauses.
  for (const clause of (input.UpdateExpression ?? '').replace(/^SET /, '').split(/, (?![^(]*\))/)) {
    const match = /^(#\w+) = (?:if_not_exists\(#\w+, (:\w+)\)|(:\w+))$/.exec(clause);
    if (!match?.[1]) continue;
    const name = input.ExpressionAttributeNames?.[match[1]] ?? match[1];
    result[name] = input.ExpressionAttributeValues?.[match[2] ?? match[3] ?? ''];
  }
  return result;
}

function lastUpdate() {
  const calls = ddbMock.commandCalls(UpdateCommand);
  const input = calls.at(-1)?.args[0].input;
  if (!input) throw new Error('no UpdateCommand was sent');
  return input;
}

beforeEach(() => {
  ddbMock.reset();
});

describe('MessageLedger.claim', () => {
  it('creates an absent message as sending with one attempt, in a single conditional write', async () => {
    ddbMock.on(UpdateCommand).resolves({ Attributes: storedItem() });

    const result = await ledger.claim(pending, EXECUTION, NOW);

    expect(result.outcome).toBe('claimed');
    expect(result.record).toMatchObject({ state: 'sending', attempts: 1, dedupeKey: pending.dedupeKey });
    const input = lastUpdate();
    expect(input.TableName).toBe(table);
    expect(input.Key).toEqual({ dedupeKey: pending.dedupeKey });
    expect(input.ConditionExpression).toBe('attribute_not_exists(#dedupeKey) OR #state = :retrying');
    expect(input.ExpressionAttributeValues?.[':retrying']).toBe('retrying');
    expect(input.UpdateExpression).toContain('#attempts = if_not_exists(#attempts, :zero) + :one');
    expect(input.UpdateExpression).toContain('#createdAt = if_not_exists(#createdAt, :createdAt)');
    expect(input.UpdateExpression).toContain('#messageId = if_not_exists(#messageId, :messageId)');
    expect(input.ReturnValues).toBe('ALL_NEW');
    expect(assigned(input)).toMatchObject({
      state: 'sending',
      claimedAt: '2027-01-05T08:00:03.000Z',
      claimedBy: EXECUTION,
      createdAt: '2027-01-05T08:00:03.000Z',
      customerId: 'c-1001',
      kind: 'invoice-explanation',
      purpose: 'service',
      to: 'kari@example.no',
      facts: pending.facts,
    });
    expect(ddbMock.commandCalls(GetCommand)).toHaveLength(0);
  });

  it('reports in-flight when an earlier attempt holds the claim', async () => {
    ddbMock.on(UpdateCommand).rejects(conditionFailed());
    ddbMock.on(GetCommand).resolves({ Item: storedItem({ state: 'sending', attempts: 2 }) });

    const result = await ledger.claim(pending, EXECUTION, NOW);

    expect(result).toMatchObject({ outcome: 'in-flight', record: { state: 'sending', attempts: 2 } });
    expect(ddbMock.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({
      Key: { dedupeKey: pending.dedupeKey },
      ConsistentRead: true,
    });
  });

  it('reports final for a message already sent, suppressed or failed', async () => {
    ddbMock.on(UpdateCommand).rejects(conditionFailed());
    ddbMock.on(GetCommand).resolves({ Item: storedItem({ state: 'final', status: 'sent', reason: null }) });

    const result = await ledger.claim(pending, EXECUTION, NOW);

    expect(result).toMatchObject({ outcome: 'final', record: { status: 'sent' } });
    expect(ddbMock.commandCalls(UpdateCommand)).toHaveLength(1);
  });

  it('learns what refused the claim from the refusal itself, without a read, where DynamoDB returns the item', async () => {
    ddbMock
      .on(UpdateCommand)
      .rejects(conditionFailedWith(storedItem({ state: 'final', status: 'sent', reason: null })));

    const result = await ledger.claim(pending, EXECUTION, NOW);

    expect(result).toMatchObject({ outcome: 'final', record: { status: 'sent', state: 'final' } });
    expect(lastUpdate().ReturnValuesOnConditionCheckFailure).toBe('ALL_OLD');
    expect(ddbMock.commandCalls(GetCommand)).toHaveLength(0);
  });

  it('claims again when the item was released between the refused write and the read', async () => {
    ddbMock
      .on(UpdateCommand)
      .rejectsOnce(conditionFailed())
      .resolves({ Attributes: storedItem({ attempts: 2 }) });
    ddbMock.on(GetCommand).resolves({ Item: storedItem({ state: 'retrying' }) });

    const result = await ledger.claim(pending, EXECUTION, NOW);

    expect(result).toMatchObject({ outcome: 'claimed', record: { attempts: 2 } });
    expect(ddbMock.commandCalls(UpdateCommand)).toHaveLength(2);
  });

  it('gives up with a TransientError when the item keeps changing', async () => {
    ddbMock.on(UpdateCommand).rejects(conditionFailed());
    ddbMock.on(GetCommand).resolves({ Item: storedItem({ state: 'retrying' }) });

    await expect(ledger.claim(pending, EXECUTION, NOW)).rejects.toBeInstanceOf(TransientError);
    expect(ddbMock.commandCalls(UpdateCommand)).toHaveLength(3);
  });

  it('turns DynamoDB throttling into a TransientError', async () => {
    ddbMock.on(UpdateCommand).rejects(
      Object.assign(new Error('slow down'), {
        name: 'ProvisionedThroughputExceededException',
        $metadata: { httpStatusCode: 400 },
      }),
    );

    await expect(ledger.claim(pending, EXECUTION, NOW)).rejects.toBeInstanceOf(TransientError);
  });
});

describe('MessageLedger.takeOver', () => {
  it('takes over a sending claim for the new claimant, only at the attempt count the caller saw', async () => {
    const taker = 'arn:aws:states:eu-north-1:000000000000:express:SendMessage:b:2';
    ddbMock.on(UpdateCommand).resolves({ Attributes: storedItem({ attempts: 3, claimedBy: taker }) });

    const result = await ledger.takeOver(pending.dedupeKey, 2, taker, NOW);

    expect(result).toMatchObject({ outcome: 'claimed', record: { attempts: 3, claimedBy: taker } });
    const input = lastUpdate();
    expect(input.ConditionExpression).toBe('#state = :sending AND #attempts = :seen');
    expect(input.ExpressionAttributeValues).toMatchObject({ ':sending': 'sending', ':seen': 2, ':one': 1 });
    expect(input.UpdateExpression).toContain('#attempts = #attempts + :one');
    expect(assigned(input)).toEqual({ claimedAt: NOW.toISOString(), claimedBy: taker });
  });

  it('reports in-flight when another attempt took it over first', async () => {
    ddbMock.on(UpdateCommand).rejects(conditionFailed());
    ddbMock.on(GetCommand).resolves({ Item: storedItem({ attempts: 3 }) });

    const result = await ledger.takeOver(pending.dedupeKey, 2, EXECUTION, NOW);

    expect(result.outcome).toBe('in-flight');
  });
});

describe('MessageLedger settlements', () => {
  it('marks a message sent while it is not final, whoever holds the claim: the provider accepted it', async () => {
    ddbMock.on(UpdateCommand).resolves({});

    const outcome = await ledger.markSent(pending.dedupeKey, {
      providerMessageId: '0100-ses',
      sentAt: '2027-01-05T08:00:04.000Z',
      channel: 'email',
      to: 'kari@example.no',
      subject: 'S',
      text: 'T',
      html: '<p>T</p>',
      locale: 'nb-NO',
    });

    expect(outcome).toEqual({ applied: true });
    const input = lastUpdate();
    expect(input.ConditionExpression).toBe('attribute_exists(#dedupeKey) AND #state <> :final');
    expect(assigned(input)).toMatchObject({
      state: 'final',
      status: 'sent',
      reason: null,
      providerMessageId: '0100-ses',
      sentAt: '2027-01-05T08:00:04.000Z',
      settledAt: '2027-01-05T08:00:04.000Z',
    });
  });

  it('answers applied: false when a late writer finds the message final', async () => {
    ddbMock.on(UpdateCommand).rejects(conditionFailed());

    const sent = await ledger.markSent(pending.dedupeKey, {
      providerMessageId: 'late',
      sentAt: '2027-01-05T09:00:00.000Z',
      channel: 'sms',
      to: '+4791234567',
      subject: null,
      text: 'T',
      html: null,
      locale: 'nb-NO',
    });
    const failed = await ledger.markFailed(pending.dedupeKey, EXECUTION, {
      reason: 'provider-error',
      detail: 'MessageRejected',
      at: NOW,
    });
    const released = await ledger.release(pending.dedupeKey, EXECUTION);

    expect([sent, failed, released]).toEqual([{ applied: false }, { applied: false }, { applied: false }]);
  });

  it('answers a refused suppression with the item that refused it: from the refusal, or else one read', async () => {
    const final = storedItem({ state: 'final', status: 'sent', reason: null });
    ddbMock.on(UpdateCommand).rejectsOnce(conditionFailedWith(final)).rejectsOnce(conditionFailed());
    ddbMock.on(GetCommand).resolves({ Item: storedItem({ state: 'sending' }) });

    const fromRefusal = await ledger.markSuppressed(pending, 'no-consent', NOW);
    expect(fromRefusal).toMatchObject({ applied: false, current: { state: 'final', status: 'sent' } });
    expect(lastUpdate().ReturnValuesOnConditionCheckFailure).toBe('ALL_OLD');
    expect(ddbMock.commandCalls(GetCommand)).toHaveLength(0);

    // A refusal without the item (dynalite's): one consistent read says what holds it.
    const read = await ledger.markSuppressed(pending, 'no-consent', NOW);
    expect(read).toMatchObject({ applied: false, current: { state: 'sending' } });
    expect(ddbMock.commandCalls(GetCommand)).toHaveLength(1);
  });

  it('records a suppression as a new final record, or over a retrying one, never over a claim or a final one', async () => {
    ddbMock.on(UpdateCommand).resolves({});

    await ledger.markSuppressed(
      { ...pending, channel: null, to: null, subject: null, text: null, html: null },
      'no-consent',
      NOW,
    );

    const input = lastUpdate();
    expect(input.ConditionExpression).toBe('attribute_not_exists(#dedupeKey) OR #state = :retrying');
    expect(assigned(input)).toMatchObject({
      state: 'final',
      status: 'suppressed',
      reason: 'no-consent',
      sentAt: null,
      channel: null,
      attempts: 0,
      createdAt: NOW.toISOString(),
      settledAt: NOW.toISOString(),
    });
  });

  it('marks a message failed only under the claim its claimant holds, with a bounded detail', async () => {
    ddbMock.on(UpdateCommand).resolves({});

    await ledger.markFailed(pending.dedupeKey, EXECUTION, {
      reason: 'provider-error',
      detail: `MessageRejected: ${'x'.repeat(2000)}`,
      at: NOW,
    });

    const input = lastUpdate();
    expect(input.ConditionExpression).toBe('#state = :sending AND #claimedBy = :claimant');
    expect(input.ExpressionAttributeValues).toMatchObject({ ':sending': 'sending', ':claimant': EXECUTION });
    const values = assigned(input);
    expect(values).toMatchObject({ state: 'final', status: 'failed', reason: 'provider-error' });
    expect(String(values.detail)).toHaveLength(1000);
  });

  it('records a failure over its claimant’s own claim, or as a new record when nobody claimed it', async () => {
    ddbMock.on(UpdateCommand).resolves({});

    await ledger.recordFailure(pending, EXECUTION, {
      reason: 'provider-error',
      detail: 'retries exhausted',
      at: NOW,
    });

    const input = lastUpdate();
    expect(input.ConditionExpression).toBe(
      'attribute_not_exists(#dedupeKey) OR (#claimedBy = :claimant AND #state <> :final)',
    );
    expect(input.ExpressionAttributeValues).toMatchObject({ ':claimant': EXECUTION, ':final': 'final' });
    expect(assigned(input)).toMatchObject({ customerId: 'c-1001', status: 'failed', attempts: 0 });
    // What a claim recorded (locale, rendering) is kept: the content is only written where absent.
    expect(input.UpdateExpression).toContain('#locale = if_not_exists(#locale, :locale)');
    expect(input.UpdateExpression).toContain('#subject = if_not_exists(#subject, :subject)');
  });

  it('releases only a sending claim its claimant holds', async () => {
    ddbMock.on(UpdateCommand).resolves({});

    await expect(ledger.release(pending.dedupeKey, EXECUTION, 'TooManyRequestsException')).resolves.toEqual({
      applied: true,
    });

    const input = lastUpdate();
    expect(input.ConditionExpression).toBe('#state = :sending AND #claimedBy = :claimant');
    expect(assigned(input)).toEqual({ state: 'retrying', detail: 'TooManyRequestsException' });
  });
});

describe('MessageLedger reads', () => {
  it('lists recent sends from the index by customer by sentAt, with slack for claims made before the window', async () => {
    ddbMock.on(QueryCommand).resolves({
      Items: [
        { kind: 'survey-request', purpose: 'survey', channel: 'email', sentAt: '2027-01-04T10:00:00.000Z' },
        {
          kind: 'invoice-explanation',
          purpose: 'service',
          channel: 'sms',
          sentAt: '2027-01-02T10:00:00+01:00',
        },
        // Claimed within the slack but sent before the window: not counted.
        {
          kind: 'retention-offer',
          purpose: 'marketing',
          channel: 'email',
          sentAt: '2027-01-01T23:00:00.000Z',
        },
      ],
    });

    const sends = await ledger.recentSends('c-1001', new Date('2027-01-02T00:00:00.000Z'));

    expect(sends).toEqual([
      {
        kind: 'invoice-explanation',
        purpose: 'service',
        channel: 'sms',
        sentAt: '2027-01-02T10:00:00+01:00',
      },
      { kind: 'survey-request', purpose: 'survey', channel: 'email', sentAt: '2027-01-04T10:00:00.000Z' },
    ]);
    const input = ddbMock.commandCalls(QueryCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      TableName: table,
      IndexName: BY_CUSTOMER_INDEX,
      KeyConditionExpression: '#customerId = :customerId AND #createdAt >= :from',
      FilterExpression: '#status = :sent',
      ExpressionAttributeValues: {
        ':customerId': 'c-1001',
        ':from': '2027-01-01T00:00:00.000Z',
        ':sent': 'sent',
      },
    });
  });

  it('lists final messages as contract records, without the ledger bookkeeping, in sending order', async () => {
    ddbMock.on(ScanCommand).resolves({
      Items: [
        storedItem({
          dedupeKey: 'b',
          state: 'final',
          status: 'sent',
          reason: null,
          sentAt: '2027-01-05T09:00:00.000Z',
          providerMessageId: 'p-1',
          settledAt: '2027-01-05T09:00:00.000Z',
        }),
        storedItem({ dedupeKey: 'c', state: 'sending' }),
        storedItem({
          dedupeKey: 'a',
          state: 'final',
          status: 'suppressed',
          reason: 'frequency-cap',
          channel: null,
          to: null,
          subject: null,
          text: null,
          html: null,
          sentAt: null,
          settledAt: '2027-01-05T08:30:00.000Z',
          detail: 'two surveys this month',
        }),
      ],
    });

    const records = await ledger.list();

    expect(records.map((record) => record.dedupeKey)).toEqual(['a', 'b']);
    for (const record of records) {
      expect(Object.keys(record).sort()).toEqual(
        [
          'channel',
          'customerId',
          'dedupeKey',
          'facts',
          'html',
          'kind',
          'locale',
          'messageId',
          'purpose',
          'reason',
          'sentAt',
          'status',
          'subject',
          'text',
          'to',
          'trigger',
        ].sort(),
      );
      expect(MessageRecord.safeParse(record).success).toBe(true);
    }
    expect(records[1]?.html).toBe(pending.html);
  });
});
