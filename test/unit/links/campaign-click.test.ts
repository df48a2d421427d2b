import { describe, expect, it } from 'vitest';
import { actionUrlOf, clickUrl, looksLikeScanner, parseClickToken } from '#domain/links/campaign-click.ts';
import { smsUnsubscribeToken } from '#domain/links/unsubscribe.ts';

const SECRET = 'a-secret-of-sufficient-length-for-tests';
const NOW = new Date('2027-03-02T09:00:00Z');
const EXP = Math.floor(NOW.getTime() / 1000) + 90 * 86_400;
const KEY = 'campaign-message#cmp-2027-03-fixed#2027-03-02T09:00:00Z#c-000123';
const tokenOf = (url: string) => new URL(url).searchParams.get('token') ?? '';

describe('campaign click links', () => {
  it('name the message in a token short enough for a text message, and read it back', () => {
    const url = clickUrl(
      'https://abc123.execute-api.eu-north-1.amazonaws.com/',
      { dedupeKey: KEY, exp: EXP },
      SECRET,
    );
    expect(url.startsWith('https://abc123.execute-api.eu-north-1.amazonaws.com/click?token=')).toBe(true);
    expect(tokenOf(url).length).toBeLessThanOrEqual(120);
    expect(parseClickToken(tokenOf(url), SECRET, NOW)).toEqual({
      ok: true,
      claims: { dedupeKey: KEY, exp: EXP },
    });
  });

  it('refuse a changed, expired or foreign token', () => {
    const token = tokenOf(clickUrl('https://api.example', { dedupeKey: KEY, exp: EXP }, SECRET));
    const changed = `${token.slice(0, -3)}${token.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    expect(parseClickToken(changed, SECRET, NOW)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(parseClickToken(token, 'another-secret-of-sufficient-length', NOW)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(parseClickToken(token, SECRET, new Date((EXP + 1) * 1000))).toMatchObject({
      ok: false,
      reason: 'expired',
    });
    // An unsubscribe token of the same shape and secret is not a click.
    const unsubscribe = smsUnsubscribeToken(
      { customerId: 'c-000123', channel: 'sms', purpose: 'marketing', exp: EXP },
      SECRET,
    );
    expect(parseClickToken(unsubscribe, SECRET, NOW).ok).toBe(false);
    expect(parseClickToken('', SECRET, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('send on only to the https link of the message’s own facts', () => {
    expect(actionUrlOf({ content: { action: { url: 'https://kraft.no/fastpris' } } })).toBe(
      'https://kraft.no/fastpris',
    );
    expect(actionUrlOf({ content: { action: { url: 'http://kraft.no/fastpris' } } })).toBeUndefined();
    expect(actionUrlOf({ content: {} })).toBeUndefined();
    expect(actionUrlOf(undefined)).toBeUndefined();
  });

  it('take a fetch right after the send, a HEAD or a scanner’s agent for a mail scanner', () => {
    const sentAt = '2027-03-02T09:00:00Z';
    expect(looksLikeScanner({ method: 'POST', sentAt, at: new Date('2027-03-02T09:00:10Z') })).toBe(true);
    expect(looksLikeScanner({ method: 'HEAD', sentAt, at: new Date('2027-03-02T10:00:00Z') })).toBe(true);
    expect(
      looksLikeScanner({
        method: 'POST',
        userAgent: 'Proofpoint URL Defense',
        sentAt,
        at: new Date('2027-03-02T10:00:00Z'),
      }),
    ).toBe(true);
    expect(
      looksLikeScanner({
        method: 'POST',
        userAgent: 'Mozilla/5.0',
        sentAt,
        at: new Date('2027-03-02T10:00:00Z'),
      }),
    ).toBe(false);
  });
});
