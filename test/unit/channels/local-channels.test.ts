import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmailChannel, type EmailMessage } from '#adapters/channels/email.ts';
import { PermanentDeliveryError } from '#adapters/channels/errors.ts';
import { createSmsChannel, type SmsMessage } from '#adapters/channels/sms.ts';
import { TransientError } from '#domain/errors.ts';
import { localClientConfig } from '#local/services/client-config.ts';
import { type EmailOptions, type LocalEmail, startEmail } from '#local/services/email.ts';
import { type LocalSms, type SmsOptions, startSms } from '#local/services/sms.ts';

// The channels with real SDK clients against the embedded runtime's SES v2 and SMS sink: the requests
// are serialized and the answers parsed for real, so the error names are the ones the SDK raises.
const running: Array<LocalEmail | LocalSms> = [];
const clients: Array<{ destroy(): void }> = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await Promise.all(running.splice(0).map((service) => service.close()));
});

async function emailChannel(options: EmailOptions = {}) {
  const email = await startEmail(options);
  running.push(email);
  // As depsFromEnv creates it: the SDK never retries a send.
  const client = new SESv2Client({ ...localClientConfig(email.endpoint), maxAttempts: 1 });
  clients.push(client);
  return { email, channel: createEmailChannel(client) };
}

async function smsChannel(options: SmsOptions = {}) {
  const sms = await startSms(options);
  running.push(sms);
  const client = new PinpointSMSVoiceV2Client({ ...localClientConfig(sms.endpoint), maxAttempts: 1 });
  clients.push(client);
  return { sms, channel: createSmsChannel(client) };
}

const marketingEmail: EmailMessage = {
  from: 'Stille <noreply@stille.example>',
  to: 'kari@example.no',
  subject: 'Et tilbud til deg, Kari',
  html: '<p>Fastpris 12 mnd: <strong>0,95 kr/kWh</strong>.</p>',
  text: 'Fastpris 12 mnd: 0,95 kr/kWh.',
  configurationSetName: 'stille-email',
  listUnsubscribe: { url: 'https://links.stille.example/unsubscribe?token=a.b' },
  tags: { kind: 'retention-offer', purpose: 'marketing' },
};

const priceNotice: SmsMessage = {
  to: '+4791234567',
  body: 'Strømprisen din endres 1. februar: 0,89 → 1,02 kr/kWh.',
  originationIdentity: 'Stille',
  configurationSetName: 'stille-sms',
  messageType: 'TRANSACTIONAL',
  context: { dedupeKey: 'price-change-notice#pc-1#c-1001' },
};

describe('email channel on the local SES v2', () => {
  it('delivers the email with its one-click unsubscribe headers, configuration set and tags', async () => {
    const { email, channel } = await emailChannel();

    const { providerMessageId } = await channel.send(marketingEmail);

    const [sent] = await email.sent();
    expect(sent?.messageId).toBe(providerMessageId);
    expect(sent).toMatchObject({
      to: ['kari@example.no'],
      subject: 'Et tilbud til deg, Kari',
      html: marketingEmail.html,
      text: marketingEmail.text,
      configurationSetName: 'stille-email',
      tags: { kind: 'retention-offer', purpose: 'marketing' },
      headers: {
        'List-Unsubscribe': '<https://links.stille.example/unsubscribe?token=a.b>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    });
  });

  it('turns a throttled answer (HTTP 429) into a TransientError and stores nothing', async () => {
    const { email, channel } = await emailChannel({ faults: { throttleRate: 1 } });

    const error = await channel.send(marketingEmail).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).cause).toMatchObject({ name: 'TooManyRequestsException' });
    expect(await email.sent()).toEqual([]);
    expect(email.stats().throttled).toBe(1);
  });

  it('turns a server error (HTTP 500) into a TransientError', async () => {
    const { channel } = await emailChannel({ faults: { errorRate: 1 } });

    const error = await channel.send(marketingEmail).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).cause).toMatchObject({ name: 'InternalFailure' });
  });
});

describe('SMS channel on the local sink', () => {
  it('delivers the text message with what the request carried', async () => {
    const { sms, channel } = await smsChannel();

    const { providerMessageId } = await channel.send(priceNotice);

    expect(sms.sent()).toEqual([
      expect.objectContaining({
        messageId: providerMessageId,
        to: '+4791234567',
        body: priceNotice.body,
        originationIdentity: 'Stille',
        messageType: 'TRANSACTIONAL',
        configurationSetName: 'stille-sms',
        context: { dedupeKey: 'price-change-notice#pc-1#c-1001' },
      }),
    ]);
  });

  it('turns a throttled answer (ThrottlingException, HTTP 400) into a TransientError', async () => {
    const { sms, channel } = await smsChannel({ faults: { throttleRate: 1 } });

    const error = await channel.send(priceNotice).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).cause).toMatchObject({ name: 'ThrottlingException' });
    expect(sms.sent()).toEqual([]);
  });

  it('turns a number that is not E.164 into a PermanentDeliveryError (ValidationException)', async () => {
    const { channel } = await smsChannel();

    const error = await channel.send({ ...priceNotice, to: '91234567' }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(PermanentDeliveryError);
    expect(error).toMatchObject({ code: 'ValidationException', channel: 'sms' });
  });
});
