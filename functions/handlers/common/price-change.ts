/**
 * What the three price-change tasks share: how the workflow's state names the price change, and reading
 * the stored announcement, and what PrepareNotices hands the Distributed Map. Not a Lambda entry of its own.
 */

import type { PriceChangeRepository } from '#adapters/dynamo/index.ts';
import { DETAIL_TYPE } from '#domain/contracts/event-names.ts';
import type { PriceChangeAnnounced } from '#domain/contracts/index.ts';

/** The id of the price change ValidateAndStore stored (`$.stored.key`). */
export function storedPriceChangeId(input: unknown): string {
  const stored = (input as { stored?: { key?: unknown; detailType?: unknown } } | null)?.stored;
  if (
    stored?.detailType !== DETAIL_TYPE.priceChangeAnnounced ||
    typeof stored.key !== 'string' ||
    stored.key === ''
  ) {
    // The workflow passes what ValidateAndStore returned: anything else is a wiring bug, not bad input.
    throw new TypeError(
      'Expected $.stored = { detailType: "Price Change Announced", key } from ValidateAndStore',
    );
  }
  return stored.key;
}

/** Thrown when the announcement the workflow names is not in the PriceChanges table. */
export class PriceChangeNotFoundError extends Error {
  override readonly name = 'PriceChangeNotFoundError';
}

/** The stored announcement, or {@link PriceChangeNotFoundError}. */
export async function loadPriceChange(
  priceChanges: PriceChangeRepository,
  priceChangeId: string,
): Promise<PriceChangeAnnounced> {
  const change = await priceChanges.get(priceChangeId);
  if (!change) throw new PriceChangeNotFoundError(`Price change ${priceChangeId} is not stored`);
  return change;
}

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
