import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Repositories } from '#adapters/dynamo/index.ts';
import { type MessageLedger, messageIdFor, type PendingMessage } from '#adapters/dynamo/messages.ts';
import type { SecretProvider } from '#adapters/secrets.ts';
import { TransientError } from '#domain/errors.ts';
import { offerToken } from '#domain/links/offer-accept.ts';
import { surveyToken } from '#domain/links/survey-answer.ts';
import { createHandler } from '#handlers/accept-offer.ts';
import { fixedClock, testDeps } from '../../helpers/deps.ts';
import { type DynaliteLedger, startLedgerOnDynalite } from '../../helpers/dynalite-ledger.ts';

// The handler against the real ledger on dynalite: its conditional writes are evaluated for real.
const TABLE = 'messages-accept-offer';
const SECRET = 'link-secret';
const secrets: SecretProvider = { get: async () => SECRET };
const NOW = '2027-03-10T12:00:00.000Z';
const SENT_AT = '2027-03-09T08:00:01.000Z';
/** The offer's last day ends 2027-07-01T00:00:00Z. */
const EXP = Date.parse('2027-07-01T00:00:00Z') / 1000;
const eventBridgeMock = mockClient(EventBridgeClient);

let running: DynaliteLedger;
let ledger: MessageLedger;

beforeAll(async () => {
  running = await startLedgerOnDynalite(TABLE);
  ledger = running.ledger;
});

afterAll(async () => {
  await running?.close();
});

beforeEach(() => {
  eventBridgeMock.reset();
  eventBridgeMock.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
});

let sequence = 0;

/** A retention offer message, claimed and sent, in the ledger; its dedupe key. */
async function sentOffer(
  overrides: { kind?: PendingMessage['kind']; facts?: Record<string, unknown>; name?: unknown } = {},
): Promise<string> {
  sequence += 1;
  const kind = overrides.kind ?? 'retention-offer';
  const dedupeKey = `${kind}#2027-03#fix-24m-no#c-${sequence}`;
  const pending: PendingMessage = {
    messageId: messageIdFor(dedupeKey),
    dedupeKey,
    customerId: `c-${sequence}`,
    kind,
    purpose: 'marketing',
    locale: 'nb-NO',
    trigger: { detailType: 'Offer Catalog Published', id: '2027-03' },
    facts: overrides.facts ?? {
      offerId: 'fix-24m-no',
      catalogId: '2027-03',
      productId: 'p-el-1',
      productKind: 'electricity',
      currency: 'NOK',
      reasons: ['binding-ending'],
      annualValue: 1240,
      offer: {
        name: overrides.name ?? { 'nb-NO': 'Fastpris 24 måneder', 'en-GB': 'Fixed price 24 months' },
        validUntil: '2027-06-30',
        benefit: { type: 'tariff', tariffId: 'fix-24m', component: 'energy', price: 0.95, bindingMonths: 24 },
      },
    },
    channel: 'email',
    to: 'kari@example.no',
    subject: 'Et tilbud',
    text: 'Tilbud',
    html: '<p>Tilbud</p>',
  };
  await ledger.claim(pending, 'execution-1', new Date('2027-03-09T08:00:00.000Z'));
  await ledger.markSent(dedupeKey, {
    providerMessageId: `ses-${sequence}`,
    sentAt: SENT_AT,
    channel: 'email',
    to: 'kari@example.no',
    subject: 'Et tilbud',
    text: 'Tilbud',
    html: '<p>Tilbud</p>',
    locale: 'nb-NO',
  });
  return dedupeKey;
}

const tokenFor = (dedupeKey: string, locale = 'nb-NO', exp = EXP) =>
  offerToken({ dedupeKey, locale, exp }, SECRET);

/** The link a person (or a mail scanner) follows. */
const get = (token: string): APIGatewayProxyEventV2 =>
  ({
    queryStringParameters: { token },
    headers: {},
    requestContext: { http: { method: 'GET' } },
  }) as unknown as APIGatewayProxyEventV2;
/** The page's form sent by its one button, as API Gateway delivers it. */
const post = (token: string): APIGatewayProxyEventV2 =>
  ({
    queryStringParameters: {},
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    requestContext: { http: { method: 'POST' } },
    body: Buffer.from(new URLSearchParams({ token }).toString()).toString('base64'),
    isBase64Encoded: true,
  }) as unknown as APIGatewayProxyEventV2;

