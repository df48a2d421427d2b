import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AudienceContext,
  type AudienceProduct,
  type Condition,
  matches,
  parseAudience,
  tenureMonths,
} from '#domain/campaigns/audience.ts';
import { isHeldOut } from '#domain/campaigns/holdout.ts';

const RUN_AT = new Date('2027-03-02T09:00:00Z');
const RUN_DATE = '2027-03-02';

const productArb: fc.Arbitrary<AudienceProduct> = fc.record({
  kind: fc.constantFrom('electricity', 'broadband', 'mobile', 'insurance'),
  tariffId: fc.constantFrom('var-no1', 'fix-12m', 'bb-100'),
  contract: fc.constantFrom('open-ended', 'fixed-term'),
  bindingEndsOn: fc.option(
    fc
      .integer({ min: -30, max: 400 })
      .map((days) => new Date(RUN_AT.getTime() + days * 86_400_000).toISOString().slice(0, 10)),
    { nil: null },
  ),
});

const contextArb: fc.Arbitrary<AudienceContext> = fc.record({
  customer: fc.record({
    market: fc.constantFrom('NO', 'SE', 'FI', 'DK'),
    segment: fc.constantFrom('household', 'business'),
    locale: fc.constantFrom('nb-NO', 'sv-SE', 'en-GB'),
    preferredChannel: fc.constantFrom('email', 'sms'),
    paymentMethod: fc.constantFrom('paper-invoice', 'e-invoice', 'direct-debit', 'card'),
    customerSince: fc.constantFrom('2015-01-10', '2024-06-30', '2026-12-01', '2027-03-02'),
    consents: fc.record({ marketing: fc.boolean(), surveys: fc.boolean() }),
    products: fc.array(productArb, { maxLength: 3 }),
  }),
  received: fc.array(
    fc.record({
      kind: fc.constantFrom('invoice-explanation', 'campaign-message', 'price-change-notice'),
      sentAt: fc
        .integer({ min: 0, max: 120 })
        .map((days) => new Date(RUN_AT.getTime() - days * 86_400_000).toISOString()),
    }),
    { maxLength: 3 },
  ),
  runAt: fc.constant(RUN_AT),
  runDate: fc.constant(RUN_DATE),
});

/** Leaves written as marketing writes them, parsed by the module itself. */
const customerLeaf = fc.constantFrom<unknown>(
  { everyone: true },
  { attribute: 'market', in: ['NO'] },
  { attribute: 'segment', equals: 'business' },
  { attribute: 'consents.marketing', equals: true },
  { attribute: 'tenureMonths', gte: 24 },
  { attribute: 'customerSince', lt: '2025-01-01' },
  { attribute: 'paymentMethod', in: ['direct-debit', 'card'] },
  { attribute: 'churnRisk', in: ['none'] },
  { received: { kind: 'invoice-explanation', withinDays: 30 } },
  { product: { attribute: 'kind', in: ['electricity'] } },
  { product: { attribute: 'bindingEndsWithinDays', lte: 60 } },
  {
    product: {
      all: [
        { attribute: 'contract', equals: 'fixed-term' },
        { attribute: 'bindingEndsOn', exists: true },
      ],
    },
  },
);

const writtenArb: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => ({
  // At most four levels of all/any/not, so a tree with a product leaf stays within the language's 8.
  node: fc.oneof(
    { depthSize: 'small', maxDepth: 4, withCrossShrink: true },
    customerLeaf,
    fc.array(tie('node'), { maxLength: 3 }).map((all) => ({ all })),
    fc.array(tie('node'), { maxLength: 3 }).map((any) => ({ any })),
    tie('node').map((not) => ({ not })),
  ),
})).node;

