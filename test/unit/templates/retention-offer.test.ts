import { describe, expect, it } from 'vitest';
import { DEFAULT_SENDER_PROFILES } from '#domain/config/sender-profile.ts';
import { marketingBasisOf, type RenderInput, renderMessage, TemplateError } from '#templates/index.ts';
import { CHROME } from '#templates/layout.ts';
import {
  calendarDate,
  customer,
  LOCALES,
  OFFER_LINK,
  plainNumber,
  smsForm,
  supportDelayFacts,
  UNSUBSCRIBE,
  unitPrice,
} from './fixtures.ts';

type Facts = Record<string, unknown>;

const NAME = {
  'nb-NO': 'Fastpris 24 måneder',
  'sv-SE': 'Fast pris 24 månader',
  'sv-FI': 'Fast pris 24 månader',
  'fi-FI': 'Kiinteä hinta 24 kk',
  'da-DK': 'Fast pris 24 måneder',
  'en-GB': 'Fixed price 24 months',
};

/** A fixed energy price of 0,95 for 24 months to a customer paying 1,02 for 16 000 kWh: 1 120 a year. */
function tariffEnergy(currency = 'NOK'): Facts {
  return {
    offerId: 'fix-24m-no',
    catalogId: '2027-03',
    productId: 'p-1',
    productKind: 'electricity',
    currency,
    reasons: ['binding-ending'],
    signals: [{ code: 'binding-ending', arisenOn: '2027-02-20', bindingEndsOn: '2027-04-20' }],
    offer: {
      name: NAME,
      validUntil: '2027-06-30',
      benefit: { type: 'tariff', tariffId: 'fix-24m', component: 'energy', price: 0.95, bindingMonths: 24 },
    },
    annualValue: 1120,
    value: {
      currentPrice: 1.02,
      offerPrice: 0.95,
      component: 'energy',
      annualConsumption: 16000,
      unit: 'kWh',
    },
  };
}

/** A mobile subscription at 299 a month for 12 months instead of 349: 600 a year. */
function tariffSubscription(currency = 'NOK'): Facts {
  return {
    offerId: 'mob-12m',
    productKind: 'mobile',
    currency,
    reasons: ['price-increase'],
    offer: {
      name: 'Mobil 12',
      validUntil: '2027-06-30',
      benefit: {
        type: 'tariff',
        tariffId: 'mob-12',
        component: 'subscription',
        price: 299,
        bindingMonths: 12,
      },
    },
    annualValue: 600,
    value: { currentPrice: 349, offerPrice: 299, component: 'subscription' },
  };
}

/** 10 % off broadband for 12 months, on 2 480 invoiced the last 12 months: 248. */
function discount(currency = 'NOK'): Facts {
  return {
    offerId: 'bb-10',
    productKind: 'broadband',
    currency,
    reasons: ['support-delay'],
    signals: [{ code: 'support-delay', arisenOn: '2027-01-05', ticketId: 'T-1' }],
    offer: {
      name: 'Rabatt 10',
      validUntil: '2027-06-30',
      benefit: { type: 'discount', percent: 10, months: 12 },
    },
    annualValue: 248,
    value: { invoicedLast12Months: 2480, percent: 10, months: 12 },
  };
}

/** A loyalty bonus of 500. */
function bonus(currency = 'NOK'): Facts {
  return {
    offerId: 'bonus-500',
    productKind: 'insurance',
    currency,
    reasons: ['long-tenure'],
    signals: [{ code: 'long-tenure', arisenOn: '2027-01-01', tenureMonths: 75 }],
    offer: { name: 'Bonus', validUntil: '2027-06-30', benefit: { type: 'bonus', amount: 500 } },
    annualValue: 500,
    value: { amount: 500 },
  };
}

const BENEFITS = { tariffEnergy, tariffSubscription, discount, bonus } as const;

function render(facts: Facts, overrides: Partial<RenderInput> = {}) {
  return renderMessage({
    kind: 'retention-offer',
    locale: 'en-GB',
    channel: 'email',
    customer: customer(),
    facts,
    links: { unsubscribe: UNSUBSCRIBE, offer: OFFER_LINK },
    ...overrides,
  });
}

/** Intl's whole-unit money, as "about …" writes it. */
function whole(locale: string, currency: string, amount: number): string {
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: 0,
    maximumFractionDigits: 0,
  }).format(amount);
}

