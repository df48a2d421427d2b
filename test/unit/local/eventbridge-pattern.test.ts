import { describe, expect, it } from 'vitest';
import {
  assertSupportedPattern,
  compileEventPattern,
  matchesEventPattern,
  UnsupportedPatternError,
} from '#local/eventbridge/pattern.ts';

/** An event as EventBridge delivers it to a rule, with the fields the tests vary. */
function busEvent(detailType: string, detail: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': detailType,
    source: 'billing.system',
    account: '000000000000',
    time: '2027-01-15T08:30:00Z',
    region: 'eu-north-1',
    resources: ['arn:aws:billing:eu-north-1:000000000000:run/2027-01'],
    detail,
    ...extra,
  };
}

const invoiceIssued = busEvent('Invoice Issued', {
  customerId: 'C-1001',
  amount: 1249.5,
  currency: 'NOK',
  market: 'no',
  channel: 'email',
  fileName: 'invoice-2027-01.PDF',
  sourceIp: '10.0.0.33',
  tags: ['residential', 'heat-pump'],
  lines: [
    { kind: 'energy', amount: 900 },
    { kind: 'grid', amount: 349.5 },
  ],
  previousAmount: null,
  meter: { id: 'M-77', smart: true },
});

describe('matchesEventPattern: detail-type routing as the stille rules use it', () => {
  it('matches an event whose detail-type is listed', () => {
    expect(matchesEventPattern({ 'detail-type': ['Invoice Issued'] }, invoiceIssued)).toBe(true);
  });

  it('does not match an event with another detail-type', () => {
    const priceChanged = busEvent('Price Changed', { customerId: 'C-1001' });
    expect(matchesEventPattern({ 'detail-type': ['Invoice Issued'] }, priceChanged)).toBe(false);
  });

  it('compares detail-type case-sensitively', () => {
    expect(matchesEventPattern({ 'detail-type': ['invoice issued'] }, invoiceIssued)).toBe(false);
  });

  it('routes any detail-type except the listed ones to a catch-all rule', () => {
    const catchAll = { 'detail-type': [{ 'anything-but': ['A', 'B'] }] };
    expect(matchesEventPattern(catchAll, busEvent('A', {}))).toBe(false);
    expect(matchesEventPattern(catchAll, busEvent('B', {}))).toBe(false);
    expect(matchesEventPattern(catchAll, busEvent('Invoice Issued', {}))).toBe(true);
  });

  it('requires every field of the pattern to match (AND across fields)', () => {
    const pattern = { source: ['billing.system'], 'detail-type': ['Invoice Issued'] };
    expect(matchesEventPattern(pattern, invoiceIssued)).toBe(true);
    expect(matchesEventPattern(pattern, { ...invoiceIssued, source: 'crm' })).toBe(false);
  });
});

describe('matchesEventPattern: exact values', () => {
  it('matches when the value is one of several listed values (OR within a field)', () => {
    expect(matchesEventPattern({ detail: { market: ['se', 'no', 'gb'] } }, invoiceIssued)).toBe(true);
    expect(matchesEventPattern({ detail: { market: ['se', 'gb'] } }, invoiceIssued)).toBe(false);
  });

  it('compares numbers by value, so 5 matches 5.0', () => {
    expect(matchesEventPattern({ detail: { count: [5] } }, JSON.parse('{"detail":{"count":5.0}}'))).toBe(
      true,
    );
    expect(matchesEventPattern({ detail: { amount: [1249.5] } }, invoiceIssued)).toBe(true);
  });

  it('does not match a number against the same digits as a string', () => {
    expect(matchesEventPattern({ detail: { count: ['5'] } }, { detail: { count: 5 } })).toBe(false);
    expect(matchesEventPattern({ detail: { count: [5] } }, { detail: { count: '5' } })).toBe(false);
  });

  it('matches booleans and null exactly', () => {
    expect(matchesEventPattern({ detail: { meter: { smart: [true] } } }, invoiceIssued)).toBe(true);
    expect(matchesEventPattern({ detail: { meter: { smart: [false] } } }, invoiceIssued)).toBe(false);
    expect(matchesEventPattern({ detail: { previousAmount: [null] } }, invoiceIssued)).toBe(true);
    expect(matchesEventPattern({ detail: { customerId: [null] } }, invoiceIssued)).toBe(false);
  });

  it('matches an empty string only against an empty string', () => {
    expect(matchesEventPattern({ note: [''] }, { note: '' })).toBe(true);
    expect(matchesEventPattern({ note: [''] }, { note: 'x' })).toBe(false);
  });

  it('does not match a field that is absent from the event', () => {
    expect(matchesEventPattern({ detail: { segment: ['residential'] } }, invoiceIssued)).toBe(false);
    expect(matchesEventPattern({ detail: { previousAmount: [null] } }, busEvent('Invoice Issued', {}))).toBe(
      false,
    );
  });

  it('never matches a field whose list of conditions is empty', () => {
    expect(matchesEventPattern({ source: [] }, invoiceIssued)).toBe(false);
  });
});