function parsed(written: unknown): Condition {
  const result = parseAudience(written);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

describe('the audience language', () => {
  it('accepts every tree built from valid conditions within the limits', () => {
    fc.assert(
      fc.property(writtenArb, (written) => {
        const result = parseAudience(written);
        const size = JSON.stringify(written).split('{').length; // an upper bound of the conditions
        if (size < 50) expect(result.ok).toBe(true);
      }),
    );
  });

  it('not negates, and not not is the condition itself', () => {
    fc.assert(
      fc.property(writtenArb, contextArb, (written, context) => {
        const condition = parsed(written);
        expect(matches({ not: condition }, context)).toBe(!matches(condition, context));
        expect(matches({ not: { not: condition } }, context)).toBe(matches(condition, context));
      }),
    );
  });

  it('all is every, any is some, and De Morgan holds', () => {
    fc.assert(
      fc.property(fc.array(writtenArb, { maxLength: 4 }), contextArb, (written, context) => {
        const conditions = written.map(parsed);
        const each = conditions.map((condition) => matches(condition, context));
        expect(matches({ all: conditions }, context)).toBe(each.every(Boolean));
        expect(matches({ any: conditions }, context)).toBe(each.some(Boolean));
        expect(matches({ not: { all: conditions } }, context)).toBe(
          matches({ any: conditions.map((condition) => ({ not: condition })) }, context),
        );
      }),
    );
  });

  it('an empty all is everyone, an empty any is no one', () => {
    fc.assert(
      fc.property(contextArb, (context) => {
        expect(matches({ all: [] }, context)).toBe(true);
        expect(matches({ any: [] }, context)).toBe(false);
        expect(matches({ everyone: true }, context)).toBe(true);
      }),
    );
  });

  it('a product condition holds when one product satisfies all of it, not when the parts hold on different products', () => {
    fc.assert(
      fc.property(contextArb, (context) => {
        const kind = parsed({ product: { attribute: 'kind', in: ['electricity'] } });
        const ending = parsed({ product: { attribute: 'bindingEndsWithinDays', lte: 60 } });
        const both = parsed({
          product: {
            all: [
              { attribute: 'kind', in: ['electricity'] },
              { attribute: 'bindingEndsWithinDays', lte: 60 },
            ],
          },
        });
        const products = context.customer.products;
        const daysTo = (product: AudienceProduct) =>
          product.bindingEndsOn
            ? (Date.parse(`${product.bindingEndsOn}T00:00:00Z`) - Date.parse(`${RUN_DATE}T00:00:00Z`)) /
              86_400_000
            : undefined;
        expect(matches(kind, context)).toBe(products.some((product) => product.kind === 'electricity'));
        expect(matches(ending, context)).toBe(
          products.some((product) => (daysTo(product) ?? Infinity) <= 60),
        );
        expect(matches(both, context)).toBe(
          products.some((product) => product.kind === 'electricity' && (daysTo(product) ?? Infinity) <= 60),
        );
        // The joint condition implies each part, never the other way round in general.
        if (matches(both, context)) expect(matches({ all: [kind, ending] }, context)).toBe(true);
      }),
    );
  });

  it('a product without a binding end has no bindingEndsWithinDays: every comparison is false, exists is false', () => {
    const context: AudienceContext = {
      customer: {
        market: 'NO',
        segment: 'household',
        locale: 'nb-NO',
        preferredChannel: 'email',
        paymentMethod: 'card',
        customerSince: '2020-01-01',
        consents: { marketing: true, surveys: true },
        products: [{ kind: 'electricity', tariffId: 'var-no1', contract: 'open-ended', bindingEndsOn: null }],
      },
      received: [],
      runAt: RUN_AT,
      runDate: RUN_DATE,
    };
    for (const op of ['lt', 'lte', 'gt', 'gte', 'equals'] as const) {
      expect(matches(parsed({ product: { attribute: 'bindingEndsWithinDays', [op]: 0 } }), context)).toBe(
        false,
      );
      expect(
        matches(parsed({ product: { not: { attribute: 'bindingEndsWithinDays', [op]: 0 } } }), context),
      ).toBe(true);
    }
    expect(matches(parsed({ product: { attribute: 'bindingEndsWithinDays', exists: false } }), context)).toBe(
      true,
    );
  });

  it('counts tenure in whole months to the run date, and received only for messages sent within the days', () => {
    expect(tenureMonths('2025-03-02', RUN_DATE)).toBe(24);
    expect(tenureMonths('2025-03-03', RUN_DATE)).toBe(23);
    const base: AudienceContext = {
      customer: {
        market: 'NO',
        segment: 'household',
        locale: 'nb-NO',
        preferredChannel: 'email',
        paymentMethod: 'card',
        customerSince: '2025-03-02',
        consents: { marketing: true, surveys: true },
        products: [],
      },
      received: [{ kind: 'invoice-explanation', sentAt: '2027-02-01T08:00:00Z' }],
      runAt: RUN_AT,
      runDate: RUN_DATE,
    };
    expect(matches(parsed({ attribute: 'tenureMonths', gte: 24 }), base)).toBe(true);
    expect(matches(parsed({ received: { kind: 'invoice-explanation', withinDays: 30 } }), base)).toBe(true);
    expect(matches(parsed({ received: { kind: 'invoice-explanation', withinDays: 20 } }), base)).toBe(false);
    expect(matches(parsed({ received: { kind: 'survey-request', withinDays: 300 } }), base)).toBe(false);
  });

  it('names the field of an unknown attribute, operator or kind, a wrong value and a wrong scope', () => {
    const errors = (written: unknown) => {
      const result = parseAudience(written);
      return result.ok ? [] : result.errors.map((error) => error.path);
    };
    expect(errors({ all: [{ attribute: 'shoeSize', equals: 42 }] })).toEqual(['audience.all[0].attribute']);
    expect(errors({ attribute: 'market', like: 'N%' })).toEqual(['audience.like']);
    expect(errors({ attribute: 'market', in: ['NO'], equals: 'SE' })).toEqual(['audience']);
    expect(errors({ received: { kind: 'love-letter', withinDays: 3 } })).toEqual(['audience.received.kind']);
    expect(errors({ attribute: 'market', in: ['XX'] })).toEqual(['audience.in[0]']);
    expect(errors({ attribute: 'market', lt: 'NO' })).toEqual(['audience.lt']);
    expect(errors({ product: { attribute: 'market', in: ['NO'] } })).toEqual(['audience.product.attribute']);
    expect(errors({ product: { received: { kind: 'campaign-message', withinDays: 3 } } })).toEqual([
      'audience.product.received',
    ]);
    expect(errors({ sometimes: true })).toEqual(['audience']);
  });

  it('refuses more than 8 levels and more than 100 conditions', () => {
    let deep: unknown = { everyone: true };
    for (let level = 1; level < 8; level++) deep = { not: deep };
    expect(parseAudience(deep).ok).toBe(true);
    expect(parseAudience({ not: deep }).ok).toBe(false);
    const wide = { any: Array.from({ length: 99 }, () => ({ everyone: true })) };
    expect(parseAudience(wide).ok).toBe(true);
    const tooWide = { any: Array.from({ length: 100 }, () => ({ everyone: true })) };
    const result = parseAudience(tooWide);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.message).toContain('at most 100 conditions');
  });
});

describe('holdout', () => {
  it('is stable per campaign and customer and holds out about the share asked for', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.string({ minLength: 1 }),
        fc.integer({ min: 0, max: 50 }),
        (campaignId, customerId, percent) => {
          expect(isHeldOut(campaignId, customerId, percent)).toBe(isHeldOut(campaignId, customerId, percent));
          if (percent === 0) expect(isHeldOut(campaignId, customerId, 0)).toBe(false);
          // A larger holdout only adds customers.
          if (isHeldOut(campaignId, customerId, percent))
            expect(isHeldOut(campaignId, customerId, 50)).toBe(true);
        },
      ),
    );
    const held = Array.from({ length: 10_000 }, (_, index) => isHeldOut('cmp-1', `c-${index}`, 10)).filter(
      Boolean,
    ).length;
    expect(held).toBeGreaterThan(900);
    expect(held).toBeLessThan(1100);
  });
});
