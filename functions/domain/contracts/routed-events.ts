import type { FieldError } from '../errors.ts';
import {
  ALERT_DETAIL_TYPE,
  DETAIL_TYPE,
  isStilleSource,
  MESSAGE_REQUESTED,
  STILLE_SOURCE,
} from './event-names.ts';
import { DETAIL_TYPES } from './events.ts';

/**
 * The `detail-type` names stille's bus routes: those of the contracts, in the order they are listed,
 * then `Message Requested` (a request to the send gate for one message, put on the bus by marketing
 * systems and by stille's own workflows). Routing has one rule per name and a catch-all for anything
 * else; a new event type is added to the contracts (`DETAIL_TYPES`).
 */
export const EVENT_TYPES = [...DETAIL_TYPES, MESSAGE_REQUESTED] as const;

/** One of the `detail-type` names the stille bus routes. */
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * Detail-types stille puts on its bus for others to subscribe to (ops tooling, billing, a chat channel):
 * `Stille Alert`, `Campaign Run Completed` and `Offer Accepted`. They start no workflow, and the catch-all rule leaves them alone, so an alert is not
 * recorded as a rejected event.
 */
export const PUBLISHED_EVENT_TYPES = [
  ALERT_DETAIL_TYPE,
  DETAIL_TYPE.campaignRunCompleted,
  DETAIL_TYPE.offerAccepted,
] as const;

/**
 * The error of an event of stille's own detail-types ({@link PUBLISHED_EVENT_TYPES}) put by another
 * source: it is never taken as stille's, but rejected, saying why. `undefined` for any other event.
 */
export function ownEventFromOutside(detailType: unknown, source: unknown): FieldError | undefined {
  if (!(PUBLISHED_EVENT_TYPES as readonly unknown[]).includes(detailType) || isStilleSource(source)) {
    return undefined;
  }
  const got = typeof source === 'string' ? JSON.stringify(source.slice(0, 60)) : 'none';
  return {
    path: 'source',
    message: `must be stille's own (a source beginning with "${STILLE_SOURCE}") for a "${String(detailType)}": only stille's functions and workflows raise alerts, got ${got}`,
  };
}
