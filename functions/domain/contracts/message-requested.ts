import * as z from 'zod';
import type { FieldError } from '../errors.ts';
import { id, instant, isJsonObject } from './common.ts';
import { contractErrorMap, describeValue, MAX_FIELD_ERRORS, toFieldErrors } from './field-errors.ts';
import { MESSAGE_KINDS, type MessageKind, PURPOSES, type Purpose } from './messages.ts';

/** The purpose each kind of message serves: it decides consent, caps and unsubscribe. */
export const PURPOSE_OF_KIND: Readonly<Record<MessageKind, Purpose>> = {
  'price-change-notice': 'service',
  'invoice-explanation': 'service',
  'support-delay-notice': 'service',
  'survey-request': 'survey',
  'retention-offer': 'marketing',
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
    purpose: z.enum(PURPOSES).optional(),
    customerId: id,
    trigger: z.object({ detailType: z.string().min(1).max(128), id }),
    facts: z.record(z.string().max(128), z.unknown()),
    /** Defaults to `kind#trigger.id#customerId`: requests sharing it are one message. */
    dedupeKey: z.string().min(1).max(512).optional(),
    requestedAt: instant.optional(),
    deferrals: z.number().int().min(0).max(10).optional(),
  })
  .superRefine((request, ctx) => {
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
  });

/** A validated request with its defaults filled in. */
export interface ValidMessageRequest {
  kind: MessageKind;
  purpose: Purpose;
  customerId: string;
  trigger: { detailType: string; id: string };
  facts: Record<string, unknown>;
  dedupeKey: string;
  requestedAt: string;
  deferrals: number;
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
  const result = MessageRequestedSchema.safeParse(detail, { error: contractErrorMap });
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
      dedupeKey: request.dedupeKey ?? `${request.kind}#${request.trigger.id}#${request.customerId}`,
      requestedAt: request.requestedAt ?? now.toISOString(),
      deferrals: request.deferrals ?? 0,
    },
  };
}