/** No-break and narrow spaces, as Intl writes them, as plain spaces: the tests write plain ones. */
function plain(text: string | null | undefined): string {
  return (text ?? '').replace(/[\u00a0\u202f]/g, ' ');
}

function contains(actual: string | null | undefined, expected: string): void {
  expect(plain(actual)).toContain(plain(expected));
}

function lacks(actual: string | null | undefined, unexpected: string): void {
  expect(plain(actual)).not.toContain(plain(unexpected));
}

/** The text without its links (an URL may hold English words). */
function withoutUrls(text: string): string {
  return text.replace(/https?:\/\/\S+/g, '');
}

describe('retention offer: a tariff on energy', () => {
  it('names the fixed price per kWh, its term and today’s price, and the saving from their consumption', () => {
    const rendered = render(tariffEnergy());
    contains(
      rendered.text,
      'You get a fixed price of NOK 0.95 per kWh for 24 months (otherwise your price is NOK 1.02).',
    );
    contains(
      rendered.text,
      'With your consumption of about 16,000 kWh a year, that is about NOK 1,120 less a year.',
    );
    contains(rendered.text, 'You can accept the offer until 30 June 2027.');
    expect(plain(rendered.subject)).toBe(
      'An offer for you: Fixed price 24 months – about NOK 1,120 less a year',
    );
  });

  it('writes the numbers as the customer’s locale does (nb-NO)', () => {
    const rendered = render(tariffEnergy(), { locale: 'nb-NO' });
    const price = unitPrice('nb-NO', 'NOK', 0.95);
    const today = unitPrice('nb-NO', 'NOK', 1.02);
    contains(
      rendered.text,
      `Du får fastpris på ${price} per kWh i 24 måneder (ellers er prisen din ${today}).`,
    );
    contains(rendered.text, `rundt ${plainNumber('nb-NO', 16000)} kWh i året`);
    contains(rendered.text, `omtrent ${whole('nb-NO', 'NOK', 1120)} mindre i året`);
    contains(rendered.text, `til og med ${calendarDate('nb-NO', '2027-06-30')}`);
    contains(rendered.text, `Takk ja til tilbudet: ${OFFER_LINK}`);
  });

  it('offers one button to the confirmation page, and says it takes a confirmation there', () => {
    const rendered = render(tariffEnergy());
    expect(rendered.html?.match(/display:inline-block;padding:12px 22px/g)).toHaveLength(1);
    contains(rendered.html, `href="${OFFER_LINK}"`);
    contains(rendered.text, `Accept the offer: ${OFFER_LINK}`);
    contains(rendered.text, 'You confirm on the next page');
    contains(rendered.text, 'If you do not want it, do nothing: your agreement stays as it is.');
  });

  it('says "no commitment" for a tariff without binding', () => {
    const facts = tariffEnergy();
    const offer = facts.offer as Facts;
    const rendered = render({
      ...facts,
      offer: { ...offer, benefit: { ...(offer.benefit as Facts), bindingMonths: 0 } },
    });
    contains(rendered.text, 'a fixed price of NOK 0.95 per kWh with no commitment');
  });
});

describe('retention offer: a tariff on the subscription', () => {
  it('names the monthly price and the year’s value without a consumption', () => {
    const rendered = render(tariffSubscription());
    contains(
      rendered.text,
      'You get a fixed price of NOK 299.00 a month for 12 months (otherwise your price is NOK 349.00).',
    );
    contains(rendered.text, 'That is about NOK 600 less a year for you.');
    lacks(rendered.text, 'kWh');
  });

  it('says it in Swedish, in kronor', () => {
    const rendered = render(tariffSubscription('SEK'), {
      locale: 'sv-SE',
      customer: customer({ market: 'SE' }),
    });
    contains(
      rendered.text,
      `Du får fast pris på ${unitPrice('sv-SE', 'SEK', 299)} per månad i 12 månader (annars är ditt pris ${unitPrice('sv-SE', 'SEK', 349)}).`,
    );
    contains(rendered.text, `ungefär ${whole('sv-SE', 'SEK', 600)} mindre per år`);
  });
});

