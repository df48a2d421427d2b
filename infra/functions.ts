import { Duration } from 'aws-cdk-lib';
import { CAMPAIGNS_PREFIX, RECIPIENTS_PREFIX } from '#adapters/runs-bucket.ts';
import type { CommsFunctionProps } from './comms-function.ts';
import type { FunctionAccess } from './config.ts';

/** A function of the stack: where its handler is, how it runs and what it may touch. */
export interface FunctionSpec extends Omit<CommsFunctionProps, 'environment'> {
  /** What the function may touch: gives it both its environment variables and its IAM grants. */
  readonly access: FunctionAccess;
}

/**
 * Every Lambda function of stille, by its construct id (the name it has in the console and the logs).
 * The stack creates one `CommsFunction` per row; the workflows and the HTTP API wire them by id.
 *
 * Defaults (infra/comms-function.ts): 512 MB, 30 seconds, invoked by Step Functions.
 */
export const FUNCTIONS = {
  IngestEvent: {
    entry: 'functions/handlers/ingest-event.ts',
    description: 'Validates one event against its contract and stores what it says',
    access: {
      tables: {
        customers: 'readWrite',
        invoices: 'readWrite',
        tickets: 'readWrite',
        priceChanges: 'readWrite',
        surveys: 'readWrite',
        campaigns: 'readWrite',
      },
    },
  },
  RecordRejection: {
    entry: 'functions/handlers/record-rejection.ts',
    description: 'Stores a rejected event with its field-level errors',
    access: { tables: { rejections: 'write' } },
  },
  PrepareInvoiceRun: {
    entry: 'functions/handlers/prepare-invoice-run.ts',
    description: 'Validates an Invoice Run Submitted event and locates its file in the runs bucket',
    access: { tables: { rejections: 'write' }, runsBucket: 'name' },
  },
  ProcessInvoiceBatch: {
    entry: 'functions/handlers/process-invoice-batch.ts',
    description: 'Stores and explains one batch of the invoices of a billing run',
    // 500 invoices a batch; well inside the 5 minutes an Express child may run, retries included.
    memorySize: 1024,
    timeout: Duration.minutes(2),
    access: {
      // Invoices read too: each customer's history is what an invoice is compared with.
      tables: {
        customers: 'read',
        invoices: 'readWrite',
        rejections: 'write',
        messages: 'read',
        seasonalProfiles: 'readWrite',
      },
      eventBus: 'put',
      marketsConfig: true,
    },
  },
  ExplainInvoice: {
    entry: 'functions/handlers/explain-invoice.ts',
    description:
      'Assesses one stored invoice; requests an explanation when it is surprising, alerts on duplicates',
    access: {
      tables: { customers: 'read', invoices: 'read', messages: 'read', seasonalProfiles: 'readWrite' },
      eventBus: 'put',
      marketsConfig: true,
    },
  },
  PreparePriceChangeNotices: {
    entry: 'functions/handlers/prepare-price-change-notices.ts',
    description: 'Lists the open-ended products on a changed tariff (byTariff index) in the runs bucket',
    // A query of the index and one file: 100,000 customers take seconds; room for millions.
    memorySize: 1024,
    timeout: Duration.minutes(10),
    access: {
      tables: { customers: 'read', priceChanges: 'read' },
      runsBucket: { write: RECIPIENTS_PREFIX },
    },
  },
  NotifyPriceChangeBatch: {
    entry: 'functions/handlers/notify-price-change-batch.ts',
    description:
      'Works out each customer’s effective date and personal impact, and requests their price-change notice',
    // 100 customers a batch, 16 at a time: about a second on AWS, well inside the Express child's 5 minutes.
    memorySize: 1024,
    timeout: Duration.minutes(2),
    access: {
      tables: { customers: 'read', invoices: 'read', priceChanges: 'read' },
      runsBucket: { write: RECIPIENTS_PREFIX },
      eventBus: 'put',
      marketsConfig: true,
    },
  },
  ReportPriceChangeNotices: {
    entry: 'functions/handlers/report-price-change-notices.ts',
    description: 'Adds up a price change’s notices and alerts ops when customers’ dates had to move',
    // One S3 GET per batch of 100 customers: 10,000 for a million, about 15 s on AWS; the default 30 s
    // was too short for 1,000 tallies on a loaded embedded runtime.
    timeout: Duration.minutes(5),
    access: { tables: { priceChanges: 'read' }, runsBucket: { list: RECIPIENTS_PREFIX }, eventBus: 'put' },
  },
  Unsubscribe: {
    entry: 'functions/handlers/unsubscribe.ts',
    description: 'Verifies a signed unsubscribe link and publishes the opt-out (Contact Preferences Changed)',
    invokedBy: 'http-api',
    // Well inside the HTTP API's 30-second integration timeout.
    timeout: Duration.seconds(10),
    access: { linkSecret: 'read', eventBus: 'put' },
  },
  AnswerSurvey: {
    entry: 'functions/handlers/answer-survey.ts',
    description:
      'Verifies a signed survey answer link, records the first answer and publishes Survey Response Received',
    invokedBy: 'http-api',
    // Well inside the HTTP API's 30-second integration timeout.
    timeout: Duration.seconds(10),
    access: { tables: { surveys: 'readWrite' }, linkSecret: 'read', eventBus: 'put' },
  },
  RecordClick: {
    entry: 'functions/handlers/record-click.ts',
    description:
      'Verifies a signed campaign click link, counts the first click and redirects to the campaign’s link',
    invokedBy: 'http-api',
    // Well inside the HTTP API's 30-second integration timeout.
    timeout: Duration.seconds(10),
    access: { tables: { messages: 'readWrite' }, linkSecret: 'read' },
  },
  AcceptOffer: {
    entry: 'functions/handlers/accept-offer.ts',
    description:
      'Verifies a signed retention offer link, records the first acceptance and publishes Offer Accepted',
    invokedBy: 'http-api',
    // Well inside the HTTP API's 30-second integration timeout.
    timeout: Duration.seconds(10),
    access: { tables: { messages: 'readWrite' }, linkSecret: 'read', eventBus: 'put' },
  },
  DecideMessage: {
    entry: 'functions/handlers/decide-message.ts',
    description: 'The contact policy for one message request: send, defer (quiet hours) or suppress',
    access: {
      tables: { customers: 'read', messages: 'readWrite', suppressions: 'read', controls: 'read' },
      marketsConfig: true,
    },
  },
  DeliverMessage: {
    entry: 'functions/handlers/deliver-message.ts',
    description: 'Renders one message, records it in the ledger and sends it by e-mail or SMS',
    access: {
      // The recipient comes with DecideMessage's decision: no read of Customers here.
      tables: { messages: 'readWrite' },
      linkSecret: 'read',
      email: 'send',
      sms: 'send',
      marketsConfig: true,
      publicBaseUrl: true,
      eventBus: 'put',
    },
  },
  RecordDeliveryFailure: {
    entry: 'functions/handlers/record-delivery-failure.ts',
    description: 'Records a message that could not be sent as failed, and raises an alert',
    access: { tables: { messages: 'write' }, eventBus: 'put' },
  },
  RecordDeliveryEvent: {
    entry: 'functions/handlers/record-delivery-event.ts',
    description: 'Suppresses addresses after SES bounces, complaints and rejects',
    access: { tables: { suppressions: 'write' }, eventBus: 'put' },
  },
  CheckTicketResponse: {
    entry: 'functions/handlers/check-ticket-response.ts',
    description: 'Requests a support-delay notice when a ticket is still unanswered at its due time',
    access: { tables: { tickets: 'readWrite' }, eventBus: 'put' },
  },
  PlanSurvey: {
    entry: 'functions/handlers/plan-survey.ts',
    description: 'Decides when to ask a survey: the delay after the event, by day on the customer’s clock',
    access: { tables: { customers: 'read' }, marketsConfig: true },
  },
  RequestSurvey: {
    entry: 'functions/handlers/request-survey.ts',
    description: 'Records a survey after a resolved ticket or a renewal and requests it from the send gate',
    access: { tables: { surveys: 'readWrite' }, eventBus: 'put' },
  },
  PauseSends: {
    entry: 'functions/handlers/pause-sends.ts',
    description:
      'The reputation breaker: pauses marketing and survey sends when an SES bounce or complaint alarm trips',
    invokedBy: 'sns',
    timeout: Duration.seconds(10),
    access: { tables: { controls: 'readWrite' }, eventBus: 'put' },
  },
  HandleSmsReply: {
    entry: 'functions/handlers/handle-sms-reply.ts',
    description:
      'Turns a STOP reply to a text message into an SMS opt-out (Contact Preferences Changed, sms-stop) and the opt-out list',
    invokedBy: 'sns',
    timeout: Duration.seconds(15),
    access: { tables: { customers: 'read' }, eventBus: 'put', sms: 'optOut' },
  },
  ScheduleCampaign: {
    entry: 'functions/handlers/schedule-campaign.ts',
    description: 'Makes a campaign’s EventBridge Scheduler schedule match the stored campaign, or deletes it',
    access: { tables: { campaigns: 'read' }, schedules: 'manage' },
  },
  StartCampaignRun: {
    entry: 'functions/handlers/start-campaign-run.ts',
    description: 'Claims a campaign run, evaluates its audience and writes the snapshot to the runs bucket',
    // One scan of the Customers table: 100,000 customers take seconds; room for millions.
    memorySize: 2048,
    timeout: Duration.minutes(15),
    access: {
      // Customers written too: the churn risk the retention program derives is kept per customer; surveys
      // and invoices read for the retention signals and the offers' values (docs/retention.md).
      tables: {
        campaigns: 'readWrite',
        customers: 'readWrite',
        messages: 'read',
        surveys: 'read',
        invoices: 'read',
      },
      marketsConfig: true,
      runsBucket: { write: CAMPAIGNS_PREFIX },
      // The account's SES sending rate: a campaign never paces faster than its share of it.
      email: 'quota',
    },
  },
  SendCampaignBatch: {
    entry: 'functions/handlers/send-campaign-batch.ts',
    description: 'Holdout, cancellation and the send gate for one batch of a campaign’s audience',
    memorySize: 1024,
    timeout: Duration.minutes(2),
    access: {
      tables: {
        campaigns: 'read',
        customers: 'read',
        messages: 'readWrite',
        suppressions: 'read',
        controls: 'read',
      },
      runsBucket: { write: CAMPAIGNS_PREFIX },
      eventBus: 'put',
      marketsConfig: true,
      publicBaseUrl: true,
    },
  },
  CompleteCampaignRun: {
    entry: 'functions/handlers/complete-campaign-run.ts',
    description: 'Counts a campaign run’s outcomes, publishes Campaign Run Completed, writes the preview',
    timeout: Duration.minutes(5),
    access: {
      tables: { campaigns: 'readWrite', messages: 'read' },
      runsBucket: { listAndWrite: CAMPAIGNS_PREFIX },
      eventBus: 'put',
    },
  },
} as const satisfies Record<string, FunctionSpec>;

/** The construct id of one of stille's functions. */
export type FunctionId = keyof typeof FUNCTIONS;

/** Every function id, in the table's order. */
export const FUNCTION_IDS = Object.keys(FUNCTIONS) as FunctionId[];
