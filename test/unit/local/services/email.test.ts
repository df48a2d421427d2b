import {
  GetAccountCommand,
  SESv2Client,
  SendEmailCommand,
  type SendEmailCommandInput,
} from '@aws-sdk/client-sesv2';
import { afterEach, describe, expect, it } from 'vitest';
import { localClientConfig } from '#local/services/client-config.ts';
import { type EmailOptions, type LocalEmail, mimeHeaders, startEmail } from '#local/services/email.ts';

function simpleEmail(to: string, overrides: Partial<SendEmailCommandInput> = {}): SendEmailCommandInput {
  return {
    FromEmailAddress: 'Stille <noreply@stille.example>',
    Destination: { ToAddresses: [to] },
    Content: {
      Simple: {
        Subject: { Data: 'Your January invoice, explained', Charset: 'UTF-8' },
        Body: {
          Html: { Data: '<p>Your invoice is <strong>1 240,50 kr</strong>.</p>', Charset: 'UTF-8' },
          Text: { Data: 'Your invoice is 1 240,50 kr.', Charset: 'UTF-8' },
        },
      },
    },
    ...overrides,
  };
}

/** What each of `count` sends answered: 'ok', or the SDK error name and HTTP status. */
async function outcomes(client: SESv2Client, count: number): Promise<string[]> {
  const results: string[] = [];
  for (let i = 0; i < count; i += 1) {
    try {
      await client.send(new SendEmailCommand(simpleEmail(`customer-${i}@example.no`)));
      results.push('ok');
    } catch (error) {
      const { name, $metadata } = error as { name: string; $metadata?: { httpStatusCode?: number } };
      results.push(`${name} ${$metadata?.httpStatusCode}`);
    }
  }
  return results;
}

