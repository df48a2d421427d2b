import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PURPOSE_OF_KIND } from '#domain/contracts/message-requested.ts';
import { countSegments } from '#domain/messaging/sms-segments.ts';
import type { MessageKind } from '#domain/messaging/types.ts';
import { MAX_SMS_SEGMENTS, renderMessage } from '#templates/index.ts';
import { customer, LOCALES } from './fixtures.ts';

// Names as customers have them: any letters (Sámi, Icelandic, emoji included), up to the contract's 200.
const names = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.constantFrom(
    'Kari Nordmann',
    'Áile Niillas Sara',
    'Đuro Šimić',
    'Þórdís Guðmundsdóttir',
    'Maximiliane-Charlotte von Habsburg-Lothringen',
    'Aleksandrina Mikkelsen-Østerhaug Bjørnstjerne',
  ),
);

// Ids as billing and support systems write them: ASCII, up to the contract's 128 characters.
const ids = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:#/-]{0,127}$/);

// Amounts up to a million (a large business invoice), in cents.
const amounts = fc.integer({ min: -100_000_000, max: 100_000_000 }).map((cents) => cents / 100);
const positiveAmounts = fc.integer({ min: 0, max: 100_000_000 }).map((cents) => cents / 100);
const prices = fc.integer({ min: 0, max: 999_999 }).map((tenThousandths) => tenThousandths / 10_000);
const dates = fc
  .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));
const instants = fc
  .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString());
const productNames = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }),
  fc.constant('Fastpris 12 mnd'),
);
// A realistic one-click link: a host and a token, up to ~100 characters.
const links = fc
  .stringMatching(/^[A-Za-z0-9_-]{8,64}$/)
  .map((token) => `https://min.kundeside.example/s/${token}`);
const zones = fc.constantFrom(
  'Europe/Oslo',
  'Europe/Stockholm',
  'Europe/Helsinki',
  'Europe/Copenhagen',
  'UTC',
);
const markets = fc.constantFrom('NO', 'SE', 'FI', 'DK') as fc.Arbitrary<'NO' | 'SE' | 'FI' | 'DK'>;
const currencies = fc.constantFrom('NOK', 'SEK', 'EUR', 'DKK');

// New-charge descriptions as billing writes them: short ASCII ones an SMS can quote, and any text.
const descriptions = fc.array(
  fc.oneof(
    fc.stringMatching(/^[A-Za-z][A-Za-z -]{0,23}$/),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }),
  ),
  { maxLength: 20 },
);

function invoiceFacts(): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record(
      {
        invoiceId: ids,
        currency: currencies,
        amount: amounts,
        expectedAmount: amounts,
        consumptionShare: fc.integer({ min: 0, max: 100 }),
        dueDate: dates,
        extraCauses: fc.subarray(['estimated-reading', 'duplicate', 'new-charge'] as const),
        extraAmount: positiveAmounts,
        invoiceIds: fc.array(ids, { maxLength: 20 }),
        descriptions,
        reasons: fc.subarray(['above-expected', 'duplicate', 'new-charge', 'estimated-reading'] as const),
        basis: fc.constantFrom('same-season', 'seasonal-profile'),
        estimatedReading: fc.boolean(),
      },
      // Older producers send neither reasons nor basis nor the reading flag, nor always a due date.
      {
        requiredKeys: [
          'invoiceId',
          'currency',
          'amount',
          'expectedAmount',
          'consumptionShare',
          'extraCauses',
          'extraAmount',
          'invoiceIds',
          'descriptions',
        ],
      },
    )
    .map(({ consumptionShare, extraCauses, extraAmount, invoiceIds, descriptions, ...facts }) => {
      const difference = Math.round((facts.amount - facts.expectedAmount) * 100) / 100;
      const consumption = Math.round(difference * consumptionShare) / 100;
      const price = Math.round((difference - consumption) * 100) / 100;
      const details = { duplicate: { invoiceIds }, 'new-charge': { descriptions }, 'estimated-reading': {} };
      return {
        ...facts,
        difference,
        causes: [
          { code: 'consumption', amount: consumption, quantity: 1650, expectedQuantity: 1230, unit: 'kWh' },
          { code: 'price', amount: price },
          { code: 'fees', amount: 0 },
          ...extraCauses.map((code) => ({ code, amount: extraAmount, ...details[code] })),
        ],
      };
    });
}

