import { createHash } from 'node:crypto';

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

/** JSON with object keys sorted, so equal values give equal text whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, nested: unknown) => {
    if (nested === null || typeof nested !== 'object' || Array.isArray(nested)) return nested;
    return Object.fromEntries(
      Object.entries(nested as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
  });
}

/** The `detail-type` as text for error messages and records (bounded; empty when absent). */
export function detailTypeText(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, 128) : '';
}

/** The event as an object, whatever was passed (a direct start can pass anything). */
export function asEnvelope(event: unknown): EventEnvelope {
  return typeof event === 'object' && event !== null ? (event as EventEnvelope) : {};
}
