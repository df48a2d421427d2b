import {
  ConflictException,
  PinpointSMSVoiceV2Client,
  SendTextMessageCommand,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { PermanentDeliveryError } from '#adapters/channels/errors.ts';
import { createSmsChannel, type SmsMessage } from '#adapters/channels/sms.ts';
import { TransientError } from '#domain/errors.ts';

const smsMock = mockClient(PinpointSMSVoiceV2Client);
const channel = createSmsChannel(
  new PinpointSMSVoiceV2Client({
    region: 'eu-north-1',
    endpoint: 'http://127.0.0.1:9',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  }),
);

function notice(overrides: Partial<SmsMessage> = {}): SmsMessage {
  return {
    to: '+4791234567',
    body: 'Prisen din endres 1. februar.',
    originationIdentity: 'Stille',
    configurationSetName: 'stille-sms',
    messageType: 'TRANSACTIONAL',
    context: { dedupeKey: 'price-change-notice#pc-1#c-1001' },
    ...overrides,
  };
}

beforeEach(() => {
  smsMock.reset();
});

describe('SMS channel', () => {
  it('sends a text message with the origination identity, type, configuration set and context', async () => {
    smsMock.on(SendTextMessageCommand).resolves({ MessageId: 'sms-1' });

    const result = await channel.send(notice());

    expect(result).toEqual({ providerMessageId: 'sms-1' });
    expect(smsMock.commandCalls(SendTextMessageCommand)[0]?.args[0].input).toEqual({
      DestinationPhoneNumber: '+4791234567',
      MessageBody: 'Prisen din endres 1. februar.',
      OriginationIdentity: 'Stille',
      MessageType: 'TRANSACTIONAL',
      ConfigurationSetName: 'stille-sms',
      Context: { dedupeKey: 'price-change-notice#pc-1#c-1001' },
    });
  });

  it('leaves out the configuration set and context when none are given', async () => {
    smsMock.on(SendTextMessageCommand).resolves({ MessageId: 'sms-2' });

    await channel.send(
      notice({ configurationSetName: undefined, context: undefined, messageType: 'PROMOTIONAL' }),
    );

    const input = smsMock.commandCalls(SendTextMessageCommand)[0]?.args[0].input;
    expect(input).not.toHaveProperty('ConfigurationSetName');
    expect(input).not.toHaveProperty('Context');
    expect(input?.MessageType).toBe('PROMOTIONAL');
  });

  it('keeps at most five context entries, values cut to 800 characters', async () => {
    smsMock.on(SendTextMessageCommand).resolves({ MessageId: 'sms-3' });
    const context = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`k${i}`, 'v'.repeat(900)]));

    await channel.send(notice({ context }));

    const sent = smsMock.commandCalls(SendTextMessageCommand)[0]?.args[0].input.Context ?? {};
    expect(Object.keys(sent)).toEqual(['k0', 'k1', 'k2', 'k3', 'k4']);
    expect(Object.values(sent).every((value) => value.length === 800)).toBe(true);
  });

  it('maps throttling to TransientError', async () => {
    smsMock
      .on(SendTextMessageCommand)
      .rejects(new ThrottlingException({ message: 'Rate exceeded.', $metadata: { httpStatusCode: 400 } }));

    await expect(channel.send(notice())).rejects.toBeInstanceOf(TransientError);
  });

  it('maps validation and an opted-out destination to PermanentDeliveryError with the provider reason', async () => {
    smsMock
      .on(SendTextMessageCommand)
      .rejectsOnce(new ValidationException({ message: 'bad number', $metadata: { httpStatusCode: 400 } }))
      .rejectsOnce(
        new ConflictException({
          message: 'opted out',
          Reason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT',
          $metadata: { httpStatusCode: 400 },
        }),
      );

    const invalid = await channel.send(notice()).catch((caught: unknown) => caught);
    const optedOut = await channel.send(notice()).catch((caught: unknown) => caught);

    expect(invalid).toBeInstanceOf(PermanentDeliveryError);
    expect(invalid).toMatchObject({ code: 'ValidationException', channel: 'sms' });
    expect(optedOut).toMatchObject({
      code: 'ConflictException',
      providerReason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT',
    });
  });
});