describe('matchesEventPattern: arrays and nested objects', () => {
  it('matches an array in the event when any element matches', () => {
    expect(matchesEventPattern({ detail: { tags: ['heat-pump'] } }, invoiceIssued)).toBe(true);
    expect(matchesEventPattern({ detail: { tags: ['business'] } }, invoiceIssued)).toBe(false);
    expect(matchesEventPattern({ resources: [{ prefix: 'arn:aws:billing:' }] }, invoiceIssued)).toBe(true);
  });

  it('recurses into nested objects', () => {
    expect(matchesEventPattern({ detail: { meter: { id: ['M-77'] } } }, invoiceIssued)).toBe(true);
    expect(matchesEventPattern({ detail: { meter: { id: ['M-78'] } } }, invoiceIssued)).toBe(false);
  });

  it('matches a nested pattern against objects inside an event array', () => {
    expect(matchesEventPattern({ detail: { lines: { kind: ['grid'] } } }, invoiceIssued)).toBe(true);
    expect(matchesEventPattern({ detail: { lines: { kind: ['tax'] } } }, invoiceIssued)).toBe(false);
  });

  it('requires the fields of a nested pattern to match within the same array element', () => {
    const sameLine = { detail: { lines: { kind: ['grid'], amount: [349.5] } } };
    const acrossLines = { detail: { lines: { kind: ['grid'], amount: [900] } } };
    expect(matchesEventPattern(sameLine, invoiceIssued)).toBe(true);
    expect(matchesEventPattern(acrossLines, invoiceIssued)).toBe(false);
  });

  it('does not match a nested pattern against a scalar value', () => {
    expect(matchesEventPattern({ detail: { customerId: { id: ['C-1001'] } } }, invoiceIssued)).toBe(false);
  });

  it('does not match events that are not JSON objects', () => {
    expect(matchesEventPattern({ source: [{ exists: false }] }, 'Invoice Issued')).toBe(false);
    expect(matchesEventPattern({ source: [{ exists: false }] }, null)).toBe(false);
  });
});

describe('matchesEventPattern: string operators', () => {
  it('matches a prefix, on strings only', () => {
    expect(matchesEventPattern({ time: [{ prefix: '2027-01-15' }] }, invoiceIssued)).toBe(true);
    expect(matchesEventPattern({ time: [{ prefix: '2027-02' }] }, invoiceIssued)).toBe(false);
    expect(matchesEventPattern({ n: [{ prefix: '12' }] }, { n: 123 })).toBe(false);
  });

  it('matches a prefix ignoring case', () => {
    const pattern = { source: [{ prefix: { 'equals-ignore-case': 'BILLING.' } }] };
    expect(matchesEventPattern(pattern, invoiceIssued)).toBe(true);
    expect(matchesEventPattern(pattern, { source: 'crm.billing' })).toBe(false);
  });

  it('matches a suffix, case-sensitively unless asked otherwise', () => {
    expect(matchesEventPattern({ detail: { fileName: [{ suffix: '.PDF' }] } }, invoiceIssued)).toBe(true);
    expect(matchesEventPattern({ detail: { fileName: [{ suffix: '.pdf' }] } }, invoiceIssued)).toBe(false);
    expect(
      matchesEventPattern(
        { detail: { fileName: [{ suffix: { 'equals-ignore-case': '.pdf' } }] } },
        invoiceIssued,
      ),
    ).toBe(true);
  });

  it('matches equals-ignore-case against any casing of the whole value', () => {
    expect(
      matchesEventPattern({ detail: { currency: [{ 'equals-ignore-case': 'nok' }] } }, invoiceIssued),
    ).toBe(true);
    expect(
      matchesEventPattern({ detail: { currency: [{ 'equals-ignore-case': 'no' }] } }, invoiceIssued),
    ).toBe(false);
  });

  it('matches wildcards anywhere in the value', () => {
    expect(
      matchesEventPattern({ detail: { fileName: [{ wildcard: 'invoice-*.PDF' }] } }, invoiceIssued),
    ).toBe(true);
    expect(matchesEventPattern({ detail: { fileName: [{ wildcard: '*2027*' }] } }, invoiceIssued)).toBe(true);
    expect(
      matchesEventPattern({ detail: { fileName: [{ wildcard: 'invoice-*.pdf' }] } }, invoiceIssued),
    ).toBe(false);
  });

  it('treats an escaped asterisk in a wildcard as a literal asterisk and other characters literally', () => {
    expect(matchesEventPattern({ name: [{ wildcard: 'a\\*b' }] }, { name: 'a*b' })).toBe(true);
    expect(matchesEventPattern({ name: [{ wildcard: 'a\\*b' }] }, { name: 'axxb' })).toBe(false);
    expect(matchesEventPattern({ name: [{ wildcard: 'a.c' }] }, { name: 'abc' })).toBe(false);
    expect(matchesEventPattern({ name: [{ wildcard: 'a\\\\*' }] }, { name: 'a\\tail' })).toBe(true);
  });
});

