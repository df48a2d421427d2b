import { describe, expect, it } from 'vitest';
import { InvalidEventError } from '#domain/errors.ts';
import { storedPriceChangeId } from '#handlers/common/price-change.ts';
import { parseBatch, tallyKey } from '#handlers/notify-price-change-batch.ts';

const recipient = {
  customerId: 'c-1',
  productId: 'p-1',
  kind: 'electricity',
  tariffId: 'var-no1',
  contract: 'open-ended',
};

describe('the price-change batch envelope', () => {
  it('accepts the batch the Distributed Map builds', () => {
    const batch = {
      Items: [recipient],
      BatchInput: { priceChangeId: 'pc-1', talliesPrefix: 'price-changes/pc-1/evt-1/tallies/' },
    };
    expect(parseBatch(batch)).toBe(batch);
    expect(tallyKey(batch)).toMatch(/^price-changes\/pc-1\/evt-1\/tallies\/[0-9a-f]{32}\.json$/);
  });

  it('names every malformed field instead of notifying half a batch', () => {
    let caught: unknown;
    try {
      parseBatch({ Items: [{ ...recipient, kind: 'gas', customerId: '' }], BatchInput: {} });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidEventError);
    expect((caught as InvalidEventError).errors.map((e) => e.path)).toEqual([
      'BatchInput.priceChangeId',
      'BatchInput.talliesPrefix',
      'Items[0].customerId',
      'Items[0].kind',
    ]);
  });

  it('refuses a batch larger than the workflow sends', () => {
    expect(() =>
      parseBatch({
        Items: Array.from({ length: 501 }, () => recipient),
        BatchInput: { priceChangeId: 'pc-1' },
      }),
    ).toThrow(/at most 500 items/);
  });
});

describe('the stored price change', () => {
  it('is the key ValidateAndStore returned', () => {
    expect(storedPriceChangeId({ stored: { detailType: 'Price Change Announced', key: 'pc-1' } })).toBe(
      'pc-1',
    );
  });

  it('is a wiring error when the state holds something else', () => {
    expect(() => storedPriceChangeId({ stored: { detailType: 'Invoice Issued', key: 'inv-1' } })).toThrow(
      TypeError,
    );
    expect(() => storedPriceChangeId({})).toThrow(TypeError);
  });
});
