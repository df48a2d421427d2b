import {
  type MessageHeader,
  type MessageTag,
  type SESv2Client,
  SendEmailCommand,
  type SendEmailCommandInput,
} from '@aws-sdk/client-sesv2';
import { ONE_CLICK_PAIR } from '#domain/links/unsubscribe.ts';
import { PermanentDeliveryError, toDeliveryError, UNKNOWN_PROVIDER_ID } from './errors.ts';

/** One-click unsubscribe targets (RFC 2369 `List-Unsubscribe`, RFC 8058 one-click POST). */
export interface ListUnsubscribe {
  /** The HTTPS URL a mail client POSTs `List-Unsubscribe=One-Click` to (http only for loopback hosts). */
  url: string;
  /** An address (or `mailto:` URI) that unsubscribes by email; optional. */
  mailto?: string;
}

/** An email as the send gate hands it to the channel, already rendered. */
export interface EmailMessage {
  /** `From`, e.g. `Stille <noreply@stille.example>`; must be a verified SES identity. */
  from: string;
  replyTo?: string;
  /** One recipient: stille never sends one email to several customers. */
  to: string;
  subject: string;
  html: string;
  text: string;
  /** The SES configuration set whose event destination reports bounces and complaints. */
  configurationSetName: string;
  /** Set for `survey` and `marketing` messages: adds `List-Unsubscribe` and `List-Unsubscribe-Post`. */
  listUnsubscribe?: ListUnsubscribe;
  /** Message tags (e.g. kind, purpose); names and values are sanitized to what SES accepts. */
  tags?: Record<string, string>;
}

/** Sends one email. */
export interface EmailChannel {
  /**
   * Sends the email with SES v2 `SendEmail`.
   * @returns the SES message id.
   * @throws TransientError when SES did not accept it now (throttled, quota, 5xx, no connection).
   * @throws DeliveryOutcomeUnknownError (a TransientError) when no answer came after the request left.
   * @throws PermanentDeliveryError when SES refused it for good, or the message itself is unsendable.
   */
  send(message: EmailMessage): Promise<{ providerMessageId: string }>;
}

/** SES accepts at most this many characters in a tag name or value. */
const MAX_TAG_CHARS = 256;
/** SES accepts at most 50 tags per message. */
const MAX_TAGS = 50;
/** SES: a header's name and value together must not exceed 996 characters. */
const MAX_HEADER_CHARS = 996;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The email channel over an injected SES v2 client. The client must be created with `maxAttempts: 1`
 * (`depsFromEnv` does): the workflow retries with backoff and jitter, so every attempt is visible, and
 * the ledger knows each attempt that may have reached SES.
 */
export function createEmailChannel(ses: SESv2Client): EmailChannel {
  return {
    async send(message) {
      // Built before the call: an unsendable message fails as PermanentDeliveryError without reaching SES.
      const input = sendEmailInput(message);
      let messageId: string | undefined;
      try {
        ({ MessageId: messageId } = await ses.send(new SendEmailCommand(input)));
      } catch (error) {
        throw toDeliveryError('email', error);
      }
      // SES always answers an id; should one be missing, the email was still accepted and must count as sent.
      return { providerMessageId: messageId || UNKNOWN_PROVIDER_ID };
    },
  };
}

/** The `SendEmail` request for a message: simple content in UTF-8, unsubscribe headers, tags. */
export function sendEmailInput(message: EmailMessage): SendEmailCommandInput {
  const headers = message.listUnsubscribe ? listUnsubscribeHeaders(message.listUnsubscribe) : [];
  const tags = emailTags(message.tags ?? {});
  return {
    FromEmailAddress: message.from,
    Destination: { ToAddresses: [message.to] },
    ...(message.replyTo === undefined ? {} : { ReplyToAddresses: [message.replyTo] }),
    Content: {
      Simple: {
        Subject: { Data: message.subject, Charset: 'UTF-8' },
        Body: {
          Html: { Data: message.html, Charset: 'UTF-8' },
          Text: { Data: message.text, Charset: 'UTF-8' },
        },
        ...(headers.length > 0 ? { Headers: headers } : {}),
      },
    },
    ConfigurationSetName: message.configurationSetName,
    ...(tags.length > 0 ? { EmailTags: tags } : {}),
  };
}

/**
 * `List-Unsubscribe: <https://…>, <mailto:…>` and `List-Unsubscribe-Post: List-Unsubscribe=One-Click`
 * (RFC 8058): the one-click unsubscribe large mailbox providers require of bulk senders.
 * @throws PermanentDeliveryError when the URL is not HTTPS (http only on loopback) or the header is too long.
 */
export function listUnsubscribeHeaders(target: ListUnsubscribe): MessageHeader[] {
  const url = parseUrl(target.url);
  const secure =
    url?.protocol === 'https:' || (url?.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  if (!url || !secure) {
    throw new PermanentDeliveryError(
      'email',
      'InvalidListUnsubscribe',
      `List-Unsubscribe needs an HTTPS URL, got ${target.url.slice(0, 100)}`,
    );
  }
  const uris = [`<${url.href}>`];
  if (target.mailto !== undefined) {
    const mailto = target.mailto.startsWith('mailto:') ? target.mailto : `mailto:${target.mailto}`;
    // Angle brackets, commas or line breaks would break out of the header's URI list.
    if (/[<>,\s]/.test(mailto)) {
      throw new PermanentDeliveryError(
        'email',
        'InvalidListUnsubscribe',
        `List-Unsubscribe mailto is not a plain address: ${mailto.slice(0, 100)}`,
      );
    }
    uris.push(`<${mailto}>`);
  }
  const value = uris.join(', ');
  if ('List-Unsubscribe'.length + value.length > MAX_HEADER_CHARS) {
    throw new PermanentDeliveryError(
      'email',
      'InvalidListUnsubscribe',
      `List-Unsubscribe is longer than SES allows (${value.length} characters)`,
    );
  }
  return [
    { Name: 'List-Unsubscribe', Value: value },
    { Name: 'List-Unsubscribe-Post', Value: ONE_CLICK_PAIR },
  ];
}

/**
 * Tags as SES accepts them: names and values of ASCII letters, digits, `_` and `-` (anything else
 * becomes `_`), at most 256 characters, at most 50 tags; a tag whose name is empty is dropped, an empty
 * value becomes `_`.
 */
export function emailTags(tags: Record<string, string>): MessageTag[] {
  const sanitized: MessageTag[] = [];
  const seen = new Set<string>();
  for (const [name, value] of Object.entries(tags)) {
    const Name = sanitizeTag(name);
    if (Name === '' || seen.has(Name)) continue;
    seen.add(Name);
    sanitized.push({ Name, Value: sanitizeTag(value) || '_' });
    if (sanitized.length === MAX_TAGS) break;
  }
  return sanitized;
}

function sanitizeTag(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, MAX_TAG_CHARS);
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
