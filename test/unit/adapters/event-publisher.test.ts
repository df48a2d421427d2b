import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { chunksOf, createEventPublisher, PUT_EVENTS_MAX_BYTES } from '#adapters/event-publisher.ts';
import type { MessageRequest } from '#domain/contracts/index.ts';
import { TransientError } from '#domain/errors.ts';

const ebMock = mockClient(EventBridgeClient);
const publisher = createEventPublisher(new EventBridgeClient({ region: 'eu-north-1' }), () => 'stille');

const request = (i: number, padding = ''): MessageRequest =>
  ({
    kind: 'price-change-notice',
    customerId: `c-${i}`,
    trigger: { detailType: 'Price Change Announced', id: 'pc-1' },
    facts: { padding },
  }) as unknown as MessageRequest;

const sentEntries = () =>
  ebMock.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries ?? []);

beforeEach(() => {
  ebMock.reset();
});

describe('requestMessages', () => {
  it('puts ten Message Requested a PutEvents call, in order, on the stille bus', async () => {
    ebMock.on(PutEventsCommand).callsFake(({ Entries }) => ({
      FailedEntryCount: 0,
      Entries: Entries.map((_: unknown, i: number) => ({ EventId: `e-${i}` })),
    }));

    await publisher.requestMessages(Array.from({ length: 23 }, (_, i) => request(i)));

    const calls = sentEntries();
    expect(calls.map((entries) => entries.length)).toEqual([10, 10, 3]);
    const flat = calls.flat();
    expect(flat.map((entry) => JSON.parse(entry.Detail ?? '{}').customerId)).toEqual(
      Array.from({ length: 23 }, (_, i) => `c-${i}`),
    );
    expect(new Set(flat.map((entry) => `${entry.EventBusName} ${entry.Source} ${entry.DetailType}`))).toEqual(
      new Set(['stille stille Message Requested']),
    );
  });

  it('makes no call for no requests', async () => {
    await publisher.requestMessages([]);
    expect(sentEntries()).toHaveLength(0);
  });

  it('sends again only the entries the bus refused', async () => {
    ebMock
      .on(PutEventsCommand)
      .resolvesOnce({
        FailedEntryCount: 2,
        Entries: [
          { EventId: 'e-0' },
          { ErrorCode: 'ThrottlingException', ErrorMessage: 'slow down' },
          { EventId: 'e-2' },
          { ErrorCode: 'InternalFailure', ErrorMessage: 'oops' },
        ],
      })
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }, { EventId: 'e-3' }] });

    await publisher.requestMessages([0, 1, 2, 3].map((i) => request(i)));

    const [first, second] = sentEntries();
    expect(first).toHaveLength(4);
    expect(second?.map((entry) => JSON.parse(entry.Detail ?? '{}').customerId)).toEqual(['c-1', 'c-3']);
  });

  it('fails as a TransientError, naming the refusal, when entries stay refused', async () => {
    ebMock.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'ThrottlingException', ErrorMessage: 'slow down' }],
    });

    const error = await publisher.requestMessages([request(0)]).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).message).toMatch(/refused 1 of 1 entries: ThrottlingException slow down/);
    expect(sentEntries()).toHaveLength(3);
  });

  it('fails as a TransientError when the call itself fails', async () => {
    ebMock.on(PutEventsCommand).rejects(new Error('socket hang up'));
    await expect(publisher.requestMessages([request(0)])).rejects.toBeInstanceOf(TransientError);
  });
});

describe('chunksOf', () => {
  const entry = (bytes: number) => ({
    EventBusName: 'stille',
    Source: 'stille',
    DetailType: 'Message Requested',
    Detail: 'x'.repeat(bytes),
  });

  it('starts a new call before 256 KB would be exceeded, and sends an oversized entry alone', () => {
    const big = PUT_EVENTS_MAX_BYTES / 3;
    const chunks = chunksOf([entry(big), entry(big), entry(big), entry(10), entry(PUT_EVENTS_MAX_BYTES)]);
    expect(chunks.map((chunk) => chunk.length)).toEqual([2, 2, 1]);
  });
});
