import { describe, expect, it } from 'vitest';
import {
  hasAtMostDecimals,
  jsonBoundsError,
  jsonTextDepth,
  MAX_JSON_DEPTH,
  parseJsonKeepingNumbers,
  UnrepresentableNumber,
  validateEvent,
  validateMessageRequest,
} from '#domain/contracts/index.ts';
import { customerUpserted, invoiceIssued } from './fixtures.ts';

/** `{ nested: { nested: … { leaf: 1 } } }`, `levels` objects deep. */
function nestedObject(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: 1 };
  for (let i = 1; i < levels; i++) value = { nested: value };
  return value;
}

describe('the bounds every door checks first', () => {
  it('refuses an event nested 5,000 levels deep with a field error, without overflowing the stack', () => {
    const detail = { ...customerUpserted(), extra: nestedObject(5_000) };
    const result = validateEvent('Customer Upserted', detail);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]?.path).toBe('detail');
      expect(result.errors[0]?.message).toMatch(/^must nest objects and arrays at most 32 levels deep/);
    }
  });

  it('takes 32 levels and refuses 33', () => {
    expect(jsonBoundsError(nestedObject(MAX_JSON_DEPTH))).toBeUndefined();
    expect(jsonBoundsError(nestedObject(MAX_JSON_DEPTH + 1))?.message).toContain('32 levels');
    const arrays = JSON.parse(`${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`);
    expect(jsonBoundsError(arrays)?.path).toBe('detail');
  });

  it('refuses a detail larger than EventBridge takes', () => {
    const detail = { ...customerUpserted(), padding: 'x'.repeat(300 * 1024) };
    const result = validateEvent('Customer Upserted', detail);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.message).toMatch(/^must be at most 262144 bytes as JSON, got 3/);
  });

  it('refuses numbers DynamoDB cannot store, at their path, saying what was sent', () => {
    const tiny = validateEvent('Invoice Issued', { ...invoiceIssued(), amount: 1e-131 });
    expect(tiny).toEqual({
      ok: false,
      errors: [
        {
          path: 'amount',
          message: 'must be zero or between 1e-130 and 1e126 in size (what DynamoDB stores), got 1e-131',
        },
      ],
    });
    const lines = invoiceIssued().lines as Array<Record<string, unknown>>;
    const huge = validateEvent('Invoice Issued', {
      ...invoiceIssued(),
      lines: lines.map((line, i) => (i === 1 ? { ...line, quantity: Number.POSITIVE_INFINITY } : line)),
    });
    expect(huge.ok).toBe(false);
    if (!huge.ok) {
      expect(huge.errors).toEqual([
        {
          path: 'lines[1].quantity',
          message: 'must be a finite number, got Infinity (a number too large for JSON and DynamoDB)',
        },
      ]);
    }
  });

  it('names 1e309 and 1e-400 as they were written, not as null or 0', () => {
    const parsed = parseJsonKeepingNumbers('{"a":1e309,"b":1e-400,"c":0.0,"d":0e5,"e":12.5}') as Record<
      string,
      unknown
    >;
    expect(parsed.a).toBeInstanceOf(UnrepresentableNumber);
    expect((parsed.a as UnrepresentableNumber).source).toBe('1e309');
    expect((parsed.b as UnrepresentableNumber).source).toBe('1e-400');
    expect([parsed.c, parsed.d, parsed.e]).toEqual([0, 0, 12.5]);
    const detail = parseJsonKeepingNumbers(
      JSON.stringify({ ...invoiceIssued(), amount: 0 }).replace('"amount":0', '"amount":1e309'),
    );
    const result = validateEvent('Invoice Issued', detail);
    expect(result).toEqual({
      ok: false,
      errors: [{ path: 'amount', message: 'must be a number JSON and DynamoDB can carry, got 1e309' }],
    });
  });

  it('bounds a message request the same way before measuring its facts', () => {
    const request = {
      kind: 'invoice-explanation',
      customerId: 'c-1',
      trigger: { detailType: 'Invoice Issued', id: 'inv-1' },
      facts: nestedObject(10_000),
    };
    const result = validateMessageRequest(request, new Date('2027-01-05T08:00:00Z'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.message).toContain('32 levels');
  });

  it('reads how deep a JSON text nests without parsing it, strings and escapes skipped', () => {
    expect(jsonTextDepth('{"a":[1,{"b":"[[[{{{"}]}')).toBe(3);
    expect(jsonTextDepth('{"a":"\\"[[["}')).toBe(1);
    expect(jsonTextDepth('[[[[[[]]]]]]', 4)).toBe(4);
    expect(jsonTextDepth('12')).toBe(0);
  });
});

describe('money as people and DynamoDB store it', () => {
  const withAmount = (amount: number) => {
    const invoice = invoiceIssued() as Record<string, unknown> & { lines: Array<Record<string, unknown>> };
    const delta = amount - (invoice.amount as number);
    const lines = invoice.lines.map((line, i) =>
      i === 0 ? { ...line, amount: Math.round(((line.amount as number) + delta) * 1000) / 1000 } : line,
    );
    return validateEvent('Invoice Issued', { ...invoice, amount, lines });
  };

  it('takes amounts with two decimals, and float noise of a decimal amount', () => {
    expect(withAmount(1240.5).ok).toBe(true);
    expect(withAmount(1240.57).ok).toBe(true);
    expect(hasAtMostDecimals(0.1 + 0.2, 2)).toBe(true);
    expect(hasAtMostDecimals(0.004, 2)).toBe(false);
    expect(hasAtMostDecimals(1e-131, 6)).toBe(false);
    expect(hasAtMostDecimals(999_999_999.99, 2)).toBe(true);
  });

  it('refuses an amount with more than two decimals at its path', () => {
    const result = withAmount(1240.575);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toContainEqual({
        path: 'amount',
        message: 'must be an amount of money with at most 2 decimals, got 1240.575',
      });
    }
  });

  it('shows a line-sum error with the decimals that make its gap visible', () => {
    const lines = [
      { kind: 'energy', description: 'Strøm', amount: 10.0049 },
      { kind: 'grid', description: 'Nettleie', amount: 10.01 },
    ];
    const result = validateEvent('Invoice Issued', { ...invoiceIssued(), lines, amount: 20.004 });
    expect(result.ok).toBe(false);
    // At two decimals, 20.01 against 20.00 would look like the 0.01 that is allowed.
    if (!result.ok) {
      expect(result.errors).toContainEqual({
        path: 'amount',
        message: 'lines add up to 20.015 but amount is 20.004',
      });
    }
  });

  it('takes unit prices with up to six decimals and refuses more', () => {
    const lines = invoiceIssued().lines as Array<Record<string, unknown>>;
    const at = lines.findIndex((line) => line.unitPrice !== undefined);
    expect(at).toBeGreaterThanOrEqual(0);
    const priced = (unitPrice: number) =>
      validateEvent('Invoice Issued', {
        ...invoiceIssued(),
        lines: lines.map((line, i) => (i === at ? { ...line, unitPrice } : line)),
      });
    expect(priced(1.234567).ok).toBe(true);
    const refused = priced(1.2345678);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.errors).toEqual([
        { path: `lines[${at}].unitPrice`, message: 'must be a price with at most 6 decimals, got 1.2345678' },
      ]);
    }
  });
});
