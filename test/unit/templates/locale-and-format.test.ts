import { describe, expect, it } from 'vitest';
import { Formatter } from '#templates/format.ts';
import { renderMessage } from '#templates/index.ts';
import { pickLocalized, resolveLocale } from '#templates/locale.ts';
import { fitSms, optional, toGsmFriendly } from '#templates/sms.ts';
import { calendarDate, inputFor, retentionFacts } from './fixtures.ts';

describe('resolveLocale', () => {
  it.each([
    ['nb', 'nb-NO'],
    ['NO', 'nb-NO'],
    ['nn', 'nb-NO'],
    ['sv-SE', 'sv-SE'],
    ['sv-AX', 'sv-FI'],
    ['sv-FI', 'sv-FI'],
    ['fi', 'fi-FI'],
    ['fi-FI', 'fi-FI'],
    ['da-DK', 'da-DK'],
    ['da', 'da-DK'],
    ['en', 'en-GB'],
    ['de-DE', 'en-GB'],
    ['', 'en-GB'],
    ['x_!', 'en-GB'],
  ])('maps %j to %s', (tag, expected) => {
    expect(resolveLocale(tag)).toBe(expected);
  });
});

describe('pickLocalized', () => {
  const texts = { 'nb-NO': 'norsk', 'en-GB': 'english' };

  it('picks the exact locale, then the same language, then en-GB', () => {
    expect(pickLocalized(texts, 'nb-NO')).toBe('norsk');
    expect(pickLocalized({ no: 'norsk' }, 'nb-NO')).toBe('norsk');
    expect(pickLocalized(texts, 'sv-SE')).toBe('english');
    expect(pickLocalized({ 'fi-FI': 'suomi' }, 'sv-SE')).toBe('suomi');
  });

  it('gives nothing in another language when asked for the same language only', () => {
    expect(pickLocalized(texts, 'sv-SE', true)).toBeUndefined();
    expect(pickLocalized(undefined, 'sv-SE')).toBeUndefined();
  });
});

describe('Formatter', () => {
  it('formats a calendar date without shifting it, in any time zone', () => {
    for (const zone of ['Pacific/Honolulu', 'Pacific/Kiritimati', 'Europe/Oslo']) {
      expect(new Formatter('sv-SE', 'SEK', zone).date('2027-01-01')).toBe(
        calendarDate('sv-SE', '2027-01-01'),
      );
    }
  });

  it('writes days, hours and months in words the locale uses for them', () => {
    const nb = new Formatter('nb-NO', 'NOK', 'Europe/Oslo');
    const sv = new Formatter('sv-SE', 'SEK', 'Europe/Stockholm');
    expect(nb.days(30)).toBe('30 dager');
    expect(nb.days(1)).toBe('1 dag');
    expect(sv.days(30)).toBe('30 dagar');
    expect(nb.hours(26)).toContain('timer');
    expect(sv.hours(1)).toContain('timme');
    expect(nb.months(12)).toContain('måneder');
  });

  it('gives unit prices between two and four decimals', () => {
    const en = new Formatter('en-GB', 'NOK', 'Europe/Oslo');
    expect(en.price(1)).toMatch(/1\.00$/);
    expect(en.price(0.8925)).toMatch(/0\.8925$/);
    expect(en.price(0.89251)).toMatch(/0\.8925$/);
  });
});

describe('SMS helpers', () => {
  it('turns the spaces and minus signs Intl writes into GSM-7 characters', () => {
    const amount = new Intl.NumberFormat('nb-NO', { style: 'currency', currency: 'NOK' }).format(-1240.5);
    expect(toGsmFriendly(amount)).toBe('-1 240,50 kr');
  });

  it('drops optional sentences from the last until the text fits, and never a required one', () => {
    const parts = ['Hei!', optional('one'), 'Kari', optional('two')];
    expect(fitSms(parts, () => true)).toBe('Hei! one Kari two');
    expect(fitSms(parts, (text) => text.length <= 13)).toBe('Hei! one Kari');
    expect(fitSms(parts, (text) => text.length <= 9)).toBe('Hei! Kari');
    expect(fitSms(parts, (text) => text.length <= 5)).toBeNull();
  });
});

describe('subjects', () => {
  it('are one line even when a name in the facts has a line break', () => {
    const facts = { ...retentionFacts(), offer: { name: 'Fastpris\r\n12 mnd\u0007', annualSaving: 100 } };
    const rendered = renderMessage(inputFor('retention-offer', { facts }));
    // The name on one line, then what the offer is worth (`100 kr` with Intl's no-break space).
    expect(rendered.subject).toMatch(
      /^Et tilbud til deg: Fastpris 12 mnd – omtrent 100\u00a0kr mindre i året$/,
    );
  });
});