describe('retention offer: a discount', () => {
  it('names the percentage, the product’s invoices and the months, and the value from what they paid', () => {
    const rendered = render(discount());
    contains(rendered.text, 'You get 10% off your broadband invoices for 12 months.');
    contains(
      rendered.text,
      'Based on what you paid the last 12 months, NOK 2,480.00, that is about NOK 248 less over a year.',
    );
  });

  it('says it in Finnish, in euros', () => {
    const rendered = render(discount('EUR'), { locale: 'fi-FI', customer: customer({ market: 'FI' }) });
    contains(rendered.text, 'Saat 10 %:n alennuksen laajakaistalaskuistasi 12 kuukauden ajan.');
    contains(rendered.text, `noin ${whole('fi-FI', 'EUR', 248)} vähemmän`);
    contains(rendered.text, calendarDate('fi-FI', '2027-06-30'));
  });

  it('says "your invoices" when the product kind is not known', () => {
    const { productKind: _, ...facts } = discount();
    contains(render(facts).text, 'You get 10% off your invoices for 12 months.');
  });
});

describe('retention offer: a bonus', () => {
  it('names the amount and where it goes, and claims no yearly saving', () => {
    const rendered = render(bonus());
    contains(rendered.text, 'You get a loyalty bonus of NOK 500, deducted from your next invoice.');
    lacks(rendered.text, 'less a year');
    expect(plain(rendered.subject)).toBe('An offer for you: Bonus – NOK 500 off your next invoice');
  });

  it('says it in Danish, in kroner', () => {
    const rendered = render(bonus('DKK'), { locale: 'da-DK', customer: customer({ market: 'DK' }) });
    contains(
      rendered.text,
      `Du får en loyalitetsbonus på ${whole('da-DK', 'DKK', 500)}, som trækkes fra din næste regning.`,
    );
  });
});

describe('retention offer: never a saving it is not', () => {
  it.each([
    ['negative', -50],
    ['zero', 0],
    ['less than a whole krone', 0.4],
    ['absent', undefined],
  ])('claims no saving when the annual value is %s', (_, annualValue) => {
    for (const make of [tariffEnergy, tariffSubscription, discount]) {
      const { annualValue: __, ...facts } = make();
      const withValue = annualValue === undefined ? facts : { ...facts, annualValue };
      const email = render(withValue);
      const sms = render(withValue, { channel: 'sms' });
      expect(email.text).not.toMatch(/less a year|less over a year|you save/i);
      lacks(email.subject, '–');
      expect(sms.text).not.toMatch(/less a year|you save/i);
      lacks(email.text, '-50');
      contains(email.text, 'You get ');
    }
  });

  it('shows the older facts’ saving only when it is one', () => {
    const facts = {
      offerId: 'o',
      reasons: [],
      currency: 'NOK',
      offer: { name: 'Fastpris', price: 0.95, annualSaving: -10 },
    };
    const rendered = render(facts);
    expect(rendered.text).not.toMatch(/save/i);
    expect(plain(rendered.subject)).toBe('An offer for you: Fastpris');
  });
});

