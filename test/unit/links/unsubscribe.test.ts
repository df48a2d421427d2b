import { describe, expect, it } from 'vitest';
import { signToken } from '#domain/links/signed-token.ts';
import { parseUnsubscribeToken, type UnsubscribeClaims, unsubscribeUrl } from '#domain/links/unsubscribe.ts';

const SECRET = 'unsubscribe-test-secret';
const NOW = new Date('2027-01-05T08:00:00Z');
const claims: UnsubscribeClaims = {
  customerId: 'c-1001',
  channel: 'email',
  purpose: 'surveys',
  exp: Math.floor(NOW.getTime() / 1000) + 90 * 24 * 60 * 60,
};

function tokenOf(url: string): string {
  return new URL(url).searchParams.get('token') ?? '';
}

describe('unsubscribe links', () => {
  it('builds a link on the base URL whose token names the customer, channel and purpose', () => {
    const url = unsubscribeUrl('https://links.stille.example/', claims, SECRET);

    expect(url).toMatch(
      /^https:\/\/links\.stille\.example\/unsubscribe\?token=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/,
    );
    expect(parseUnsubscribeToken(tokenOf(url), SECRET, NOW)).toEqual({ ok: true, claims });
  });

  it('refuses a link past its expiry', () => {
    const url = unsubscribeUrl('https://links.stille.example', claims, SECRET);

    expect(parseUnsubscribeToken(tokenOf(url), SECRET, new Date(claims.exp * 1000))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('refuses a link signed with another secret', () => {
    const url = unsubscribeUrl('https://links.stille.example', claims, 'old-secret');

    expect(parseUnsubscribeToken(tokenOf(url), SECRET, NOW)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses a validly signed token made for another use', () => {
    const surveyToken = signToken(
      { use: 'survey-answer', c: 'c-1001', ch: 'email', p: 'surveys', exp: claims.exp },
      SECRET,
    );

    expect(parseUnsubscribeToken(surveyToken, SECRET, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses a validly signed unsubscribe token for a purpose that cannot be unsubscribed by link', () => {
    const token = signToken(
      { use: 'unsubscribe', c: 'c-1001', ch: 'email', p: 'service', exp: claims.exp },
      SECRET,
    );

    expect(parseUnsubscribeToken(token, SECRET, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });
});
