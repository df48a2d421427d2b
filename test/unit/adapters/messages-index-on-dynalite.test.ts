import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BY_CUSTOMER_ATTRIBUTES,
  BY_CUSTOMER_INDEX,
  type MessageLedger,
  messageIdFor,
  type PendingMessage,
} from '#adapters/dynamo/messages.ts';
import { type DynaliteLedger, startLedgerOnDynalite } from '../../helpers/dynalite-ledger.ts';

// The ledger's index by customer projects only what its readers read: a reader of anything else would
// get `undefined` on AWS and on dynalite alike, so each reader is checked against a full sent message.
const TABLE = 'messages-index-dynalite';
let running: DynaliteLedger;
let ledger: MessageLedger;

const CUSTOMER = 'c-4004';
const CLAIMED_AT = new Date('2027-01-10T09:00:00.000Z');
const SENT_AT = '2027-01-10T09:00:01.000Z';
const SINCE = new Date('2027-01-01T00:00:00.000Z');
const A = 'arn:aws:states:eu-north-1:000000000000:express:SendMessage:a:1';

const FACTS = {
  priceChangeId: 'pc-2027-02-var-no1',
  productId: 'p-4004',
  tariffId: 'var-no1',
  noticeDate: '2027-01-10',
  effectiveDate: '2027-02-24',
  currency: 'NOK',
  oldPrice: 0.89,
  newPrice: 1.0225,
  annualCostBefore: 14685,
  annualCostAfter: 16871.25,
  terminationRight: true,
  reasons: [{ code: 'grid-fee' }, { code: 'wholesale-cost' }],
};

function notice(key: string): PendingMessage {
  const dedupeKey = `price-change-notice#${key}#${CUSTOMER}`;
  return {
    messageId: messageIdFor(dedupeKey),
    dedupeKey,
    customerId: CUSTOMER,
    kind: 'price-change-notice',
    purpose: 'service',
    locale: 'nb-NO',
    trigger: { detailType: 'Price Change Announced', id: key },
    facts: FACTS,
    channel: 'email',
    to: 'kari@example.no',
    subject: 'Ny pris fra 24. februar',
    text: 'Prisen endres. '.repeat(80),
    html: `<p>${'Prisen endres. '.repeat(300)}</p>`,
  };
}

const sentNotice = notice('pc-sent');
const inFlight = notice('pc-in-flight');

beforeAll(async () => {
  running = await startLedgerOnDynalite(TABLE);
  ledger = running.ledger;
  await ledger.claim(sentNotice, A, CLAIMED_AT);
  await ledger.markSent(sentNotice.dedupeKey, {
    providerMessageId: 'ses-1',
    sentAt: SENT_AT,
    channel: 'email',
    to: 'kari@example.no',
    subject: sentNotice.subject ?? null,
    text: sentNotice.text ?? '',
    html: sentNotice.html ?? null,
    locale: 'nb-NO',
  });
  await ledger.claim(inFlight, A, CLAIMED_AT);
});

afterAll(async () => {
  await running?.close();
});

describe('the ledger index by customer on dynalite', () => {
  it('gives recentSends the kind, purpose, channel and send time of a sent message', async () => {
    expect(await ledger.recentSends(CUSTOMER, SINCE)).toEqual([
      { kind: 'price-change-notice', purpose: 'service', channel: 'email', sentAt: SENT_AT },
    ]);
  });

  it('gives sentFacts and sentWithFacts every fact of a sent message', async () => {
    expect(await ledger.sentFacts(CUSTOMER, 'price-change-notice', SINCE)).toEqual([
      { sentAt: SENT_AT, facts: FACTS },
    ]);
    expect(await ledger.sentFacts(CUSTOMER, 'retention-offer', SINCE)).toEqual([]);
    expect(await ledger.sentWithFacts(CUSTOMER, SINCE)).toEqual([
      { kind: 'price-change-notice', sentAt: SENT_AT, facts: FACTS },
    ]);
  });

  it('counts a sent message and a claim in flight against the cap, but not the message asking', async () => {
    expect(await ledger.capClaims(CUSTOMER, 'service', SINCE, 'another-message')).toBe(2);
    expect(await ledger.capClaims(CUSTOMER, 'service', SINCE, sentNotice.dedupeKey)).toBe(1);
    expect(await ledger.capClaims(CUSTOMER, 'marketing', SINCE, 'another-message')).toBe(0);
  });

  it('holds the keys and the attributes its readers read, and none of the bodies', async () => {
    const { Items = [] } = await running.ddb.send(
      new QueryCommand({
        TableName: TABLE,
        IndexName: BY_CUSTOMER_INDEX,
        KeyConditionExpression: 'customerId = :customerId',
        ExpressionAttributeValues: { ':customerId': CUSTOMER },
      }),
    );
    const sent = Items.find((item) => item.dedupeKey === sentNotice.dedupeKey);

    expect(Object.keys(sent ?? {}).sort()).toEqual(
      ['dedupeKey', 'customerId', 'createdAt', ...BY_CUSTOMER_ATTRIBUTES].sort(),
    );
    for (const body of ['html', 'text', 'subject', 'to']) expect(sent).not.toHaveProperty(body);
    // The table still holds the whole message.
    expect(await ledger.get(sentNotice.dedupeKey)).toMatchObject({
      html: sentNotice.html,
      text: sentNotice.text,
      subject: sentNotice.subject,
    });
  });
});
