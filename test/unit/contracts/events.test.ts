import { describe, expect, it } from 'vitest';
import {
  DETAIL_TYPES,
  EVENT_SCHEMAS,
  isDetailType,
  MAX_FIELD_ERRORS,
  parseS3Location,
  validateEvent,
} from '#domain/contracts/index.ts';
import {
  contactPreferencesChanged,
  contractRenewed,
  customerUpserted,
  invoiceIssued,
  invoiceRunSubmitted,
  priceChangeAnnounced,
  supportTicketOpened,
  supportTicketResolved,
  supportTicketUpdated,
  surveyResponseReceived,
  VALID_DETAILS,
} from './fixtures.ts';
import { acceptedValue, errorsFor, pathsFor } from './helpers.ts';

/** A copy of `base` with `patch` applied on top. */
function withFields(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  return { ...base, ...patch };
}

/** A copy of `base` without `field`. */
function without(base: Record<string, unknown>, field: string): Record<string, unknown> {
  const copy = { ...base };
  delete copy[field];
  return copy;
}

function product(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    productId: 'p-1',
    kind: 'electricity',
    tariffId: 'var-no1',
    contract: 'open-ended',
    bindingEndsOn: null,
    ...overrides,
  };
}

function line(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { kind: 'fee', description: 'Gebyr', amount: 10, ...overrides };
}

describe('validateEvent', () => {
  it('knows exactly the fourteen detail types of the contract', () => {
    expect(DETAIL_TYPES).toHaveLength(14);
    expect(Object.keys(EVENT_SCHEMAS).sort()).toEqual([...DETAIL_TYPES].sort());
    expect(Object.keys(VALID_DETAILS).sort()).toEqual([...DETAIL_TYPES].sort());
  });

  it.each(DETAIL_TYPES)('accepts the contract example of %s', (detailType) => {
    const detail = VALID_DETAILS[detailType]();
    const result = validateEvent(detailType, detail);
    expect(result).toMatchObject({ ok: true, detailType });
    if (result.ok) expect(result.value).toMatchObject(detail);
  });

  it.each(DETAIL_TYPES)('accepts extra fields in %s and drops them', (detailType) => {
    const detail = { ...VALID_DETAILS[detailType](), addedBySender: 'v2', nested: { a: 1 } };
    const value = acceptedValue(detailType, detail) as Record<string, unknown>;
    expect(value).not.toHaveProperty('addedBySender');
    expect(value).not.toHaveProperty('nested');
  });

  it('drops extra fields inside nested objects too', () => {
    const customer = customerUpserted();
    customer.products = [product({ colour: 'green' })];
    customer.consents = { marketing: true, surveys: false, sms: true };
    const value = acceptedValue('Customer Upserted', customer) as Record<string, unknown>;
    expect(value.products).toEqual([product()]);
    expect(value.consents).toEqual({ marketing: true, surveys: false });
  });

  it('rejects an unknown detail type with one error at detail-type listing the accepted names', () => {
    const errors = errorsFor('Invoice Paid', invoiceIssued());
    expect(errors).toHaveLength(1);
    expect(errors[0]?.path).toBe('detail-type');
    for (const name of DETAIL_TYPES) expect(errors[0]?.message).toContain(`"${name}"`);
    expect(errors[0]?.message).toContain('got "Invoice Paid"');
  });

  it('rejects a detail type that is not a string', () => {
    expect(pathsFor(42, invoiceIssued())).toEqual(['detail-type']);
    expect(pathsFor(undefined, invoiceIssued())).toEqual(['detail-type']);
  });

  it.each([
    ['null', null],
    ['an array', [invoiceIssued()]],
    ['a string', '{"invoiceId":"inv-1"}'],
    ['a number', 7],
    ['nothing', undefined],
  ])('rejects a detail that is %s at path detail', (_name, detail) => {
    const errors = errorsFor('Invoice Issued', detail);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.path).toBe('detail');
    expect(errors[0]?.message).toMatch(/^must be a JSON object, got /);
  });

  it('reports a missing field as required', () => {
    expect(errorsFor('Invoice Issued', without(invoiceIssued(), 'customerId'))).toEqual([
      { path: 'customerId', message: 'is required' },
    ]);
  });

  it(`caps the errors at ${MAX_FIELD_ERRORS}`, () => {
    const invoice = invoiceIssued();
    invoice.lines = Array.from({ length: 120 }, () => line({ kind: 'refund' }));
    const errors = errorsFor('Invoice Issued', invoice);
    expect(errors).toHaveLength(MAX_FIELD_ERRORS);
    expect(errors[0]?.path).toBe('lines[0].kind');
  });

  it('narrows the value by detail type', () => {
    const result = validateEvent('Invoice Issued', invoiceIssued());
    if (!result.ok || result.detailType !== 'Invoice Issued') throw new Error('expected an accepted invoice');
    // Compiles only because the union narrows: `lines` exists on Invoice Issued alone.
    expect(result.value.lines).toHaveLength(3);
  });

  it('recognises detail types', () => {
    expect(isDetailType('Contract Renewed')).toBe(true);
    expect(isDetailType('contract renewed')).toBe(false);
    expect(isDetailType(null)).toBe(false);
  });
});