function priceChangeFacts(): fc.Arbitrary<Record<string, unknown>> {
  return fc.record({
    priceChangeId: ids,
    currency: currencies,
    component: fc.constantFrom('energy', 'subscription'),
    oldPrice: prices,
    newPrice: prices,
    effectiveDate: dates,
    annualConsumption: fc.integer({ min: 0, max: 1_000_000 }),
    annualCostBefore: positiveAmounts,
    annualCostAfter: positiveAmounts,
    monthlyDifference: amounts,
    noticeDays: fc.integer({ min: 0, max: 365 }),
    terminationRight: fc.boolean(),
    alternatives: fc.array(
      fc.record({ tariffId: ids, name: productNames, annualCost: positiveAmounts, annualSaving: amounts }),
      { maxLength: 10 },
    ),
  });
}

function supportDelayFacts(): fc.Arbitrary<Record<string, unknown>> {
  return fc.record({
    ticketId: ids,
    responseDueAt: instants,
    overdueHours: fc.integer({ min: 0, max: 100_000 }),
    notice: fc.constantFrom(1, 2),
  });
}

function surveyFacts(): fc.Arbitrary<Record<string, unknown>> {
  return fc.record({
    surveyId: ids,
    trigger: fc.constantFrom('ticket', 'renewal'),
    scale: fc.constantFrom('csat-5', 'nps-10'),
  });
}

