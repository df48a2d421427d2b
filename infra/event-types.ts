/**
 * The EventBridge `detail-type` names stille's bus routes: those of CONTRACTS.md, in the order the
 * contract lists them, then `Message Requested` (a request to the send gate for one message, put on
 * the bus by marketing systems and by stille's own workflows). Routing has one rule per name and a
 * catch-all for anything else, so the list is the single place a new event type is added.
 */
export const EVENT_TYPES = [
  'Customer Upserted',
  'Contact Preferences Changed',
  'Price Change Announced',
  'Invoice Issued',
  'Invoice Run Submitted',
  'Support Ticket Opened',
  'Support Ticket Updated',
  'Support Ticket Resolved',
  'Contract Renewed',
  'Survey Response Received',
  'Message Requested',
] as const;

/** One of the `detail-type` names the stille bus routes. */
export type EventType = (typeof EVENT_TYPES)[number];

/** The detail-type of a request to the send gate (its detail is a message request). */
export const MESSAGE_REQUESTED = 'Message Requested' satisfies EventType;

/** The `source` stille's own workflows put `Message Requested` events on the bus with. */
export const SEND_GATE_SOURCE = 'stille.send-gate';