describe('Customer Upserted', () => {
  const type = 'Customer Upserted';

  it('rejects an impossible calendar date with the date in the message', () => {
    expect(errorsFor(type, withFields(customerUpserted(), { customerSince: '2027-02-30' }))).toEqual([
      { path: 'customerSince', message: 'must be a date as YYYY-MM-DD, got "2027-02-30"' },
    ]);
  });

  it.each(['91234567', '+0791234567', '+47 912 34 567', '+471234567890123456'])(
    'rejects the phone number %s at phone',
    (phone) => {
      const errors = errorsFor(type, withFields(customerUpserted(), { phone }));
      expect(errors.map((e) => e.path)).toEqual(['phone']);
      expect(errors[0]?.message).toContain('E.164');
    },
  );

  it.each(['Oslo', 'Mars/Olympus_Mons', 'CET', ''])('rejects the time zone %j at timeZone', (timeZone) => {
    expect(pathsFor(type, withFields(customerUpserted(), { timeZone }))).toEqual(['timeZone']);
  });

  it('accepts UTC as a time zone', () => {
    expect(acceptedValue(type, withFields(customerUpserted(), { timeZone: 'UTC' }))).toMatchObject({
      timeZone: 'UTC',
    });
  });

  it.each(['en_GB', 'e', 'nb-NO-', '', 'x'.repeat(36)])('rejects the locale %j at locale', (locale) => {
    expect(pathsFor(type, withFields(customerUpserted(), { locale }))).toEqual(['locale']);
  });

  it('accepts a locale stille has no templates for (it falls back to en-GB later)', () => {
    expect(acceptedValue(type, withFields(customerUpserted(), { locale: 'fi-FI' }))).toMatchObject({
      locale: 'fi-FI',
    });
  });

  it('rejects a malformed email address at email', () => {
    expect(pathsFor(type, withFields(customerUpserted(), { email: 'kari.example.no' }))).toEqual(['email']);
  });

  it('rejects an email address longer than 254 characters', () => {
    const email = `${'k'.repeat(250)}@example.no`;
    expect(errorsFor(type, withFields(customerUpserted(), { email }))).toEqual([
      { path: 'email', message: `must be at most 254 characters long, got ${email.length}` },
    ]);
  });

  it('accepts a customer with neither email nor phone', () => {
    const value = acceptedValue(type, without(without(customerUpserted(), 'email'), 'phone'));
    expect(value).not.toHaveProperty('email');
    expect(value).not.toHaveProperty('phone');
  });

  it('rejects a fixed-term product without a binding end date', () => {
    const customer = customerUpserted();
    customer.products = [
      product(),
      product({ productId: 'p-2' }),
      product({ productId: 'p-3', contract: 'fixed-term' }),
    ];
    const errors = errorsFor(type, customer);
    expect(errors.map((e) => e.path)).toEqual(['products[2].bindingEndsOn']);
    expect(errors[0]?.message).toContain('fixed-term');
  });

  it('accepts a fixed-term product with a binding end date', () => {
    const customer = withFields(customerUpserted(), {
      products: [product({ contract: 'fixed-term', bindingEndsOn: '2028-06-30' })],
    });
    expect(acceptedValue(type, customer)).toMatchObject({ products: [{ bindingEndsOn: '2028-06-30' }] });
  });

  it('reads an omitted bindingEndsOn of an open-ended product as null', () => {
    const customer = withFields(customerUpserted(), { products: [without(product(), 'bindingEndsOn')] });
    expect(acceptedValue(type, customer)).toMatchObject({ products: [{ bindingEndsOn: null }] });
  });

  it('rejects a bad binding end date at its product', () => {
    const customer = withFields(customerUpserted(), {
      products: [product(), product({ contract: 'fixed-term', bindingEndsOn: '2028-6-30' })],
    });
    expect(pathsFor(type, customer)).toEqual(['products[1].bindingEndsOn']);
  });

  it('rejects more than 50 products', () => {
    const products = Array.from({ length: 51 }, (_, i) => product({ productId: `p-${i}` }));
    expect(errorsFor(type, withFields(customerUpserted(), { products }))).toEqual([
      { path: 'products', message: 'must have at most 50 items, got 51' },
    ]);
  });

  it('accepts a customer without products', () => {
    expect(acceptedValue(type, withFields(customerUpserted(), { products: [] }))).toMatchObject({
      products: [],
    });
  });

  it('rejects a name longer than 200 characters', () => {
    expect(errorsFor(type, withFields(customerUpserted(), { name: 'K'.repeat(201) }))).toEqual([
      { path: 'name', message: 'must be at most 200 characters long, got 201' },
    ]);
  });

  it.each([
    ['empty', ''],
    ['longer than 128 characters', 'c'.repeat(129)],
    ['with a control character', 'c-10\u000001'],
  ])('rejects a customerId that is %s', (_name, customerId) => {
    expect(pathsFor(type, withFields(customerUpserted(), { customerId }))).toEqual(['customerId']);
  });

  it('rejects values outside the enumerations with the accepted values in the message', () => {
    const errors = errorsFor(
      type,
      withFields(customerUpserted(), {
        market: 'DE',
        segment: 'public',
        preferredChannel: 'letter',
        paymentMethod: 'cash',
      }),
    );
    expect(errors.map((e) => e.path)).toEqual(['market', 'segment', 'preferredChannel', 'paymentMethod']);
    expect(errors[0]?.message).toBe('must be one of "NO", "SE", "FI", "DK", got "DE"');
  });

  it('rejects consents that are not booleans', () => {
    const customer = withFields(customerUpserted(), { consents: { marketing: 'yes', surveys: true } });
    expect(errorsFor(type, customer)).toEqual([
      { path: 'consents.marketing', message: 'must be true or false, got "yes"' },
    ]);
  });

  it('rejects an unknown product kind at its product', () => {
    const customer = withFields(customerUpserted(), { products: [product({ kind: 'gas' })] });
    expect(pathsFor(type, customer)).toEqual(['products[0].kind']);
  });
});