const handlerAt = (now = NOW) =>
  createHandler(testDeps({ clock: fixedClock(now) }), {
    repositories: { messages: ledger } as unknown as Repositories,
    secrets,
  });
const published = () =>
  eventBridgeMock.commandCalls(PutEventsCommand).map((call) => {
    const entry = call.args[0].input.Entries?.[0];
    return {
      detailType: entry?.DetailType,
      source: entry?.Source,
      detail: JSON.parse(entry?.Detail ?? '{}'),
    };
  });

describe('AcceptOffer: the link (GET) shows the offer, never accepts', () => {
  it('shows the offer in the customer’s numbers with one button that posts the token, and changes nothing', async () => {
    const key = await sentOffer();
    const before = await ledger.get(key);
    const token = tokenFor(key);

    const response = await handlerAt()(get(token));

    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({
      'cache-control': 'no-store',
      'content-type': 'text/html; charset=utf-8',
      'referrer-policy': 'no-referrer',
    });
    expect(response.headers?.['content-security-policy']).toContain("form-action 'self'");
    const body = String(response.body);
    expect(body).toContain('<html lang="nb">');
    expect(body).toContain('Fastpris 24 måneder');
    expect(body).toMatch(/Ny pris: 0,95\s*kr per kWh, fast i 24 måneder\./);
    expect(body).toMatch(/verdt omtrent 1\s240,00\s*kr i året/);
    expect(body).toContain('til og med 30. juni 2027');
    expect(body).toContain('<form method="post" action="/offer">');
    expect(body).toContain(`<input type="hidden" name="token" value="${token}">`);
    expect(body.match(/<button/g)).toHaveLength(1);
    expect(body).not.toMatch(/<script/);
    expect(await ledger.get(key)).toEqual(before);
    expect(published()).toEqual([]);
  });

  it('escapes what the page shows (an offer name with a script)', async () => {
    const key = await sentOffer({ name: { 'nb-NO': '<script>alert("x")</script> & Co' } });

    const body = String((await handlerAt()(get(tokenFor(key)))).body);

    expect(body).not.toContain('<script>');
    expect(body).toContain('&lt;script&gt;');
    expect(body).toContain('&amp; Co');
  });
});

describe('AcceptOffer: the button (POST) accepts once', () => {
  it('records the acceptance and publishes exactly one Offer Accepted with the offer, customer, product and message', async () => {
    const key = await sentOffer();

    const response = await handlerAt()(post(tokenFor(key)));

    expect(response.statusCode).toBe(200);
    expect(String(response.body)).toContain(
      'Takk! Vi har registrert at du takker ja til Fastpris 24 måneder. Du hører fra oss når endringen er gjort.',
    );
    expect(published()).toEqual([
      {
        detailType: 'Offer Accepted',
        source: 'stille',
        detail: {
          offerId: 'fix-24m-no',
          customerId: `c-${sequence}`,
          productId: 'p-el-1',
          messageId: messageIdFor(key),
          acceptedAt: NOW,
        },
      },
    ]);
    const stored = await ledger.get(key);
    expect(stored?.facts).toMatchObject({ acceptedAt: NOW, acceptancePublished: true });
    expect(stored?.status).toBe('sent');
  });

  it('says a second accept was already accepted on its date, and publishes nothing more', async () => {
    const key = await sentOffer();
    await handlerAt()(post(tokenFor(key)));
    eventBridgeMock.resetHistory();

    const again = await handlerAt('2027-03-11T09:00:00.000Z')(post(tokenFor(key)));
    const opened = await handlerAt('2027-03-11T09:00:00.000Z')(get(tokenFor(key)));

    expect(again.statusCode).toBe(200);
    expect(String(again.body)).toContain('Du takket ja til Fastpris 24 måneder 10. mars 2027.');
    expect(String(again.body)).not.toContain('<form');
    expect(String(opened.body)).toContain('Du takket ja til Fastpris 24 måneder 10. mars 2027.');
    expect(published()).toEqual([]);
    expect((await ledger.get(key))?.facts.acceptedAt).toBe(NOW);
  });

  it('publishes again on the next POST when the bus failed after the acceptance was recorded', async () => {
    const key = await sentOffer();
    eventBridgeMock
      .on(PutEventsCommand)
      .rejectsOnce(new Error('bus down'))
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-2' }] });

    // The error reaches API Gateway, which answers 500; the customer presses again.
    await expect(handlerAt()(post(tokenFor(key)))).rejects.toThrow(TransientError);
    expect((await ledger.get(key))?.facts).toMatchObject({ acceptedAt: NOW, acceptancePublished: false });
    // The link shows the offer and its button again, and still changes nothing.
    const opened = await handlerAt('2027-03-10T12:05:00.000Z')(get(tokenFor(key)));
    expect(String(opened.body)).toContain('<form method="post"');

    const retried = await handlerAt('2027-03-10T12:05:00.000Z')(post(tokenFor(key)));
    const thrice = await handlerAt('2027-03-10T12:06:00.000Z')(post(tokenFor(key)));

    expect(retried.statusCode).toBe(200);
    expect(String(thrice.body)).toContain('Du takket ja til');
    const details = published().map((event) => event.detail);
    // The failed put, then exactly one more, with the time of the first acceptance.
    expect(details).toHaveLength(2);
    expect(details[1]).toMatchObject({ messageId: messageIdFor(key), acceptedAt: NOW });
    expect((await ledger.get(key))?.facts).toMatchObject({ acceptedAt: NOW, acceptancePublished: true });
  });
});