describe('retention offer: why now, in the customer’s own facts', () => {
  const signals = [
    { code: 'binding-ending', arisenOn: '2027-02-20', bindingEndsOn: '2027-04-20' },
    {
      code: 'price-increase',
      arisenOn: '2027-01-02',
      effectiveDate: '2027-02-01',
      oldPrice: 0.89,
      newPrice: 1.02,
      component: 'energy',
    },
    {
      code: 'high-invoice',
      arisenOn: '2027-01-05',
      invoiceId: 'inv-1',
      amount: 1240.5,
      expectedAmount: 930.5,
    },
    { code: 'support-delay', arisenOn: '2027-03-05', ticketId: 'T-1' },
    { code: 'detractor', arisenOn: '2027-02-09', scale: 'csat-5', score: 2 },
    { code: 'long-tenure', arisenOn: '2027-01-09', tenureMonths: 75 },
  ];

  it.each([
    [0, 'The commitment period of your agreement ends on 20 April 2027.'],
    [1, 'From 1 February 2027, your price per kWh is NOK 1.02, up from NOK 0.89.'],
    [
      2,
      'The invoice you got in January 2027, of NOK 1,240.50, was higher than usual (usually about NOK 930.50).',
    ],
    [3, 'In March 2027, you waited longer than we promised for an answer to your case.'],
    [4, 'In February 2027, you told us that you were not happy with us.'],
    [5, 'You have been with us for 6 years.'],
  ])('says signal %i in one sentence with its date or number', (index, sentence) => {
    const signal = signals[index] as Facts;
    const rendered = render({ ...tariffEnergy(), reasons: [signal.code], signals: [signal] });
    contains(rendered.text, sentence);
  });

  it('says each signal in Norwegian with the date as nb-NO writes it', () => {
    const rendered = render({ ...tariffEnergy(), reasons: [], signals }, { locale: 'nb-NO' });
    contains(rendered.text, `Bindingstiden på avtalen din går ut ${calendarDate('nb-NO', '2027-04-20')}.`);
    contains(
      rendered.text,
      `Fra ${calendarDate('nb-NO', '2027-02-01')} er prisen din per kWh ${unitPrice('nb-NO', 'NOK', 1.02)}, opp fra ${unitPrice('nb-NO', 'NOK', 0.89)}.`,
    );
    contains(rendered.text, 'Fakturaen du fikk i januar 2027');
    contains(rendered.text, 'I mars 2027 måtte du vente lenger');
    contains(rendered.text, 'I februar 2027 fortalte du oss at du ikke var fornøyd med oss.');
    contains(rendered.text, 'Du har vært kunde hos oss i 6 år.');
  });

  it('falls back to the reason codes in general words when there are no signals', () => {
    const rendered = render({
      ...tariffEnergy(),
      reasons: ['price-increase', 'detractor'],
      signals: undefined,
    });
    contains(rendered.text, 'Your price went up recently.');
    contains(rendered.text, 'You recently told us that you were not happy with us.');
  });

  it('names a signal once, and a reason’s own words before ours', () => {
    const rendered = render({
      ...tariffEnergy(),
      reasons: [{ code: 'binding-ending', text: { 'en-GB': 'Your fixed price ends soon.' } }],
    });
    contains(rendered.text, 'Your fixed price ends soon.');
    lacks(rendered.text, 'commitment period of your agreement ends');
  });
});

