import {
  AccountSuspendedException,
  MessageRejected,
  SESv2Client,
  SendEmailCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createEmailChannel,
  type EmailMessage,
  emailTags,
  listUnsubscribeHeaders,
} from '#adapters/channels/email.ts';
import { PermanentDeliveryError } from '#adapters/channels/errors.ts';
import { TransientError } from '#domain/errors.ts';

const sesMock = mockClient(SESv2Client);
const channel = createEmailChannel(
  new SESv2Client({
    region: 'eu-north-1',
    endpoint: 'http://127.0.0.1:9',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  }),
);

function surveyEmail(overrides: Partial<EmailMessage> = {}): EmailMessage {
  return {
    from: 'Stille <noreply@stille.example>',
    replyTo: 'kundeservice@stille.example',
    to: 'kari@example.no',
    subject: 'Hvordan var svaret vårt?',
    html: '<p>Svar med ett klikk.</p>',
    text: 'Svar med ett klikk.',
    configurationSetName: 'stille-email',
    listUnsubscribe: {
      url: 'https://links.stille.example/unsubscribe?token=abc.def',
      mailto: 'unsubscribe@stille.example',
    },
    tags: { kind: 'survey-request', purpose: 'survey' },
    ...overrides,
  };
}

beforeEach(() => {
  sesMock.reset();
});

describe('email channel', () => {
  it('sends simple UTF-8 content with one-click unsubscribe headers, configuration set and tags', async () => {
    sesMock.on(SendEmailCommand).resolves({ MessageId: '0100abc-ses-id' });

    const result = await channel.send(surveyEmail());

    expect(result).toEqual({ providerMessageId: '0100abc-ses-id' });
    const calls = sesMock.commandCalls(SendEmailCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      FromEmailAddress: 'Stille <noreply@stille.example>',
      Destination: { ToAddresses: ['kari@example.no'] },
      ReplyToAddresses: ['kundeservice@stille.example'],
      Content: {
        Simple: {
          Subject: { Data: 'Hvordan var svaret vårt?', Charset: 'UTF-8' },
          Body: {
            Html: { Data: '<p>Svar med ett klikk.</p>', Charset: 'UTF-8' },
            Text: { Data: 'Svar med ett klikk.', Charset: 'UTF-8' },
          },
          Headers: [
            {
              Name: 'List-Unsubscribe',
              Value:
                '<https://links.stille.example/unsubscribe?token=abc.def>, <mailto:unsubscribe@stille.example>',
            },
            { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
          ],
        },
      },
      ConfigurationSetName: 'stille-email',
      EmailTags: [
        { Name: 'kind', Value: 'survey-request' },
        { Name: 'purpose', Value: 'survey' },
      ],
    });
  });

  it('sends a service notice without unsubscribe headers, reply-to or tags when none are given', async () => {
    sesMock.on(SendEmailCommand).resolves({ MessageId: 'id-2' });

    await channel.send(surveyEmail({ listUnsubscribe: undefined, replyTo: undefined, tags: undefined }));

    const input = sesMock.commandCalls(SendEmailCommand)[0]?.args[0].input;
    expect(input?.Content?.Simple?.Headers).toBeUndefined();
    expect(input?.ReplyToAddresses).toBeUndefined();
    expect(input?.EmailTags).toBeUndefined();
    expect(input?.ConfigurationSetName).toBe('stille-email');
  });

  it('maps a throttled send to TransientError, keeping the SDK error as cause', async () => {
    const throttled = new TooManyRequestsException({
      message: 'Maximum sending rate exceeded.',
      $metadata: { httpStatusCode: 429 },
    });
    sesMock.on(SendEmailCommand).rejects(throttled);

    const error = await channel.send(surveyEmail()).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TransientError);
    expect((error as TransientError).name).toBe('TransientError');
    expect((error as TransientError).cause).toBe(throttled);
  });

  it('maps rejected content and a suspended account to PermanentDeliveryError with the SES code', async () => {
    sesMock
      .on(SendEmailCommand)
      .rejectsOnce(new MessageRejected({ message: 'Email address is not verified.', $metadata: {} }))
      .rejectsOnce(new AccountSuspendedException({ message: 'suspended', $metadata: {} }));

    const rejected = await channel.send(surveyEmail()).catch((caught: unknown) => caught);
    const suspended = await channel.send(surveyEmail()).catch((caught: unknown) => caught);

    expect(rejected).toBeInstanceOf(PermanentDeliveryError);
    expect(rejected).toMatchObject({
      name: 'PermanentDeliveryError',
      code: 'MessageRejected',
      channel: 'email',
    });
    expect(suspended).toMatchObject({ name: 'PermanentDeliveryError', code: 'AccountSuspendedException' });
  });

  it('refuses a plain-http unsubscribe URL before calling SES', async () => {
    sesMock.on(SendEmailCommand).resolves({ MessageId: 'never' });

    const error = await channel
      .send(surveyEmail({ listUnsubscribe: { url: 'http://links.stille.example/unsubscribe?token=x' } }))
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ name: 'PermanentDeliveryError', code: 'InvalidListUnsubscribe' });
    expect(sesMock.commandCalls(SendEmailCommand)).toHaveLength(0);
  });
});

describe('List-Unsubscribe headers', () => {
  it('accepts a mailto: URI as given and http only on a loopback host', () => {
    const headers = listUnsubscribeHeaders({
      url: 'http://127.0.0.1:8080/unsubscribe?token=t',
      mailto: 'mailto:unsubscribe@stille.example?subject=stop',
    });

    expect(headers[0]?.Value).toBe(
      '<http://127.0.0.1:8080/unsubscribe?token=t>, <mailto:unsubscribe@stille.example?subject=stop>',
    );
  });

  it('refuses a mailto that would break out of the URI list', () => {
    expect(() =>
      listUnsubscribeHeaders({ url: 'https://x.example/u', mailto: 'a@x.example>, <https://evil.example' }),
    ).toThrow(PermanentDeliveryError);
  });

  it('refuses a header longer than SES allows', () => {
    expect(() => listUnsubscribeHeaders({ url: `https://x.example/u?token=${'a'.repeat(1000)}` })).toThrow(
      /longer than SES allows/,
    );
  });
});

describe('email tags', () => {
  it('replaces characters SES does not allow, drops empty names and fills empty values', () => {
    expect(
      emailTags({ 'message kind': 'invoice-explanation', 'trigger.id': 'inv/2027:01', '': 'x', empty: '' }),
    ).toEqual([
      { Name: 'message_kind', Value: 'invoice-explanation' },
      { Name: 'trigger_id', Value: 'inv_2027_01' },
      { Name: 'empty', Value: '_' },
    ]);
  });

  it('keeps at most 50 tags of at most 256 characters', () => {
    const many = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`t${i}`, 'v'.repeat(300)]));

    const tags = emailTags(many);

    expect(tags).toHaveLength(50);
    expect(tags.every((tag) => tag.Value?.length === 256)).toBe(true);
  });
});
