import {
  type PinpointSMSVoiceV2Client,
  SendTextMessageCommand,
  type SendTextMessageCommandInput,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { toDeliveryError, UNKNOWN_PROVIDER_ID } from './errors.ts';

/** A text message as the send gate hands it to the channel, already rendered. */
export interface SmsMessage {
  /** Destination, E.164 (`+4791234567`). */
  to: string;
  body: string;
  /** Phone number, pool, sender id or their ARN the message is sent from (per market). */
  originationIdentity: string;
  /** The configuration set whose event destination reports delivery events and STOP keywords. */
  configurationSetName?: string;
  /** `TRANSACTIONAL` for service notices, `PROMOTIONAL` for surveys and marketing. */
  messageType: 'TRANSACTIONAL' | 'PROMOTIONAL';
  /** Key-value pairs echoed back in delivery events (e.g. the dedupe key). */
  context?: Record<string, string>;
}

/** Sends one text message. */
export interface SmsChannel {
  /**
   * Sends the message with End User Messaging SMS `SendTextMessage`.
   * @returns the provider's message id.
   * @throws TransientError when the service did not accept it now (throttled, 5xx, no connection).
   * @throws DeliveryOutcomeUnknownError (a TransientError) when no answer came after the request left.
   * @throws PermanentDeliveryError when the service refused it for good (validation, opted out, spend limit).
   */
  send(message: SmsMessage): Promise<{ providerMessageId: string }>;
}

/** The service accepts at most this many `Context` entries, each value at most 800 characters. */
const MAX_CONTEXT_ENTRIES = 5;
const MAX_CONTEXT_VALUE = 800;
const MAX_CONTEXT_KEY = 100;

/**
 * The SMS channel over an injected End User Messaging SMS (PinpointSMSVoiceV2) client. The client must be
 * created with `maxAttempts: 1` (`depsFromEnv` does): the workflow retries with backoff and jitter.
 */
export function createSmsChannel(client: PinpointSMSVoiceV2Client): SmsChannel {
  return {
    async send(message) {
      let messageId: string | undefined;
      try {
        ({ MessageId: messageId } = await client.send(
          new SendTextMessageCommand(sendTextMessageInput(message)),
        ));
      } catch (error) {
        throw toDeliveryError('sms', error);
      }
      // The service always answers an id; should one be missing, the message was still accepted.
      return { providerMessageId: messageId || UNKNOWN_PROVIDER_ID };
    },
  };
}

/** The `SendTextMessage` request for a message. */
export function sendTextMessageInput(message: SmsMessage): SendTextMessageCommandInput {
  const context = boundedContext(message.context ?? {});
  return {
    DestinationPhoneNumber: message.to,
    MessageBody: message.body,
    OriginationIdentity: message.originationIdentity,
    MessageType: message.messageType,
    ...(message.configurationSetName === undefined
      ? {}
      : { ConfigurationSetName: message.configurationSetName }),
    ...(Object.keys(context).length > 0 ? { Context: context } : {}),
  };
}

/** The first five entries, keys and values cut to what the service accepts. */
function boundedContext(context: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(context)
      .slice(0, MAX_CONTEXT_ENTRIES)
      .map(([key, value]) => [key.slice(0, MAX_CONTEXT_KEY), value.slice(0, MAX_CONTEXT_VALUE)]),
  );
}
