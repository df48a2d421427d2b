import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoriesFrom } from '#adapters/dynamo/index.ts';
import type { CustomerUpserted } from '#domain/contracts/index.ts';
import { surveyToken } from '#domain/links/survey-answer.ts';
import { unsubscribeToken } from '#domain/links/unsubscribe.ts';
import type { LocalRuntime } from '#local/runtime.ts';
import type { ExecutionRecord } from '#local/stepfunctions/local-step-functions.ts';
import { contractRenewed, customerUpserted, supportTicketResolved } from '../helpers/events.ts';
import { startRuntime, statesOf } from '../helpers/local-runtime.ts';

const START = '2027-02-01T08:00:00Z'; // a Monday, 09:00 in Oslo

function customer(customerId: string, overrides: Partial<CustomerUpserted> = {}) {
  return customerUpserted({
    customerId,
    email: `${customerId}@example.no`,
    consents: { marketing: false, surveys: true },
    ...overrides,
  });
}

/** The one-click links of a survey email, by score (`&amp;` in the HTML undone). */
function answerLinks(html: string | undefined): Map<string, string> {
  const links = new Map<string, string>();
  for (const match of (html ?? '').matchAll(/href="([^"]*\/survey\?token=[^"]*?&amp;score=(\d+))"/g)) {
    links.set(match[2] as string, (match[1] as string).replaceAll('&amp;', '&'));
  }
  return links;
}

