import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Repositories, ResponseOutcome, SurveyRecord } from '#adapters/dynamo/index.ts';
import type { SecretProvider } from '#adapters/secrets.ts';
import type { SurveyResponseReceived } from '#domain/contracts/index.ts';
import { TransientError } from '#domain/errors.ts';
import { surveyToken } from '#domain/links/survey-answer.ts';
import { createHandler } from '#handlers/answer-survey.ts';
import { fixedClock, testDeps } from '../../helpers/deps.ts';

const eventBridgeMock = mockClient(EventBridgeClient);
const SECRET = 'link-secret';
const secrets: SecretProvider = { get: async () => SECRET };
const NOW = '2027-01-12T14:00:00Z';
const exp = Date.parse(NOW) / 1000 + 3600;
const token = surveyToken(
  { customerId: 'c-1', surveyId: 's-1', scale: 'csat-5', locale: 'en-GB', exp },
  SECRET,
);

/** One asked survey, answered in memory with the table's first-answer-wins rule. */
function surveysWith(survey: SurveyRecord) {
  let stored: SurveyRecord = { ...survey };
  const withdrawn: string[] = [];
  const repositories = {
    surveys: {
      get: async () => stored,
      recordResponse: async (detail: SurveyResponseReceived): Promise<ResponseOutcome> => {
        if (stored.score === undefined) {
          stored = { ...stored, score: detail.score, respondedAt: detail.respondedAt };
          return 'recorded';
        }
        return stored.score === detail.score ? 'duplicate' : 'conflict';
      },
      withdrawResponse: async (_id: string, respondedAt: string) => {
        withdrawn.push(respondedAt);
        const { score: _s, respondedAt: _r, ...rest } = stored;
        stored = rest;
      },
    },
  } as unknown as Repositories;
  return { repositories, withdrawn, stored: () => stored };
}

const asked: SurveyRecord = {
  surveyId: 's-1',
  customerId: 'c-1',
  at: '2027-01-12T12:00:00Z',
  scale: 'csat-5',
  trigger: 'ticket',
  ticketId: 't-9',
};
/** The link a person (or a mail scanner) follows: a GET, which never records anything. */
const get = (query: Record<string, string>): APIGatewayProxyEventV2 =>
  ({
    queryStringParameters: query,
    headers: {},
    requestContext: { http: { method: 'GET' } },
  }) as unknown as APIGatewayProxyEventV2;
/** The page's form sent by a pressed score button: the token and the score in the body, as API Gateway delivers it. */
const post = (fields: Record<string, string>, query: Record<string, string> = {}): APIGatewayProxyEventV2 =>
  ({
    queryStringParameters: query,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    requestContext: { http: { method: 'POST' } },
    body: Buffer.from(new URLSearchParams(fields).toString()).toString('base64'),
    isBase64Encoded: true,
  }) as unknown as APIGatewayProxyEventV2;
const handlerWith = (repositories: Repositories) =>
  createHandler(testDeps({ clock: fixedClock(NOW) }), { repositories, secrets });
const detailTypes = () =>
  eventBridgeMock.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries?.[0]?.DetailType);

beforeEach(() => {
  eventBridgeMock.reset();
  eventBridgeMock.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
});

