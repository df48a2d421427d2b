import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { RECIPIENTS_PREFIX } from '../functions/handlers/prepare-price-change-notices.ts';
import { DeferredSendWorkflow } from '../workflows/deferred-send.ts';
import { DeliveryEventsWorkflow } from '../workflows/delivery-events.ts';
import { EventIngestionWorkflow } from '../workflows/event-ingestion.ts';
import { InvoiceIssuedWorkflow } from '../workflows/invoice-issued.ts';
import { InvoiceRunWorkflow } from '../workflows/invoice-run.ts';
import { PriceChangeWorkflow } from '../workflows/price-change.ts';
import { SendMessageWorkflow } from '../workflows/send-message.ts';
import { SupportTicketWorkflow } from '../workflows/support-ticket.ts';
import { SurveyWorkflow } from '../workflows/survey.ts';
import { CommsFunction, type CommsFunctionProps } from './comms-function.ts';
import {
  type FunctionAccess,
  functionEnvironment,
  grantFunctionAccess,
  type SharedResources,
} from './config.ts';
import { readStilleContext } from './context.ts';
import { DataStore } from './data-store.ts';
import { EmailSending, SES_EVENT_DETAIL_TYPES } from './email-sending.ts';
import { EventRouting } from './event-routing.ts';
import { EVENT_TYPES, type EventType } from './event-types.ts';
import { LinkSecret } from './link-secret.ts';
import { originationIdentityArnsOf, readMarketsConfig, senderDomainsOf } from './markets.ts';
import { RunsBucket } from './runs-bucket.ts';
import { SmsSending } from './sms-sending.ts';
import { UnsubscribeApi } from './unsubscribe-api.ts';

/** Properties of the {@link StilleStack}. */
export interface StilleStackProps extends StackProps {
  /** Deletion protection on every table. @default true */
  readonly deletionProtection?: boolean;
}

/** A function of the stack: where its handler is and what it may touch. */
interface FunctionSpec extends Omit<CommsFunctionProps, 'environment'> {
  readonly access: FunctionAccess;
}

/** The construct id of the rule on the default bus that starts DeliveryEvents for SES events. */
export const SES_EVENTS_RULE_ID = 'SesDeliveryEvents';

/**
 * stille on AWS: the tables, the runs bucket, the event bus, the sending channels (SES, End User
 * Messaging SMS), the link-signing secret and the unsubscribe endpoint, the functions, the workflows
 * and the event routing that starts them.
 *
 * Context: `stille:marketsConfig` (senders, quiet hours, caps), `stille:emailIdentities` and
 * `stille:smsOriginationIdentities` (what the functions may send from, besides what the markets
 * configuration names), `stille:smsOptOutList` (see infra/context.ts and infra/markets.ts).
 */