describe('AcceptOffer: refusals change nothing', () => {
  it('refuses an expired link with 410 and a clear page', async () => {
    const key = await sentOffer();
    const before = await ledger.get(key);

    const response = await handlerAt('2027-07-01T00:00:00.000Z')(post(tokenFor(key)));

    expect(response.statusCode).toBe(410);
    expect(String(response.body)).toContain('This offer has expired');
    expect(await ledger.get(key)).toEqual(before);
    expect(published()).toEqual([]);
  });

  it('refuses an offer whose last day is over even when its link lives longer', async () => {
    const key = await sentOffer();

    const response = await handlerAt('2027-07-02T08:00:00.000Z')(
      post(tokenFor(key, 'nb-NO', EXP + 30 * 86_400)),
    );

    expect(response.statusCode).toBe(410);
    expect(String(response.body)).toContain('Dette tilbudet har gått ut');
    expect(published()).toEqual([]);
  });

  it.each([
    ['a forged signature', (key: string) => `${tokenFor(key).slice(0, -4)}AAAA`],
    [
      'a token signed with another secret',
      (key: string) => offerToken({ dedupeKey: key, locale: 'nb-NO', exp: EXP }, 'other-secret'),
    ],
    [
      'a survey token (another use)',
      () =>
        surveyToken(
          { customerId: 'c-1', surveyId: 's-1', scale: 'csat-5', locale: 'nb-NO', exp: EXP },
          SECRET,
        ),
    ],
    ['a malformed token', () => 'not-a-token'],
    ['an over-long token', () => 'a'.repeat(5000)],
  ])('refuses %s with 400', async (_what, make) => {
    const key = await sentOffer();
    const before = await ledger.get(key);

    for (const response of [await handlerAt()(get(make(key))), await handlerAt()(post(make(key)))]) {
      expect(response.statusCode).toBe(400);
      expect(String(response.body)).toContain('This link is not valid');
    }
    expect(await ledger.get(key)).toEqual(before);
    expect(published()).toEqual([]);
  });

  it('refuses a link to a message that is not a sent retention offer with 404', async () => {
    const campaign = await sentOffer({ kind: 'campaign-message' });
    const unknown = 'retention-offer#2027-03#fix-24m-no#c-nobody';

    for (const key of [campaign, unknown]) {
      const response = await handlerAt()(post(tokenFor(key)));
      expect(response.statusCode).toBe(404);
      expect(String(response.body)).toContain('Vi finner ikke tilbudet');
    }
    expect((await ledger.get(campaign))?.facts.acceptedAt).toBeUndefined();
    expect(published()).toEqual([]);
  });
});