describe('Contact Preferences Changed', () => {
  const type = 'Contact Preferences Changed';

  it('rejects an instant without an offset', () => {
    const errors = errorsFor(type, withFields(contactPreferencesChanged(), { at: '2027-01-06T10:15:00' }));
    expect(errors.map((e) => e.path)).toEqual(['at']);
    expect(errors[0]?.message).toContain('got "2027-01-06T10:15:00"');
  });

  it('rejects optedOut that is not a boolean, and an unknown source', () => {
    const detail = withFields(contactPreferencesChanged(), { optedOut: 'true', source: 'letter' });
    expect(pathsFor(type, detail)).toEqual(['optedOut', 'source']);
  });

  it('accepts every purpose, including all', () => {
    for (const purpose of ['marketing', 'surveys', 'all']) {
      expect(acceptedValue(type, withFields(contactPreferencesChanged(), { purpose }))).toMatchObject({
        purpose,
      });
    }
  });
});

describe('Price Change Announced', () => {
  const type = 'Price Change Announced';

  it('rejects an other reason without a text', () => {
    const errors = errorsFor(type, withFields(priceChangeAnnounced(), { reasons: [{ code: 'other' }] }));
    expect(errors.map((e) => e.path)).toEqual(['reasons[0].text']);
    expect(errors[0]?.message).toContain('"other"');
  });

  it('rejects an other reason with an empty text', () => {
    const detail = withFields(priceChangeAnnounced(), {
      reasons: [{ code: 'tax' }, { code: 'other', text: {} }],
    });
    expect(pathsFor(type, detail)).toEqual(['reasons[1].text']);
  });

  it('accepts an other reason with a text, and a known reason without one', () => {
    const detail = withFields(priceChangeAnnounced(), {
      reasons: [{ code: 'other', text: { 'en-GB': 'Our supplier changed.' } }, { code: 'inflation' }],
    });
    expect(acceptedValue(type, detail)).toMatchObject({
      reasons: [{ code: 'other' }, { code: 'inflation' }],
    });
  });

  it('accepts an https link to take an alternative, and rejects any other kind of link', () => {
    const withUrl = (url: unknown) =>
      withFields(priceChangeAnnounced(), {
        alternatives: [
          {
            tariffId: 'fix-12m',
            name: { 'en-GB': 'Fixed price 12 months' },
            component: 'energy',
            price: 0.95,
            bindingMonths: 12,
            url,
          },
        ],
      });
    expect(acceptedValue(type, withUrl('https://kraft.example/bytt?tariff=fix-12m'))).toMatchObject({
      alternatives: [{ url: 'https://kraft.example/bytt?tariff=fix-12m' }],
    });
    for (const url of [
      'http://kraft.example/bytt',
      'javascript:alert(1)',
      'https://',
      `https://x.example/${'a'.repeat(2001)}`,
    ]) {
      expect(pathsFor(type, withUrl(url)), url.slice(0, 40)).toEqual(['alternatives[0].url']);
    }
  });

  it('rejects a price change without reasons, and one with more than 10', () => {
    expect(pathsFor(type, withFields(priceChangeAnnounced(), { reasons: [] }))).toEqual(['reasons']);
    const reasons = Array.from({ length: 11 }, () => ({ code: 'tax' }));
    expect(pathsFor(type, withFields(priceChangeAnnounced(), { reasons }))).toEqual(['reasons']);
  });

  it('rejects a reason text keyed by something that is not a locale', () => {
    const detail = withFields(priceChangeAnnounced(), {
      reasons: [{ code: 'tax', text: { norsk: 'x', en_GB: 'y' } }],
    });
    expect(pathsFor(type, detail)).toEqual(['reasons[0].text.en_GB']);
  });

  it('rejects a reason text longer than 500 characters at its locale', () => {
    const detail = withFields(priceChangeAnnounced(), {
      reasons: [{ code: 'grid-fee', text: { 'en-GB': 'x'.repeat(501) } }],
    });
    expect(errorsFor(type, detail)).toEqual([
      { path: 'reasons[0].text.en-GB', message: 'must be at most 500 characters long, got 501' },
    ]);
  });

  it('rejects a reason text in more than 10 locales', () => {
    const locales = [
      'nb-NO',
      'nn-NO',
      'sv-SE',
      'sv-FI',
      'fi-FI',
      'da-DK',
      'en-GB',
      'en-US',
      'de-DE',
      'fr-FR',
      'se-NO',
    ];
    const text = Object.fromEntries(locales.map((locale) => [locale, 'Prisen øker.']));
    const errors = errorsFor(type, withFields(priceChangeAnnounced(), { reasons: [{ code: 'tax', text }] }));
    expect(errors).toEqual([{ path: 'reasons[0].text', message: 'must have at most 10 locales, got 11' }]);
  });

  it('rejects a negative price and an unknown component', () => {
    const detail = withFields(priceChangeAnnounced(), { newPrice: -0.1, component: 'grid' });
    expect(pathsFor(type, detail)).toEqual(['component', 'newPrice']);
  });

  it('rejects an alternative binding longer than 60 months or not in whole months', () => {
    const base = priceChangeAnnounced();
    const alternative = (base.alternatives as Record<string, unknown>[])[0];
    const detail = withFields(base, {
      alternatives: [
        { ...alternative, bindingMonths: 61 },
        { ...alternative, bindingMonths: 1.5 },
      ],
    });
    expect(errorsFor(type, detail)).toEqual([
      { path: 'alternatives[0].bindingMonths', message: 'must be at most 60, got 61' },
      { path: 'alternatives[1].bindingMonths', message: 'must be an integer, got 1.5' },
    ]);
  });

  it('rejects an alternative without a name in any locale', () => {
    const base = priceChangeAnnounced();
    const alternative = (base.alternatives as Record<string, unknown>[])[0];
    expect(pathsFor(type, withFields(base, { alternatives: [{ ...alternative, name: {} }] }))).toEqual([
      'alternatives[0].name',
    ]);
  });

  it('reads omitted alternatives as none, and rejects more than 10', () => {
    expect(acceptedValue(type, without(priceChangeAnnounced(), 'alternatives'))).toMatchObject({
      alternatives: [],
    });
    const base = priceChangeAnnounced();
    const alternative = (base.alternatives as Record<string, unknown>[])[0];
    const alternatives = Array.from({ length: 11 }, () => alternative);
    expect(pathsFor(type, withFields(base, { alternatives }))).toEqual(['alternatives']);
  });

  it('rejects an effective date that is not a date', () => {
    expect(
      pathsFor(type, withFields(priceChangeAnnounced(), { effectiveDate: '2027-02-01T00:00:00Z' })),
    ).toEqual(['effectiveDate']);
  });
});