export class StilleStack extends Stack {
  /** All tables. */
  readonly data: DataStore;
  /** The tables, one by one. */
  readonly customersTable: Table;
  readonly invoicesTable: Table;
  readonly ticketsTable: Table;
  readonly messagesTable: Table;
  readonly priceChangesTable: Table;
  readonly surveysTable: Table;
  readonly rejectionsTable: Table;
  readonly suppressionsTable: Table;
  /** The runs bucket construct (bucket and its access log bucket). */
  readonly runs: RunsBucket;
  /** The bucket invoice run files are put in. */
  readonly runsBucket: Bucket;
  /** The bus, its archive and rules. */
  readonly routing: EventRouting;
  /** The `stille` event bus. */
  readonly eventBus: EventBus;
  /** E-mail through SES: configuration set, event destination, contact list. */
  readonly email: EmailSending;
  /** SMS through End User Messaging: configuration set and its event log. */
  readonly sms: SmsSending;
  /** The key unsubscribe links are signed with. */
  readonly linkSecret: Secret;
  /** The public unsubscribe endpoint (HTTP API). */
  readonly unsubscribeApi: UnsubscribeApi;
  /** `IngestEvent`: validates and stores one event. */
  readonly ingestEvent: CommsFunction;
  /** `RecordRejection`: stores a rejected event. */
  readonly recordRejection: CommsFunction;
  /** `PrepareInvoiceRun`: validates an `Invoice Run Submitted` event and locates its file. */
  readonly prepareInvoiceRun: CommsFunction;
  /** `ProcessInvoiceBatch`: stores and explains one batch of a run's invoices. */
  readonly processInvoiceBatch: CommsFunction;
  /** `ExplainInvoice`: assesses one stored invoice, requests its explanation, alerts on duplicates. */
  readonly explainInvoice: CommsFunction;
  /** `PreparePriceChangeNotices`: lists the open-ended products on a changed tariff. */
  readonly preparePriceChangeNotices: CommsFunction;
  /** `NotifyPriceChangeBatch`: requests the price-change notices of one batch of customers. */
  readonly notifyPriceChangeBatch: CommsFunction;
  /** `ReportPriceChangeNotices`: adds up a price change's notices, alerts ops on late notice. */
  readonly reportPriceChangeNotices: CommsFunction;
  /** `DecideMessage`: the contact policy for one message request. */
  readonly decideMessage: CommsFunction;
  /** `DeliverMessage`: renders, records and sends one message. */
  readonly deliverMessage: CommsFunction;
  /** `RecordDeliveryFailure`: records a message that could not be sent, and alerts. */
  readonly recordDeliveryFailure: CommsFunction;
  /** `Unsubscribe`: the unsubscribe endpoint's handler. */
  readonly unsubscribe: CommsFunction;
  /** `RecordDeliveryEvent`: suppresses bounced and complaining addresses. */
  readonly recordDeliveryEvent: CommsFunction;
  /** The EventIngestion workflow (Express). */
  readonly eventIngestion: EventIngestionWorkflow;
  /** The InvoiceIssued workflow (Express): stores and explains one invoice. */
  readonly invoiceIssued: InvoiceIssuedWorkflow;
  /** The InvoiceRun workflow (Standard, Distributed Map). */
  readonly invoiceRun: InvoiceRunWorkflow;
  /** The PriceChange workflow (Standard, Distributed Map). */
  readonly priceChange: PriceChangeWorkflow;
  /** The DeferredSend workflow (Standard). */
  readonly deferredSend: DeferredSendWorkflow;
  /** The SendMessage workflow (Express): the send gate. */
  readonly sendMessage: SendMessageWorkflow;
  /** The DeliveryEvents workflow (Express). */
  readonly deliveryEvents: DeliveryEventsWorkflow;
  /** The EventIngestion state machine. */
  readonly eventIngestionStateMachine: StateMachine;
  /** The InvoiceIssued state machine. */
  readonly invoiceIssuedStateMachine: StateMachine;
  /** The InvoiceRun state machine. */
  readonly invoiceRunStateMachine: StateMachine;
  /** The PriceChange state machine. */
  readonly priceChangeStateMachine: StateMachine;
  /** The DeferredSend state machine. */
  readonly deferredSendStateMachine: StateMachine;
  /** The SendMessage state machine. */
  readonly sendMessageStateMachine: StateMachine;
  /** The DeliveryEvents state machine. */
  readonly deliveryEventsStateMachine: StateMachine;
  /** The rule on the default bus that starts DeliveryEvents for SES events. */
  readonly sesEventsRule: Rule;
  /** `CheckTicketResponse`: requests a support-delay notice for a ticket still unanswered. */
  readonly checkTicketResponse: CommsFunction;
  /** `PlanSurvey`: decides when a survey is asked. */
  readonly planSurvey: CommsFunction;
  /** `RequestSurvey`: records a survey and requests it from the send gate. */
  readonly requestSurvey: CommsFunction;
  /** `AnswerSurvey`: the survey answer endpoint's handler. */
  readonly answerSurvey: CommsFunction;
  /** The SupportTicket workflow (Standard): delay notices for one ticket. */
  readonly supportTicket: SupportTicketWorkflow;
  /** The Survey workflow (Standard): one survey after a resolution or renewal. */
  readonly survey: SurveyWorkflow;
  /** The SupportTicket state machine. */
  readonly supportTicketStateMachine: StateMachine;
  /** The Survey state machine. */
  readonly surveyStateMachine: StateMachine;

