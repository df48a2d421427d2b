import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { Deps } from '../adapters/deps.ts';
import { type Repositories, repositoriesFrom } from '../adapters/dynamo/index.ts';
import { TransientError } from '../domain/errors.ts';
import { asEnvelope, eventIdOf } from './event-id.ts';
import { type Handler, lambdaEntry } from './lambda-entry.ts';
import { withMiddleware } from './middleware.ts';
import { loadPriceChange, storedPriceChangeId } from './price-change-common.ts';

/** One customer product on the tariff: a line of the recipients file, an item of the Distributed Map. */
export interface PriceChangeRecipient {
  customerId: string;
  productId: string;
  kind: string;
  tariffId: string;
  contract: string;
}

/** What the NotifyCustomers Distributed Map reads. */
export interface PreparedPriceChange {
  priceChangeId: string;
  /** Bucket and key of the JSON Lines file of recipients (the map's `ItemReader`). */
  bucket: string;
  key: string;
  /** Where the batches put their tallies (`<prefix><batch>.json`), beside the recipients file. */
  talliesPrefix: string;
  /** Open-ended products on the tariff: lines in the file. */
  recipients: number;
  /** Fixed-term products on the tariff, left untouched. */
  fixedTerm: number;
}

/** Where recipient files go in the runs bucket (the bucket's lifecycle expires them with the runs). */
export const RECIPIENTS_PREFIX = 'price-changes/';

/**
 * `PrepareNotices` of the PriceChange workflow: finds every product on the changed tariff through the
 * Customers table's `byTariff` index (a query, never a scan), keeps the open-ended ones (fixed-term
 * contracts keep their price) and writes them as a JSON Lines file to the runs bucket, for the
 * Distributed Map to fan out in batches. Writing the same file again on a retry is harmless.
 */
export function createHandler(
  deps: Deps,
  repositories: Repositories = repositoriesFrom(deps),
): Handler<unknown, PreparedPriceChange> {
  return withMiddleware(deps, async (input: unknown) => {
    const priceChangeId = storedPriceChangeId(input);
    const change = await loadPriceChange(repositories.priceChanges, priceChangeId);
    const lines: string[] = [];
    let fixedTerm = 0;
    for await (const product of repositories.customers.customersOnTariff(change.tariffId)) {
      if (product.contract !== 'open-ended') {
        fixedTerm += 1;
        continue;
      }
      const recipient: PriceChangeRecipient = {
        customerId: product.customerId,
        productId: product.productId,
        kind: product.kind,
        tariffId: product.tariffId,
        contract: product.contract,
      };
      lines.push(JSON.stringify(recipient));
    }
    const bucket = deps.runsBucket;
    // One folder per event, so a replayed announcement (a new event id) never reads a half-written file
    // nor another execution's tallies.
    const folder = `${RECIPIENTS_PREFIX}${encodeURIComponent(priceChangeId)}/${encodeURIComponent(eventIdOf(asEnvelope(input)))}/`;
    const key = `${folder}recipients.jsonl`;
    try {
      await deps.s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: lines.length === 0 ? '' : `${lines.join('\n')}\n`,
          ContentType: 'application/x-ndjson',
        }),
      );
    } catch (error) {
      throw new TransientError(`PutObject s3://${bucket}/${key} failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const prepared = {
      priceChangeId,
      bucket,
      key,
      talliesPrefix: `${folder}tallies/`,
      recipients: lines.length,
      fixedTerm,
    };
    deps.logger.info('Price-change recipients listed', { ...prepared, tariffId: change.tariffId });
    return prepared;
  });
}

export const handler = lambdaEntry(createHandler);
