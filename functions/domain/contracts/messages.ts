import * as z from 'zod/mini';
import { channel, id, instant, locale } from './common.ts';

/** Kinds of messages stille sends. */
export const MESSAGE_KINDS = [
  'price-change-notice',
  'invoice-explanation',
  'support-delay-notice',
  'survey-request',
  'retention-offer',
  'campaign-message',
] as const;
/** A kind of message. */
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** Purposes: `service` needs no marketing consent and is never capped; `survey` and `marketing` are. */
export const PURPOSES = ['service', 'survey', 'marketing'] as const;
/** A purpose. */
export type Purpose = (typeof PURPOSES)[number];

/** What became of a message. */
export const MESSAGE_STATUSES = ['sent', 'suppressed', 'failed'] as const;
/** A message status. */
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** Why a message was not sent. */
export const SUPPRESSION_REASONS = [
  'no-consent',
  'opted-out',
  'suppressed-address',
  'frequency-cap',
  'no-contact-point',
  'duplicate',
  'provider-error',
  // Extension: the facts could not be rendered into the message (a fact missing or malformed).
  'render-error',
  // Extension: marketing and survey sends are paused (the SES reputation breaker, docs/operations.md).
  'sending-paused',
  // A held-out customer of a campaign (the same in every run), and one a cancelled run had not reached.
  'holdout',
  'campaign-cancelled',
] as const;
/** Why a message was not sent. */
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

/** Longest dedupe key: a kind, `#`, and one or more ids. */
const MAX_DEDUPE_KEY_CHARS = 512;

/**
 * A message stille sent, or decided not to send. `reason` is null exactly when `status` is `sent`.
 * Fields that an unsent message may lack (`channel`, `to`, `subject`, `text`, `html`, `sentAt`) are
 * nullable and default to null.
 */
export const MessageRecordSchema = z
  .object({
    messageId: id,
    dedupeKey: z.string().check(z.minLength(1), z.maxLength(MAX_DEDUPE_KEY_CHARS)),
    customerId: id,
    kind: z.enum(MESSAGE_KINDS),
    purpose: z.enum(PURPOSES),
    status: z.enum(MESSAGE_STATUSES),
    reason: z._default(z.nullable(z.enum(SUPPRESSION_REASONS)), null),
    channel: z._default(z.nullable(channel), null),
    to: z._default(z.nullable(z.string().check(z.maxLength(254))), null),
    locale,
    subject: z._default(z.nullable(z.string().check(z.maxLength(1_000))), null),
    text: z._default(z.nullable(z.string().check(z.maxLength(100_000))), null),
    html: z._default(z.nullable(z.string().check(z.maxLength(1_000_000))), null),
    sentAt: z._default(z.nullable(instant), null),
    trigger: z.object({
      detailType: z.string().check(z.minLength(1), z.maxLength(128)),
      id,
    }),
    facts: z.record(z.string().check(z.maxLength(128)), z.unknown()),
  })
  .check(
    z.superRefine((record, ctx) => {
      if (record.status === 'sent' && record.reason !== null) {
        ctx.addIssue({
          code: 'custom',
          path: ['reason'],
          input: record.reason,
          message: `must be null when status is "sent", got "${record.reason}"`,
        });
      }
      if (record.status !== 'sent' && record.reason === null) {
        ctx.addIssue({
          code: 'custom',
          path: ['reason'],
          input: record.reason,
          message: `is required when status is "${record.status}" (one of ${SUPPRESSION_REASONS.join(', ')})`,
        });
      }
    }),
  );
/** A message record: sent, suppressed or failed. */
export type MessageRecord = z.output<typeof MessageRecordSchema>;
/** The same schema under the name of its type, for `MessageRecord.parse(…)`. */
export const MessageRecord = MessageRecordSchema;
