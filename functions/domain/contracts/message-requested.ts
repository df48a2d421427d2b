import * as z from 'zod/mini';
import type { FieldError } from '../errors.ts';
import { jsonBoundsError } from './bounds.ts';
import { id, instant, isJsonObject } from './common.ts';
import { describeValue, MAX_FIELD_ERRORS, safeParseContract, toFieldErrors } from './field-errors.ts';
import { MESSAGE_KINDS, type MessageKind, PURPOSES, type Purpose } from './messages.ts';

/** The purpose each kind of message serves: it decides consent, caps and unsubscribe. */
export const PURPOSE_OF_KIND: Readonly<Record<MessageKind, Purpose>> = {
  'price-change-notice': 'service',
  'invoice-explanation': 'service',
  'support-delay-notice': 'service',
  'survey-request': 'survey',
  'retention-offer': 'marketing',
  'campaign-message': 'marketing',
};

/** Most facts one message may carry, serialized (they are stored with the message). */
export const MAX_FACTS_BYTES = 32 * 1024;

/**
 * `Message Requested`: ask the send gate for one message to one customer. stille's workflows use it,
 * and so may a marketing system scheduling a campaign: the gate applies consent, opt-outs, quiet
 * hours, caps and the idempotency ledger to every request, whoever sent it.
 */
export const MessageRequestedSchema = z
  .object({
    kind: z.enum(MESSAGE_KINDS),
    /** Optional; when given it must be the kind's purpose (a survey cannot be sent as service). */
    purpose: z.optional(z.enum(PURPOSES)),
    customerId: id,
    trigger: z.object({ detailType: z.string().check(z.minLength(1), z.maxLength(128)), id }),
    facts: z.record(z.string().check(z.maxLength(128)), z.unknown()),
    /** Defaults to `kind#trigger.id#customerId`: requests sharing it are one message. */
    dedupeKey: z.optional(z.string().check(z.minLength(1), z.maxLength(512))),
    requestedAt: z.optional(instant),
  })
  .check(
    z.superRefine((request, ctx) => {
      const expected = PURPOSE_OF_KIND[request.kind];
      if (request.purpose !== undefined && request.purpose !== expected) {
        ctx.addIssue({
          code: 'custom',
          path: ['purpose'],
          input: request.purpose,
          message: `must be "${expected}" for ${request.kind}, got "${request.purpose}"`,
        });
      }
      const bytes = Buffer.byteLength(JSON.stringify(request.facts));
      if (bytes > MAX_FACTS_BYTES) {
        ctx.addIssue({
          code: 'custom',
          path: ['facts'],
          input: request.facts,
          message: `must be at most ${MAX_FACTS_BYTES} bytes as JSON, got ${bytes}`,
        });
      }
    }),
  );

/**
 * A `Message Requested` detail as a requester writes it: the send gate fills in `purpose` (the kind's),
 * `dedupeKey` and `requestedAt` when they are absent (see {@link ValidMessageRequest}).
 */
export interface MessageRequest {
  kind: MessageKind;
  purpose?: Purpose;
  customerId: string;
  trigger: { detailType: string; id: string };
  facts: Record<string, unknown>;
  dedupeKey?: string;
  requestedAt?: string;
}

/** A request to send one message to one customer, validated, with its defaults filled in. */
export interface ValidMessageRequest {
  kind: MessageKind;
  /** Always `PURPOSE_OF_KIND[kind]`: the purpose decides consent, caps and unsubscribe. */
  purpose: Purpose;
  customerId: string;
  /** What caused the message: an event's detail-type and its entity id. */
  trigger: { detailType: string; id: string };
  /** The numbers and causes the message explains (docs/contracts.md, facts by kind). */
  facts: Record<string, unknown>;
  /** Retries and replays share it: `dedupeKeyOf(request)` unless the caller chose one. */
  dedupeKey: string;
  /** When the request was made (ISO 8601); the policy's time comes from the clock. */
  requestedAt: string;
}

/** The default dedupe key of a request: kind, trigger and customer. */
export function dedupeKeyOf(request: Pick<ValidMessageRequest, 'kind' | 'trigger' | 'customerId'>): string {
  return `${request.kind}#${request.trigger.id}#${request.customerId}`;
}

/** Validates a `Message Requested` detail; `now` fills in `requestedAt` when absent. */
export function validateMessageRequest(
  detail: unknown,
  now: Date,
): { ok: true; value: ValidMessageRequest } | { ok: false; errors: FieldError[] } {
  if (!isJsonObject(detail)) {
    return {
      ok: false,
      errors: [{ path: 'detail', message: `must be a JSON object, got ${describeValue(detail)}` }],
    };
  }
  // Before anything walks it (the facts are serialized to measure them): depth, size, numbers.
  const bounds = jsonBoundsError(detail);
  if (bounds) return { ok: false, errors: [bounds] };
  const result = safeParseContract(MessageRequestedSchema, detail);
  if (!result.success) {
    return { ok: false, errors: toFieldErrors(result.error, { limit: MAX_FIELD_ERRORS }) };
  }
  const request = result.data;
  return {
    ok: true,
    value: {
      kind: request.kind,
      purpose: PURPOSE_OF_KIND[request.kind],
      customerId: request.customerId,
      trigger: request.trigger,
      facts: request.facts,
      dedupeKey: request.dedupeKey ?? dedupeKeyOf(request),
      requestedAt: request.requestedAt ?? now.toISOString(),
    },
  };
}