function retentionFacts(): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(
    {
      offerId: ids,
      currency: currencies,
      reasons: fc.array(fc.constantFrom('price-increase', 'binding-ending', 'support-delay'), {
        maxLength: 3,
      }),
      productKind: fc.constantFrom('electricity', 'broadband', 'mobile', 'insurance'),
      signals: fc.array(
        fc.record(
          {
            code: fc.constantFrom('binding-ending', 'price-increase', 'high-invoice', 'long-tenure'),
            arisenOn: dates,
            bindingEndsOn: dates,
            oldPrice: prices,
            newPrice: prices,
            amount: positiveAmounts,
            tenureMonths: fc.integer({ min: 36, max: 600 }),
          },
          { requiredKeys: ['code', 'arisenOn'] },
        ),
        { maxLength: 3 },
      ),
      offer: fc.record(
        {
          name: productNames,
          benefit: fc.oneof(
            fc.record({
              type: fc.constant('tariff'),
              tariffId: ids,
              component: fc.constantFrom('energy', 'subscription'),
              price: prices,
              bindingMonths: fc.integer({ min: 0, max: 60 }),
            }),
            fc.record({
              type: fc.constant('discount'),
              percent: fc.integer({ min: 1, max: 100 }),
              months: fc.integer({ min: 1, max: 60 }),
            }),
            fc.record({ type: fc.constant('bonus'), amount: fc.integer({ min: 1, max: 1_000_000 }) }),
          ),
          price: prices,
          annualCost: positiveAmounts,
          annualSaving: amounts,
          bindingMonths: fc.integer({ min: 0, max: 60 }),
          validUntil: dates,
        },
        { requiredKeys: ['name'] },
      ),
      annualValue: amounts,
      value: fc.record(
        {
          currentPrice: prices,
          annualConsumption: fc.integer({ min: 0, max: 1_000_000 }),
          invoicedLast12Months: positiveAmounts,
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: ['offerId', 'reasons'] },
  );
}

/** Campaign content as the contract accepts it: an SMS that fits with a 20-character name and the stop line. */
function campaignFacts(): fc.Arbitrary<Record<string, unknown>> {
  const words = fc.stringMatching(/^[A-Za-z0-9 .,!?æøåÆØÅ]{1,60}$/);
  return fc.record(
    {
      campaignId: ids,
      runAt: instants,
      contentLocale: fc.constantFrom(...LOCALES),
      content: fc.record(
        {
          subject: words,
          heading: words,
          paragraphs: fc.array(words, { minLength: 1, maxLength: 3 }),
          action: fc.record({ text: words, url: fc.constant('https://stille.example/offer') }),
          sms: fc.stringMatching(/^[A-Za-z0-9 .,!?]{1,300}$/).map((text) => `Hei {firstName}! ${text}`),
        },
        { requiredKeys: ['subject', 'heading', 'paragraphs'] },
      ),
    },
    { requiredKeys: ['campaignId', 'runAt', 'contentLocale', 'content'] },
  );
}

const FACTS: Record<MessageKind, () => fc.Arbitrary<Record<string, unknown>>> = {
  'invoice-explanation': invoiceFacts,
  'price-change-notice': priceChangeFacts,
  'support-delay-notice': supportDelayFacts,
  'survey-request': surveyFacts,
  'retention-offer': retentionFacts,
  'campaign-message': campaignFacts,
};

describe('every SMS fits in three segments', () => {
  it.each(Object.keys(FACTS) as MessageKind[])(
    'renders %s within three segments for long names, long ids and large amounts',
    (kind) => {
      fc.assert(
        fc.property(
          names,
          FACTS[kind](),
          fc.constantFrom(...LOCALES, 'nb', 'fi-FI'),
          zones,
          markets,
          links,
          fc.boolean(),
          fc.constantFrom(undefined, 'consent', 'existing-customer' as const),
          (name, facts, locale, timeZone, market, link, twoWaySms, marketingBasis) => {
            const rendered = renderMessage({
              kind,
              locale,
              channel: 'sms',
              customer: customer({ name, timeZone, market, ...(marketingBasis ? { marketingBasis } : {}) }),
              facts,
              links: { unsubscribe: link, answers: { survey: link }, offer: link },
              twoWaySms,
            });
            const count = countSegments(rendered.text);
            expect(count.segments).toBeGreaterThanOrEqual(1);
            expect(count.segments).toBeLessThanOrEqual(MAX_SMS_SEGMENTS);
            expect(rendered.sms).toEqual({
              text: rendered.text,
              encoding: count.encoding,
              segments: count.segments,
            });
            // At most one link in an SMS, besides the opt-out link where a reply cannot reach stille.
            const optOut = !twoWaySms && PURPOSE_OF_KIND[kind] !== 'service' ? 1 : 0;
            expect((rendered.text.match(/https?:\/\//g) ?? []).length).toBeLessThanOrEqual(1 + optOut);
            // "Reply STOP" only where a reply reaches stille.
            if (PURPOSE_OF_KIND[kind] !== 'service') {
              if (twoWaySms) expect(rendered.text).toContain('STOP');
              else expect(rendered.text).not.toContain('STOP');
            }
          },
        ),
        { numRuns: 300 },
      );
    },
  );

  it('keeps the greeting personal when the name fits, even if it makes the SMS UCS-2', () => {
    const rendered = renderMessage({
      kind: 'survey-request',
      locale: 'nb-NO',
      channel: 'sms',
      customer: customer({ name: 'Áile Sara' }),
      facts: { surveyId: 's', trigger: 'ticket', scale: 'csat-5' },
      links: { answers: { survey: 'https://stille.example/s/1' } },
    });
    expect(rendered.text.startsWith('Hei Áile!')).toBe(true);
    expect(rendered.sms?.encoding).toBe('UCS-2');
  });

  it('leaves the name out as a last resort, when a UCS-2 name would not leave room for the required sentences', () => {
    const rendered = renderMessage({
      kind: 'retention-offer',
      locale: 'nb-NO',
      channel: 'sms',
      customer: customer({ name: 'Áile Sara' }),
      facts: { offerId: 'o', reasons: [], offer: { name: 'Fastpris 12 mnd', annualSaving: 1196.25 } },
      links: { offer: `https://min.kundeside.example/s/${'x'.repeat(64)}` },
      twoWaySms: true,
    });
    expect(rendered.text.startsWith('Hei! ')).toBe(true);
    expect(rendered.sms?.encoding).toBe('GSM-7');
    expect(rendered.text).toContain('Fastpris 12 mnd');
  });

  it('drops optional sentences before it gives up the name', () => {
    const rendered = renderMessage({
      kind: 'invoice-explanation',
      locale: 'nb-NO',
      channel: 'sms',
      customer: customer({ name: 'Áile Sara' }),
      facts: {
        invoiceId: 'inv-1',
        currency: 'NOK',
        amount: 1240.5,
        expectedAmount: 930.5,
        difference: 310,
        dueDate: '2027-01-20',
        causes: [{ code: 'consumption', amount: 310 }],
      },
      links: {},
    });
    expect(rendered.text.startsWith('Hei Áile!')).toBe(true);
    expect(rendered.sms?.encoding).toBe('UCS-2');
    expect(rendered.sms?.segments).toBeLessThanOrEqual(MAX_SMS_SEGMENTS);
    expect(rendered.text).toContain('Største årsak');
  });

  it.each(LOCALES)(
    'keeps the warning not to pay twice and the meter-reading ask when an invoice has every cause at the largest amounts (%s)',
    (locale) => {
      const big = 999_999.99;
      const rendered = renderMessage({
        kind: 'invoice-explanation',
        locale,
        channel: 'sms',
        customer: customer({ name: 'Áile Sara' }),
        facts: {
          invoiceId: `inv-${'9'.repeat(124)}`,
          currency: 'NOK',
          amount: -big,
          expectedAmount: big,
          difference: -2 * big,
          dueDate: '2027-01-20',
          estimatedReading: true,
          reasons: ['above-expected', 'duplicate', 'new-charge', 'estimated-reading'],
          basis: 'seasonal-profile',
          causes: [
            { code: 'consumption', amount: -2 * big },
            { code: 'price', amount: 0 },
            { code: 'fees', amount: 0 },
            {
              code: 'duplicate',
              amount: big,
              invoiceIds: ['inv-2026-12-c-100000001', 'inv-2026-11-c-100000001'],
            },
            {
              code: 'new-charge',
              amount: big,
              descriptions: ['Effekttariff og nettleie', 'Papirfakturagebyr 2027'],
            },
            { code: 'estimated-reading', amount: big },
          ],
        },
        links: {},
      });
      expect(rendered.sms?.segments).toBeLessThanOrEqual(MAX_SMS_SEGMENTS);
      expect(rendered.text).toContain('inv-2026-12-c-100000001');
      expect(rendered.text).toMatch(/to ganger|två gånger|twice|kahdesti|to gange/);
      expect(rendered.text).toMatch(
        /måleravlesning|mätarställning|meter reading|mittarilukema|måleraflæsning/,
      );
    },
  );

  it('stays GSM-7 for Norwegian and Swedish names and amounts', () => {
    for (const [name, locale, market] of [
      ['Bjørn Ærø', 'nb-NO', 'NO'],
      ['Åsa Öberg', 'sv-SE', 'SE'],
    ] as const) {
      const rendered = renderMessage({
        kind: 'support-delay-notice',
        locale,
        channel: 'sms',
        customer: customer({ name, market }),
        facts: { ticketId: 'T-1', responseDueAt: '2027-01-05T08:00:00Z', overdueHours: 1234 },
        links: {},
      });
      expect(rendered.sms?.encoding).toBe('GSM-7');
    }
  });
});
