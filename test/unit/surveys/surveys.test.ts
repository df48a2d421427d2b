import { describe, expect, it } from 'vitest';
import { validateMessageRequest } from '#domain/contracts/index.ts';
import { parseSurveyToken, surveyAnswerLinks, surveyToken } from '#domain/links/survey-answer.ts';
import { unsubscribeToken } from '#domain/links/unsubscribe.ts';
import {
  detractorAlert,
  isDetractor,
  isScoreOf,
  surveyAfterRenewal,
  surveyAfterTicket,
  surveyIdOf,
  surveyRequest,
  surveyTime,
} from '#domain/surveys/surveys.ts';
import { contractRenewed, supportTicketResolved } from '../../helpers/events.ts';

const SECRET = 'test-secret';
const NOW = new Date('2027-01-12T14:00:00Z');
const exp = Math.floor(NOW.getTime() / 1000) + 3600;
const claims = {
  customerId: 'c-1',
  surveyId: 'survey-ticket-t-1',
  scale: 'csat-5' as const,
  locale: 'sv-SE',
  exp,
};

describe('surveys', () => {
  it('derives the same survey from a replayed resolution, CSAT after a ticket', () => {
    const first = surveyAfterTicket(supportTicketResolved({ ticketId: 't-1', customerId: 'c-1' }));
    const replay = surveyAfterTicket(supportTicketResolved({ ticketId: 't-1', customerId: 'c-1' }));
    expect(replay).toEqual(first);
    expect(first).toMatchObject({
      surveyId: 'survey-ticket-t-1',
      scale: 'csat-5',
      trigger: 'ticket',
      ticketId: 't-1',
    });
  });

  it('asks NPS after a renewal, one survey per product and renewal day', () => {
    const morning = surveyAfterRenewal(contractRenewed({ renewedAt: '2027-01-15T08:00:00Z' }));
    const evening = surveyAfterRenewal(contractRenewed({ renewedAt: '2027-01-15T20:00:00Z' }));
    expect(morning.surveyId).toBe('survey-renewal-c-1001-p-1-2027-01-15');
    expect(evening.surveyId).toBe(morning.surveyId);
    expect(morning).toMatchObject({ scale: 'nps-10', trigger: 'renewal', productId: 'p-1' });
  });

  it('keeps survey ids within the contracts’ 128 characters, hashing long ones', () => {
    const long = surveyIdOf(['ticket', 'x'.repeat(128)]);
    expect(long).toMatch(/^survey-[A-Za-z0-9_-]{32}$/);
    expect(surveyIdOf(['ticket', 'x'.repeat(128)])).toBe(long);
    expect(surveyIdOf(['ticket', 'y'.repeat(128)])).not.toBe(long);
  });

  it('requests a survey message the send gate accepts, deduplicated by survey', () => {
    const survey = surveyAfterTicket(supportTicketResolved({ ticketId: 't-1', customerId: 'c-1' }));
    const valid = validateMessageRequest(surveyRequest(survey, NOW), NOW);
    expect(valid.ok && valid.value).toMatchObject({
      kind: 'survey-request',
      purpose: 'survey',
      dedupeKey: 'survey-request#survey-ticket-t-1',
      facts: { surveyId: 'survey-ticket-t-1', trigger: 'ticket', scale: 'csat-5' },
    });
  });

  it.each([
    ['csat-5', 1, true],
    ['csat-5', 2, true],
    ['csat-5', 3, false],
    ['nps-10', 0, true],
    ['nps-10', 6, true],
    ['nps-10', 7, false],
  ] as const)('on %s, %i is a detractor: %s', (scale, score, detractor) => {
    expect(isDetractor(scale, score)).toBe(detractor);
  });

  it('accepts only whole scores within the scale', () => {
    expect([0, 1, 5, 6, 2.5, Number.NaN].map((s) => isScoreOf('csat-5', s))).toEqual([
      false,
      true,
      true,
      false,
      false,
      false,
    ]);
    expect(isScoreOf('nps-10', 0)).toBe(true);
    expect(isScoreOf('nps-10', 11)).toBe(false);
  });

  it('alerts with the customer’s case', () => {
    const survey = surveyAfterRenewal(contractRenewed());
    expect(detractorAlert(survey, 3, '2027-01-15T12:00:00Z')).toEqual({
      kind: 'detractor',
      at: '2027-01-15T12:00:00Z',
      surveyId: survey.surveyId,
      customerId: 'c-1001',
      scale: 'nps-10',
      score: 3,
      trigger: 'renewal',
      productId: 'p-1',
    });
  });
});

