import { PutObjectCommand } from '@aws-sdk/client-s3';
import { dynamoDocumentClient } from '#adapters/clients/dynamodb.ts';
import { s3Client } from '#adapters/clients/s3.ts';
import type { DepsWith } from '#adapters/deps.ts';
import { type Repositories, repositoriesFrom } from '#adapters/dynamo/index.ts';
import { RECIPIENTS_PREFIX } from '#adapters/runs-bucket.ts';
import { TransientError } from '#domain/errors.ts';
import { changesPrice } from '#domain/price-changes/index.ts';
import { asEnvelope, eventIdOf } from './common/event-id.ts';
import { type Handler, lambdaEntry } from './common/lambda-entry.ts';
import { withMiddleware } from './common/middleware.ts';
import {
  loadPriceChange,
  type PreparedPriceChange,
  type PriceChangeRecipient,
  storedPriceChangeId,
} from './common/price-change.ts';

/** What the handler is given: its settings, clock, logger and clients. */
export type PreparePriceChangeNoticesDeps = DepsWith<'ddb' | 's3'>;

/**
 * `PrepareNotices` of the PriceChange workflow: finds every product on the changed tariff through the
 * Customers table's `byTariff` index (a query, never a scan), keeps the open-ended ones (fixed-term
 * contracts keep their price) and writes them as a JSON Lines file to the runs bucket, for the
 * Distributed Map to fan out in batches. Writing the same file again on a retry is harmless.
 */
export function createHandler(
  deps: PreparePriceChangeNoticesDeps,
  repositories: Repositories = repositoriesFrom(deps),
): Handler<unknown, PreparedPriceChange> {
  return withMiddleware(deps, async (input: unknown) => {
    const priceChangeId = storedPriceChangeId(input);
    const change = await loadPriceChange(repositories.priceChanges, priceChangeId);
    const lines: string[] = [];
    let fixedTerm = 0;
    // The same price again tells nobody anything: no recipients, so the workflow ends at NoOneAffected.
    const products = changesPrice(change) ? repositories.customers.customersOnTariff(change.tariffId) : [];
    for await (const product of products) {
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

/** The SDK clients this function uses: its bundle carries these and no others. */
export const clients = { ddb: dynamoDocumentClient, s3: s3Client };

export const handler = lambdaEntry(createHandler, clients);