describe('AcceptOffer: the pages in every locale', () => {
  it.each([
    ['nb-NO', 'nb', 'Ja takk, jeg vil ha tilbudet', 'Takk! Vi har registrert'],
    ['sv-SE', 'sv', 'Ja tack, jag vill ha erbjudandet', 'Tack! Vi har registrerat'],
    ['sv-FI', 'sv', 'Ja tack, jag vill ha erbjudandet', 'Tack! Vi har registrerat'],
    ['fi-FI', 'fi', 'Kyllä kiitos, hyväksyn tarjouksen', 'Kiitos! Olemme kirjanneet'],
    ['da-DK', 'da', 'Ja tak, jeg vil gerne have tilbuddet', 'Tak! Vi har registreret'],
    ['en-GB', 'en', 'Yes please, I accept the offer', 'Thank you! We have noted'],
    ['de-DE', 'en', 'Yes please, I accept the offer', 'Thank you! We have noted'],
  ])('%s: its own words on the offer and thank-you pages', async (locale, lang, button, thanks) => {
    const key = await sentOffer();

    const page = String((await handlerAt()(get(tokenFor(key, locale)))).body);
    const done = String((await handlerAt()(post(tokenFor(key, locale)))).body);

    expect(page).toContain(`<html lang="${lang}">`);
    expect(page).toContain(button);
    expect(done).toContain(thanks);
  });

  it('writes the numbers as the locale does (sv-FI in euros when the offer is)', async () => {
    const key = await sentOffer({
      facts: {
        offerId: 'rabatt-fi',
        currency: 'EUR',
        reasons: [],
        annualValue: 86.5,
        offer: { name: { 'sv-FI': 'Rabatt 10 %' }, benefit: { type: 'discount', percent: 10, months: 12 } },
      },
    });

    const page = String((await handlerAt()(get(tokenFor(key, 'sv-FI')))).body);

    expect(page).toContain('Rabatt 10 %');
    expect(page).toMatch(/10\s%\srabatt på dina fakturor i 12 månader\./);
    expect(page).toMatch(/86,50\s€ om året/);
    // No last day: no sentence about one.
    expect(page).not.toContain('till och med');
  });
});

describe('MessageLedger.recordAcceptance', () => {
  it('records only the first acceptance of a sent retention offer, and marks it published once', async () => {
    const key = await sentOffer();
    const at = new Date(NOW);

    await expect(ledger.recordAcceptance(key, at)).resolves.toEqual({ applied: true });
    await expect(ledger.recordAcceptance(key, new Date('2027-03-11T00:00:00Z'))).resolves.toEqual({
      applied: false,
    });
    expect((await ledger.get(key))?.facts).toMatchObject({ acceptedAt: NOW, acceptancePublished: false });
    await expect(ledger.markAcceptancePublished(key)).resolves.toEqual({ applied: true });
    await expect(ledger.markAcceptancePublished(key)).resolves.toEqual({ applied: false });
    expect((await ledger.get(key))?.facts).toMatchObject({ acceptedAt: NOW, acceptancePublished: true });
  });

  it('changes nothing on another kind of message, one not sent, or one that does not exist', async () => {
    const campaign = await sentOffer({ kind: 'campaign-message' });
    const inFlight = 'retention-offer#2027-03#fix-24m-no#c-in-flight';
    await ledger.claim(
      {
        messageId: messageIdFor(inFlight),
        dedupeKey: inFlight,
        customerId: 'c-in-flight',
        kind: 'retention-offer',
        purpose: 'marketing',
        locale: 'nb-NO',
        trigger: { detailType: 'Offer Catalog Published', id: '2027-03' },
        facts: { offerId: 'fix-24m-no' },
      },
      'execution-1',
      new Date(NOW),
    );

    for (const key of [campaign, inFlight, 'retention-offer#none']) {
      await expect(ledger.recordAcceptance(key, new Date(NOW))).resolves.toEqual({ applied: false });
      await expect(ledger.markAcceptancePublished(key)).resolves.toEqual({ applied: false });
    }
    expect((await ledger.get(campaign))?.facts.acceptedAt).toBeUndefined();
    expect((await ledger.get(inFlight))?.facts.acceptedAt).toBeUndefined();
    expect(await ledger.get('retention-offer#none')).toBeUndefined();
  });
});