  constructor(scope: Construct, id: string, props: StilleStackProps = {}) {
    super(scope, id, { description: 'stille: proactive, explained customer messages', ...props });
    const context = readStilleContext(this);
    const markets = readMarketsConfig(this);

    this.data = new DataStore(this, 'Data', { deletionProtection: props.deletionProtection ?? true });
    this.customersTable = this.data.customers;
    this.invoicesTable = this.data.invoices;
    this.ticketsTable = this.data.tickets;
    this.messagesTable = this.data.messages;
    this.priceChangesTable = this.data.priceChanges;
    this.surveysTable = this.data.surveys;
    this.rejectionsTable = this.data.rejections;
    this.suppressionsTable = this.data.suppressions;

    this.runs = new RunsBucket(this, 'Runs');
    this.runsBucket = this.runs.bucket;

    // The bus first (its rules come once the workflows exist), so functions can publish to it.
    this.routing = new EventRouting(this, 'Routing');
    this.eventBus = this.routing.eventBus;

    // What the functions may send from: what the markets configuration names, plus the context.
    this.email = new EmailSending(this, 'Email', {
      identities: unique([...senderDomainsOf(markets.config), ...context.emailIdentities]),
    });
    this.sms = new SmsSending(this, 'Sms', {
      originationIdentityArns: unique([
        ...originationIdentityArnsOf(markets.config, this),
        ...context.smsOriginationIdentities,
      ]),
      optOutListName: context.smsOptOutList,
    });
    this.linkSecret = new LinkSecret(this, 'LinkSecret').secret;

    const shared: SharedResources = {
      data: this.data,
      runsBucket: this.runsBucket,
      eventBus: this.eventBus,
      email: this.email,
      sms: this.sms,
      linkSecret: this.linkSecret,
      marketsConfig: markets.json,
    };
    const fn = (id: string, spec: FunctionSpec, resources: SharedResources = shared): CommsFunction => {
      const { access, ...functionProps } = spec;
      const created = new CommsFunction(this, id, {
        ...functionProps,
        environment: functionEnvironment(resources, access),
      });
      grantFunctionAccess(resources, access, created.function);
      return created;
    };

    this.ingestEvent = fn('IngestEvent', {
      entry: 'functions/handlers/ingest-event.ts',
      description: 'Validates one event against its contract and stores what it says',
      access: {
        tables: {
          customers: 'readWrite',
          invoices: 'readWrite',
          tickets: 'readWrite',
          priceChanges: 'readWrite',
          surveys: 'readWrite',
        },
      },
    });
    this.recordRejection = fn('RecordRejection', {
      entry: 'functions/handlers/record-rejection.ts',
      description: 'Stores a rejected event with its field-level errors',
      access: { tables: { rejections: 'write' } },
    });
    this.prepareInvoiceRun = fn('PrepareInvoiceRun', {
      entry: 'functions/handlers/prepare-invoice-run.ts',
      description: 'Validates an Invoice Run Submitted event and locates its file in the runs bucket',
      access: { tables: { rejections: 'write' }, runsBucket: 'name' },
    });
    this.processInvoiceBatch = fn('ProcessInvoiceBatch', {
      entry: 'functions/handlers/process-invoice-batch.ts',
      description: 'Stores and explains one batch of the invoices of a billing run',
      // 500 invoices a batch; well inside the 5 minutes an Express child may run, retries included.
      memorySize: 1024,
      timeout: Duration.minutes(2),
      access: {
        // Invoices read too: each customer's history is what an invoice is compared with.
        tables: { customers: 'read', invoices: 'readWrite', rejections: 'write' },
        eventBus: 'put',
        marketsConfig: true,
      },
    });
    this.explainInvoice = fn('ExplainInvoice', {
      entry: 'functions/handlers/explain-invoice.ts',
      description:
        'Assesses one stored invoice; requests an explanation when it is surprising, alerts on duplicates',
      access: {
        tables: { customers: 'read', invoices: 'read' },
        eventBus: 'put',
        marketsConfig: true,
      },
    });

    this.preparePriceChangeNotices = fn('PreparePriceChangeNotices', {
      entry: 'functions/handlers/prepare-price-change-notices.ts',
      description: 'Lists the open-ended products on a changed tariff (byTariff index) in the runs bucket',
      // A query of the index and one file: 100,000 customers take seconds; room for millions.
      memorySize: 1024,
      timeout: Duration.minutes(10),
      access: {
        tables: { customers: 'read', priceChanges: 'read' },
        runsBucket: { write: RECIPIENTS_PREFIX },
      },
    });
    this.notifyPriceChangeBatch = fn('NotifyPriceChangeBatch', {
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
    });
    this.reportPriceChangeNotices = fn('ReportPriceChangeNotices', {
      entry: 'functions/handlers/report-price-change-notices.ts',
      description: 'Adds up a price change’s notices and alerts ops when customers’ dates had to move',
      // One S3 GET per batch of 100 customers: 10,000 for a million, about 15 s on AWS; the default 30 s
      // was too short for 1,000 tallies on a loaded embedded runtime.
      timeout: Duration.minutes(5),
      access: { tables: { priceChanges: 'read' }, runsBucket: { list: RECIPIENTS_PREFIX }, eventBus: 'put' },
    });

    // The unsubscribe endpoint before the functions that put its URL into messages.
    this.unsubscribe = fn('Unsubscribe', {
      entry: 'functions/handlers/unsubscribe.ts',
      description:
        'Verifies a signed unsubscribe link and publishes the opt-out (Contact Preferences Changed)',
      invokedBy: 'http-api',
      // Well inside the HTTP API's 30-second integration timeout.
      timeout: Duration.seconds(10),
      access: { linkSecret: 'read', eventBus: 'put' },
    });
    this.answerSurvey = fn('AnswerSurvey', {
      entry: 'functions/handlers/answer-survey.ts',
      description:
        'Verifies a signed survey answer link, records the first answer and publishes Survey Response Received',
      invokedBy: 'http-api',
      // Well inside the HTTP API's 30-second integration timeout.
      timeout: Duration.seconds(10),
      access: { tables: { surveys: 'readWrite' }, linkSecret: 'read', eventBus: 'put' },
    });
    this.unsubscribeApi = new UnsubscribeApi(this, 'UnsubscribeApi', {
      unsubscribe: this.unsubscribe.function,
      answerSurvey: this.answerSurvey.function,
    });
    const withLinks: SharedResources = { ...shared, publicBaseUrl: this.unsubscribeApi.url };

    this.decideMessage = fn('DecideMessage', {
      entry: 'functions/handlers/decide-message.ts',
      description: 'The contact policy for one message request: send, defer (quiet hours) or suppress',
      access: {
        tables: { customers: 'read', messages: 'readWrite', suppressions: 'read' },
        marketsConfig: true,
      },
    });
    this.deliverMessage = fn(
      'DeliverMessage',
      {
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
      withLinks,
    );
    this.recordDeliveryFailure = fn('RecordDeliveryFailure', {
      entry: 'functions/handlers/record-delivery-failure.ts',
      description: 'Records a message that could not be sent as failed, and raises an alert',
      access: { tables: { messages: 'write' }, eventBus: 'put' },
    });
    this.recordDeliveryEvent = fn('RecordDeliveryEvent', {
      entry: 'functions/handlers/record-delivery-event.ts',
      description: 'Suppresses addresses after SES bounces, complaints and rejects',
      access: { tables: { suppressions: 'write' }, eventBus: 'put' },
    });

    this.eventIngestion = new EventIngestionWorkflow(this, 'EventIngestion', {
      ingestEvent: this.ingestEvent.function,
      recordRejection: this.recordRejection.function,
    });
    this.eventIngestionStateMachine = this.eventIngestion.stateMachine;

    this.invoiceIssued = new InvoiceIssuedWorkflow(this, 'InvoiceIssued', {
      ingestEvent: this.ingestEvent.function,
      explainInvoice: this.explainInvoice.function,
      recordRejection: this.recordRejection.function,
    });
    this.invoiceIssuedStateMachine = this.invoiceIssued.stateMachine;

    this.invoiceRun = new InvoiceRunWorkflow(this, 'InvoiceRun', {
      prepareInvoiceRun: this.prepareInvoiceRun.function,
      processInvoiceBatch: this.processInvoiceBatch.function,
      recordRejection: this.recordRejection.function,
      runsBucket: this.runsBucket,
    });
    this.invoiceRunStateMachine = this.invoiceRun.stateMachine;

    this.priceChange = new PriceChangeWorkflow(this, 'PriceChange', {
      ingestEvent: this.ingestEvent.function,
      recordRejection: this.recordRejection.function,
      preparePriceChangeNotices: this.preparePriceChangeNotices.function,
      notifyPriceChangeBatch: this.notifyPriceChangeBatch.function,
      reportPriceChangeNotices: this.reportPriceChangeNotices.function,
      runsBucket: this.runsBucket,
    });
    this.priceChangeStateMachine = this.priceChange.stateMachine;

    this.deferredSend = new DeferredSendWorkflow(this, 'DeferredSend', { eventBus: this.eventBus });
    this.deferredSendStateMachine = this.deferredSend.stateMachine;

    this.sendMessage = new SendMessageWorkflow(this, 'SendMessage', {
      decideMessage: this.decideMessage.function,
      deliverMessage: this.deliverMessage.function,
      recordDeliveryFailure: this.recordDeliveryFailure.function,
      recordRejection: this.recordRejection.function,
      deferredSend: this.deferredSendStateMachine,
    });
    this.sendMessageStateMachine = this.sendMessage.stateMachine;

    this.deliveryEvents = new DeliveryEventsWorkflow(this, 'DeliveryEvents', {
      recordDeliveryEvent: this.recordDeliveryEvent.function,
    });
    this.deliveryEventsStateMachine = this.deliveryEvents.stateMachine;

    this.checkTicketResponse = fn('CheckTicketResponse', {
      entry: 'functions/handlers/check-ticket-response.ts',
      description: 'Requests a support-delay notice when a ticket is still unanswered at its due time',
      access: { tables: { tickets: 'readWrite' }, eventBus: 'put' },
    });
    this.planSurvey = fn('PlanSurvey', {
      entry: 'functions/handlers/plan-survey.ts',
      description: 'Decides when to ask a survey: the delay after the event, by day on the customer’s clock',
      access: { tables: { customers: 'read' }, marketsConfig: true },
    });
    this.requestSurvey = fn('RequestSurvey', {
      entry: 'functions/handlers/request-survey.ts',
      description: 'Records a survey after a resolved ticket or a renewal and requests it from the send gate',
      access: { tables: { surveys: 'readWrite' }, eventBus: 'put' },
    });
    this.supportTicket = new SupportTicketWorkflow(this, 'SupportTicket', {
      ingestEvent: this.ingestEvent.function,
      checkTicketResponse: this.checkTicketResponse.function,
      recordRejection: this.recordRejection.function,
    });
    this.supportTicketStateMachine = this.supportTicket.stateMachine;
    this.survey = new SurveyWorkflow(this, 'Survey', {
      ingestEvent: this.ingestEvent.function,
      planSurvey: this.planSurvey.function,
      requestSurvey: this.requestSurvey.function,
      recordRejection: this.recordRejection.function,
    });
    this.surveyStateMachine = this.survey.stateMachine;

    const workflowOf = (detailType: EventType): StateMachine => {
      if (detailType === 'Invoice Issued') return this.invoiceIssuedStateMachine;
      if (detailType === 'Invoice Run Submitted') return this.invoiceRunStateMachine;
      if (detailType === 'Price Change Announced') return this.priceChangeStateMachine;
      if (detailType === 'Message Requested') return this.sendMessageStateMachine;
      if (detailType === 'Support Ticket Opened') return this.supportTicketStateMachine;
      if (detailType === 'Support Ticket Resolved') return this.surveyStateMachine;
      if (detailType === 'Contract Renewed') return this.surveyStateMachine;
      return this.eventIngestionStateMachine;
    };
    this.routing.routeEventTypes({
      targets: Object.fromEntries(
        EVENT_TYPES.map((detailType) => [detailType, workflowOf(detailType)]),
      ) as Record<EventType, StateMachine>,
      unknownEventTarget: this.eventIngestionStateMachine,
    });
    this.sesEventsRule = this.routing.routeServiceEvents(SES_EVENTS_RULE_ID, {
      description: 'Starts DeliveryEvents for SES bounces, complaints, deliveries, rejects and delays',
      eventPattern: {
        source: ['aws.ses'],
        detailType: [...SES_EVENT_DETAIL_TYPES],
        // Only mail stille sent (SES tags every message with its configuration set): other senders of
        // the account may share the default bus, and their bounces are not stille's to act on.
        detail: {
          mail: { tags: { 'ses:configuration-set': [this.email.configurationSet.configurationSetName] } },
        },
      },
      target: this.deliveryEventsStateMachine,
    });
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