describe('Invoice Issued', () => {
  const type = 'Invoice Issued';

  it('rejects lines that do not add up to the amount, saying both figures', () => {
    expect(errorsFor(type, withFields(invoiceIssued(), { amount: 1240.6 }))).toEqual([
      { path: 'amount', message: 'lines add up to 1240.50 but amount is 1240.60' },
    ]);
  });

  it('accepts lines within 0.01 of the amount', () => {
    expect(acceptedValue(type, withFields(invoiceIssued(), { amount: 1240.51 }))).toMatchObject({
      amount: 1240.51,
    });
    expect(acceptedValue(type, withFields(invoiceIssued(), { amount: 1240.49 }))).toMatchObject({
      amount: 1240.49,
    });
  });

  it('adds up cents without floating-point drift', () => {
    const lines = Array.from({ length: 200 }, () => line({ amount: 0.1 }));
    expect(acceptedValue(type, withFields(invoiceIssued(), { amount: 20, lines }))).toMatchObject({
      amount: 20,
    });
  });

  it('accepts a credit note with negative lines', () => {
    const lines = [line({ kind: 'energy', amount: -120.25 }), line({ kind: 'tax', amount: -30.06 })];
    expect(acceptedValue(type, withFields(invoiceIssued(), { amount: -150.31, lines }))).toMatchObject({
      amount: -150.31,
    });
  });

  it('rejects a period that ends before it starts, at period.to', () => {
    const errors = errorsFor(
      type,
      withFields(invoiceIssued(), { period: { from: '2026-12-01', to: '2026-11-30' } }),
    );
    expect(errors).toEqual([
      { path: 'period.to', message: 'must not be before period.from (2026-12-01), got "2026-11-30"' },
    ]);
  });

  it('reports a malformed period date once, without comparing it', () => {
    const errors = errorsFor(
      type,
      withFields(invoiceIssued(), { period: { from: '2026-12-01', to: '2026-11-31' } }),
    );
    expect(errors).toEqual([
      { path: 'period.to', message: 'must be a date as YYYY-MM-DD, got "2026-11-31"' },
    ]);
  });

  it('rejects a month 13 with the date in the message', () => {
    expect(errorsFor(type, withFields(invoiceIssued(), { dueDate: '2027-13-01' }))).toEqual([
      { path: 'dueDate', message: 'must be a date as YYYY-MM-DD, got "2027-13-01"' },
    ]);
  });

  it('rejects an invoice without lines, and one with more than 200', () => {
    expect(pathsFor(type, withFields(invoiceIssued(), { lines: [] }))).toEqual(['lines']);
    const lines = Array.from({ length: 201 }, () => line({ amount: 1 }));
    expect(errorsFor(type, withFields(invoiceIssued(), { amount: 201, lines }))).toEqual([
      { path: 'lines', message: 'must have at most 200 items, got 201' },
    ]);
  });

  it('rejects bad lines at their index', () => {
    const invoice = invoiceIssued();
    const lines = invoice.lines as Record<string, unknown>[];
    invoice.lines = [
      lines[0],
      { ...lines[1], kind: 'discount' },
      { ...lines[2], description: 'F'.repeat(201) },
    ];
    expect(pathsFor(type, invoice)).toEqual(['lines[1].kind', 'lines[2].description']);
  });

  it('rejects a line amount that is not a number, without also reporting the sum', () => {
    const invoice = invoiceIssued();
    const lines = invoice.lines as Record<string, unknown>[];
    invoice.lines = [lines[0], { ...lines[1], amount: '168.50' }, lines[2]];
    expect(errorsFor(type, invoice)).toEqual([
      { path: 'lines[1].amount', message: 'must be a number, got "168.50"' },
    ]);
  });

  it('rejects a negative quantity and an amount beyond one billion', () => {
    const invoice = invoiceIssued();
    invoice.lines = [line({ quantity: -1, amount: 10 })];
    invoice.amount = 10;
    expect(pathsFor(type, invoice)).toEqual(['lines[0].quantity']);
    expect(pathsFor(type, withFields(invoiceIssued(), { amount: 2e9 }))).toContain('amount');
  });

  it('rejects a consumption unit longer than 16 characters, and accepts an invoice without consumption', () => {
    const consumption = { quantity: 12, unit: 'kilowatt-hours-used' };
    expect(pathsFor(type, withFields(invoiceIssued(), { consumption }))).toEqual(['consumption.unit']);
    expect(acceptedValue(type, without(invoiceIssued(), 'consumption'))).not.toHaveProperty('consumption');
  });

  it('rejects an unknown reading and an unknown currency', () => {
    expect(pathsFor(type, withFields(invoiceIssued(), { reading: 'guessed', currency: 'USD' }))).toEqual([
      'currency',
      'reading',
    ]);
  });
});

