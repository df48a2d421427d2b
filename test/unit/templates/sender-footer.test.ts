/**
 * Issue #13, item 5: every message says who we are and how to reach us. Every kind stille renders (all of
 * MESSAGE_KINDS, so a new kind is covered the day it is added), in every locale, by e-mail and SMS,
 * carries the market's brand and customer service's phone; e-mails also the opening hours, the
 * self-service address and that a reply reaches us; survey and marketing messages the postal address.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MARKETS_CONFIG,
  parseMarketsConfig,
  serializeMarketsConfig,
  settingsForMarket,
} from '#domain/config/markets.ts';
import {
  DEFAULT_SENDER_PROFILES,
  type SenderProfile,
  SenderProfileSchema,
} from '#domain/config/sender-profile.ts';
import { MARKETS, MESSAGE_KINDS } from '#domain/contracts/index.ts';
import { PURPOSE_OF_KIND } from '#domain/contracts/message-requested.ts';
import { renderMessage } from '#templates/index.ts';
import { finnishGenitive, senderFooterLines, senderSmsParts } from '#templates/sender-footer.ts';
import { CHANNELS, inputFor, LOCALES } from './fixtures.ts';

const ACME: SenderProfile = {
  brand: 'Acme Kraft',
  phone: '+47 22 33 44 55',
  openingHours: { weekdays: { open: '07:30', close: '20:00' }, saturday: { open: '10:00', close: '14:00' } },
  web: 'https://acme.example/minside',
  postalAddress: 'Acme Kraft AS, Postboks 42 Sentrum, 0101 Oslo',
  replyTo: 'svar@acme.example',
};

describe('the sender profile in every message', () => {
  const cases = MESSAGE_KINDS.flatMap((kind) =>
    LOCALES.flatMap((locale) => CHANNELS.map((channel) => ({ kind, locale, channel }))),
  );

  it.each(cases)(
    '$kind in $locale by $channel names the brand and how to reach us',
    ({ kind, locale, channel }) => {
      const rendered = renderMessage(inputFor(kind, { locale, channel, sender: ACME }));
      expect(rendered.text).toContain('Acme Kraft');
      expect(rendered.text).toContain('+47 22 33 44 55');
      if (channel === 'sms') return;
      const html = rendered.html ?? '';
      for (const part of [rendered.text, html]) {
        expect(part).toContain('Acme Kraft');
        expect(part).toContain('https://acme.example/minside');
        expect(part).toMatch(/(?:07|\b7)[.:]30–20[.:]00/);
        expect(part).toMatch(/10[.:]00–14[.:]00/);
        expect(part).toMatch(
          /svare på denne e-posten|svara på det här mejlet|reply to this email|vastata tähän viestiin|svara på det här e-postmeddelandet|svare på denne e-mail/,
        );
      }
      expect(html).toContain('href="tel:+4722334455"');
      // Survey and marketing messages identify the sender by name and postal address; service ones need not.
      const identifies = PURPOSE_OF_KIND[kind] !== 'service';
      expect(rendered.text.includes(ACME.postalAddress)).toBe(identifies);
      expect(html.includes(ACME.postalAddress)).toBe(identifies);
    },
  );

  it("uses the customer's market's profile when none is given, and each market's own", () => {
    for (const market of MARKETS) {
      const rendered = renderMessage(inputFor('invoice-explanation', { customer: customerOf(market) }));
      expect(rendered.text).toContain(DEFAULT_SENDER_PROFILES[market].phone);
      expect(rendered.text).toContain(DEFAULT_SENDER_PROFILES[market].web);
    }
  });

  it('escapes a hostile profile in the HTML (the schema refuses it, the layout escapes anyway)', () => {
    const hostile = { ...ACME, brand: '<script>x</script>', web: 'https://acme.example/"onmouseover=x' };
    const rendered = renderMessage(inputFor('survey-request', { sender: hostile }));
    expect(rendered.html).not.toContain('<script>x');
    expect(rendered.html).not.toContain('"onmouseover');
  });

  it('keeps the SMS signature when the SMS is long: it is a required sentence', () => {
    expect(senderSmsParts(ACME, 'nb-NO')).toEqual(['Hilsen Acme Kraft, tlf. +47 22 33 44 55.']);
    expect(senderFooterLines(ACME, 'en-GB', 'marketing')).toHaveLength(3);
    expect(senderFooterLines(ACME, 'en-GB', 'service')).toHaveLength(2);
  });
});

describe('the sender profile in MARKETS_CONFIG', () => {
  it('is optional per market, and settingsForMarket fills in the placeholder of the market', () => {
    expect(settingsForMarket(DEFAULT_MARKETS_CONFIG, 'SE').sender).toEqual(DEFAULT_SENDER_PROFILES.SE);
    const config = parseMarketsConfig({
      markets: {
        ...structuredClone(DEFAULT_MARKETS_CONFIG.markets),
        NO: { ...structuredClone(DEFAULT_MARKETS_CONFIG.markets.NO), sender: ACME },
      },
    });
    expect(settingsForMarket(config, 'NO').sender).toEqual(ACME);
  });

  it('fits in the Lambda environment with a full profile in every market', () => {
    const markets = Object.fromEntries(
      MARKETS.map((market) => [
        market,
        { ...structuredClone(DEFAULT_MARKETS_CONFIG.markets[market]), sender: ACME },
      ]),
    );
    expect(serializeMarketsConfig({ markets } as never).length).toBeLessThanOrEqual(4096);
  });

  it.each([
    ['brand', { brand: '' }],
    ['brand', { brand: 'x'.repeat(41) }],
    ['brand', { brand: 'Acme\r\nBcc: x@y' }],
    ['phone', { phone: 'call us' }],
    ['phone', { phone: '+47 22 33 44 55 66 77 88 99' }],
    ['web', { web: 'http://acme.example' }],
    ['web', { web: `https://acme.example/${'a'.repeat(120)}` }],
    ['postalAddress', { postalAddress: 'line one\nline two' }],
    ['replyTo', { replyTo: 'not an address' }],
    ['openingHours.weekdays.close', { openingHours: { weekdays: { open: '16:00', close: '08:00' } } }],
    ['openingHours.weekdays.open', { openingHours: { weekdays: { open: '8', close: '16:00' } } }],
  ])('refuses a profile with a wrong %s', (path, change) => {
    const result = SenderProfileSchema.safeParse({ ...ACME, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });

  it('accepts every placeholder profile', () => {
    for (const market of MARKETS) {
      expect(SenderProfileSchema.safeParse(DEFAULT_SENDER_PROFILES[market]).error?.issues ?? []).toEqual([]);
    }
  });
});

function customerOf(market: (typeof MARKETS)[number]) {
  return {
    customerId: 'c-1001',
    name: 'Kari Nordmann',
    market,
    timeZone: 'Europe/Oslo',
    paymentMethod: 'card',
  };
}

describe('the Finnish sign-off', () => {
  it.each([
    ['Stille', 'Stillen'],
    ['Elisa', 'Elisan'],
    ['Fortum', 'Fortumin'],
    ['DNA', 'DNA:n'],
    ['Acme Oy', 'Acme Oy:n'],
  ])('puts %s in the genitive as %s', (brand, genitive) => {
    expect(finnishGenitive(brand)).toBe(genitive);
  });

  it("names the brand's customer service in the genitive and writes hours without a leading zero", () => {
    const rendered = renderMessage(inputFor('support-delay-notice', { locale: 'fi-FI' }));
    expect(rendered.text).toContain('Ystävällisin terveisin\nStillen asiakaspalvelu');
    expect(rendered.text).toContain('(arkisin 8.00–16.00)');
  });
});
