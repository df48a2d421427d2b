import { DETAIL_TYPE } from '#domain/contracts/event-names.ts';
import type { EventType } from '#domain/contracts/routed-events.ts';

/** The state machines of stille, by construct id. */
export const WORKFLOW_IDS = [
  'EventIngestion',
  'InvoiceIssued',
  'InvoiceRun',
  'PriceChange',
  'DeferredSend',
  'SendMessage',
  'DeliveryEvents',
  'SupportTicket',
  'Survey',
  'CampaignSchedule',
  'CampaignRun',
] as const;

/** The construct id of one of stille's state machines. */
export type WorkflowId = (typeof WORKFLOW_IDS)[number];

/**
 * Which workflow each event type on the stille bus starts: one rule per type. A type added to the
 * contracts without a route here fails to compile. Types that need nothing but validation and storage
 * go to EventIngestion, as does anything the bus does not know (the catch-all rule records it as
 * rejected). `DeferredSend` and `DeliveryEvents` are started by the send gate and by SES, and
 * `CampaignRun` by the campaigns' EventBridge Scheduler schedules, not by a rule on the stille bus.
 */
export const ROUTES = {
  [DETAIL_TYPE.customerUpserted]: 'EventIngestion',
  [DETAIL_TYPE.contactPreferencesChanged]: 'EventIngestion',
  [DETAIL_TYPE.priceChangeAnnounced]: 'PriceChange',
  [DETAIL_TYPE.invoiceIssued]: 'InvoiceIssued',
  [DETAIL_TYPE.invoiceRunSubmitted]: 'InvoiceRun',
  [DETAIL_TYPE.supportTicketOpened]: 'SupportTicket',
  [DETAIL_TYPE.supportTicketUpdated]: 'EventIngestion',
  [DETAIL_TYPE.supportTicketResolved]: 'Survey',
  [DETAIL_TYPE.contractRenewed]: 'Survey',
  [DETAIL_TYPE.surveyResponseReceived]: 'EventIngestion',
  [DETAIL_TYPE.campaignScheduled]: 'CampaignSchedule',
  [DETAIL_TYPE.campaignCancelled]: 'CampaignSchedule',
  [DETAIL_TYPE.offerCatalogPublished]: 'CampaignSchedule',
  [DETAIL_TYPE.contractEnded]: 'EventIngestion',
  [DETAIL_TYPE.messageRequested]: 'SendMessage',
} as const satisfies Readonly<Record<EventType, WorkflowId>>;

/** Where an event of no known type goes: recorded as rejected with a field error. */
export const UNKNOWN_EVENT_WORKFLOW = 'EventIngestion' satisfies WorkflowId;
