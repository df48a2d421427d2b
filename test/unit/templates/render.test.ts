import { describe, expect, it } from 'vitest';
import { countSegments } from '#domain/messaging/sms-segments.ts';
import { MAX_SMS_SEGMENTS, renderMessage, TEMPLATE_LOCALES } from '#templates/index.ts';
import {
  CAMPAIGN_WORDS,
  CHANNELS,
  calendarDate,
  customer,
  inputFor,
  invoiceFacts,
  KINDS,
  LOCALES,
  money,
  plainNumber,
  priceChangeFacts,
  retentionFacts,
  smsForm,
  supportDelayFacts,
  unitPrice,
  wallClock,
} from './fixtures.ts';

/** The formatted facts both the email and the SMS must contain, per locale. */
function expectedFigures(kind: (typeof KINDS)[number], locale: string): string[] {
  switch (kind) {
    case 'invoice-explanation':
      return [
        money(locale, 'NOK', 1240.5),
        money(locale, 'NOK', 310),
        money(locale, 'NOK', 214.5, true),
        calendarDate(locale, '2027-01-20'),
      ];
    case 'price-change-notice':
      return [
        unitPrice(locale, 'NOK', 0.89),
        unitPrice(locale, 'NOK', 1.0225),
        calendarDate(locale, '2027-02-01'),
        money(locale, 'NOK', 182.19),
      ];
    case 'support-delay-notice':
      return [wallClock(locale, 'Europe/Oslo', '2027-01-05T08:00:00Z'), plainNumber(locale, 26)];
    case 'survey-request':
      return [];
    case 'retention-offer':
      return [money(locale, 'NOK', 1196.25)];
    case 'campaign-message':
      return [];
  }
}

/** Figures only the email has room for. */
function emailOnlyFigures(kind: (typeof KINDS)[number], locale: string): string[] {
  switch (kind) {
    case 'invoice-explanation':
      return [
        money(locale, 'NOK', 930.5),
        money(locale, 'NOK', 75.5, true),
        money(locale, 'NOK', 20, true),
        unitPrice(locale, 'NOK', 0.62),
        unitPrice(locale, 'NOK', 0.5675),
        plainNumber(locale, 1650),
        plainNumber(locale, 1230),
        'inv-2027-01-c-1001',
      ];
    case 'price-change-notice':
      return [
        money(locale, 'NOK', 14685),
        money(locale, 'NOK', 16871.25),
        money(locale, 'NOK', 15675),
        money(locale, 'NOK', 1196.25),
        unitPrice(locale, 'NOK', 0.95),
        plainNumber(locale, 16500),
        plainNumber(locale, 43),
      ];
    case 'support-delay-notice':
      return ['T-48213'];
    case 'survey-request':
      return [];
    case 'retention-offer':
      return [
        money(locale, 'NOK', 15675),
        unitPrice(locale, 'NOK', 0.95),
        calendarDate(locale, '2027-03-31'),
      ];
    case 'campaign-message':
      return [CAMPAIGN_WORDS[locale as keyof typeof CAMPAIGN_WORDS].heading];
  }
}

describe('renderMessage: the locales the tests cover', () => {
  it('are every template locale, so a locale added without its tests fails here', () => {
    expect([...LOCALES].sort()).toEqual([...TEMPLATE_LOCALES].sort());
  });

  it.each(
    KINDS.flatMap((kind) =>
      LOCALES.flatMap((locale) => CHANNELS.map((channel) => ({ kind, locale, channel }))),
    ),
  )('writes no missing word in $kind ($locale, $channel)', ({ kind, locale, channel }) => {
    const rendered = renderMessage(inputFor(kind, { locale, channel }));
    for (const part of [rendered.subject, rendered.text, rendered.html ?? '']) {
      expect(part).not.toMatch(/undefined|\bnull\b|NaN|\[object Object\]|\.\.(?!\.)|\s[.,]\s/);
    }
    if (channel === 'email') {
      expect(rendered.text).not.toMatch(/\n\n\n/);
      expect(rendered.html).not.toMatch(/<p[^>]*>\s*<\/p>/);
    }
  });
});

