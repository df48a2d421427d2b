import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SecretProvider } from '#adapters/secrets.ts';
import { unsubscribeToken } from '#domain/links/unsubscribe.ts';
import { createHandler } from '#handlers/unsubscribe.ts';
import { fixedClock, testDeps } from '../../helpers/deps.ts';

const eventBridgeMock = mockClient(EventBridgeClient);
const SECRET = 'link-secret';
const secrets: SecretProvider = { get: async () => SECRET };
const NOW = '2027-01-12T14:00:00Z';
const token = unsubscribeToken(
  { customerId: 'c-1', channel: 'email', purpose: 'marketing', exp: Date.parse(NOW) / 1000 + 3600 },
  SECRET,
);
const handler = createHandler(testDeps({ clock: fixedClock(NOW) }), undefined, secrets);

/** A request as an HTTP API hands it over: a form body base64-encoded, as API Gateway sends it. */
function request(
  method: 'GET' | 'POST',
  body?: { text: string; contentType: string },
): APIGatewayProxyEventV2 {
  return {
    queryStringParameters: { token },
    headers: body ? { 'content-type': body.contentType } : {},
    requestContext: { http: { method } },
    ...(body ? { body: Buffer.from(body.text).toString('base64'), isBase64Encoded: true } : {}),
  } as unknown as APIGatewayProxyEventV2;
}
const urlencoded = (text: string) => ({ text, contentType: 'application/x-www-form-urlencoded' });
const published = () => eventBridgeMock.commandCalls(PutEventsCommand).length;

beforeEach(() => {
  eventBridgeMock.reset();
  eventBridgeMock.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
});

describe('Unsubscribe: the page in the language of the browser', () => {
  it.each([
    ['nb-NO,nb;q=0.9', 'nb', 'Ja, meld meg av'],
    ['sv-SE', 'sv', 'Ja, avregistrera mig'],
    ['sv-FI,fi;q=0.8', 'sv', 'Ja, avregistrera mig'],
    ['en-GB', 'en', 'Yes, unsubscribe me'],
    ['fi-FI,fi;q=0.9,en;q=0.8', 'fi', 'Kyllä, lopeta viestit'],
    ['da-DK,da;q=0.9', 'da', 'Ja, afmeld mig'],
  ])('asks in the language of Accept-Language %s (%s)', async (acceptLanguage, lang, button) => {
    const event = request('GET');
    const response = await handler({ ...event, headers: { 'accept-language': acceptLanguage } });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain(`<html lang="${lang}">`);
    expect(response.body).toContain(button);
    expect(published()).toBe(0);
  });

  it('tells a Finnish customer which messages stop, in the partitive Finnish needs', async () => {
    const event = request('GET');
    const response = await handler({ ...event, headers: { 'accept-language': 'fi' } });
    expect(response.body).toContain(
      'Haluatko, ettemme enää lähetä sinulle tarjouksia ja uutisia sähköpostilla?',
    );
  });
});

describe('Unsubscribe', () => {
  it('shows a confirmation on GET and changes nothing; its button carries the one-click field', async () => {
    const response = await handler(request('GET'));

    expect(response.statusCode).toBe(200);
    expect(response.body).toContain(
      '<button type="submit" name="List-Unsubscribe" value="One-Click">Yes, unsubscribe me</button>',
    );
    // Only a pressed button sends the field: a form sent without one unsubscribes nobody.
    expect(response.body).not.toContain('type="hidden"');
    expect(published()).toBe(0);
  });

  it('unsubscribes on an RFC 8058 one-click POST (List-Unsubscribe=One-Click, form-encoded)', async () => {
    const response = await handler(request('POST', urlencoded('List-Unsubscribe=One-Click')));

    expect(response.statusCode).toBe(200);
    const entry = eventBridgeMock.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.[0];
    expect(entry?.DetailType).toBe('Contact Preferences Changed');
    expect(JSON.parse(entry?.Detail ?? '{}')).toMatchObject({
      customerId: 'c-1',
      channel: 'email',
      purpose: 'marketing',
      optedOut: true,
      source: 'unsubscribe-link',
    });
  });

  it('takes the one-click field in a multipart/form-data body too, as RFC 8058 recommends', async () => {
    const boundary = '----b0undary';
    const text = `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`;

    const response = await handler(
      request('POST', { text, contentType: `multipart/form-data; boundary=${boundary}` }),
    );

    expect(response.statusCode).toBe(200);
    expect(published()).toBe(1);
  });

  it.each([
    ['no body', undefined],
    ['another field', urlencoded('unsubscribe=yes')],
    ['another value', urlencoded('List-Unsubscribe=Yes')],
    ['the field as plain text', { text: 'List-Unsubscribe=One-Click', contentType: 'text/plain' }],
  ])('refuses a POST with %s: 400 and a page that says how to unsubscribe', async (_what, body) => {
    const response = await handler(request('POST', body));

    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Nothing was changed');
    expect(response.body).toContain('name="List-Unsubscribe" value="One-Click"');
    expect(published()).toBe(0);
  });
});
