/**
 * The envelope a Distributed Map's ItemBatcher hands a batch Lambda: `{ Items: [...], BatchInput: {...} }`.
 * Shared by the batch handlers' parsers; each checks its own items and batch input. Not a Lambda entry.
 */
import type { FieldError } from '#domain/errors.ts';

/** The envelope's parts, and what is wrong with its items. */
export interface BatchEnvelope {
  /** The whole input as an object (empty when it was not one). */
  value: Partial<Record<string, unknown>>;
  /** `BatchInput` as an object (empty when absent). */
  batchInput: Partial<Record<string, unknown>>;
  /** `Items` not an array, more than `maxItems`, or what `checkItem` found, in that order. */
  itemErrors: FieldError[];
}

/**
 * Reads the envelope: `Items` must be an array of at most `maxItems` (`itemsPhrase` says of what);
 * `checkItem` adds the errors of one item, by position.
 */
export function readBatchEnvelope(
  input: unknown,
  options: {
    maxItems: number;
    itemsPhrase: string;
    checkItem: (item: unknown, position: number, errors: FieldError[]) => void;
  },
): BatchEnvelope {
  const value = (typeof input === 'object' && input !== null ? input : {}) as Partial<
    Record<string, unknown>
  >;
  const batchInput = (
    typeof value.BatchInput === 'object' && value.BatchInput !== null ? value.BatchInput : {}
  ) as Partial<Record<string, unknown>>;
  const itemErrors: FieldError[] = [];
  const items = value.Items;
  if (!Array.isArray(items)) {
    itemErrors.push({ path: 'Items', message: `expected an array of ${options.itemsPhrase}` });
  } else {
    if (items.length > options.maxItems) {
      itemErrors.push({
        path: 'Items',
        message: `at most ${options.maxItems} items per batch, got ${items.length}`,
      });
    }
    items.forEach((item: unknown, position) => {
      options.checkItem(item, position, itemErrors);
    });
  }
  return { value, batchInput, itemErrors };
}