describe('Invoice Run Submitted', () => {
  const type = 'Invoice Run Submitted';

  it.each([
    'https://bucket/runs/2027-01.jsonl',
    's3://Bucket/runs/2027-01.jsonl',
    's3://bu/runs.jsonl',
    's3://bucket/',
    's3://bucket',
    `s3://bucket/${'k'.repeat(1025)}`,
  ])('rejects the location %s at location', (location) => {
    expect(pathsFor(type, withFields(invoiceRunSubmitted(), { location }))).toEqual(['location']);
  });

  it.each([-1, 1.5, 10_000_001])('rejects the count %d at count', (count) => {
    expect(pathsFor(type, withFields(invoiceRunSubmitted(), { count }))).toEqual(['count']);
  });

  it('accepts an empty run and a run of ten million', () => {
    for (const count of [0, 10_000_000]) {
      expect(acceptedValue(type, withFields(invoiceRunSubmitted(), { count }))).toMatchObject({ count });
    }
  });
});

describe('parseS3Location', () => {
  it('splits a location into bucket and key', () => {
    expect(parseS3Location('s3://bucket/runs/2027-01.jsonl')).toEqual({
      bucket: 'bucket',
      key: 'runs/2027-01.jsonl',
    });
    expect(parseS3Location('s3://my.billing-runs/a')).toEqual({ bucket: 'my.billing-runs', key: 'a' });
  });

  it('throws InvalidS3LocationError for anything else', () => {
    for (const location of [
      's3://bucket',
      's3://bucket/',
      'bucket/key',
      'https://bucket/key',
      's3://UPPER/key',
      'file:///tmp/x',
      's3://bucket/key\nmore',
    ]) {
      expect(() => parseS3Location(location)).toThrow(
        expect.objectContaining({ name: 'InvalidS3LocationError' }),
      );
    }
  });
});

