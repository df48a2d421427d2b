import { describe, expect, it } from 'vitest';
import { surveyAnswerLinks, surveyToken } from '#domain/links/survey-answer.ts';
import { unsubscribeUrl } from '#domain/links/unsubscribe.ts';
import { MAX_SURVEY_ID_CHARS, surveyAfterTicket } from '#domain/surveys/surveys.ts';
import { MAX_SMS_SEGMENTS, renderMessage } from '#templates/index.ts';
import { customer, inputFor } from '../templates/fixtures.ts';

const SECRET = 'link-secret';
const BASE = 'https://a1b2c3d4e5.execute-api.eu-north-1.amazonaws.com';
const exp = Date.parse('2027-02-01T00:00:00Z') / 1000;

describe('answer links stay short whatever the ids', () => {
  const longest = 'x'.repeat(128);
  const survey = surveyAfterTicket({
    ticketId: longest,
    customerId: longest,
    resolvedAt: '2027-01-05T10:00:00Z',
  });

  it('derives survey ids of at most 48 characters, readable when they fit', () => {
    expect(survey.surveyId.length).toBeLessThanOrEqual(MAX_SURVEY_ID_CHARS);
    expect(
      surveyAfterTicket({ ticketId: 't-42', customerId: 'c-1', resolvedAt: '2027-01-05T10:00:00Z' }).surveyId,
    ).toBe('survey-ticket-t-42');
  });

  it('signs a token of the same length for a 128-character customer id as for a short one', () => {
    const claims = { surveyId: survey.surveyId, scale: survey.scale, locale: 'nb-NO', exp };
    const long = surveyToken({ ...claims, customerId: longest }, SECRET);
    const short = surveyToken({ ...claims, customerId: 'c-1' }, SECRET);
    expect(long.length).toBe(short.length);
    expect(long.length).toBeLessThan(180);
  });

  it('renders the survey SMS for a customer with a 128-character id within the segments an SMS may take', () => {
    const links = surveyAnswerLinks(
      BASE,
      { customerId: longest, surveyId: survey.surveyId, scale: 'csat-5', locale: 'nb-NO', exp },
      SECRET,
    );
    const rendered = renderMessage(
      inputFor('survey-request', {
        channel: 'sms',
        customer: customer({ customerId: longest }),
        facts: { surveyId: survey.surveyId, trigger: 'ticket', scale: 'csat-5' },
        links: { answers: links },
      }),
    );
    expect(rendered.sms?.segments).toBeLessThanOrEqual(MAX_SMS_SEGMENTS);
    expect(rendered.text).toContain(links.survey);
  });

  it.each(['nb-NO', 'sv-SE', 'en-GB'])(
    'fits the %s survey SMS from a sender ID, with its answer link and the opt-out link, in the segments',
    (locale) => {
      // A CRM-style id. The opt-out token carries the id itself (Unsubscribe needs it), so very long ids
      // (tens of characters) can make the longest survey texts need a fourth segment: they then fail,
      // recorded and alerted (render-error), rather than go without a way out.
      const customerId = 'c-10000042';
      const links = surveyAnswerLinks(
        BASE,
        { customerId, surveyId: survey.surveyId, scale: 'nps-10', locale, exp },
        SECRET,
      );
      const unsubscribe = unsubscribeUrl(
        BASE,
        { customerId, channel: 'sms', purpose: 'surveys', exp },
        SECRET,
      );
      const rendered = renderMessage(
        inputFor('survey-request', {
          locale,
          channel: 'sms',
          customer: customer({ customerId, name: 'Kari-Mette Nordmann-Østby' }),
          facts: { surveyId: survey.surveyId, trigger: 'renewal', scale: 'nps-10' },
          links: { answers: links, unsubscribe },
        }),
      );
      expect(rendered.sms?.segments).toBeLessThanOrEqual(MAX_SMS_SEGMENTS);
      expect(rendered.text).toContain(links.survey);
      expect(rendered.text).toContain(unsubscribe);
      expect(rendered.text).not.toContain('STOP');
    },
  );
});