describe('matchesEventPattern: anything-but', () => {
  it('matches any value except a single string', () => {
    expect(matchesEventPattern({ detail: { channel: [{ 'anything-but': 'sms' }] } }, invoiceIssued)).toBe(
      true,
    );
    expect(matchesEventPattern({ detail: { channel: [{ 'anything-but': 'email' }] } }, invoiceIssued)).toBe(
      false,
    );
  });

  it('matches any value except the listed numbers', () => {
    const pattern = { detail: { amount: [{ 'anything-but': [100, 1249.5] }] } };
    expect(matchesEventPattern(pattern, invoiceIssued)).toBe(false);
    expect(matchesEventPattern(pattern, { detail: { amount: 99 } })).toBe(true);
  });

  it('does not match an absent field', () => {
    expect(
      matchesEventPattern({ detail: { segment: [{ 'anything-but': 'business' }] } }, invoiceIssued),
    ).toBe(false);
  });

  it('excludes a prefix, a suffix, a casing and a wildcard', () => {
    const notBilling = { source: [{ 'anything-but': { prefix: 'billing.' } }] };
    expect(matchesEventPattern(notBilling, invoiceIssued)).toBe(false);
    expect(matchesEventPattern(notBilling, { source: 'crm.system' })).toBe(true);

    const notPdf = { f: [{ 'anything-but': { suffix: '.pdf' } }] };
    expect(matchesEventPattern(notPdf, { f: 'a.pdf' })).toBe(false);
    expect(matchesEventPattern(notPdf, { f: 'a.png' })).toBe(true);

    const notInitializing = {
      state: [{ 'anything-but': { 'equals-ignore-case': ['initializing', 'stopped'] } }],
    };
    expect(matchesEventPattern(notInitializing, { state: 'INITIALIZING' })).toBe(false);
    expect(matchesEventPattern(notInitializing, { state: 'running' })).toBe(true);

    const notInLib = { path: [{ 'anything-but': { wildcard: '*/lib/*' } }] };
    expect(matchesEventPattern(notInLib, { path: '/usr/lib/x.so' })).toBe(false);
    expect(matchesEventPattern(notInLib, { path: '/usr/bin/x' })).toBe(true);
  });

  it('matches an event array when any element is not excluded', () => {
    const pattern = { tags: [{ 'anything-but': 'residential' }] };
    expect(matchesEventPattern(pattern, { tags: ['residential', 'heat-pump'] })).toBe(true);
    expect(matchesEventPattern(pattern, { tags: ['residential'] })).toBe(false);
  });
});

describe('matchesEventPattern: numeric', () => {
  it('matches a value inside an open-closed range', () => {
    const pattern = { count: [{ numeric: ['>', 0, '<=', 5] }] };
    expect(matchesEventPattern(pattern, { count: 5 })).toBe(true);
    expect(matchesEventPattern(pattern, { count: 0.5 })).toBe(true);
    expect(matchesEventPattern(pattern, { count: 0 })).toBe(false);
    expect(matchesEventPattern(pattern, { count: 5.01 })).toBe(false);
  });

  it('matches a single bound and numeric equality', () => {
    expect(matchesEventPattern({ detail: { amount: [{ numeric: ['>=', 1000] }] } }, invoiceIssued)).toBe(
      true,
    );
    expect(matchesEventPattern({ detail: { amount: [{ numeric: ['<', 1000] }] } }, invoiceIssued)).toBe(
      false,
    );
    expect(matchesEventPattern({ x: [{ numeric: ['=', 3.018e2] }] }, { x: 301.8 })).toBe(true);
    expect(matchesEventPattern({ x: [{ numeric: ['=', 301] }] }, { x: 301.8 })).toBe(false);
  });

  it('only matches JSON numbers, not numeric strings', () => {
    expect(matchesEventPattern({ x: [{ numeric: ['>', 0] }] }, { x: '7' })).toBe(false);
  });
});

