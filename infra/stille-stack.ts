import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Rule } from 'aws-cdk-lib/aws-events';
import type { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { ALERT_TEAM } from '#domain/alerts/teams.ts';
import { EVENT_TYPES, type EventType } from '#domain/contracts/routed-events.ts';
import { CampaignRunWorkflow } from '#workflows/campaign-run.ts';
import { CampaignScheduleWorkflow } from '#workflows/campaign-schedule.ts';
import { DeferredSendWorkflow } from '#workflows/deferred-send.ts';
import { DeliveryEventsWorkflow } from '#workflows/delivery-events.ts';
import { EventIngestionWorkflow } from '#workflows/event-ingestion.ts';
import { InvoiceIssuedWorkflow } from '#workflows/invoice-issued.ts';
import { InvoiceRunWorkflow } from '#workflows/invoice-run.ts';
import { PriceChangeWorkflow } from '#workflows/price-change.ts';
import { SendMessageWorkflow } from '#workflows/send-message.ts';
import { SupportTicketWorkflow } from '#workflows/support-ticket.ts';
import { SurveyWorkflow } from '#workflows/survey.ts';
import { AlertTopics } from './alert-topics.ts';
import { CampaignSchedules } from './campaign-schedules.ts';
import { CommsFunction } from './comms-function.ts';
import { functionEnvironment, grantFunctionAccess, type SharedResources } from './config.ts';
import { readStilleContext } from './context.ts';
import { DataStore } from './data-store.ts';
import { EmailSending, SES_EVENT_DETAIL_TYPES } from './email-sending.ts';
import { EventRouting } from './event-routing.ts';
import { FUNCTION_IDS, FUNCTIONS, type FunctionId } from './functions.ts';
import { LinkSecret } from './link-secret.ts';
import { originationIdentityArnsOf, readMarketsConfig, senderDomainsOf } from './markets.ts';
import { StilleMonitoring } from './monitoring.ts';
import { ReputationBreaker } from './reputation-breaker.ts';
import { ROUTES, UNKNOWN_EVENT_WORKFLOW, type WorkflowId } from './routes.ts';
import { RunsBucket } from './runs-bucket.ts';
import { SmsReplies } from './sms-replies.ts';
import { SmsSending } from './sms-sending.ts';
import { UnsubscribeApi } from './unsubscribe-api.ts';

/** Properties of the {@link StilleStack}. */
export interface StilleStackProps extends StackProps {
  /** Deletion protection on every table. @default true */
  readonly deletionProtection?: boolean;
}

/** The construct id of the rule on the default bus that starts DeliveryEvents for SES events. */
export const SES_EVENTS_RULE_ID = 'SesDeliveryEvents';

/** The workflow construct of each state machine. */
export interface StilleWorkflows {
  readonly EventIngestion: EventIngestionWorkflow;
  readonly InvoiceIssued: InvoiceIssuedWorkflow;
  readonly InvoiceRun: InvoiceRunWorkflow;
  readonly PriceChange: PriceChangeWorkflow;
  readonly DeferredSend: DeferredSendWorkflow;
  readonly SendMessage: SendMessageWorkflow;
  readonly DeliveryEvents: DeliveryEventsWorkflow;
  readonly SupportTicket: SupportTicketWorkflow;
  readonly Survey: SurveyWorkflow;
  readonly CampaignSchedule: CampaignScheduleWorkflow;
  readonly CampaignRun: CampaignRunWorkflow;
}

/**
 * stille on AWS, read top to bottom: the tables, the runs bucket, the event bus, the sending channels
 * (SES, End User Messaging SMS), the link-signing secret; the functions of infra/functions.ts, one per
 * row, each with the environment and grants its `access` declares; the public link endpoints; the
 * workflows; and the routes of infra/routes.ts that start them.
 *
 * Context: `stille:marketsConfig` (senders, quiet hours, caps), `stille:emailIdentities` and
 * `stille:smsOriginationIdentities` (what the functions may send from, besides what the markets
 * configuration names), `stille:smsOptOutList`, `stille:legacyMessagesIndex` (an upgrade's first deploy;
 * see infra/context.ts and infra/markets.ts).
 */
export class StilleStack extends Stack {
  /** The tables (`data.customers`, `data.messages`, … and `data.tables` by key). */
  readonly data: DataStore;
  /** The runs bucket (`runs.bucket`) and its access-log bucket. */
  readonly runs: RunsBucket;
  /** The `stille` bus (`routing.eventBus`), its archive, rules and dead-letter queues. */
  readonly routing: EventRouting;
  /** E-mail through SES: configuration set, event destination, contact list. */
  readonly email: EmailSending;
  /** SMS through End User Messaging: configuration set and its event log. */
  readonly sms: SmsSending;
  /** The key unsubscribe and survey links are signed with. */
  readonly linkSecret: Secret;
  /** The public link endpoints (unsubscribe, survey answers) on an HTTP API. */
  readonly unsubscribeApi: UnsubscribeApi;
  /** Every function, by id (infra/functions.ts). */
  readonly functions: Readonly<Record<FunctionId, CommsFunction>>;
  /** Every workflow construct, by id. */
  readonly workflows: StilleWorkflows;
  /** Every state machine, by workflow id. */
  readonly stateMachines: Readonly<Record<WorkflowId, StateMachine>>;
  /** The rule on the default bus that starts DeliveryEvents for SES events. */
  readonly sesEventsRule: Rule;
  /** The SNS topic of each team: alerts of its kinds, and (ops) every alarm. */
  readonly alerts: AlertTopics;
  /** The topic the SES reputation alarms notify, and what pauses sends when they trip. */
  readonly reputationBreaker: ReputationBreaker;
  /** Two-way SMS: the inbound topic and HandleSmsReply. */
  readonly smsReplies: SmsReplies;
  /** The alarms and the dashboard. */
  readonly monitoring: StilleMonitoring;
  /** The campaigns' EventBridge Scheduler schedule group and the role their schedules start CampaignRun with. */
  readonly campaignSchedules: CampaignSchedules;

  constructor(scope: Construct, id: string, props: StilleStackProps = {}) {
    super(scope, id, { description: 'stille: proactive, explained customer messages', ...props });
    const context = readStilleContext(this);
    const markets = readMarketsConfig(this);

    this.data = new DataStore(this, 'Data', {
      deletionProtection: props.deletionProtection ?? true,
      legacyMessagesIndex: context.legacyMessagesIndex,
    });
    this.runs = new RunsBucket(this, 'Runs');
    // The bus first (its rules come once the workflows exist), so functions can publish to it.
    this.routing = new EventRouting(this, 'Routing');
    // What the functions may send from: what the markets configuration names, plus the context.
    this.email = new EmailSending(this, 'Email', {
      identities: unique([...senderDomainsOf(markets.config), ...context.emailIdentities]),
      contactList: context.sesContactList,
    });
    this.sms = new SmsSending(this, 'Sms', {
      originationIdentityArns: unique([
        ...originationIdentityArnsOf(markets.config, this),
        ...context.smsOriginationIdentities,
      ]),
      optOutListName: context.smsOptOutList,
    });
    this.linkSecret = new LinkSecret(this, 'LinkSecret').secret;
    this.alerts = new AlertTopics(this, 'Alerts', { subscriptions: context.alertSubscriptions });

    const shared: SharedResources = {
      data: this.data,
      runsBucket: this.runs.bucket,
      eventBus: this.routing.eventBus,
      email: this.email,
      sms: this.sms,
      linkSecret: this.linkSecret,
      marketsConfig: markets.json,
    };
    const functions: Partial<Record<FunctionId, CommsFunction>> = {};
    const create = (fnId: FunctionId, resources: SharedResources) => {
      const { access, ...functionProps } = FUNCTIONS[fnId];
      const created = new CommsFunction(this, fnId, {
        ...functionProps,
        environment: functionEnvironment(resources, access),
      });
      grantFunctionAccess(resources, access, created.function);
      functions[fnId] = created;
    };
    const needsLinks = (fnId: FunctionId) => 'publicBaseUrl' in FUNCTIONS[fnId].access;
    const needsSchedules = (fnId: FunctionId) => 'schedules' in FUNCTIONS[fnId].access;

    // The link endpoints' functions and the rest first; then the API, whose URL the functions that put
    // links into messages are given; last the function that manages campaign schedules, which needs
    // CampaignRun (their target).
    for (const fnId of FUNCTION_IDS.filter((fnId) => !needsLinks(fnId) && !needsSchedules(fnId))) {
      create(fnId, shared);
    }
    const fn = (fnId: FunctionId) => (functions[fnId] as CommsFunction).function;
    this.unsubscribeApi = new UnsubscribeApi(this, 'UnsubscribeApi', {
      unsubscribe: fn('Unsubscribe'),
      answerSurvey: fn('AnswerSurvey'),
      recordClick: fn('RecordClick'),
      acceptOffer: fn('AcceptOffer'),
    });
    const withLinks: SharedResources = { ...shared, publicBaseUrl: this.unsubscribeApi.url };
    for (const fnId of FUNCTION_IDS.filter(needsLinks)) create(fnId, withLinks);

    const campaignRun = new CampaignRunWorkflow(this, 'CampaignRun', {
      startCampaignRun: fn('StartCampaignRun'),
      sendCampaignBatch: fn('SendCampaignBatch'),
      completeCampaignRun: fn('CompleteCampaignRun'),
      runsBucket: this.runs.bucket,
    });
    this.campaignSchedules = new CampaignSchedules(this, 'CampaignSchedules', {
      campaignRun: campaignRun.stateMachine,
    });
    const withSchedules: SharedResources = {
      ...withLinks,
      schedules: {
        groupName: this.campaignSchedules.group.scheduleGroupName,
        schedulesArn: this.campaignSchedules.schedulesArn,
        role: this.campaignSchedules.role,
        targetArn: this.campaignSchedules.targetArn,
      },
    };
    for (const fnId of FUNCTION_IDS.filter(needsSchedules)) create(fnId, withSchedules);
    this.functions = functions as Record<FunctionId, CommsFunction>;

    const deferredSend = new DeferredSendWorkflow(this, 'DeferredSend', { eventBus: this.routing.eventBus });
    this.workflows = {
      EventIngestion: new EventIngestionWorkflow(this, 'EventIngestion', {
        ingestEvent: fn('IngestEvent'),
        recordRejection: fn('RecordRejection'),
      }),
      InvoiceIssued: new InvoiceIssuedWorkflow(this, 'InvoiceIssued', {
        ingestEvent: fn('IngestEvent'),
        explainInvoice: fn('ExplainInvoice'),
        recordRejection: fn('RecordRejection'),
      }),
      InvoiceRun: new InvoiceRunWorkflow(this, 'InvoiceRun', {
        prepareInvoiceRun: fn('PrepareInvoiceRun'),
        processInvoiceBatch: fn('ProcessInvoiceBatch'),
        recordRejection: fn('RecordRejection'),
        runsBucket: this.runs.bucket,
      }),
      PriceChange: new PriceChangeWorkflow(this, 'PriceChange', {
        ingestEvent: fn('IngestEvent'),
        recordRejection: fn('RecordRejection'),
        preparePriceChangeNotices: fn('PreparePriceChangeNotices'),
        notifyPriceChangeBatch: fn('NotifyPriceChangeBatch'),
        reportPriceChangeNotices: fn('ReportPriceChangeNotices'),
        runsBucket: this.runs.bucket,
      }),
      DeferredSend: deferredSend,
      SendMessage: new SendMessageWorkflow(this, 'SendMessage', {
        decideMessage: fn('DecideMessage'),
        deliverMessage: fn('DeliverMessage'),
        recordDeliveryFailure: fn('RecordDeliveryFailure'),
        recordRejection: fn('RecordRejection'),
        deferredSend: deferredSend.stateMachine,
      }),
      DeliveryEvents: new DeliveryEventsWorkflow(this, 'DeliveryEvents', {
        recordDeliveryEvent: fn('RecordDeliveryEvent'),
      }),
      SupportTicket: new SupportTicketWorkflow(this, 'SupportTicket', {
        ingestEvent: fn('IngestEvent'),
        checkTicketResponse: fn('CheckTicketResponse'),
        recordRejection: fn('RecordRejection'),
      }),
      Survey: new SurveyWorkflow(this, 'Survey', {
        ingestEvent: fn('IngestEvent'),
        planSurvey: fn('PlanSurvey'),
        requestSurvey: fn('RequestSurvey'),
        recordRejection: fn('RecordRejection'),
      }),
      CampaignSchedule: new CampaignScheduleWorkflow(this, 'CampaignSchedule', {
        ingestEvent: fn('IngestEvent'),
        recordRejection: fn('RecordRejection'),
        scheduleCampaign: fn('ScheduleCampaign'),
        campaignRun: campaignRun.stateMachine,
      }),
      CampaignRun: campaignRun,
    };
    this.stateMachines = Object.fromEntries(
      Object.entries(this.workflows).map(([workflowId, workflow]) => [workflowId, workflow.stateMachine]),
    ) as Record<WorkflowId, StateMachine>;

    this.routing.routeEventTypes({
      targets: Object.fromEntries(
        EVENT_TYPES.map((detailType) => [detailType, this.stateMachines[ROUTES[detailType]]]),
      ) as Record<EventType, StateMachine>,
      unknownEventTarget: this.stateMachines[UNKNOWN_EVENT_WORKFLOW],
    });
    // Alerts and stille's sources: only the functions that publish and DeferredSend may put them.
    this.routing.reserveForStille([
      ...FUNCTION_IDS.filter((fnId) => 'eventBus' in FUNCTIONS[fnId].access).map((fnId) => fn(fnId).role),
      this.stateMachines.DeferredSend.role,
    ]);
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
      target: this.stateMachines.DeliveryEvents,
    });
    this.routing.routeAlerts(this.alerts.topics, (kind) => ALERT_TEAM[kind]);

    this.reputationBreaker = new ReputationBreaker(this, 'ReputationBreaker', {
      key: this.alerts.key,
      pauseSends: fn('PauseSends'),
    });
    new CfnOutput(this, 'ControlsTableName', {
      description: 'The Controls table: stille resume-sends --table <this> (docs/operations.md#resume-sends)',
      value: this.data.controls.tableName,
    });
    this.smsReplies = new SmsReplies(this, 'SmsReplies', {
      key: this.alerts.key,
      handleSmsReply: fn('HandleSmsReply'),
    });
    this.monitoring = new StilleMonitoring(this, 'Monitoring', {
      stateMachines: this.stateMachines,
      functions: Object.fromEntries(FUNCTION_IDS.map((fnId) => [fnId, fn(fnId)])),
      deadLetterQueues: {
        ...this.routing.deadLetterQueues,
        [`${this.reputationBreaker.node.id}Subscription`]: this.reputationBreaker.deadLetterQueue,
        [`${this.smsReplies.node.id}Subscription`]: this.smsReplies.deadLetterQueue,
        ...Object.fromEntries(
          FUNCTION_IDS.flatMap((fnId) => {
            const queue = this.functions[fnId].deadLetterQueue;
            return queue ? [[`Function${fnId}`, queue]] : [];
          }),
        ),
      },
      opsTopic: this.alerts.topics.ops,
      reputationTopic: this.reputationBreaker.topic,
      sesConfigurationSetName: this.email.configurationSet.configurationSetName,
    });
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
