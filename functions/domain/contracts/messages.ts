import * as z from 'zod';
import { channel, id, instant, locale } from './common.ts';

/** Kinds of messages stille sends. */
export const MESSAGE_KINDS = [
  'price-change-notice',
  'invoice-explanation',
  'support-delay-notice',
  'survey-request',
  'retention-offer',
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
    dedupeKey: z.string().min(1).max(MAX_DEDUPE_KEY_CHARS),
    customerId: id,
    kind: z.enum(MESSAGE_KINDS),
    purpose: z.enum(PURPOSES),
    status: z.enum(MESSAGE_STATUSES),
    reason: z.enum(SUPPRESSION_REASONS).nullable().default(null),
    channel: channel.nullable().default(null),
    to: z.string().max(254).nullable().default(null),
    locale,
    subject: z.string().max(1_000).nullable().default(null),
    text: z.string().max(100_000).nullable().default(null),
    html: z.string().max(1_000_000).nullable().default(null),
    sentAt: instant.nullable().default(null),
    trigger: z.object({
      detailType: z.string().min(1).max(128),
      id,
    }),
    facts: z.record(z.string().max(128), z.unknown()),
  })
  .superRefine((record, ctx) => {
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
  });
/** A message record: sent, suppressed or failed. */
export type MessageRecord = z.output<typeof MessageRecordSchema>;
/** The same schema under the name of its type, for `MessageRecord.parse(…)`. */
export const MessageRecord = MessageRecordSchema;