describe('Survey workflow and the answer endpoint (synthesized, on the embedded runtime)', () => {
  let runtime: LocalRuntime;
  const repositories = () => repositoriesFrom(runtime.deps);
  const put = (detailType: string, detail: object) =>
    runtime.putEvent({ source: 'crm', detailType, detail: { ...detail } }).executions.map((e) => e.done);
  const runTo = (iso: string) => runtime.runUntil(Date.parse(iso));
  const emailsTo = async (customerId: string) =>
    (await runtime.services.email.sent()).filter((email) => email.to.includes(`${customerId}@example.no`));
  const ledger = (surveyId: string) => repositories().messages.get(`survey-request#${surveyId}`);
  const secret = () => {
    const value = runtime.secrets[0]?.secretString;
    if (!value) throw new Error('the template has no link secret');
    return value;
  };
  /** GETs a link of the local HTTP API, as a browser (or a mail scanner) would, and lets what it published run. */
  async function click(url: string): Promise<{ status: number; body: string }> {
    const response = await fetch(url, { headers: { 'accept-language': 'en-GB' } });
    const body = await response.text();
    await runtime.clock.whenIdle();
    return { status: response.status, body };
  }
  /**
   * Presses a button of the page `click` opened, as a person does: its form's POST, with the hidden token
   * and the pressed button's score (the first button, the big one, when no score is named).
   */
  async function press(
    url: string,
    page: { body: string },
    score?: string,
  ): Promise<{ status: number; body: string }> {
    const action = /<form method="post" action="([^"]+)">/.exec(page.body)?.[1];
    const token = /<input type="hidden" name="token" value="([^"]+)">/.exec(page.body)?.[1];
    const buttons = [...page.body.matchAll(/<button type="submit" name="score" value="(\d+)"/g)].map(
      (m) => m[1],
    );
    const pressed = score ?? buttons[0];
    if (!action || !token || !pressed || !buttons.includes(pressed)) {
      throw new Error(`no form with a ${score ?? 'first'} button on the page`);
    }
    const response = await fetch(new URL(action, url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en-GB' },
      body: new URLSearchParams({ token, score: pressed }).toString(),
    });
    const body = await response.text();
    await runtime.clock.whenIdle();
    return { status: response.status, body };
  }
  /** A person's answer from the email: the score's link, then the page's big button. */
  const answer = async (url: string) => press(url, await click(url));

  beforeAll(async () => {
    runtime = await startRuntime({ start: START });
    for (const c of [
      customer('c-glad'),
      customer('c-cross', { locale: 'en-GB' }),
      customer('c-silent', { consents: { marketing: false, surveys: false } }),
      customer('c-loyal'),
      customer('c-texter', { preferredChannel: 'sms', phone: '+4790000042' }),
      customer('c-owl'),
      customer('c-scanned', { locale: 'en-GB' }),
    ]) {
      put('Customer Upserted', c);
    }
    await runtime.clock.whenIdle();
  });
  afterAll(async () => {
    await runtime?.close();
  });

  it('asks a CSAT question two hours after a resolved ticket, each score a one-click link', async () => {
    await runTo('2027-02-01T10:00:00Z');
    const [done] = put(
      'Support Ticket Resolved',
      supportTicketResolved({ ticketId: 't-100', customerId: 'c-glad', resolvedAt: '2027-02-01T10:00:00Z' }),
    );
    await runTo('2027-02-01T13:00:00Z');

    const record = (await done) as ExecutionRecord;
    expect(record.type).toBe('STANDARD');
    expect(record.stateMachine).toMatch(/^Survey/);
    expect(statesOf(record)).toEqual(['ValidateAndStore', 'PlanSurvey', 'WaitBeforeSurvey', 'RequestSurvey']);
    expect(record.output).toMatchObject({
      survey: { surveyId: 'survey-ticket-t-100', scale: 'csat-5', created: true },
    });
    expect(await ledger('survey-ticket-t-100')).toMatchObject({
      status: 'sent',
      kind: 'survey-request',
      purpose: 'survey',
      sentAt: '2027-02-01T12:00:00.000Z',
      facts: { surveyId: 'survey-ticket-t-100', trigger: 'ticket', scale: 'csat-5' },
    });
    const [email] = await emailsTo('c-glad');
    expect(email?.subject).toBe('Hvordan var hjelpen du fikk fra oss?');
    expect([...answerLinks(email?.html).keys()]).toEqual(['1', '2', '3', '4', '5']);
    expect(await repositories().surveys.get('survey-ticket-t-100')).toMatchObject({
      customerId: 'c-glad',
      scale: 'csat-5',
      trigger: 'ticket',
      ticketId: 't-100',
    });
    // The resolution itself is stored as before.
    expect(await repositories().tickets.get('t-100')).toMatchObject({ status: 'resolved' });
  });

  it('sends no second survey when the resolution is replayed', async () => {
    const [done] = put(
      'Support Ticket Resolved',
      supportTicketResolved({ ticketId: 't-100', customerId: 'c-glad', resolvedAt: '2027-02-01T10:00:00Z' }),
    );
    await runTo('2027-02-01T16:00:00Z');

    expect((await done)?.output).toMatchObject({
      survey: { surveyId: 'survey-ticket-t-100', created: false },
    });
    expect(await emailsTo('c-glad')).toHaveLength(1);
    expect(await ledger('survey-ticket-t-100')).toMatchObject({ status: 'sent' });
  });

  it('asks nobody who has not consented to surveys', async () => {
    put(
      'Support Ticket Resolved',
      supportTicketResolved({
        ticketId: 't-101',
        customerId: 'c-silent',
        resolvedAt: '2027-02-01T16:00:00Z',
      }),
    );
    await runTo('2027-02-01T19:00:00Z');

    expect(await ledger('survey-ticket-t-101')).toMatchObject({ status: 'suppressed', reason: 'no-consent' });
    expect(await emailsTo('c-silent')).toEqual([]);
  });

  it('asks at most one survey in 90 days, whatever triggers the next one', async () => {
    put(
      'Support Ticket Resolved',
      supportTicketResolved({ ticketId: 't-102', customerId: 'c-glad', resolvedAt: '2027-02-08T09:00:00Z' }),
    );
    await runTo('2027-02-08T12:00:00Z');

    expect(await ledger('survey-ticket-t-102')).toMatchObject({
      status: 'suppressed',
      reason: 'frequency-cap',
    });
    expect(await emailsTo('c-glad')).toHaveLength(1);
  });

  it('asks an NPS question after a renewal, and records the answer once', async () => {
    await runTo('2027-02-09T09:00:00Z');
    put(
      'Contract Renewed',
      contractRenewed({ customerId: 'c-loyal', productId: 'p-1', renewedAt: '2027-02-09T09:00:00Z' }),
    );
    await runTo('2027-02-09T12:00:00Z');
    const surveyId = 'survey-renewal-c-loyal-p-1-2027-02-09';
    const [email] = await emailsTo('c-loyal');
    expect(email?.subject).toBe('Ville du anbefalt oss til andre?');
    const links = answerLinks(email?.html);
    expect([...links.keys()]).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);

    // A page opened on 3 and left open, while 9 is answered in another tab.
    const stale = await click(links.get('3') ?? '');
    const answered = await answer(links.get('9') ?? '');
    expect(answered.status).toBe(200);
    // The token carries the message's locale: the page is in Norwegian whatever the browser says.
    expect(answered.body).toContain('<html lang="nb">');
    expect(answered.body).toContain('Takk! Vi har fått svaret ditt');
    const again = await press(links.get('3') ?? '', stale);
    expect(again.status).toBe(409);
    expect(again.body).toContain('Du har allerede svart');
    // A link of an answered survey says so, and offers nothing to send.
    const later = await click(links.get('3') ?? '');
    expect(later.status).toBe(200);
    expect(later.body).toContain('Du har allerede svart');
    expect(later.body).not.toContain('<form');

    expect(await repositories().surveys.get(surveyId)).toMatchObject({
      customerId: 'c-loyal',
      scale: 'nps-10',
      score: 9,
      respondedAt: '2027-02-09T12:00:00.000Z',
      productId: 'p-1',
    });
    const responses = runtime.bus.log
      .recent()
      .filter((seen) => seen.event['detail-type'] === 'Survey Response Received');
    expect(responses.map((seen) => seen.event.detail)).toEqual([
      { surveyId, customerId: 'c-loyal', scale: 'nps-10', score: 9, respondedAt: '2027-02-09T12:00:00.000Z' },
    ]);
    expect(runtime.alerts().filter((a) => a.kind === 'detractor')).toEqual([]);
  });

  it('raises a detractor alert with the customer’s case for a low score', async () => {
    await runTo('2027-02-10T10:00:00Z');
    put(
      'Support Ticket Resolved',
      supportTicketResolved({ ticketId: 't-200', customerId: 'c-cross', resolvedAt: '2027-02-10T10:00:00Z' }),
    );
    await runTo('2027-02-10T12:30:00Z');
    const [email] = await emailsTo('c-cross');

    const link = answerLinks(email?.html).get('2') ?? '';
    const opened = await click(link);
    const answered = await press(link, opened);

    expect(answered.status).toBe(200);
    expect(answered.body).toContain('someone here will look at your case');
    expect(runtime.alerts().filter((a) => a.kind === 'detractor')).toEqual([
      expect.objectContaining({
        kind: 'detractor',
        surveyId: 'survey-ticket-t-200',
        customerId: 'c-cross',
        scale: 'csat-5',
        score: 2,
        trigger: 'ticket',
        ticketId: 't-200',
      }),
    ]);
    // The same button again (a double click) is thanked, not counted twice.
    expect((await press(link, opened)).status).toBe(200);
    expect(runtime.alerts().filter((a) => a.kind === 'detractor')).toHaveLength(1);
    expect(await repositories().surveys.get('survey-ticket-t-200')).toMatchObject({ score: 2 });
  });

  it('answers nothing for a mail scanner that fetches every link; the customer’s own answer then counts', async () => {
    await runTo('2027-02-11T10:00:00Z');
    put(
      'Support Ticket Resolved',
      supportTicketResolved({
        ticketId: 't-250',
        customerId: 'c-scanned',
        resolvedAt: '2027-02-11T10:00:00Z',
      }),
    );
    await runTo('2027-02-11T12:30:00Z');
    const [email] = await emailsTo('c-scanned');
    const links = answerLinks(email?.html);
    expect([...links.keys()]).toEqual(['1', '2', '3', '4', '5']);
    const alertsBefore = runtime.alerts().length;

    // A scanner follows every link of the message, in order, and reads every page.
    for (const link of links.values()) expect((await click(link)).status).toBe(200);
    expect(await repositories().surveys.get('survey-ticket-t-250')).not.toHaveProperty('score');
    expect(runtime.alerts()).toHaveLength(alertsBefore);

    // The customer clicks 4 and presses the big button: recorded, not refused as already answered.
    const answered = await answer(links.get('4') ?? '');
    expect(answered.status).toBe(200);
    expect(await repositories().surveys.get('survey-ticket-t-250')).toMatchObject({ score: 4 });
    expect(runtime.alerts()).toHaveLength(alertsBefore);
  });

  it('refuses forged, tampered, misused and expired answer links with a clear 4xx', async () => {
    const base = `${runtime.apiUrl()}/survey`;
    const exp = Math.floor(runtime.clock.nowMs() / 1000) + 86_400;
    const claims = {
      customerId: 'c-glad',
      surveyId: 'survey-ticket-t-100',
      scale: 'csat-5' as const,
      locale: 'en-GB',
      exp,
    };
    const forged = surveyToken(claims, 'not-the-secret');
    const genuine = surveyToken(claims, secret());
    const [payload = '', signature = ''] = genuine.split('.');
    const tampered = `${Buffer.from(JSON.stringify({ use: 'survey', s: 'survey-ticket-t-101', l: 'en-GB', exp })).toString('base64url')}.${signature}`;
    // Genuinely signed, but for a survey stille never asked.
    const unknownSurvey = surveyToken({ ...claims, surveyId: 'survey-ticket-t-never' }, secret());
    const unsubscribe = unsubscribeToken(
      { customerId: 'c-glad', channel: 'email', purpose: 'surveys', exp },
      secret(),
    );

    for (const token of [forged, tampered, unknownSurvey, unsubscribe, `${payload}.`, '']) {
      const refused = await click(`${base}?token=${token}&score=1`);
      expect(refused.status).toBe(400);
      expect(refused.body).toContain('This link is not valid');
    }
    const badScore = await click(`${base}?token=${genuine}&score=7`);
    expect(badScore.status).toBe(400);
    expect(badScore.body).toContain('Please pick one of the numbers');
    expect(badScore.body).not.toContain('<script');

    await runTo('2027-03-20T00:00:00Z');
    const [email] = await emailsTo('c-glad');
    const expired = await click(answerLinks(email?.html).get('5') ?? '');
    expect(expired.status).toBe(410);
    // An expired token's claims are not read: the page speaks the browser's language.
    expect(expired.body).toContain('This link has expired');
    expect(await repositories().surveys.get('survey-ticket-t-100')).not.toHaveProperty('score');
  });

  it('texts a survey due at night at 08:00, with one link to the scale', async () => {
    // Resolved at 20:00 UTC: the survey is due at 22:00 UTC, 23:00 in Oslo, inside quiet hours.
    await runTo('2027-03-22T20:00:00Z');
    put(
      'Support Ticket Resolved',
      supportTicketResolved({
        ticketId: 't-300',
        customerId: 'c-texter',
        resolvedAt: '2027-03-22T20:00:00Z',
      }),
    );
    await runTo('2027-03-23T10:00:00Z');

    const texts = runtime.services.sms.sent().filter((m) => m.context.customerId === 'c-texter');
    expect(texts).toHaveLength(1);
    expect(texts[0]?.at).toBe('2027-03-23T07:00:00.000Z');
    expect(texts[0]?.messageType).toBe('PROMOTIONAL');
    const link = /(http:\/\/\S+\/survey\?token=[A-Za-z0-9_.-]+)/.exec(texts[0]?.body ?? '')?.[1];
    expect(link).toBeDefined();
    const page = await click(link ?? '');
    expect(page.status).toBe(200);
    expect(page.body.match(/class="score"/g)).toHaveLength(5);
    // One tap on a number answers.
    expect((await press(link ?? '', page, '4')).status).toBe(200);
    expect(await repositories().surveys.get('survey-ticket-t-300')).toMatchObject({ score: 4 });
  });

  it('asks by day: a resolution after midnight is surveyed at 08:00, by email too', async () => {
    // Resolved at 00:30 UTC (01:30 in Oslo): two hours later is 03:30, inside the night.
    await runTo('2027-03-24T00:30:00Z');
    const [done] = put(
      'Support Ticket Resolved',
      supportTicketResolved({ ticketId: 't-400', customerId: 'c-owl', resolvedAt: '2027-03-24T00:30:00Z' }),
    );
    await runTo('2027-03-24T12:00:00Z');

    expect((await done)?.output).toMatchObject({ plan: { askAt: '2027-03-24T07:00:00.000Z' } });
    expect(await ledger('survey-ticket-t-400')).toMatchObject({
      status: 'sent',
      channel: 'email',
      sentAt: '2027-03-24T07:00:00.000Z',
    });
  });

  it('shows the whole scale on the page an SMS links to', async () => {
    const exp = Math.floor(runtime.clock.nowMs() / 1000) + 86_400;
    const token = surveyToken(
      { customerId: 'c-glad', surveyId: 'survey-ticket-t-100', scale: 'csat-5', locale: 'sv-SE', exp },
      secret(),
    );

    const page = await click(`${runtime.apiUrl()}/survey?token=${token}`);

    expect(page.status).toBe(200);
    expect(page.body).toContain('Välj den siffra som passar bäst');
    expect(page.body.match(/class="score"/g)).toHaveLength(5);
  });
});
