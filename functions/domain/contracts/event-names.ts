/**
 * The names on the bus: every `detail-type` and `source` stille accepts or puts there, each written
 * once. Everything else (routing, handlers, the embedded runtime, tests) refers to these.
 */

/** Each `detail-type`, by the name code uses for it. */
export const DETAIL_TYPE = {
  customerUpserted: 'Customer Upserted',
  contactPreferencesChanged: 'Contact Preferences Changed',
  priceChangeAnnounced: 'Price Change Announced',
  invoiceIssued: 'Invoice Issued',
  invoiceRunSubmitted: 'Invoice Run Submitted',
  supportTicketOpened: 'Support Ticket Opened',
  supportTicketUpdated: 'Support Ticket Updated',
  supportTicketResolved: 'Support Ticket Resolved',
  contractRenewed: 'Contract Renewed',
  surveyResponseReceived: 'Survey Response Received',
  campaignScheduled: 'Campaign Scheduled',
  campaignCancelled: 'Campaign Cancelled',
  /** Marketing's retention offers (a newer catalog replaces the older). */
  offerCatalogPublished: 'Offer Catalog Published',
  /** From CRM: a customer's contract ended (the outcome retention is measured on). */
  contractEnded: 'Contract Ended',
  /** Published by stille when a customer accepts a retention offer through its signed link. */
  offerAccepted: 'Offer Accepted',
  /** Published by stille after each campaign run (counts by outcome and reason). */
  campaignRunCompleted: 'Campaign Run Completed',
  /** A request to the send gate for one message (its detail is a message request). */
  messageRequested: 'Message Requested',
  /** An alert for ops, billing, support or CRM (delivery failed, late price notice, detractor, …). */
  alert: 'Stille Alert',
} as const;

/** The `detail-type` of a request to the send gate, put on the bus by other systems and stille's own workflows. */
export const MESSAGE_REQUESTED = DETAIL_TYPE.messageRequested;

/** The detail-type of an alert for ops (delivery failed, late price notice, detractor, …). */
export const ALERT_DETAIL_TYPE = DETAIL_TYPE.alert;

/**
 * The `source` of every event stille's functions put on its bus. Every source beginning with it
 * (`stille.send-gate`) is stille's own too: the bus policy lets no other system use one.
 */
export const STILLE_SOURCE = 'stille';

/** Whether an event's `source` is stille's own (see {@link STILLE_SOURCE}). */
export function isStilleSource(source: unknown): boolean {
  return typeof source === 'string' && source.startsWith(STILLE_SOURCE);
}

/** The `source` stille's own workflows put `Message Requested` events on the bus with (DeferredSend). */
export const SEND_GATE_SOURCE = 'stille.send-gate';
