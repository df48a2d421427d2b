import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterEach, describe, expect, it } from 'vitest';
import { type EventEnvelope, LocalEventBus, type RuleTarget } from '#local/eventbridge/local-event-bus.ts';
import { compileEventPattern } from '#local/eventbridge/pattern.ts';
import { localClientConfig } from '#local/services/client-config.ts';
import { type LocalEventBridge, startEventBridge } from '#local/services/eventbridge.ts';

const NOW = new Date('2027-01-05T08:00:00Z');

/** A bus with one rule on `stille` for `Stille Alert` and one on `default` for SES bounces. */
function busRecordingDeliveries() {
  const delivered: Array<{ target: RuleTarget; input: unknown; event: EventEnvelope }> = [];
  const bus = new LocalEventBus<void>({
    rules: [
      {
        logicalId: 'Alerts',
        eventBusName: 'stille',
        matches: compileEventPattern({ 'detail-type': ['Stille Alert'] }),
        targets: [{ id: 'Target0', arn: 'arn:aws:states:eu-north-1:000000000000:stateMachine:Alerts' }],
      },
      {
        logicalId: 'Bounces',
        eventBusName: 'arn:aws:events:eu-north-1:000000000000:event-bus/default',
        matches: compileEventPattern({ source: ['aws.ses'] }),
        targets: [{ id: 'Target0', arn: 'arn:aws:states:eu-north-1:000000000000:stateMachine:Bounces' }],
      },
    ],
    defaultBus: 'stille',
    buses: ['stille'],
    account: '000000000000',
    region: 'eu-north-1',
    deliver: (target, input, _rule, event) => {
      delivered.push({ target, input, event });
    },
  });
  return { bus, delivered };
}