describe('Support tickets', () => {
  it('rejects an unknown priority and an oversize category', () => {
    const detail = withFields(supportTicketOpened(), { priority: 'critical', category: 'c'.repeat(201) });
    expect(pathsFor('Support Ticket Opened', detail)).toEqual(['category', 'priority']);
  });

  it('rejects a response deadline that is not an instant', () => {
    expect(
      pathsFor('Support Ticket Opened', withFields(supportTicketOpened(), { responseDueAt: '2027-01-09' })),
    ).toEqual(['responseDueAt']);
  });

  it('rejects an unknown ticket status', () => {
    expect(
      pathsFor('Support Ticket Updated', withFields(supportTicketUpdated(), { status: 'closed' })),
    ).toEqual(['status']);
  });

  it('rejects a resolution time on an impossible date', () => {
    const detail = withFields(supportTicketResolved(), { resolvedAt: '2027-02-29T10:00:00Z' });
    expect(pathsFor('Support Ticket Resolved', detail)).toEqual(['resolvedAt']);
  });
});

describe('Contract Renewed', () => {
  const type = 'Contract Renewed';

  it('accepts an open-ended renewal with bindingEndsOn null', () => {
    expect(acceptedValue(type, withFields(contractRenewed(), { bindingEndsOn: null }))).toMatchObject({
      bindingEndsOn: null,
    });
  });

  it('requires bindingEndsOn, as a date or null', () => {
    expect(pathsFor(type, without(contractRenewed(), 'bindingEndsOn'))).toEqual(['bindingEndsOn']);
    expect(pathsFor(type, withFields(contractRenewed(), { bindingEndsOn: '31.01.2028' }))).toEqual([
      'bindingEndsOn',
    ]);
  });
});

