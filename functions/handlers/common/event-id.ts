import { createHash } from 'node:crypto';
import { canonicalJson } from '#domain/canonical-json.ts';
import { isInstant } from '#domain/contracts/common.ts';

/** The envelope fields stille reads from an EventBridge event or a direct `StartExecution` input. */
export interface EventEnvelope {
  id?: unknown;
  'detail-type'?: unknown;
  source?: unknown;
  time?: unknown;
  detail?: unknown;
}

const MAX_ID_LENGTH = 256;

/**
 * The id of an event: EventBridge's `id` when present, otherwise a hash of `detail-type` and `detail`, so
 * a direct start without an id still gets the same id every time it is replayed.
 */
export function eventIdOf(event: EventEnvelope): string {
  if (typeof event.id === 'string' && event.id.length > 0) return event.id.slice(0, MAX_ID_LENGTH);
  const digest = createHash('sha256')
    .update(canonicalJson({ detailType: event['detail-type'] ?? null, detail: event.detail ?? null }))
    .digest('hex');
  return `sha256-${digest.slice(0, 32)}`;
}

/**
 * When the event happened, as its envelope says (`time`, EventBridge's second-precision stamp, or the
 * sender's `Time`); `fallback` (the moment it is stored) for a direct start without one.
 */
export function eventTimeOf(event: EventEnvelope, fallback: Date): Date {
  return typeof event.time === 'string' && isInstant(event.time) ? new Date(event.time) : fallback;
}

/** The `detail-type` as text for error messages and records (bounded; empty when absent). */
export function detailTypeText(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, 128) : '';
}

/** The event as an object, whatever was passed (a direct start can pass anything). */
export function asEnvelope(event: unknown): EventEnvelope {
  return typeof event === 'object' && event !== null ? (event as EventEnvelope) : {};
}
