import { describe, expect, it } from 'vitest';
import { parseSurveyToken, surveyToken } from '#domain/links/survey-answer.ts';
import { parseUnsubscribeToken, smsUnsubscribeToken, unsubscribeUrl } from '#domain/links/unsubscribe.ts';

const SECRET = 'link-secret';
const BASE = 'https://a1b2c3d4e5.execute-api.eu-north-1.amazonaws.com';
const exp = Date.parse('2027-04-01T00:00:00Z') / 1000;
const now = new Date('2027-01-05T10:00:00Z');

describe('the short unsubscribe link of a text message', () => {
  it('is short: about 40 characters of token for a usual customer id, and the e-mail link keeps its own', () => {
    const sms = unsubscribeUrl(
      BASE,
      { customerId: 'c-1001', channel: 'sms', purpose: 'surveys', exp },
      SECRET,
    );
    const email = unsubscribeUrl(
      BASE,
      { customerId: 'c-1001', channel: 'email', purpose: 'surveys', exp },
      SECRET,
    );
    const token = new URL(sms).searchParams.get('token') ?? '';
    expect(token.length).toBeLessThanOrEqual(45);
    expect(sms.length).toBeLessThan(email.length - 80);
  });

  it('says who, which purpose and until when, for the SMS channel', () => {
    for (const customerId of ['c-1001', 'kunde 42/ø', 'x'.repeat(128)]) {
      const token = smsUnsubscribeToken({ customerId, channel: 'sms', purpose: 'marketing', exp }, SECRET);
      expect(token.split('.')).toHaveLength(4);
      expect(parseUnsubscribeToken(token, SECRET, now)).toEqual({
        ok: true,
        claims: { customerId, channel: 'sms', purpose: 'marketing', exp },
      });
    }
  });

  it('refuses a changed customer, purpose or expiry, another secret, and an expired link', () => {
    const token = smsUnsubscribeToken(
      { customerId: 'c-1001', channel: 'sms', purpose: 'surveys', exp },
      SECRET,
    );
    const [, p, e, sig] = token.split('.');
    expect(parseUnsubscribeToken(`c-1002.${p}.${e}.${sig}`, SECRET, now)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(parseUnsubscribeToken(`c-1001.m.${e}.${sig}`, SECRET, now)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(parseUnsubscribeToken(`c-1001.${p}.zzzzzz.${sig}`, SECRET, now)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(parseUnsubscribeToken(token, 'another-secret', now)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(parseUnsubscribeToken(token, SECRET, new Date(exp * 1000))).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(parseUnsubscribeToken('a.b.c.d', SECRET, now)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('never takes a survey link for an unsubscribe link, or the other way round', () => {
    const survey = surveyToken(
      { customerId: 'c-1001', surveyId: 'c-1001', scale: 'csat-5', locale: 's', exp },
      SECRET,
    );
    expect(parseUnsubscribeToken(survey, SECRET, now)).toEqual({ ok: false, reason: 'bad-signature' });
    const unsubscribe = smsUnsubscribeToken(
      { customerId: 'c-1001', channel: 'sms', purpose: 'surveys', exp },
      SECRET,
    );
    expect(parseSurveyToken(unsubscribe, SECRET, now)).toEqual({ ok: false, reason: 'bad-signature' });
  });
});
