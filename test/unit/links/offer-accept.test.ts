import { describe, expect, it } from 'vitest';
import { clickUrl } from '#domain/links/campaign-click.ts';
import {
  endOfOfferDay,
  OFFER_LINK_DAYS,
  offerAcceptUrl,
  offerLinkExpiry,
  offerToken,
  parseOfferToken,
} from '#domain/links/offer-accept.ts';
import { surveyToken } from '#domain/links/survey-answer.ts';
import { smsUnsubscribeToken } from '#domain/links/unsubscribe.ts';

const SECRET = 'a-secret-of-sufficient-length-for-tests';
const NOW = new Date('2027-03-02T09:00:00Z');
const EXP = Math.floor(NOW.getTime() / 1000) + 30 * 86_400;
const KEY = 'retention-offer#2027-03#fix-24m-no#c-000123';
const tokenOf = (url: string) => new URL(url).searchParams.get('token') ?? '';

describe('offer acceptance links', () => {
  it('carry the message and the locale in a short token, and read them back', () => {
    const url = offerAcceptUrl(
      'https://abc123.execute-api.eu-north-1.amazonaws.com/',
      { dedupeKey: KEY, locale: 'nb-NO', exp: EXP },
      SECRET,
    );
    expect(url.startsWith('https://abc123.execute-api.eu-north-1.amazonaws.com/offer?token=')).toBe(true);
    expect(tokenOf(url).length).toBeLessThanOrEqual(120);
    expect(parseOfferToken(tokenOf(url), SECRET, NOW)).toEqual({
      ok: true,
      claims: { dedupeKey: KEY, locale: 'nb-NO', exp: EXP },
    });
  });

  it('refuse a token whose signature was changed or made with another secret', () => {
    const token = offerToken({ dedupeKey: KEY, locale: 'sv-SE', exp: EXP }, SECRET);
    const changed = `${token.slice(0, -3)}${token.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    expect(parseOfferToken(changed, SECRET, NOW)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(parseOfferToken(token, 'another-secret-of-sufficient-length', NOW)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    // The claims changed under the same signature.
    const [, locale, exp, signature] = token.split('.');
    const otherKey = `${offerToken({ dedupeKey: 'retention-offer#x#y#c-9', locale: 'sv-SE', exp: EXP }, SECRET).split('.')[0]}`;
    expect(parseOfferToken([otherKey, locale, exp, signature].join('.'), SECRET, NOW)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('refuse the tokens of other links signed with the same secret (survey, unsubscribe, click)', () => {
    const survey = surveyToken(
      { customerId: 'c-000123', surveyId: 's-1', scale: 'csat-5', locale: 'nb-NO', exp: EXP },
      SECRET,
    );
    const unsubscribe = smsUnsubscribeToken(
      { customerId: 'c-000123', channel: 'sms', purpose: 'marketing', exp: EXP },
      SECRET,
    );
    const click = tokenOf(clickUrl('https://api.example', { dedupeKey: KEY, exp: EXP }, SECRET));
    // Same shape (two fields) as an offer token: refused by its signature, which is under another use.
    expect(parseOfferToken(survey, SECRET, NOW)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(parseOfferToken(unsubscribe, SECRET, NOW)).toEqual({ ok: false, reason: 'bad-signature' });
    // One field: not even the shape of an offer token.
    expect(parseOfferToken(click, SECRET, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('stop working from the second the token expires', () => {
    const token = offerToken({ dedupeKey: KEY, locale: 'fi-FI', exp: EXP }, SECRET);
    expect(parseOfferToken(token, SECRET, new Date(EXP * 1000 - 1000)).ok).toBe(true);
    expect(parseOfferToken(token, SECRET, new Date(EXP * 1000))).toEqual({ ok: false, reason: 'expired' });
  });

  it.each([
    ['empty', ''],
    ['one part', 'abc'],
    ['too many parts', 'a.b.c.d.e.f'],
    ['a short signature', 'a.b.c.d'],
    ['far too long', `${'a'.repeat(2000)}.nb-NO.ukz3f4.${'A'.repeat(22)}`],
  ])('refuse a malformed token (%s)', (_what, token) => {
    expect(parseOfferToken(token, SECRET, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuse to sign an empty dedupe key or locale', () => {
    expect(() => offerToken({ dedupeKey: '', locale: 'nb-NO', exp: EXP }, SECRET)).toThrow(TypeError);
    expect(() => offerToken({ dedupeKey: KEY, locale: '', exp: EXP }, SECRET)).toThrow(TypeError);
  });
});

describe('offer link expiry', () => {
  it('is 24:00 UTC of the offer’s last day', () => {
    expect(endOfOfferDay('2027-06-30')).toBe(Date.parse('2027-07-01T00:00:00Z') / 1000);
    expect(offerLinkExpiry('2027-06-30', NOW)).toBe(Date.parse('2027-07-01T00:00:00Z') / 1000);
  });

  it('is 30 days after sending when the offer names no last day (or not a date)', () => {
    const thirtyDays = Math.floor(NOW.getTime() / 1000) + OFFER_LINK_DAYS * 86_400;
    expect(offerLinkExpiry(undefined, NOW)).toBe(thirtyDays);
    expect(offerLinkExpiry('2027-02-30', NOW)).toBe(thirtyDays);
    expect(offerLinkExpiry(20270630, NOW)).toBe(thirtyDays);
  });

  it('gives no link for an offer whose last day is over', () => {
    expect(offerLinkExpiry('2027-03-01', NOW)).toBeUndefined();
    // The last day is today: the link works until midnight UTC.
    expect(offerLinkExpiry('2027-03-02', NOW)).toBe(Date.parse('2027-03-03T00:00:00Z') / 1000);
  });
});