describe('retention offer: every locale and every benefit', () => {
  const ENGLISH = /\b(the|you|your|offer|invoice|accept|year|month|with|less|get)\b/i;

  it.each(
    LOCALES.flatMap((locale) =>
      Object.entries(BENEFITS).flatMap(([benefit, make]) =>
        (['email', 'sms'] as const).map((channel) => ({ locale, benefit, make, channel })),
      ),
    ),
  )('renders $benefit in $locale ($channel), in its own words', ({ locale, make, channel }) => {
    const rendered = render(make(), { locale, channel, twoWaySms: false });
    expect(rendered.text).not.toMatch(/\bundefined\b|\bnull\b|\bNaN\b|\[object/);
    if (locale !== 'en-GB') expect(withoutUrls(rendered.text)).not.toMatch(ENGLISH);
    if (channel === 'sms') {
      expect(rendered.sms?.segments).toBeLessThanOrEqual(3);
      contains(rendered.text, OFFER_LINK);
      contains(rendered.text, UNSUBSCRIBE);
    } else {
      contains(rendered.html, `href="${OFFER_LINK}"`);
      contains(rendered.text, calendarDate(locale, '2027-06-30'));
    }
  });
});

describe('retention offer: SMS', () => {
  it('says greeting, the offer, its worth, until when, the link and how to opt out, in at most 3 segments', () => {
    const rendered = render(tariffEnergy(), { channel: 'sms', locale: 'nb-NO' });
    contains(rendered.text, 'Hei Kari!');
    contains(rendered.text, 'Fastpris 24 måneder');
    contains(rendered.text, smsForm(`omtrent ${whole('nb-NO', 'NOK', 1120)} mindre i året`));
    contains(rendered.text, `Se og takk ja her: ${OFFER_LINK}`);
    contains(rendered.text, UNSUBSCRIBE);
    expect(rendered.sms?.segments).toBeLessThanOrEqual(3);
    expect(rendered.sms?.encoding).toBe('GSM-7');
  });

  it('stays within 3 segments with a long link, dropping what it can do without', () => {
    for (const locale of LOCALES) {
      for (const make of Object.values(BENEFITS)) {
        const rendered = render(make(), {
          channel: 'sms',
          locale,
          links: {
            unsubscribe: `${UNSUBSCRIBE}&x=${'y'.repeat(40)}`,
            offer: `${OFFER_LINK}?t=${'z'.repeat(40)}`,
          },
          customer: customer({ marketingBasis: 'existing-customer' }),
        });
        expect(rendered.sms?.segments).toBeLessThanOrEqual(3);
      }
    }
  });
});

describe('retention offer: without a link, or without an offer', () => {
  it('shows no button and promises no confirmation page without a link; it gives the phone instead', () => {
    const rendered = render(tariffEnergy(), { links: {} });
    const phone = DEFAULT_SENDER_PROFILES.NO.phone;
    lacks(rendered.html, 'display:inline-block;padding:12px 22px');
    lacks(rendered.text, 'next page');
    contains(rendered.text, `If you would like the offer, call us on ${phone}`);
  });

  it('says how to reach customer service when there is no offer, and never "Get in touch"', () => {
    const rendered = render({ offerId: 'o', reasons: ['price-increase'] }, { links: {} });
    const sender = DEFAULT_SENDER_PROFILES.NO;
    contains(rendered.text, 'Your price went up recently.');
    contains(rendered.text, `call us on ${sender.phone}`);
    contains(rendered.text, `or go to ${sender.web}.`);
    lacks(rendered.text, 'Get in touch');
    lacks(rendered.subject, 'offer');
    const nb = render({ offerId: 'o', reasons: [] }, { links: {}, locale: 'nb-NO' });
    lacks(nb.text, 'Ta kontakt');
    contains(nb.text, `ringe oss på ${sender.phone}`);
  });

  it('still renders the older facts: an offer with a price and a saving only, as a table', () => {
    const rendered = render(
      {
        offerId: 'o',
        currency: 'NOK',
        reasons: ['binding-ending'],
        offer: { name: 'Fastpris 12 mnd', price: 0.95, component: 'energy', annualSaving: 1196.25 },
      },
      { locale: 'nb-NO' },
    );
    contains(rendered.text, `Pris: ${unitPrice('nb-NO', 'NOK', 0.95)} per kWh`);
    contains(rendered.text, 'Med Fastpris 12 mnd sparer du');
    contains(rendered.text, 'Bindingstiden på avtalen din går snart ut.');
    const sms = render(
      {
        offerId: 'o',
        currency: 'NOK',
        reasons: [],
        offer: { name: 'Fastpris 12 mnd', annualSaving: 1196.25 },
      },
      { locale: 'nb-NO', channel: 'sms' },
    );
    contains(sms.text, 'Du sparer 1 196,25 kr i året.');
  });
});

describe('retention offer: HTML safety', () => {
  it('escapes an offer name with markup in every part of the email', () => {
    const facts = {
      ...tariffEnergy(),
      offer: { ...(tariffEnergy().offer as Facts), name: '<script>alert(1)</script>' },
    };
    const rendered = render(facts);
    lacks(rendered.html, '<script>');
    contains(rendered.html, '&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('retention offer: facts', () => {
  it('rejects a benefit of an unknown type, naming it', () => {
    const facts = { ...bonus(), offer: { name: 'X', benefit: { type: 'voucher', amount: 1 } } };
    expect(() => render(facts)).toThrow(TemplateError);
    expect(() => render(facts)).toThrow(/facts\.offer\.benefit/);
  });

  it('rejects a signal of an unknown code', () => {
    const facts = { ...bonus(), signals: [{ code: 'churn-score', arisenOn: '2027-01-01' }] };
    expect(() => render(facts)).toThrow(/facts\.signals\[0\]\.code/);
  });
});

describe('the existing-customer footer', () => {
  const FOOTER =
    'You get this offer because you are our customer. You can say no to offers like this at any time, free of charge.';

  it('tells a customer on the existing-customer basis why they get it and how to say no, in email and text', () => {
    const rendered = render(tariffEnergy(), { customer: customer({ marketingBasis: 'existing-customer' }) });
    contains(rendered.text, `${FOOTER}\nUnsubscribe: ${UNSUBSCRIBE}`);
    contains(rendered.html, FOOTER);
    contains(rendered.html, `href="${UNSUBSCRIBE.replace(/&/g, '&amp;')}"`);
    lacks(rendered.text, 'because you agreed to receive offers');
  });

  it('says how to say no without a link', () => {
    const rendered = render(tariffEnergy(), {
      customer: customer({ marketingBasis: 'existing-customer' }),
      links: { offer: OFFER_LINK },
    });
    contains(rendered.text, `${FOOTER} Reply to this email or call us to say no.`);
  });

  it('is in every locale', () => {
    for (const locale of LOCALES) {
      const words = CHROME[locale].existingCustomerFooter;
      const basis = render(tariffEnergy(), {
        locale,
        customer: customer({ marketingBasis: 'existing-customer' }),
      });
      const consent = render(tariffEnergy(), { locale, customer: customer({ marketingBasis: 'consent' }) });
      contains(basis.text, words);
      contains(basis.html, words);
      lacks(basis.text, CHROME[locale].footer.marketing);
      lacks(consent.text, words);
      contains(consent.text, CHROME[locale].footer.marketing);
    }
    expect(
      render(tariffEnergy(), { locale: 'nb-NO', customer: customer({ marketingBasis: 'existing-customer' }) })
        .text,
    ).toContain('Du får dette tilbudet fordi du er kunde hos oss.');
  });

  it('is absent on consent, when the basis is not given, and from service messages', () => {
    expect(render(tariffEnergy(), { customer: customer({ marketingBasis: 'consent' }) }).text).not.toContain(
      FOOTER,
    );
    expect(render(tariffEnergy()).text).not.toContain(FOOTER);
    const service = renderMessage({
      kind: 'support-delay-notice',
      locale: 'en-GB',
      channel: 'email',
      customer: customer({ marketingBasis: 'existing-customer' }),
      facts: supportDelayFacts(),
      links: {},
    });
    lacks(service.text, 'because you are our customer');
  });

  it('is in the SMS, short, when there is room', () => {
    const sms = render(tariffEnergy(), {
      channel: 'sms',
      customer: customer({ marketingBasis: 'existing-customer' }),
    });
    contains(sms.text, 'You get this because you are our customer.');
    const consent = render(tariffEnergy(), { channel: 'sms' });
    lacks(consent.text, 'because you are our customer');
  });
});

describe('marketingBasisOf', () => {
  const consenting = { customerId: 'c', consents: { marketing: true } };
  const notConsenting = { customerId: 'c', consents: { marketing: false } };

  it('is consent for a customer who consented, allowed or not', () => {
    expect(marketingBasisOf(consenting, 'marketing', true)).toBe('consent');
    expect(marketingBasisOf(consenting, 'marketing', false)).toBe('consent');
  });

  it('is the existing-customer basis without consent only where the market allows it', () => {
    expect(marketingBasisOf(notConsenting, 'marketing', true)).toBe('existing-customer');
    expect(marketingBasisOf(notConsenting, 'marketing', false)).toBeUndefined();
  });

  it('tells the customer how to say no when their consents are not known and the exception is allowed', () => {
    expect(marketingBasisOf({ customerId: 'c' }, 'marketing', true)).toBe('existing-customer');
    expect(marketingBasisOf({ customerId: 'c' }, 'marketing', false)).toBe('consent');
  });

  it('is nothing for service and survey messages', () => {
    expect(marketingBasisOf(notConsenting, 'service', true)).toBeUndefined();
    expect(marketingBasisOf(consenting, 'survey', true)).toBeUndefined();
  });
});

describe('retention offer: every amount comes from the facts', () => {
  // Every money amount nb-NO writes: digits with no-break-space grouping, optional decimals, `kr`.
  const MONEY_IN_NB = /\d{1,3}(?:\u00a0\d{3})*(?:,\d{2,4})?\u00a0kr/gu;

  it.each(Object.entries(BENEFITS))('shows no amount in a %s offer that is not in its facts', (_, make) => {
    const facts = make();
    const numbers: number[] = [];
    const collect = (value: unknown): void => {
      if (typeof value === 'number') numbers.push(value);
      else if (Array.isArray(value)) value.forEach(collect);
      else if (typeof value === 'object' && value !== null) Object.values(value).forEach(collect);
    };
    collect(facts);
    const allowed = new Set(
      numbers.flatMap((amount) => [
        unitPrice('nb-NO', 'NOK', amount),
        whole('nb-NO', 'NOK', amount),
        new Intl.NumberFormat('nb-NO', { style: 'currency', currency: 'NOK' }).format(amount),
      ]),
    );
    const rendered = render(facts, { locale: 'nb-NO' });
    const shown = [...rendered.text.matchAll(MONEY_IN_NB)].map((match) => match[0]);
    expect(shown.length).toBeGreaterThan(0);
    for (const amount of shown) expect(allowed).toContain(amount);
  });
});