describe('survey answer links', () => {
  it('gives one link per score and the scale page, all with the same signed token', () => {
    const links = surveyAnswerLinks('https://api.example/', claims, SECRET);
    expect(Object.keys(links)).toEqual(['1', '2', '3', '4', '5', 'survey']);
    const token = surveyToken(claims, SECRET);
    expect(links.survey).toBe(`https://api.example/survey?token=${token}`);
    expect(links['4']).toBe(`https://api.example/survey?token=${token}&score=4`);
  });

  it('verifies a token back to its claims', () => {
    // The token names the survey only; whose it is and its scale are looked up on use.
    const { surveyId, locale, exp: expires } = claims;
    expect(parseSurveyToken(surveyToken(claims, SECRET), SECRET, NOW)).toEqual({
      ok: true,
      claims: { surveyId, locale, exp: expires },
    });
  });

  it('refuses a token signed with another secret, or changed after signing', () => {
    const token = surveyToken(claims, SECRET);
    expect(parseSurveyToken(token, 'other', NOW)).toEqual({ ok: false, reason: 'bad-signature' });
    // Another survey's id with this token's locale, expiry and signature.
    const [, ...rest] = token.split('.');
    const spliced = ['survey-other', ...rest].join('.');
    expect(parseSurveyToken(spliced, SECRET, NOW)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses an expired token, and an unsubscribe token as a survey answer', () => {
    expect(parseSurveyToken(surveyToken(claims, SECRET), SECRET, new Date(exp * 1000))).toEqual({
      ok: false,
      reason: 'expired',
    });
    const unsubscribe = unsubscribeToken(
      { customerId: 'c-1', channel: 'email', purpose: 'surveys', exp },
      SECRET,
    );
    expect(parseSurveyToken(unsubscribe, SECRET, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('surveyTime', () => {
  const quietHours = { start: '21:00', end: '08:00' };
  /** `timeZone: null` stands for a customer without one (undefined would take the default). */
  const at = (triggeredAt: string, now: string, timeZone: string | null = 'Europe/Oslo') =>
    surveyTime({
      triggeredAt,
      delayMinutes: 120,
      now: new Date(now),
      timeZone: timeZone ?? undefined,
      quietHours,
    }).toISOString();

  it('asks two hours after the event, by day', () => {
    expect(at('2027-01-12T10:00:00Z', '2027-01-12T10:00:05Z')).toBe('2027-01-12T12:00:00.000Z');
  });

  it('moves a survey due in the night to the end of quiet hours on the customer’s clock', () => {
    // 20:30 UTC + 2 h = 23:30 in Oslo → 08:00 Oslo, 07:00 UTC.
    expect(at('2027-01-12T20:30:00Z', '2027-01-12T20:30:00Z')).toBe('2027-01-13T07:00:00.000Z');
    // Summer time: 08:00 in Stockholm is 06:00 UTC.
    expect(at('2027-06-12T20:30:00Z', '2027-06-12T20:30:00Z', 'Europe/Stockholm')).toBe(
      '2027-06-13T06:00:00.000Z',
    );
  });

  it('counts from the event, not from when it arrived, and never asks in the past', () => {
    expect(at('2027-01-12T10:00:00Z', '2027-01-12T11:00:00Z')).toBe('2027-01-12T12:00:00.000Z');
    expect(at('2027-01-12T10:00:00Z', '2027-01-12T15:00:00Z')).toBe('2027-01-12T15:00:00.000Z');
  });

  it('falls back to the delay alone for an unknown time zone', () => {
    expect(at('2027-01-12T20:30:00Z', '2027-01-12T20:30:00Z', 'Mars/Olympus')).toBe(
      '2027-01-12T22:30:00.000Z',
    );
    expect(at('2027-01-12T20:30:00Z', '2027-01-12T20:30:00Z', null)).toBe('2027-01-12T22:30:00.000Z');
  });
});