describe('renderMessage: every kind in every locale and channel', () => {
  const cases = KINDS.flatMap((kind) =>
    LOCALES.flatMap((locale) => CHANNELS.map((channel) => ({ kind, locale, channel }))),
  );

  it.each(cases)(
    'renders $kind in $locale by $channel with the facts formatted for the locale',
    ({ kind, locale, channel }) => {
      const rendered = renderMessage(inputFor(kind, { locale, channel }));
      expect(rendered.locale).toBe(locale);
      expect(rendered.subject.trim()).not.toBe('');
      expect(rendered.subject).not.toMatch(/[\r\n]/);
      if (channel === 'email') {
        expect(rendered.sms).toBeNull();
        expect(rendered.html).toContain('<!doctype html>');
        expect(rendered.html).toContain(`lang="${locale}"`);
        expect(rendered.text).toContain('Kari');
        for (const figure of [...expectedFigures(kind, locale), ...emailOnlyFigures(kind, locale)]) {
          expect(rendered.text).toContain(figure);
          expect(rendered.html).toContain(figure);
        }
      } else {
        expect(rendered.html).toBeNull();
        expect(rendered.sms).not.toBeNull();
        expect(rendered.sms?.text).toBe(rendered.text);
        expect(rendered.text).toContain('Kari');
        for (const figure of expectedFigures(kind, locale)) expect(rendered.text).toContain(smsForm(figure));
        const count = countSegments(rendered.text);
        expect(rendered.sms?.segments).toBe(count.segments);
        expect(rendered.sms?.encoding).toBe('GSM-7');
        expect(count.segments).toBeLessThanOrEqual(MAX_SMS_SEGMENTS);
      }
    },
  );

  it('writes money as Intl does for each locale: nb-NO and sv-SE with a no-break space, en-GB with the code', () => {
    const nb = renderMessage(inputFor('invoice-explanation', { locale: 'nb-NO' }));
    const sv = renderMessage(
      inputFor('invoice-explanation', {
        locale: 'sv-SE',
        customer: customer({ market: 'SE', timeZone: 'Europe/Stockholm' }),
        facts: { ...invoiceFacts(), currency: 'SEK' },
      }),
    );
    const en = renderMessage(inputFor('invoice-explanation', { locale: 'en-GB' }));
    const nbAmount = money('nb-NO', 'NOK', 1240.5);
    const svAmount = money('sv-SE', 'SEK', 1240.5);
    const enAmount = money('en-GB', 'NOK', 1240.5);
    expect(nbAmount.replace(/\s/g, ' ')).toBe('1 240,50 kr');
    expect(svAmount.replace(/\s/g, ' ')).toBe('1 240,50 kr');
    expect(enAmount.replace(/\s/g, ' ')).toBe('NOK 1,240.50');
    expect(nb.text).toContain(nbAmount);
    expect(sv.text).toContain(svAmount);
    expect(en.text).toContain(enAmount);
  });

  it('shows a price per kWh with up to four decimals and at least two', () => {
    const rendered = renderMessage(inputFor('price-change-notice', { locale: 'nb-NO' }));
    expect(rendered.text).toContain(`${unitPrice('nb-NO', 'NOK', 1.0225)} per kWh`);
    expect(unitPrice('nb-NO', 'NOK', 1.0225)).toMatch(/1,0225/);
    expect(rendered.text).toContain(`${unitPrice('nb-NO', 'NOK', 0.89)} per kWh`);
    expect(unitPrice('nb-NO', 'NOK', 0.89)).toMatch(/0,89/);
  });

  it('shows a plain date as the calendar date it names, whatever the customer time zone', () => {
    const farWest = renderMessage(
      inputFor('price-change-notice', { customer: customer({ timeZone: 'Pacific/Honolulu' }) }),
    );
    const farEast = renderMessage(
      inputFor('price-change-notice', { customer: customer({ timeZone: 'Pacific/Kiritimati' }) }),
    );
    const date = calendarDate('nb-NO', '2027-02-01');
    expect(farWest.subject).toContain(date);
    expect(farEast.subject).toContain(date);
  });

  it("shows an instant on the customer's wall clock", () => {
    const oslo = renderMessage(inputFor('support-delay-notice'));
    const helsinki = renderMessage(
      inputFor('support-delay-notice', { customer: customer({ timeZone: 'Europe/Helsinki' }) }),
    );
    expect(oslo.text).toContain(wallClock('nb-NO', 'Europe/Oslo', '2027-01-05T08:00:00Z'));
    expect(helsinki.text).toContain(wallClock('nb-NO', 'Europe/Helsinki', '2027-01-05T08:00:00Z'));
    expect(wallClock('nb-NO', 'Europe/Oslo', '2027-01-05T08:00:00Z')).not.toBe(
      wallClock('nb-NO', 'Europe/Helsinki', '2027-01-05T08:00:00Z'),
    );
  });

  it('uses the currency the input gives when the facts carry none, else the market currency', () => {
    const { currency: _dropped, ...withoutCurrency } = invoiceFacts();
    const given = renderMessage(inputFor('invoice-explanation', { facts: withoutCurrency, currency: 'EUR' }));
    expect(given.text).toContain(money('nb-NO', 'EUR', 1240.5));
    const swedish = renderMessage(
      inputFor('invoice-explanation', {
        locale: 'sv-SE',
        facts: withoutCurrency,
        customer: customer({ market: 'SE', timeZone: 'Europe/Stockholm' }),
      }),
    );
    expect(swedish.text).toContain(money('sv-SE', 'SEK', 1240.5));
  });
});

