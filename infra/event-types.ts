import { ALERT_DETAIL_TYPE } from '../functions/adapters/event-publisher.ts';
import { DETAIL_TYPES } from '../functions/domain/contracts/events.ts';

/**
 * The EventBridge `detail-type` names stille's bus routes: those of CONTRACTS.md, in the order the
 * contract lists them, then `Message Requested` (a request to the send gate for one message, put on
 * the bus by marketing systems and by stille's own workflows). Routing has one rule per name and a
 * catch-all for anything else; a new event type is added to the contracts (`DETAIL_TYPES`).
 */
export const EVENT_TYPES = [...DETAIL_TYPES, 'Message Requested'] as const;

/** One of the `detail-type` names the stille bus routes. */
export type EventType = (typeof EVENT_TYPES)[number];

/** The detail-type of a request to the send gate (its detail is a message request). */
export const MESSAGE_REQUESTED = 'Message Requested' satisfies EventType;

/** The `source` stille's own workflows put `Message Requested` events on the bus with. */
export const SEND_GATE_SOURCE = 'stille.send-gate';

/**
 * Detail-types stille puts on its bus for others to subscribe to (ops tooling, billing, a chat channel):
 * `Stille Alert` (`ALERT_DETAIL_TYPE`, what the handlers' event publisher alerts with). They start no workflow,
 * and the catch-all rule leaves them alone, so an alert is not recorded as a rejected event.
 */
export const PUBLISHED_EVENT_TYPES = [ALERT_DETAIL_TYPE] as const;
