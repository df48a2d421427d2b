/**
 * The EventBridge `detail-type` names of CONTRACTS.md, in the order the contract lists them. Routing
 * has one rule per name and a catch-all for anything else, so the list is the single place a new
 * event type is added.
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
] as const;

/** One of the contract's event `detail-type` names. */
export type EventType = (typeof EVENT_TYPES)[number];
