import { getJson } from '#adapters/campaign-files.ts';
import { repositoriesFrom } from '#adapters/dynamo/index.ts';
import { ENV } from '#domain/config/env-names.ts';
import { jsonBoundsError } from '#domain/contracts/bounds.ts';
import { DETAIL_TYPE } from '#domain/contracts/event-names.ts';
import {
  type Alert,
  type CampaignPreviewReport,
  type CampaignReport,
  type MessageRecord,
  type RejectedEvent,
  type Scenario,
  type ScenarioAction,
  type SimulationReport,
  validateEvent,
} from '#domain/contracts/index.ts';
import type { FieldError } from '#domain/errors.ts';
import { forEachBounded } from '#handlers/common/bounded.ts';
import { PutEventRefusedError } from './eventbridge/local-event-bus.ts';
import { type EntryRefusal, MAX_DETAIL_DEPTH, MAX_REQUEST_ENTRIES_BYTES } from './eventbridge/put-events.ts';
import { retentionReport } from './report/retention.ts';
import {
  type DeliveryFailure,
  type LocalRuntime,
  type PutEventResult,
  LocalRuntime as Runtime,
} from './runtime.ts';
import { performAction } from './scenario-actions.ts';
import { putJsonLines } from './services/index.ts';
import type { ExecutionRecord } from './stepfunctions/local-step-functions.ts';

/** Progress of a running scenario, reported as the simulated clock moves. */
export interface ScenarioProgress {
  /** Scenario events (including customers) started so far. */
  eventsStarted: number;
  eventsTotal: number;
  /** The simulated clock, ISO 8601. */
  clock: string;
  executionsRunning: number;
}

export interface RunScenarioOptions {
  onProgress?: (progress: ScenarioProgress) => void;
  /** Powertools log level of the handlers; `SILENT` by default so stdout stays clean. */
  logLevel?: 'SILENT' | 'ERROR' | 'WARN' | 'INFO' | 'DEBUG';
  /** Seed of the fault-injection random generator, for reproducible runs. */
  seed?: number;
  /** Keep dynalite and S3 data on disk here instead of in memory. */
  dataDir?: string;
  /** Called with the runtime once the scenario ran, before it closes (tests inspect tables and executions). */
  inspect?: (runtime: LocalRuntime) => Promise<void> | void;
  /** Keep every execution's record (states passed) for `inspect`. Default false: large runs stay lean. */
  recordExecutions?: boolean;
  /** How the clients reach the local services (see `LocalRuntimeOptions.transport`). Default in-process. */
  transport?: 'in-process' | 'http';
}

/** One thing the scenario publishes on the bus (or a customer does, `actions`) at its instant. */
interface ScheduledEvent {
  at: number;
  source: 'customers' | 'events' | 'actions';
  /** For `actions`: what the customer does. */
  action?: ScenarioAction;
  index: number;
  id: string;
  eventSource: string;
  detailType: string;
  detail: unknown;
}

const HISTORY_WRITE_CONCURRENCY = 32;