describe('renderMessage: locales', () => {
  it.each([
    ['nb', 'nb-NO'],
    ['no', 'nb-NO'],
    ['nn-NO', 'nb-NO'],
    ['nb-NO', 'nb-NO'],
    ['sv', 'sv-SE'],
    ['sv-FI', 'sv-FI'],
    ['sv-AX', 'sv-FI'],
    ['en-US', 'en-GB'],
    ['fi', 'fi-FI'],
    ['fi-FI', 'fi-FI'],
    ['da', 'da-DK'],
    ['da-DK', 'da-DK'],
    ['de-DE', 'en-GB'],
    ['not a locale!', 'en-GB'],
  ])('renders locale %s with the %s templates', (requested, resolved) => {
    const rendered = renderMessage(inputFor('support-delay-notice', { locale: requested }));
    const reference = renderMessage(inputFor('support-delay-notice', { locale: resolved }));
    expect(rendered.locale).toBe(resolved);
    expect(rendered.subject).toBe(reference.subject);
    expect(rendered.text).toBe(reference.text);
  });

  it('writes Swedish to a customer in Finland as Finland-Swedish, and a bare "fi" or "da" in its language', () => {
    const finn = customer({ market: 'FI', timeZone: 'Europe/Helsinki' });
    expect(renderMessage(inputFor('support-delay-notice', { locale: 'sv', customer: finn })).locale).toBe(
      'sv-FI',
    );
    expect(renderMessage(inputFor('support-delay-notice', { locale: 'sv' })).locale).toBe('sv-SE');
    expect(renderMessage(inputFor('support-delay-notice', { locale: 'sv-SE', customer: finn })).locale).toBe(
      'sv-SE',
    );
  });

  it('writes each locale in its own words', () => {
    const subjects = new Set(
      ['nb-NO', 'sv-SE', 'en-GB', 'fi-FI', 'sv-FI', 'da-DK'].map(
        (locale) => renderMessage(inputFor('support-delay-notice', { locale })).text,
      ),
    );
    expect(subjects.size).toBe(6);
  });
});