describe('Survey Response Received', () => {
  const type = 'Survey Response Received';

  it.each([
    ['csat-5', 0],
    ['csat-5', 6],
    ['csat-5', 7],
    ['nps-10', -1],
    ['nps-10', 11],
  ])('rejects on scale %s the score %d at score', (scale, score) => {
    const errors = errorsFor(type, withFields(surveyResponseReceived(), { scale, score }));
    expect(errors.map((e) => e.path)).toEqual(['score']);
    expect(errors[0]?.message).toContain(`for scale ${scale}, got ${score}`);
  });

  it.each([
    ['csat-5', 1],
    ['csat-5', 5],
    ['nps-10', 0],
    ['nps-10', 10],
  ])('accepts on scale %s the score %d', (scale, score) => {
    expect(acceptedValue(type, withFields(surveyResponseReceived(), { scale, score }))).toMatchObject({
      scale,
      score,
    });
  });

  it('rejects a score that is not a whole number', () => {
    expect(pathsFor(type, withFields(surveyResponseReceived(), { score: 3.5 }))).toEqual(['score']);
  });

  it('rejects a comment longer than 2000 characters and accepts none', () => {
    expect(pathsFor(type, withFields(surveyResponseReceived(), { comment: 'x'.repeat(2001) }))).toEqual([
      'comment',
    ]);
    expect(acceptedValue(type, without(surveyResponseReceived(), 'comment'))).not.toHaveProperty('comment');
  });
});
