import { DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  DynamoRejectionRepository,
  MAX_DETAIL_BYTES,
  type RejectionInput,
  truncateUtf8,
} from '#adapters/dynamo/index.ts';
import { TEST_TABLES, testDeps } from '../../helpers/deps.ts';

const ddbMock = mockClient(DynamoDBDocumentClient);
const table = TEST_TABLES.rejectionsTable;
const repository = new DynamoRejectionRepository(testDeps().ddb, table);

function rejection(overrides: Partial<RejectionInput> = {}): RejectionInput {
  return {
    rejectionId: 'evt-1',
    eventId: 'evt-1',
    detailType: 'Invoice Issued',
    source: 'events',
    errors: [{ path: 'amount', message: 'lines add up to 10.00 but amount is 12.00' }],
    receivedAt: '2027-01-05T08:00:00.000Z',
    detail: { invoiceId: 'inv-1', amount: 12 },
    ...overrides,
  };
}

beforeEach(() => {
  ddbMock.reset();
});

describe('RejectionRepository.record', () => {
  it('stores the detail as JSON with an expiry 90 days after receipt', async () => {
    ddbMock.on(PutCommand).resolves({});

    await repository.record(rejection({ source: 'file', location: 's3://b/runs/1.jsonl', line: 7 }));

    const input = ddbMock.commandCalls(PutCommand)[0]?.args[0].input;
    expect(input?.TableName).toBe(table);
    expect(input?.Item).toEqual({
      rejectionId: 'evt-1',
      eventId: 'evt-1',
      detailType: 'Invoice Issued',
      source: 'file',
      errors: [{ path: 'amount', message: 'lines add up to 10.00 but amount is 12.00' }],
      receivedAt: '2027-01-05T08:00:00.000Z',
      location: 's3://b/runs/1.jsonl',
      line: 7,
      detail: '{"invoiceId":"inv-1","amount":12}',
      detailTruncated: false,
      expiresAt: Date.parse('2027-04-05T08:00:00Z') / 1000,
    });
  });

  it('omits location and line for a single event', async () => {
    ddbMock.on(PutCommand).resolves({});

    await repository.record(rejection());

    const item = ddbMock.commandCalls(PutCommand)[0]?.args[0].input.Item ?? {};
    expect('location' in item).toBe(false);
    expect('line' in item).toBe(false);
  });

  it('cuts a huge detail to 16 KB on a character boundary', async () => {
    ddbMock.on(PutCommand).resolves({});
    const detail = { comment: 'ø'.repeat(20_000) };

    const record = await repository.record(rejection({ detail }));

    expect(Buffer.byteLength(record.detail, 'utf8')).toBeLessThanOrEqual(MAX_DETAIL_BYTES);
    expect(Buffer.byteLength(record.detail, 'utf8')).toBeGreaterThan(MAX_DETAIL_BYTES - 4);
    expect(record.detail.startsWith('{"comment":"øø')).toBe(true);
    expect(record.detail).not.toContain('\uFFFD');
    expect(record.detailTruncated).toBe(true);
  });

  it('bounds the number and length of recorded errors', async () => {
    ddbMock.on(PutCommand).resolves({});
    const errors = Array.from({ length: 300 }, (_, i) => ({
      path: `lines[${i}]`,
      message: 'x'.repeat(5000),
    }));

    const record = await repository.record(rejection({ errors }));

    expect(record.errors).toHaveLength(100);
    expect(record.errors.every((error) => error.message.length <= 1000)).toBe(true);
  });
});

describe('truncateUtf8', () => {
  it('keeps short text and never splits a multi-byte character', () => {
    expect(truncateUtf8('abc', 3)).toBe('abc');
    expect(truncateUtf8('aø', 2)).toBe('a');
    expect(truncateUtf8('a😀b', 4)).toBe('a');
    expect(truncateUtf8('a😀b', 5)).toBe('a😀');
  });
});

describe('RejectionRepository.list', () => {
  it('scans every page and sorts by receipt, event and line', async () => {
    const stored = (rejectionId: string, receivedAt: string, line?: number) => ({
      ...rejection({ rejectionId, receivedAt, eventId: 'run-1' }),
      ...(line === undefined ? {} : { line }),
      detail: '{}',
      detailTruncated: false,
      expiresAt: 1,
    });
    ddbMock
      .on(ScanCommand)
      .resolvesOnce({
        Items: [
          stored('run-1#line-10', '2027-01-05T08:00:00.000Z', 10),
          stored('late', '2027-01-06T08:00:00.000Z'),
        ],
        LastEvaluatedKey: { rejectionId: 'late' },
      })
      .resolvesOnce({ Items: [stored('run-1#line-2', '2027-01-05T08:00:00.000Z', 2)] });

    const records = await repository.list();

    expect(records.map((record) => record.rejectionId)).toEqual(['run-1#line-2', 'run-1#line-10', 'late']);
    expect(ddbMock.commandCalls(ScanCommand)[1]?.args[0].input.ExclusiveStartKey).toEqual({
      rejectionId: 'late',
    });
  });
});