describe('renderMessage: what the messages say', () => {
  it('greets a household customer by first name and a business by its name', () => {
    const household = renderMessage(inputFor('support-delay-notice'));
    expect(household.text.split('\n')[0]).toBe('Hei Kari,');
    const business = renderMessage(
      inputFor('support-delay-notice', {
        customer: customer({ name: 'Nordmann Bygg AS', segment: 'business' }),
      }),
    );
    expect(business.text.split('\n')[0]).toBe('Hei Nordmann Bygg AS,');
  });

  it('explains a lower invoice as lower, with the difference in its sign', () => {
    const facts = {
      ...invoiceFacts(),
      amount: 820,
      expectedAmount: 930.5,
      difference: -110.5,
      causes: [
        { code: 'consumption', amount: -130.5 },
        { code: 'fees', amount: 20 },
      ],
    };
    const rendered = renderMessage(inputFor('invoice-explanation', { locale: 'en-GB', facts }));
    expect(rendered.subject).toContain('lower');
    expect(rendered.text).toContain(`${money('en-GB', 'NOK', 110.5)} less`);
    expect(rendered.text).toContain(money('en-GB', 'NOK', -130.5, true));
    const sms = renderMessage(inputFor('invoice-explanation', { locale: 'en-GB', facts, channel: 'sms' }));
    expect(sms.text).toContain('lower consumption');
  });

  it('mentions the right to cancel only when the customer has it', () => {
    const withRight = renderMessage(inputFor('price-change-notice', { locale: 'en-GB' }));
    expect(withRight.text).toContain('right to cancel');
    const without = renderMessage(
      inputFor('price-change-notice', {
        locale: 'en-GB',
        facts: { ...priceChangeFacts(), terminationRight: false },
      }),
    );
    expect(without.text).not.toContain('cancel');
  });

  it('says the right to cancel is free of charge, in every locale', () => {
    expect(renderMessage(inputFor('price-change-notice', { locale: 'en-GB' })).text).toContain(
      'free of charge',
    );
    expect(renderMessage(inputFor('price-change-notice', { locale: 'nb-NO' })).text).toContain(
      'kostnadsfritt',
    );
    expect(renderMessage(inputFor('price-change-notice', { locale: 'sv-SE' })).text).toContain(
      'utan kostnad',
    );
  });

  it('tells a customer whose date moved that the late notice gives them the later date', () => {
    const facts = {
      ...priceChangeFacts(),
      effectiveDate: '2027-03-11',
      announcedEffectiveDate: '2027-02-01',
      effectiveDateMoved: true,
    };
    const text = renderMessage(inputFor('price-change-notice', { locale: 'en-GB', facts })).text;
    expect(text).toContain('announced from 1 February 2027');
    expect(text).toContain('only from 11 March 2027');
    const onTime = renderMessage(inputFor('price-change-notice', { locale: 'en-GB' })).text;
    expect(onTime).not.toContain('announced from');
  });

  it('links each alternative that has a link, in the email and in the SMS', () => {
    const facts = priceChangeFacts();
    const alternatives = facts.alternatives as Array<Record<string, unknown>>;
    const withUrl = {
      ...facts,
      alternatives: [{ ...alternatives[0], url: 'https://kraft.example/bytt?a=1&b=<2>' }],
    };
    const email = renderMessage(inputFor('price-change-notice', { locale: 'en-GB', facts: withUrl }));
    expect(email.text).toContain('Choose this (https://kraft.example/bytt?a=1&b=<2>)');
    expect(email.html).toContain('href="https://kraft.example/bytt?a=1&amp;b=&lt;2&gt;"');
    expect(email.text).not.toContain('Get in touch if you would like to switch');
    const sms = renderMessage(
      inputFor('price-change-notice', { locale: 'en-GB', facts: withUrl, channel: 'sms' }),
    );
    expect(sms.text).toContain('https://kraft.example/bytt?a=1&b=<2>');
    const without = renderMessage(inputFor('price-change-notice', { locale: 'en-GB' }));
    expect(without.text).not.toContain('Choose this');
  });

  it('says when the annual consumption is scaled from a short history or a typical one', () => {
    const render = (consumptionBasis: string) =>
      renderMessage(
        inputFor('price-change-notice', {
          locale: 'en-GB',
          facts: { ...priceChangeFacts(), consumptionBasis },
        }),
      ).text;
    expect(render('twelve-months')).not.toMatch(/whole year|typical/);
    expect(render('short-history')).toContain('adjusted for the season');
    expect(render('typical')).toContain('typical annual consumption of 16,500 kWh');
  });

  it("prefers the provider's own words for a reason, in the customer's language", () => {
    const facts = {
      ...priceChangeFacts(),
      reasons: [
        {
          code: 'grid-fee',
          text: { 'nb-NO': 'Statnett øker sentralnettstariffen.', 'en-GB': 'The TSO raises its tariff.' },
        },
      ],
    };
    const nb = renderMessage(inputFor('price-change-notice', { facts }));
    expect(nb.text).toContain('Statnett øker sentralnettstariffen.');
    const sv = renderMessage(inputFor('price-change-notice', { locale: 'sv-SE', facts }));
    expect(sv.text).toContain('ändrade nätavgifter');
    expect(sv.text).not.toContain('TSO');
  });

  it('calls a second support-delay notice a second one', () => {
    const first = renderMessage(inputFor('support-delay-notice', { locale: 'en-GB' }));
    const second = renderMessage(
      inputFor('support-delay-notice', { locale: 'en-GB', facts: { ...supportDelayFacts(), notice: 2 } }),
    );
    // Not the word (the sender's brand, Stille, and its web address contain the letters).
    expect(first.text).not.toMatch(/\bstill\b/);
    expect(second.subject).toContain('still waiting');
    expect(second.text).toContain('still have not heard from us');
  });

  it('asks a CSAT question with five one-click answers and an NPS question with eleven', () => {
    const csat = renderMessage(inputFor('survey-request'));
    for (let score = 1; score <= 5; score++) {
      expect(csat.html).toContain(`href="https://stille.example/s/svy-2027-01-c-1001?score=${score}"`);
    }
    expect(csat.html).not.toContain('?score=0"');
    expect(csat.html).not.toContain('?score=6"');
    const nps = renderMessage(
      inputFor('survey-request', { facts: { surveyId: 'svy-2', trigger: 'renewal', scale: 'nps-10' } }),
    );
    for (let score = 0; score <= 10; score++) {
      expect(nps.html).toContain(`href="https://stille.example/s/svy-2027-01-c-1001?score=${score}"`);
      expect(nps.text).toContain(`https://stille.example/s/svy-2027-01-c-1001?score=${score}`);
    }
  });

  it('puts at most one link in a survey SMS from a two-way number: the survey page when there is one', () => {
    const withPage = renderMessage({ ...inputFor('survey-request', { channel: 'sms' }), twoWaySms: true });
    expect(withPage.text.match(/https?:\/\//g)).toHaveLength(1);
    expect(withPage.text).toContain('https://stille.example/s/svy-2027-01-c-1001');
    const withoutPage = renderMessage({
      ...inputFor('survey-request', { channel: 'sms', links: {} }),
      twoWaySms: true,
    });
    expect(withoutPage.text).not.toMatch(/https?:\/\//);
  });

  it('renders a retention message without an offer without inventing one', () => {
    const rendered = renderMessage(
      inputFor('retention-offer', {
        locale: 'en-GB',
        facts: { offerId: 'off-1', reasons: ['price-increase'] },
      }),
    );
    expect(rendered.subject).not.toContain('offer');
    expect(rendered.text).not.toContain('NOK');
    expect(rendered.html).not.toContain('NOK');
    expect(rendered.text).toContain('Your price went up recently.');
  });

  it('keeps internal reason codes without words out of the message', () => {
    const rendered = renderMessage(
      inputFor('retention-offer', {
        locale: 'en-GB',
        facts: { ...retentionFacts(), reasons: ['churn-score-high'] },
      }),
    );
    expect(rendered.text).not.toContain('churn');
    expect(rendered.html).not.toContain('churn');
  });
});

describe('renderMessage: every amount comes from the facts', () => {
  // Every money amount written in the message, as nb-NO writes it: optional sign, digits, `,dd kr`.
  const MONEY_IN_NB = /[+\u2212-]?\d{1,3}(?:\u00a0\d{3})*,\d{2,4}\u00a0kr/gu;

  function factAmounts(value: unknown, into: number[] = []): number[] {
    if (typeof value === 'number') into.push(value, Math.abs(value));
    else if (Array.isArray(value)) for (const item of value) factAmounts(item, into);
    else if (typeof value === 'object' && value !== null)
      for (const item of Object.values(value)) factAmounts(item, into);
    return into;
  }

  it.each(['invoice-explanation', 'price-change-notice', 'retention-offer'] as const)(
    'shows no amount in a %s that is not in its facts',
    (kind) => {
      const input = inputFor(kind);
      const allowed = new Set(
        factAmounts(input.facts).flatMap((amount) => [
          money('nb-NO', 'NOK', amount),
          money('nb-NO', 'NOK', amount, true),
          unitPrice('nb-NO', 'NOK', amount),
        ]),
      );
      const rendered = renderMessage(input);
      const shown = rendered.text.match(MONEY_IN_NB) ?? [];
      expect(shown.length).toBeGreaterThan(2);
      for (const amount of shown) expect(allowed).toContain(amount);
    },
  );
});
