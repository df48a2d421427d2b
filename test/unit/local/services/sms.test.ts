import {
  PinpointSMSVoiceV2Client,
  SendTextMessageCommand,
  type SendTextMessageCommandInput,
  ValidationException,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { afterEach, describe, expect, it } from 'vitest';
import { localClientConfig } from '#local/services/client-config.ts';
import { type LocalSms, type SmsOptions, startSms, validateSendTextMessage } from '#local/services/sms.ts';

function textMessage(overrides: Partial<SendTextMessageCommandInput> = {}): SendTextMessageCommandInput {
  return {
    DestinationPhoneNumber: '+4791234567',
    MessageBody: 'Strømprisen din endres 1. februar. Svar STOPP for å reservere deg.',
    OriginationIdentity: 'Stille',
    MessageType: 'TRANSACTIONAL',
    ConfigurationSetName: 'stille-sms',
    Context: { messageId: 'm-1', purpose: 'service' },
    ...overrides,
  };
}

describe('local SMS sink', () => {
  const running: LocalSms[] = [];
  const clients: PinpointSMSVoiceV2Client[] = [];

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await Promise.all(running.splice(0).map((sms) => sms.close()));
  });

  async function start(
    options: SmsOptions = {},
  ): Promise<{ sms: LocalSms; client: PinpointSMSVoiceV2Client }> {
    const sms = await startSms(options);
    running.push(sms);
    const client = new PinpointSMSVoiceV2Client({ ...localClientConfig(sms.endpoint), maxAttempts: 1 });
    clients.push(client);
    return { sms, client };
  }

  it('accepts a text message and keeps what was sent', async () => {
    const at = new Date('2027-01-05T09:30:00Z');
    const { sms, client } = await start({ now: () => at });
    const input = textMessage();

    const { MessageId } = await client.send(new SendTextMessageCommand(input));

    expect(MessageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(sms.sent()).toEqual([
      {
        messageId: MessageId,
        to: input.DestinationPhoneNumber,
        body: input.MessageBody,
        originationIdentity: input.OriginationIdentity,
        messageType: input.MessageType,
        configurationSetName: input.ConfigurationSetName,
        context: input.Context,
        at: at.toISOString(),
      },
    ]);
    expect(sms.stats()).toEqual({ accepted: 1, throttled: 0, failed: 0, rejected: 0 });
  });

  it('rejects a number that is not E.164 with a ValidationException naming the field', async () => {
    const { sms, client } = await start();

    const error = await client
      .send(new SendTextMessageCommand(textMessage({ DestinationPhoneNumber: '91234567' })))
      .catch((caught) => caught);

    expect(error).toBeInstanceOf(ValidationException);
    expect(error.name).toBe('ValidationException');
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.message).toContain('destinationPhoneNumber');
    expect(error.Reason).toBe('FIELD_VALIDATION_FAILED');
    expect(error.Fields).toEqual([expect.objectContaining({ Name: 'DestinationPhoneNumber' })]);
    expect(sms.sent()).toEqual([]);
    expect(sms.stats().rejected).toBe(1);
  });

  it('rejects a message without a body', async () => {
    const { client } = await start();

    const error = await client
      .send(new SendTextMessageCommand(textMessage({ MessageBody: undefined })))
      .catch((caught) => caught);

    expect(error.name).toBe('ValidationException');
    expect(error.Fields).toEqual([expect.objectContaining({ Name: 'MessageBody' })]);
  });

  it('surfaces throttled sends as ThrottlingException with HTTP 400, like the service', async () => {
    const { sms, client } = await start({ faults: { throttleRate: 1 } });

    const error = await client.send(new SendTextMessageCommand(textMessage())).catch((caught) => caught);

    expect(error.name).toBe('ThrottlingException');
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(sms.stats()).toEqual({ accepted: 0, throttled: 1, failed: 0, rejected: 0 });
  });

  it('surfaces failed sends as InternalServerException with HTTP 500', async () => {
    const { sms, client } = await start({ faults: { errorRate: 1 } });

    const error = await client.send(new SendTextMessageCommand(textMessage())).catch((caught) => caught);

    expect(error.name).toBe('InternalServerException');
    expect(error.$metadata.httpStatusCode).toBe(500);
    expect(sms.sent()).toEqual([]);
  });

  it('injects about the configured share of faults, the same for the same seed', async () => {
    async function run(seed: number): Promise<string[]> {
      const { client } = await start({ faults: { throttleRate: 0.25, errorRate: 0.25 }, seed });
      const results: string[] = [];
      for (let i = 0; i < 200; i += 1) {
        const outcome = await client.send(new SendTextMessageCommand(textMessage())).then(
          () => 'ok',
          (error: Error) => error.name,
        );
        results.push(outcome);
      }
      return results;
    }

    const first = await run(3);
    const again = await run(3);

    expect(again).toEqual(first);
    const share = (name: string) => first.filter((outcome) => outcome === name).length / first.length;
    expect(share('ok')).toBeGreaterThan(0.35);
    expect(share('ok')).toBeLessThan(0.65);
    expect(share('ThrottlingException')).toBeGreaterThan(0.1);
    expect(share('InternalServerException')).toBeGreaterThan(0.1);
  });

  it('validates but does not keep a dry run', async () => {
    const { sms, client } = await start();

    const { MessageId } = await client.send(new SendTextMessageCommand(textMessage({ DryRun: true })));

    expect(MessageId).toBeTruthy();
    expect(sms.sent()).toEqual([]);
  });

  it('answers an unknown operation with UnknownOperationException', async () => {
    const { sms } = await start();

    const response = await fetch(sms.endpoint, {
      method: 'POST',
      headers: {
        'X-Amz-Target': 'PinpointSMSVoiceV2.SendVoiceMessage',
        'Content-Type': 'application/x-amz-json-1.0',
      },
      body: '{}',
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: 'UnknownOperationException' });
  });
});

describe('validateSendTextMessage', () => {
  it('accepts E.164 numbers and refuses anything else', () => {
    const problemsFor = (number: string) =>
      validateSendTextMessage({ DestinationPhoneNumber: number, MessageBody: 'x' }).map(
        (problem) => problem.Name,
      );

    for (const valid of ['+4791234567', '+46701234567', '+358401234567', '+4520123456']) {
      expect(problemsFor(valid)).toEqual([]);
    }
    for (const invalid of ['4791234567', '+0791234567', '+47 912 34 567', '+1234567890123456', '+', '']) {
      expect(problemsFor(invalid)).toEqual(['DestinationPhoneNumber']);
    }
  });

  it('lists every invalid field', () => {
    const problems = validateSendTextMessage({
      MessageBody: 'x'.repeat(1601),
      MessageType: 'SPAM',
      TimeToLive: 1,
    });

    expect(problems.map((problem) => problem.Name)).toEqual([
      'DestinationPhoneNumber',
      'MessageBody',
      'MessageType',
      'TimeToLive',
    ]);
  });
});