describe('local EventBridge PutEvents', () => {
  const running: LocalEventBridge[] = [];
  const clients: EventBridgeClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await Promise.all(running.splice(0).map((service) => service.close()));
  });

  async function start() {
    const { bus, delivered } = busRecordingDeliveries();
    const service = await startEventBridge({ putEvents: (entries) => bus.putEvents(entries, NOW).response });
    running.push(service);
    const client = new EventBridgeClient({ ...localClientConfig(service.endpoint), maxAttempts: 1 });
    clients.push(client);
    return { bus, delivered, service, client };
  }

  it('routes an entry put with the real client and answers with its event id', async () => {
    const { client, delivered, bus } = await start();
    const answer = await client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: 'stille',
            Source: 'stille.send-gate',
            DetailType: 'Stille Alert',
            Detail: JSON.stringify({ kind: 'late-price-notice', at: '2027-01-05T08:00:00Z' }),
            Resources: ['arn:aws:states:eu-north-1:000000000000:execution:M:1'],
            Time: new Date('2027-01-05T07:59:00Z'),
          },
        ],
      }),
    );
    expect(answer.FailedEntryCount).toBe(0);
    expect(answer.Entries).toHaveLength(1);
    const eventId = answer.Entries?.[0]?.EventId;
    expect(eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]?.target.arn).toMatch(/stateMachine:Alerts$/);
    expect(delivered[0]?.event).toMatchObject({
      id: eventId,
      source: 'stille.send-gate',
      'detail-type': 'Stille Alert',
      time: '2027-01-05T07:59:00Z',
      resources: ['arn:aws:states:eu-north-1:000000000000:execution:M:1'],
      detail: { kind: 'late-price-notice' },
    });
    expect(bus.log.alerts()).toEqual([{ kind: 'late-price-notice', at: '2027-01-05T08:00:00Z' }]);
  });

  it('puts an entry that names no bus on the default bus, as EventBridge does', async () => {
    const { client, bus, delivered } = await start();
    await client.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'crm', DetailType: 'Stille Alert', Detail: '{"kind":"x","at":"2027-01-05T08:00:00Z"}' },
        ],
      }),
    );
    // The alert rule is on the stille bus: nothing routes it from the default bus.
    expect(delivered).toHaveLength(0);
    expect(bus.log.counts()).toEqual([{ bus: 'default', detailType: 'Stille Alert', count: 1 }]);
  });

  it('reports each failed entry with its error code and still routes the valid ones', async () => {
    const { client, delivered, service } = await start();
    const valid = { EventBusName: 'stille', Source: 's', DetailType: 'Stille Alert', Detail: '{"kind":"k"}' };
    const answer = await client.send(
      new PutEventsCommand({
        Entries: [
          valid,
          { ...valid, Detail: 'not json' },
          { ...valid, Detail: '[1, 2]' },
          // "PutEvents will only process nested JSON up to 1000 levels deep."
          { ...valid, Detail: `${'{"n":'.repeat(1_001)}1${'}'.repeat(1_001)}` },
          { ...valid, DetailType: undefined },
          { ...valid, EventBusName: 'nowhere' },
          { ...valid, Source: 'aws.ses' },
          { ...valid, EventBusName: 'arn:aws:events:eu-north-1:000000000000:event-bus/stille' },
        ],
      }),
    );
    expect(answer.FailedEntryCount).toBe(6);
    expect(answer.Entries?.map((entry) => entry.ErrorCode ?? 'ok')).toEqual([
      'ok',
      'MalformedDetail',
      'MalformedDetail',
      'MalformedDetail',
      'InvalidArgument',
      'ResourceNotFoundException',
      'NotAuthorizedForSourceException',
      'ok',
    ]);
    expect(answer.Entries?.[4]?.ErrorMessage).toMatch(/DetailType/);
    expect(answer.Entries?.[5]?.ErrorMessage).toMatch(/nowhere/);
    expect(delivered).toHaveLength(2);
    expect(service.stats()).toMatchObject({ calls: 1, entries: 8, failedEntries: 6 });
  });

  it('refuses a request of more than 10 entries as a whole', async () => {
    const { client, delivered } = await start();
    const entry = { Source: 's', DetailType: 'Stille Alert', Detail: '{}', EventBusName: 'stille' };
    await expect(
      client.send(new PutEventsCommand({ Entries: Array.from({ length: 11 }, () => entry) })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      $metadata: { httpStatusCode: 400 },
      message: expect.stringMatching(/less than or equal to 10/),
    });
    expect(delivered).toHaveLength(0);
  });

  it('refuses a request whose entries are over 256 KiB in all', async () => {
    const { client, delivered } = await start();
    const big = JSON.stringify({ text: 'x'.repeat(140 * 1024) });
    const entry = { Source: 's', DetailType: 'Stille Alert', Detail: big, EventBusName: 'stille' };
    await expect(client.send(new PutEventsCommand({ Entries: [entry, entry] }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
    // One such entry alone is within the limit.
    const answer = await client.send(new PutEventsCommand({ Entries: [entry] }));
    expect(answer.FailedEntryCount).toBe(0);
    expect(delivered).toHaveLength(1);
  });

  it('refuses one oversized entry as AWS does, however large the request body', async () => {
    const { client, delivered } = await start();
    // 600 KB of detail: the request as a whole is refused with EventBridge's own message, not cut off
    // as an oversized HTTP body.
    const detail = JSON.stringify({ text: 'x'.repeat(600 * 1024) });
    await expect(
      client.send(
        new PutEventsCommand({
          Entries: [{ Source: 's', DetailType: 'Stille Alert', Detail: detail, EventBusName: 'stille' }],
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      $metadata: { httpStatusCode: 400 },
      message: 'Total size of the entries in the request is over the limit.',
    });
    expect(delivered).toHaveLength(0);
  });

  it('counts the entry size as EventBridge does: 262,144 bytes pass, one more is refused', async () => {
    const { client, delivered } = await start();
    const source = 'billing';
    const detailType = 'Invoice Issued';
    const padTo = (bytes: number) => {
      // `{"t":"…"}` with a two-byte letter first, so UTF-8 bytes are counted, not characters.
      const overhead = Buffer.byteLength(source) + Buffer.byteLength(detailType) + '{"t":""}'.length + 2;
      return JSON.stringify({ t: `é${'x'.repeat(bytes - overhead)}` });
    };
    const entry = (bytes: number, extra: object = {}) => ({
      Source: source,
      DetailType: detailType,
      Detail: padTo(bytes),
      EventBusName: 'stille',
      ...extra,
    });
    const atLimit = await client.send(new PutEventsCommand({ Entries: [entry(262_144)] }));
    expect(atLimit.FailedEntryCount).toBe(0);
    await expect(client.send(new PutEventsCommand({ Entries: [entry(262_145)] }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
    // A given Time counts 14 bytes, each resource its UTF-8 bytes.
    await expect(
      client.send(new PutEventsCommand({ Entries: [entry(262_144 - 13, { Time: NOW })] })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      client.send(new PutEventsCommand({ Entries: [entry(262_144 - 2, { Resources: ['arn'] })] })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    expect(delivered).toHaveLength(0);
  });

  it('answers an empty Detail as a missing one, as EventBridge does', async () => {
    const { client } = await start();
    const answer = await client.send(
      new PutEventsCommand({
        Entries: [{ Source: 's', DetailType: 'Stille Alert', Detail: '', EventBusName: 'stille' }],
      }),
    );
    expect(answer.Entries?.[0]).toMatchObject({
      ErrorCode: 'InvalidArgument',
      ErrorMessage: 'Parameter Detail is not valid. Reason: Detail is a required argument.',
    });
  });

  it('answers any other operation with UnknownOperationException', async () => {
    const { service } = await start();
    const response = await fetch(service.endpoint, {
      method: 'POST',
      headers: { 'X-Amz-Target': 'AWSEvents.PutRule', 'Content-Type': 'application/x-amz-json-1.1' },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: 'UnknownOperationException' });
  });
});