/** Rejection ids the workflows write: `<event id>` or `<event id>#line-<n>` for a line of a run file. */
const REJECTION_ID = /^(customer|event)-(\d+)(?:#line-(\d+))?$/;

/**
 * Replays a scenario through the synthesized workflows on the embedded runtime: customers are
 * published as `Customer Upserted` at `start`, history invoices are stored as they are (no workflow),
 * files are written to local S3, every event is published on the bus at its `at`, and the simulated
 * clock runs to `until`, firing the Waits due on the way.
 */
export async function runScenario(
  scenario: Scenario,
  options: RunScenarioOptions = {},
): Promise<SimulationReport> {
  const runtime = await Runtime.start({
    start: scenario.start,
    ...(scenario.faults ? { faults: scenario.faults } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    logLevel: options.logLevel ?? 'SILENT',
    recordExecutions: options.recordExecutions ?? false,
    ...(options.transport ? { transport: options.transport } : {}),
  });
  try {
    const rejected: RejectedEvent[] = [];
    const alerts: Alert[] = [];
    // On AWS the ExecutionsFailed alarm fires for any failed execution, nested ones included; locally
    // each is reported as an alert, traced to the scenario event that caused it.
    runtime.stepFunctions.onExecutionFinished((record) => {
      if (record.status === 'FAILED') alerts.push(executionFailedAlert(record, runtime));
    });
    const repositories = repositoriesFrom(runtime.deps);

    for (const [location, rows] of Object.entries(scenario.files ?? {})) {
      await putJsonLines(runtime.s3, location, rows);
    }
    // History is stored as it is (no workflow), a bounded number of writes at a time.
    await forEachBounded(
      scenario.history?.invoices ?? [],
      HISTORY_WRITE_CONCURRENCY,
      async (invoice, index) => {
        const result = validateEvent(DETAIL_TYPE.invoiceIssued, invoice);
        if (result.ok && result.detailType === DETAIL_TYPE.invoiceIssued) {
          await repositories.invoices.put(result.value);
        } else if (!result.ok) {
          rejected.push({
            index,
            detailType: DETAIL_TYPE.invoiceIssued,
            errors: result.errors,
            source: 'history',
          });
        }
      },
    );

    const schedule = scheduleOf(scenario);
    let cursor = 0;
    const until = Date.parse(scenario.until);
    const report = () =>
      options.onProgress?.({
        eventsStarted: cursor,
        eventsTotal: schedule.length,
        clock: runtime.clock.now().toISOString(),
        executionsRunning: runtime.clock.runningCount(),
      });
    const startDue = (at: number) => {
      for (let item = schedule[cursor]; item !== undefined && item.at <= at; item = schedule[++cursor]) {
        const { action, index } = item;
        if (action) {
          // Tracked: the clock waits for the customer's requests (and the work they start).
          void runtime.clock
            .track(() => performAction(runtime, action, index))
            .then((refused) => {
              if (refused) rejected.push(refused);
            });
          continue;
        }
        const refused = publish(runtime, item);
        if (refused) rejected.push(refused);
      }
      report();
    };
    await runtime.runUntil(until, () => schedule[cursor]?.at, startDue);
    report();

    rejected.push(...(await workflowRejections(runtime)));
    rejected.sort(
      (a, b) => sourceOrder(a) - sourceOrder(b) || a.index - b.index || (a.line ?? 0) - (b.line ?? 0),
    );
    const messages = await storedMessages(runtime);
    await options.inspect?.(runtime);
    // The app's own alerts (`Stille Alert` events) and rule targets that failed, with the failed executions.
    alerts.push(...runtime.alerts(), ...runtime.deliveryFailures.map(deliveryFailedAlert));
    alerts.sort((a, b) => a.at.localeCompare(b.at));
    const campaigns = await campaignReports(runtime, messages);
    const retention = await retentionReport(runtime);
    return {
      messages,
      rejected,
      alerts,
      executions: runtime.counts(),
      campaigns,
      ...(retention ? { retention } : {}),
    };
  } finally {
    await runtime.close();
  }
}

function scheduleOf(scenario: Scenario): ScheduledEvent[] {
  const start = Date.parse(scenario.start);
  const customers: ScheduledEvent[] = scenario.customers.map((detail, index) => ({
    at: start,
    source: 'customers',
    index,
    id: `customer-${index}`,
    eventSource: 'scenario',
    detailType: DETAIL_TYPE.customerUpserted,
    detail,
  }));
  const events: ScheduledEvent[] = scenario.events.map((event, index) => ({
    at: Date.parse(event.at),
    source: 'events',
    index,
    id: `event-${index}`,
    eventSource: event.source,
    detailType: event.detailType,
    detail: event.detail,
  }));
  const actions: ScheduledEvent[] = (scenario.actions ?? []).map((action, index) => ({
    at: Date.parse(action.at),
    source: 'actions',
    index,
    id: `action-${index}`,
    eventSource: 'scenario',
    detailType: action.action,
    detail: undefined,
    action,
  }));
  // Stable: customers first at the start, then events in file order within the same instant, then
  // the customers' actions (an action sees what the events of its instant started, once it ran).
  return [...customers, ...events, ...actions].sort((a, b) => a.at - b.at);
}

/** A failed execution as the `ExecutionsFailed` alarm would report it. */
function executionFailedAlert(record: ExecutionRecord, runtime: LocalRuntime): Alert {
  return {
    kind: 'execution-failed',
    at: record.stoppedAt ?? runtime.clock.now().toISOString(),
    stateMachine: record.stateMachine,
    executionArn: record.executionArn,
    ...(record.parentExecutionArn ? { parentExecutionArn: record.parentExecutionArn } : {}),
    ...(record.correlationId ? { eventId: record.correlationId } : {}),
    error: record.error?.Error ?? 'Unknown',
    cause: (record.error?.Cause ?? '').slice(0, 2000),
  };
}

/** A rule target that failed every attempt, as its failed-invocation metric would alarm on AWS. */
function deliveryFailedAlert(failure: DeliveryFailure): Alert {
  return { kind: 'delivery-failed', ...failure };
}

/**
 * Publishes one event on the local bus, as `PutEvents` would. An entry EventBridge itself refuses
 * (a detail that is not a JSON object) or that no rule routes is returned as rejected here.
 */
function publish(runtime: LocalRuntime, item: ScheduledEvent): RejectedEvent | undefined {
  const { detail } = item;
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
    return {
      index: item.index,
      detailType: item.detailType,
      source: item.source,
      errors: [{ path: 'detail', message: 'must be a JSON object; EventBridge refuses any other detail' }],
    };
  }
  // What a client could not even serialize (1e309 as written, nesting past what EventBridge reads) is
  // refused here, saying what was sent; anything shallower goes on to the contract's own bounds.
  const unsendable = jsonBoundsError(detail, {
    maxDepth: MAX_DETAIL_DEPTH,
    maxBytes: Number.POSITIVE_INFINITY,
  });
  if (unsendable) {
    return { index: item.index, detailType: item.detailType, source: item.source, errors: [unsendable] };
  }
  let result: PutEventResult;
  try {
    result = runtime.putEvent({
      id: item.id,
      source: item.eventSource,
      detailType: item.detailType,
      detail: detail as Record<string, unknown>,
    });
  } catch (error) {
    if (!(error instanceof PutEventRefusedError)) throw error;
    return {
      index: item.index,
      detailType: item.detailType,
      source: item.source,
      errors: [refusalError(error.refusal)],
    };
  }
  if (result.matchedRules.length === 0) {
    return {
      index: item.index,
      detailType: item.detailType,
      source: item.source,
      errors: [{ path: 'detail-type', message: `no rule of the stille bus routes "${item.detailType}"` }],
    };
  }
  return undefined;
}

/** A refused entry as a field error: at the part EventBridge refused, saying what it answers. */
function refusalError(refusal: EntryRefusal): FieldError {
  if (refusal.code === 'ValidationException') {
    return {
      path: 'detail',
      message:
        `is ${refusal.size.toLocaleString('en-US')} bytes as EventBridge counts a PutEvents entry (source, ` +
        `detail-type and detail); EventBridge refuses more than ${MAX_REQUEST_ENTRIES_BYTES.toLocaleString('en-US')} ` +
        `(${refusal.code}: ${refusal.message})`,
    };
  }
  return {
    path: refusal.field === 'entry' ? 'detail' : refusal.field,
    message: `is refused by EventBridge (${refusal.code}: ${refusal.message})`,
  };
}

async function workflowRejections(runtime: LocalRuntime): Promise<RejectedEvent[]> {
  const records = await repositoriesFrom(runtime.deps).rejections.list();
  return records.map((record) => {
    const match = REJECTION_ID.exec(record.rejectionId) ?? REJECTION_ID.exec(record.eventId);
    const line = record.line ?? (match?.[3] ? Number(match[3]) : undefined);
    return {
      index: match?.[2] ? Number(match[2]) : -1,
      detailType: record.detailType,
      errors: record.errors,
      source: record.source === 'file' ? 'file' : match?.[1] === 'customer' ? 'customers' : 'events',
      ...(record.location ? { location: record.location } : {}),
      ...(line !== undefined ? { line } : {}),
    };
  });
}

function sourceOrder(rejected: RejectedEvent): number {
  return ['customers', 'history', 'events', 'file', 'actions'].indexOf(rejected.source ?? 'events');
}

/** Every message record in the ledger: sent, suppressed and failed. */
async function storedMessages(runtime: LocalRuntime): Promise<MessageRecord[]> {
  // The ledger is only readable once a function of the app is given it; until then nothing was sent.
  if (!runtime.environment[ENV.messagesTable]) return [];
  // Final records only, in contract shape; a message still in flight at `until` shows as its execution.
  return repositoriesFrom(runtime.deps).messages.list();
}

/**
 * The campaigns section: every campaign with its completed runs (the counts of Campaign Run
 * Completed, and the clicks recorded on its messages) and its latest preview.
 */
async function campaignReports(
  runtime: LocalRuntime,
  messages: readonly MessageRecord[],
): Promise<CampaignReport[]> {
  if (!runtime.environment[ENV.campaignsTable]) return [];
  const clicks = new Map<string, number>();
  for (const message of messages) {
    if (message.kind !== 'campaign-message' || typeof message.facts.clickedAt !== 'string') continue;
    const key = `${String(message.facts.campaignId)}\u0000${String(message.facts.runAt)}`;
    clicks.set(key, (clicks.get(key) ?? 0) + 1);
  }
  const reports: CampaignReport[] = [];
  for (const campaign of await repositoriesFrom(runtime.deps).campaigns.everything()) {
    const report: CampaignReport = {
      campaignId: campaign.campaignId,
      name: campaign.definition.name,
      runs: [],
    };
    for (const run of campaign.runs) {
      if (!run.result) continue;
      if (run.dryRun) {
        const preview = run.previewKey
          ? await getJson(runtime.s3, runtime.deps.runsBucket, run.previewKey)
          : undefined;
        if (preview && typeof preview === 'object') {
          const { campaignId: _id, ...rest } = preview as CampaignPreviewReport & { campaignId?: string };
          report.preview = rest;
        }
        continue;
      }
      const { audience, holdout, sent, suppressed, failed } = run.result;
      report.runs.push({
        runAt: run.runAt,
        audience,
        holdout,
        sent,
        suppressed,
        failed,
        clicks: clicks.get(`${campaign.campaignId}\u0000${run.runAt}`) ?? 0,
      });
    }
    reports.push(report);
  }
  return reports;
}