describe('local SES v2', () => {
  const running: LocalEmail[] = [];
  const clients: SESv2Client[] = [];

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await Promise.all(running.splice(0).map((email) => email.close()));
  });

  async function start(options: EmailOptions = {}): Promise<{ email: LocalEmail; client: SESv2Client }> {
    const email = await startEmail(options);
    running.push(email);
    // maxAttempts 1: the SDK must not retry, so every injected fault is seen by the test.
    const client = new SESv2Client({ ...localClientConfig(email.endpoint), maxAttempts: 1 });
    clients.push(client);
    return { email, client };
  }
  it('forgets the bodies of what it accepted when told to, and keeps the rest of each email', async () => {
    const { email, client } = await start({ keepBodies: false });
    const out = await client.send(new SendEmailCommand(simpleEmail('kari@example.no')));
    const [sent] = await email.sent();
    expect(sent).toMatchObject({
      messageId: out.MessageId,
      to: ['kari@example.no'],
      subject: 'Your January invoice, explained',
    });
    expect(sent?.html).toBeUndefined();
    expect(sent?.text).toBeUndefined();
  });

  it('answers GetAccount with its sending quota and what it sent in the last 24 hours', async () => {
    let now = new Date('2027-01-05T08:00:00Z');
    const { client } = await start({
      now: () => now,
      sendQuota: { maxSendRate: 40, max24HourSend: 200_000 },
    });
    await outcomes(client, 3);
    now = new Date('2027-01-06T09:00:00Z');
    await outcomes(client, 2);

    const account = await client.send(new GetAccountCommand({}));

    expect(account.SendQuota).toEqual({ MaxSendRate: 40, Max24HourSend: 200_000, SentLast24Hours: 2 });
    expect(account.ProductionAccessEnabled).toBe(true);
    // SES's default production quota when none is given.
    const { client: plain } = await start();
    expect((await plain.send(new GetAccountCommand({}))).SendQuota?.MaxSendRate).toBe(14);
  });

  it('accepts a simple email with headers and a configuration set and gives it back', async () => {
    const at = new Date('2027-01-05T08:00:03Z');
    const { email, client } = await start({ now: () => at });

    const { MessageId } = await client.send(
      new SendEmailCommand(
        simpleEmail('kari@example.no', {
          ConfigurationSetName: 'stille-events',
          EmailTags: [{ Name: 'purpose', Value: 'service' }],
          Content: {
            Simple: {
              Subject: { Data: 'Strømprisen endres 1. februar' },
              Body: { Html: { Data: '<p>Hei Kari</p>' }, Text: { Data: 'Hei Kari' } },
              Headers: [
                { Name: 'List-Unsubscribe', Value: '<https://stille.example/u/abc>' },
                { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
              ],
            },
          },
        }),
      ),
    );

    const sent = await email.sent();
    expect(sent).toEqual([
      {
        messageId: MessageId,
        from: 'Stille <noreply@stille.example>',
        to: ['kari@example.no'],
        cc: [],
        bcc: [],
        replyTo: [],
        subject: 'Strømprisen endres 1. februar',
        html: '<p>Hei Kari</p>',
        text: 'Hei Kari',
        headers: {
          'List-Unsubscribe': '<https://stille.example/u/abc>',
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        },
        configurationSetName: 'stille-events',
        tags: { purpose: 'service' },
        at: at.toISOString(),
      },
    ]);
    expect(email.stats()).toEqual({ accepted: 1, throttled: 0, failed: 0, rejected: 0 });
  });

  it('accepts a raw MIME email and reads its headers', async () => {
    const { email, client } = await start();
    const mime = [
      'From: noreply@stille.example',
      'To: ola@example.no',
      'Subject: Raw hello',
      'List-Unsubscribe: <mailto:unsubscribe@stille.example>,',
      ' <https://stille.example/u/xyz>',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=UTF-8',
      '',
      'Hello from a raw message.',
      '',
    ].join('\r\n');

    const { MessageId } = await client.send(
      new SendEmailCommand({ Content: { Raw: { Data: new TextEncoder().encode(mime) } } }),
    );

    const [sent] = await email.sent();
    expect(sent?.messageId).toBe(MessageId);
    expect(sent?.subject).toBe('Raw hello');
    expect(sent?.text?.trim()).toBe('Hello from a raw message.');
    expect(sent?.headers['List-Unsubscribe']).toBe(
      '<mailto:unsubscribe@stille.example>, <https://stille.example/u/xyz>',
    );
  });

  it('gives every email a distinct SES-shaped message id', async () => {
    const { email, client } = await start();

    const ids = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const { MessageId } = await client.send(new SendEmailCommand(simpleEmail(`c-${i}@example.no`)));
        return MessageId;
      }),
    );

    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{16}-[0-9a-f-]{36}-000000$/);
    expect((await email.sent()).map((sent) => sent.messageId).sort()).toEqual([...ids].sort());
  });

  it('surfaces throttled sends as TooManyRequestsException with HTTP 429', async () => {
    const { email, client } = await start({ faults: { throttleRate: 1 } });

    const error = await client
      .send(new SendEmailCommand(simpleEmail('kari@example.no')))
      .catch((caught) => caught);

    expect(error.name).toBe('TooManyRequestsException');
    expect(error.$metadata.httpStatusCode).toBe(429);
    expect(await email.sent()).toEqual([]);
    expect(email.stats()).toEqual({ accepted: 0, throttled: 1, failed: 0, rejected: 0 });
  });

  it('surfaces failed sends as InternalFailure with HTTP 500', async () => {
    const { email, client } = await start({ faults: { errorRate: 1 } });

    const error = await client
      .send(new SendEmailCommand(simpleEmail('kari@example.no')))
      .catch((caught) => caught);

    expect(error.name).toBe('InternalFailure');
    expect(error.$metadata.httpStatusCode).toBe(500);
    expect(email.stats()).toEqual({ accepted: 0, throttled: 0, failed: 1, rejected: 0 });
  });

  it('rejects an email without a sender as BadRequestException', async () => {
    const { email, client } = await start();

    const error = await client
      .send(new SendEmailCommand(simpleEmail('kari@example.no', { FromEmailAddress: undefined })))
      .catch((caught) => caught);

    expect(error.name).toBe('BadRequestException');
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(email.stats()).toEqual({ accepted: 0, throttled: 0, failed: 0, rejected: 1 });
  });

  it('throttles about the configured share of 200 sends', async () => {
    const { email, client } = await start({ faults: { throttleRate: 0.5 }, seed: 42 });

    const results = await outcomes(client, 200);

    const throttled = results.filter((result) => result === 'TooManyRequestsException 429').length;
    expect(throttled).toBeGreaterThanOrEqual(70);
    expect(throttled).toBeLessThanOrEqual(130);
    expect(results.filter((result) => result === 'ok')).toHaveLength(200 - throttled);
    expect(email.stats()).toEqual({ accepted: 200 - throttled, throttled, failed: 0, rejected: 0 });
    expect(await email.sent()).toHaveLength(200 - throttled);
  });

  it('injects the same faults for the same seed, and other faults for another seed', async () => {
    const faults = { throttleRate: 0.3, errorRate: 0.2 };
    const first = await outcomes((await start({ faults, seed: 7 })).client, 100);
    const again = await outcomes((await start({ faults, seed: 7 })).client, 100);
    const other = await outcomes((await start({ faults, seed: 8 })).client, 100);

    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    expect(new Set(first)).toEqual(new Set(['ok', 'TooManyRequestsException 429', 'InternalFailure 500']));
  });

  it('keeps the emails of two instances in one process apart', async () => {
    const a = await start();
    const b = await start();

    await a.client.send(new SendEmailCommand(simpleEmail('only-a@example.no')));
    await b.client.send(new SendEmailCommand(simpleEmail('only-b@example.no')));

    expect((await a.email.sent()).map((sent) => sent.to)).toEqual([['only-a@example.no']]);
    expect((await b.email.sent()).map((sent) => sent.to)).toEqual([['only-b@example.no']]);
  });

  it('forgets its emails on close, also in the inbox other instances of the process show', async () => {
    const a = await start();
    const b = await start();
    await a.client.send(new SendEmailCommand(simpleEmail('closing@example.no')));
    const storeOf = async (endpoint: string) =>
      ((await (await fetch(`${endpoint}/store`)).json()) as { emails: { destination: { to: string[] } }[] })
        .emails;
    expect((await storeOf(b.email.endpoint)).map((email) => email.destination.to)).toContainEqual([
      'closing@example.no',
    ]);

    await a.email.close();

    expect((await storeOf(b.email.endpoint)).map((email) => email.destination.to)).not.toContainEqual([
      'closing@example.no',
    ]);
  });

  it('refuses fault rates that are not shares', async () => {
    await expect(startEmail({ faults: { throttleRate: 1.5 } })).rejects.toThrow(RangeError);
    await expect(startEmail({ faults: { throttleRate: 0.6, errorRate: 0.6 } })).rejects.toThrow(RangeError);
  });
});

describe('mimeHeaders', () => {
  it('unfolds folded header lines and stops at the body', () => {
    expect(mimeHeaders('Subject: a\r\n b\r\nX-Id: 1\r\n\r\nBody: not a header\r\n')).toEqual({
      Subject: 'a b',
      'X-Id': '1',
    });
  });
});