describe('matchesEventPattern: exists', () => {
  it('matches a present field with exists: true and an absent one with exists: false', () => {
    expect(matchesEventPattern({ detail: { customerId: [{ exists: true }] } }, invoiceIssued)).toBe(true);
    expect(matchesEventPattern({ detail: { customerId: [{ exists: false }] } }, invoiceIssued)).toBe(false);
    expect(matchesEventPattern({ detail: { segment: [{ exists: false }] } }, invoiceIssued)).toBe(true);
    expect(matchesEventPattern({ detail: { segment: [{ exists: true }] } }, invoiceIssued)).toBe(false);
  });

  it('counts a null value as present', () => {
    expect(matchesEventPattern({ detail: { previousAmount: [{ exists: true }] } }, invoiceIssued)).toBe(true);
  });

  it('applies to leaf values only: an object or an empty array does not exist', () => {
    expect(matchesEventPattern({ detail: { meter: [{ exists: true }] } }, invoiceIssued)).toBe(false);
    expect(matchesEventPattern({ detail: { meter: [{ exists: false }] } }, invoiceIssued)).toBe(true);
    expect(matchesEventPattern({ tags: [{ exists: false }] }, { tags: [] })).toBe(true);
  });

  it('matches exists: false when a whole parent object is missing', () => {
    expect(
      matchesEventPattern({ detail: { meter: { reading: [{ exists: false }] } } }, { source: 'x' }),
    ).toBe(true);
  });
});

describe('matchesEventPattern: cidr', () => {
  it('matches IPv4 addresses inside the block', () => {
    expect(matchesEventPattern({ detail: { sourceIp: [{ cidr: '10.0.0.0/24' }] } }, invoiceIssued)).toBe(
      true,
    );
    expect(matchesEventPattern({ detail: { sourceIp: [{ cidr: '10.0.1.0/24' }] } }, invoiceIssued)).toBe(
      false,
    );
  });

  it('matches IPv6 addresses and ignores values that are not addresses', () => {
    const pattern = { ip: [{ cidr: '2001:db8::/32' }] };
    expect(matchesEventPattern(pattern, { ip: '2001:db8:1::1' })).toBe(true);
    expect(matchesEventPattern(pattern, { ip: '2001:db9::1' })).toBe(false);
    expect(matchesEventPattern(pattern, { ip: 'not-an-ip' })).toBe(false);
    expect(matchesEventPattern({ ip: [{ cidr: '10.0.0.0/8' }] }, { ip: '::1' })).toBe(false);
  });
});

describe('matchesEventPattern: $or', () => {
  const pattern = {
    source: ['billing.system'],
    $or: [{ detail: { amount: [{ numeric: ['>', 1000] }] } }, { detail: { market: ['se'] } }],
  };

  it('matches when any alternative matches and the other fields match too', () => {
    expect(matchesEventPattern(pattern, invoiceIssued)).toBe(true);
    expect(matchesEventPattern(pattern, busEvent('Invoice Issued', { amount: 10, market: 'se' }))).toBe(true);
  });

  it('does not match when no alternative matches, or a sibling field fails', () => {
    expect(matchesEventPattern(pattern, busEvent('Invoice Issued', { amount: 10, market: 'no' }))).toBe(
      false,
    );
    expect(matchesEventPattern(pattern, { ...invoiceIssued, source: 'crm' })).toBe(false);
  });

  it('can be nested inside a detail object', () => {
    const nested = { detail: { $or: [{ channel: ['sms'] }, { tags: ['heat-pump'] }] } };
    expect(matchesEventPattern(nested, invoiceIssued)).toBe(true);
  });
});

