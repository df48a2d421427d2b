import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Repositories } from '#adapters/dynamo/index.ts';
import { createHandler } from '#handlers/report-price-change-notices.ts';
import { testDeps } from '../../helpers/deps.ts';
import { priceChangeAnnounced } from '../../helpers/events.ts';

const s3 = mockClient(S3Client);
afterEach(() => s3.reset());

const input = (batches: number) => ({
  stored: { detailType: 'Price Change Announced', key: 'pc-2027-02-var-no1' },
  prepared: { talliesPrefix: 'price-changes/pc-2027-02-var-no1/evt-1/tallies/' },
  notified: { batches },
});
/** A GetObject body as the SDK gives it: only `transformToString` is read. */
const body = (value: unknown) => ({ transformToString: async () => JSON.stringify(value) }) as never;

function handlerWith(alerts: unknown[]) {
  const repositories = {
    priceChanges: {
      get: async () => priceChangeAnnounced({ effectiveDate: '2027-02-01' }),
      put: async () => {},
    },
  };
  const publisher = {
    publish: async () => 'evt',
    requestMessage: async () => 'evt',
    requestMessages: async () => {},
    alert: async (alert: unknown) => {
      alerts.push(alert);
      return 'evt';
    },
  };
  // Only the price-change repository is read by this handler.
  return createHandler(testDeps(), repositories as unknown as Repositories, publisher);
}

describe('ReportPriceChangeNotices', () => {
  it('adds up the tallies in the runs bucket and alerts once when dates moved', async () => {
    s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: 'a.json' }, { Key: 'b.json' }] });
    s3.on(GetObjectCommand, { Key: 'a.json' }).resolves({
      Body: body({ notified: 100, skipped: 1, moved: { '2027-03-11': 40 } }),
    });
    s3.on(GetObjectCommand, { Key: 'b.json' }).resolves({
      Body: body({ notified: 50, skipped: 0, moved: { '2027-03-11': 2, '2027-03-12': 1 } }),
    });
    const alerts: unknown[] = [];
    const report = await handlerWith(alerts)(input(2));
    expect(report).toMatchObject({ notified: 150, skipped: 1, movedCustomers: 43, alerted: true });
    expect(alerts).toEqual([
      expect.objectContaining({
        kind: 'late-price-notice',
        customers: 43,
        dates: [
          { effectiveDate: '2027-03-11', customers: 42 },
          { effectiveDate: '2027-03-12', customers: 1 },
        ],
      }),
    ]);
  });

  it('refuses to report, and alerts nobody, when a batch left no tally', async () => {
    s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: 'a.json' }] });
    s3.on(GetObjectCommand).resolves({ Body: body({ notified: 100, skipped: 0, moved: {} }) });
    const alerts: unknown[] = [];
    await expect(handlerWith(alerts)(input(2))).rejects.toThrow(/Expected 2 tallies/);
    expect(alerts).toEqual([]);
  });
});