describe('AnswerSurvey: the link (GET) shows, never records', () => {
  it('shows the clicked score with one big button that sends it, and records nothing', async () => {
    const { repositories, stored } = surveysWith(asked);

    const response = await handlerWith(repositories)(get({ token, score: '1' }));

    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({
      'cache-control': 'no-store',
      'content-type': 'text/html; charset=utf-8',
      'referrer-policy': 'no-referrer',
    });
    expect(response.headers?.['content-security-policy']).toContain("form-action 'self'");
    const body = String(response.body);
    expect(body).toContain('<form method="post" action="/survey">');
    expect(body).toContain(`<input type="hidden" name="token" value="${token}">`);
    // The first (default) button sends the score that was clicked; the others change it.
    const buttons = [...body.matchAll(/<button type="submit" name="score" value="(\d+)"/g)].map((m) => m[1]);
    expect(buttons).toEqual(['1', '1', '2', '3', '4', '5']);
    expect(body).toContain('Send my answer: 1');
    // No score in a hidden field: a form sent without a pressed button answers nothing.
    expect(body).not.toContain('name="score" type="hidden"');
    expect(body).not.toMatch(/<script|https?:\/\//);
    expect(stored().score).toBeUndefined();
    expect(detailTypes()).toEqual([]);
  });

  it('shows the whole scale as buttons when the link has no score (the page an SMS opens)', async () => {
    const response = await handlerWith(surveysWith(asked).repositories)(get({ token }));

    expect(response.statusCode).toBe(200);
    expect(String(response.body).match(/class="score"/g)).toHaveLength(5);
    expect(String(response.body)).not.toContain('Send my answer');
    expect(detailTypes()).toEqual([]);
  });

  it('says an answered survey is answered, and offers nothing to send', async () => {
    const { repositories } = surveysWith({ ...asked, score: 5, respondedAt: '2027-01-12T13:00:00Z' });

    const response = await handlerWith(repositories)(get({ token, score: '2' }));

    expect(response.statusCode).toBe(200);
    expect(String(response.body)).toContain('You have already answered this survey');
    expect(String(response.body)).not.toContain('<form');
  });

  it.each([
    ['a score outside the scale', { score: '6' }],
    ['a score that is not a number', { score: '4abc' }],
    ['a fractional score', { score: '2.5' }],
  ])('refuses %s with 400 and shows the scale again', async (_what, query) => {
    const response = await handlerWith(surveysWith(asked).repositories)(get({ token, ...query }));
    expect(response.statusCode).toBe(400);
    expect(String(response.body).match(/class="score"/g)).toHaveLength(5);
    expect(detailTypes()).toEqual([]);
  });

  it('keeps the message’s language and escapes what the page shows', async () => {
    const nb = surveyToken(
      { customerId: 'c-1', surveyId: 's-1', scale: 'csat-5', locale: 'nb-NO', exp },
      SECRET,
    );

    const response = await handlerWith(surveysWith(asked).repositories)(get({ token: nb, score: '4' }));

    expect(String(response.body)).toContain('<html lang="nb">');
    expect(String(response.body)).toContain('Send svaret: 4');
  });
});

describe('AnswerSurvey: the page in every template locale', () => {
  it.each([
    ['nb-NO', 'nb', 'Send svaret: 4'],
    ['sv-SE', 'sv', 'Skicka svaret: 4'],
    ['sv-FI', 'sv', 'Skicka svaret: 4'],
    ['en-GB', 'en', 'Send my answer: 4'],
    ['fi-FI', 'fi', 'Lähetä vastaus: 4'],
    ['da-DK', 'da', 'Send svaret: 4'],
  ])('answers a link of a %s message in its language (%s)', async (locale, lang, send) => {
    const linked = surveyToken({ customerId: 'c-1', surveyId: 's-1', scale: 'csat-5', locale, exp }, SECRET);
    const response = await handlerWith(surveysWith(asked).repositories)(get({ token: linked, score: '4' }));
    expect(response.statusCode).toBe(200);
    expect(String(response.body)).toContain(`<html lang="${lang}">`);
    expect(String(response.body)).toContain(send);
  });

  it('thanks a Finnish and a Danish customer in their language once the answer is recorded', async () => {
    for (const [locale, thanks] of [
      ['fi-FI', 'Kiitos! Saimme vastauksesi'],
      ['da-DK', 'Tak! Vi har fået dit svar'],
    ] as const) {
      const linked = surveyToken(
        { customerId: 'c-1', surveyId: 's-1', scale: 'csat-5', locale, exp },
        SECRET,
      );
      const response = await handlerWith(surveysWith(asked).repositories)(
        post({ token: linked, score: '5' }),
      );
      expect(response.statusCode).toBe(200);
      expect(String(response.body)).toContain(thanks);
    }
  });
});

describe('AnswerSurvey: the form (POST) records', () => {
  it('records a low score, publishes the response and a detractor alert with the ticket', async () => {
    const { repositories, stored } = surveysWith(asked);

    const response = await handlerWith(repositories)(post({ token, score: '1' }));

    expect(response.statusCode).toBe(200);
    expect(stored().score).toBe(1);
    expect(detailTypes()).toEqual(['Survey Response Received', 'Stille Alert']);
    const alert = JSON.parse(
      eventBridgeMock.commandCalls(PutEventsCommand)[1]?.args[0].input.Entries?.[0]?.Detail ?? '{}',
    );
    expect(alert).toMatchObject({ kind: 'detractor', ticketId: 't-9', score: 1, scale: 'csat-5' });
  });

  it('takes the answer back when the response cannot be published, so the next click records it', async () => {
    const { repositories, withdrawn, stored } = surveysWith(asked);
    eventBridgeMock
      .on(PutEventsCommand)
      .rejectsOnce(new Error('network down'))
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-2' }] });
    const handler = handlerWith(repositories);

    await expect(handler(post({ token, score: '4' }))).rejects.toBeInstanceOf(TransientError);
    expect(withdrawn).toEqual(['2027-01-12T14:00:00.000Z']);
    expect(stored().score).toBeUndefined();

    expect((await handler(post({ token, score: '4' }))).statusCode).toBe(200);
    expect(stored().score).toBe(4);
  });

  it('counts a second click once, and refuses another score with 409', async () => {
    const { repositories } = surveysWith(asked);
    const handler = handlerWith(repositories);
    await handler(post({ token, score: '5' }));

    expect((await handler(post({ token, score: '5' }))).statusCode).toBe(200);
    expect((await handler(post({ token, score: '3' }))).statusCode).toBe(409);
    expect(detailTypes()).toEqual(['Survey Response Received']);
  });

  it('takes a multipart/form-data body as well', async () => {
    const { repositories, stored } = surveysWith(asked);
    const boundary = 'xyz';
    const text = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="token"',
      '',
      token,
      `--${boundary}`,
      'Content-Disposition: form-data; name="score"',
      '',
      '4',
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const event = {
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      requestContext: { http: { method: 'POST' } },
      body: Buffer.from(text).toString('base64'),
      isBase64Encoded: true,
    } as unknown as APIGatewayProxyEventV2;

    expect((await handlerWith(repositories)(event)).statusCode).toBe(200);
    expect(stored().score).toBe(4);
  });

  it.each([
    ['no score (a form sent without a pressed button)', { token }],
    ['a score outside the scale', { token, score: '6' }],
  ])('refuses a POST with %s with 400, records nothing, shows the scale', async (_what, fields) => {
    const { repositories, stored } = surveysWith(asked);
    const response = await handlerWith(repositories)(post(fields));
    expect(response.statusCode).toBe(400);
    expect(String(response.body).match(/class="score"/g)).toHaveLength(5);
    expect(stored().score).toBeUndefined();
    expect(detailTypes()).toEqual([]);
  });

  it('takes the token from the body only: one in the query string answers nothing', async () => {
    const { repositories, stored } = surveysWith(asked);
    const response = await handlerWith(repositories)(post({ score: '4' }, { token, score: '4' }));
    expect(response.statusCode).toBe(400);
    expect(stored().score).toBeUndefined();
  });

  it('refuses an expired link with 410', async () => {
    const old = surveyToken(
      {
        customerId: 'c-1',
        surveyId: 's-1',
        scale: 'csat-5',
        locale: 'en-GB',
        exp: Date.parse(NOW) / 1000 - 1,
      },
      SECRET,
    );
    const response = await handlerWith(surveysWith(asked).repositories)(post({ token: old, score: '4' }));
    expect(response.statusCode).toBe(410);
  });

  it('answers for the customer and on the scale of the survey the token names, never the link’s own', async () => {
    const nps = surveysWith({ ...asked, customerId: 'c-2', scale: 'nps-10' });
    const response = await handlerWith(nps.repositories)(post({ token, score: '9' }));
    expect(response.statusCode).toBe(200);
    expect(nps.stored()).toMatchObject({ customerId: 'c-2', scale: 'nps-10', score: 9 });
  });

  it('refuses a token for a survey stille never asked', async () => {
    const none = { surveys: { get: async () => undefined } } as unknown as Repositories;
    const response = await handlerWith(none)(post({ token, score: '4' }));
    expect(response.statusCode).toBe(400);
    expect(detailTypes()).toEqual([]);
  });
});