describe('assertSupportedPattern', () => {
  it('accepts every supported operator in one pattern', () => {
    const everything = {
      'detail-type': ['Invoice Issued', { 'anything-but': ['A', 'B'] }],
      source: [{ prefix: 'billing.' }, { prefix: { 'equals-ignore-case': 'B' } }, { suffix: '.system' }],
      detail: {
        name: [{ 'equals-ignore-case': 'x' }, { wildcard: 'a*b' }, { 'anything-but': { wildcard: '*c' } }],
        amount: [{ numeric: ['>', 0, '<=', 5] }, { numeric: ['=', 7] }, 3, true, null],
        ip: [{ cidr: '192.168.0.0/16' }, { exists: true }],
        $or: [{ a: ['1'] }, { b: [{ exists: false }] }],
      },
    };
    expect(() => assertSupportedPattern(everything)).not.toThrow();
  });

  const malformed: Array<[string, unknown, RegExp]> = [
    ['a pattern that is not an object', ['Invoice Issued'], /must be a JSON object/],
    [
      'a field holding a bare string',
      { source: 'billing.system' },
      /\$\.source: .*array of match conditions/,
    ],
    [
      'an unknown operator',
      { detail: { type: [{ contains: 'x' }] } },
      /\$\.detail\.type\[0\]: unknown operator "contains"/,
    ],
    [
      'two operators in one condition',
      { a: [{ prefix: 'x', suffix: 'y' }] },
      /exactly one operator, found "prefix", "suffix"/,
    ],
    ['a prefix that is not a string', { a: [{ prefix: 5 }] }, /\$\.a\[0\]\.prefix: operator "prefix"/],
    [
      'a numeric comparison with an unknown operator',
      { a: [{ numeric: ['!=', 1] }] },
      /unknown comparison "!="/,
    ],
    [
      'a numeric range given upper bound first',
      { a: [{ numeric: ['<', 5, '>', 0] }] },
      /lower bound .* then an upper bound/,
    ],
    [
      'a numeric range with bounds reversed',
      { a: [{ numeric: ['>', 5, '<', 0] }] },
      /lower bound to be below/,
    ],
    ['a numeric bound that is a string', { a: [{ numeric: ['>', '5'] }] }, /not a number/],
    ['exists with a string', { a: [{ exists: 'yes' }] }, /operator "exists" needs true or false/],
    ['anything-but with mixed types', { a: [{ 'anything-but': ['x', 1] }] }, /only strings or only numbers/],
    [
      'anything-but with an unknown modifier',
      { a: [{ 'anything-but': { numeric: ['>', 1] } }] },
      /unknown modifier "numeric"/,
    ],
    ['a cidr without a prefix length', { a: [{ cidr: '10.0.0.1' }] }, /operator "cidr"/],
    ['a cidr prefix too long for IPv4', { a: [{ cidr: '10.0.0.0/33' }] }, /operator "cidr"/],
    ['consecutive wildcards', { a: [{ wildcard: 'a**b' }] }, /consecutive wildcard/],
    [
      'a backslash escaping a plain letter in a wildcard',
      { a: [{ wildcard: 'a\\b' }] },
      /escapes something other/,
    ],
    ['$or with a single alternative', { $or: [{ a: ['1'] }] }, /"\$or" needs an array of at least two/],
    ['a nested array as a condition', { a: [['x']] }, /\$\.a\[0\]: a match condition must be/],
  ];

  it.each(malformed)('rejects %s, naming the path', (_name, pattern, message) => {
    let thrown: unknown;
    try {
      assertSupportedPattern(pattern);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UnsupportedPatternError);
    expect((thrown as Error).message).toMatch(message);
  });

  it('reports the path of the offending operator on the error', () => {
    const pattern = { detail: { 'line-items': [{ exists: true }, { 'anything-but': { contains: 'x' } }] } };
    expect(() => assertSupportedPattern(pattern)).toThrow(
      expect.objectContaining({
        name: 'UnsupportedPatternError',
        path: '$.detail["line-items"][1]["anything-but"]',
      }),
    );
  });

  it('throws from matchesEventPattern too, rather than silently not matching', () => {
    expect(() => matchesEventPattern({ source: [{ contains: 'bill' }] }, invoiceIssued)).toThrow(
      UnsupportedPatternError,
    );
  });

  it('compiles once into a matcher that can be reused across events', () => {
    const matcher = compileEventPattern({ 'detail-type': ['Invoice Issued'] });
    const results = [invoiceIssued, busEvent('Price Changed', {})].map(matcher);
    expect(results).toEqual([true, false]);
  });
});
