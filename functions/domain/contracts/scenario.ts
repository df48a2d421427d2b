import * as z from 'zod/mini';
import type { FieldError } from '../errors.ts';
import { instant, isJsonObject, jsonObject, s3Location } from './common.ts';
import { describeValue, MAX_FIELD_ERRORS, safeParseContract, toFieldErrors } from './field-errors.ts';
import { type MessageRecord, MessageRecordSchema } from './messages.ts';

/** Most customers a scenario may hold. */
export const MAX_SCENARIO_CUSTOMERS = 1_000_000;
/** Most events (and most history invoices) a scenario may hold. */
export const MAX_SCENARIO_EVENTS = 2_000_000;
/** Most items one scenario file (`files`) may hold. */
export const MAX_SCENARIO_FILE_ITEMS = 10_000_000;
/** Highest fault rate: above it, retries could not be shown to deliver. */
export const MAX_FAULT_RATE = 0.9;

const faultRate = z.number().check(z.gte(0), z.lte(MAX_FAULT_RATE));

/** Share of calls a local channel endpoint answers with a throttling or a server error. */
export const ChannelFaultsSchema = z.object({
  throttleRate: z.optional(faultRate),
  errorRate: z.optional(faultRate),
});

/** Faults injected into the embedded runtime's endpoints. */
export const FaultsSchema = z.object({
  email: z.optional(ChannelFaultsSchema),
  sms: z.optional(ChannelFaultsSchema),
  lambda: z.optional(z.object({ throttleRate: z.optional(faultRate) })),
});
/** Faults injected into the embedded runtime's endpoints. */
export type Faults = z.output<typeof FaultsSchema>;

/**
 * An event of a scenario, published at `at` on the simulated clock. `detailType` and `detail` are not
 * checked here: the workflows validate them and record the event as rejected when they are wrong.
 */
export const ScenarioEventSchema = z.object({
  at: instant,
  source: z._default(z.string().check(z.maxLength(256)), 'scenario'),
  detailType: z.string().check(z.maxLength(128)),
  // Checked by the workflows like `detailType`: a missing or malformed detail rejects only this event.
  detail: z.optional(z.unknown()),
});
/** An event of a scenario. */
export type ScenarioEvent = z.output<typeof ScenarioEventSchema>;

/** Most customer actions a scenario may hold. */
export const MAX_SCENARIO_ACTIONS = 1_000_000;
/** What a scenario's customer may do (extension): accept their latest sent retention offer. */
export const SCENARIO_ACTIONS = ['accept-offer'] as const;

/**
 * Extension: something a customer does at `at` on the simulated clock, through the same HTTP API their
 * browser would use. `accept-offer` opens the accept link of their latest sent `retention-offer`
 * and presses its button (GET the page, POST the form).
 */
export const ScenarioActionSchema = z.object({
  at: instant,
  customerId: z.string().check(z.minLength(1), z.maxLength(128)),
  action: z.enum(SCENARIO_ACTIONS),
});
/** A customer action of a scenario. */
export type ScenarioAction = z.output<typeof ScenarioActionSchema>;

/**
 * A scenario file: a stretch of simulated time replayed through the real workflows. Customers and
 * history invoices only have to be JSON objects here; the workflows validate them and reject bad ones.
 */
export const ScenarioSchema = z
  .object({
    name: z.string().check(z.maxLength(200)),
    start: instant,
    until: instant,
    // Omitted means none.
    customers: z._default(z.array(jsonObject).check(z.maxLength(MAX_SCENARIO_CUSTOMERS)), []),
    history: z.optional(
      z.object({
        invoices: z.optional(z.array(jsonObject).check(z.maxLength(MAX_SCENARIO_EVENTS))),
      }),
    ),
    // Omitted means none.
    events: z._default(z.array(ScenarioEventSchema).check(z.maxLength(MAX_SCENARIO_EVENTS)), []),
    // Extension; omitted means none.
    actions: z.optional(z.array(ScenarioActionSchema).check(z.maxLength(MAX_SCENARIO_ACTIONS))),
    files: z.optional(z.record(s3Location, z.array(z.unknown()).check(z.maxLength(MAX_SCENARIO_FILE_ITEMS)))),
    faults: z.optional(FaultsSchema),
  })
  .check(
    z.superRefine((scenario, ctx) => {
      if (Date.parse(scenario.until) < Date.parse(scenario.start)) {
        ctx.addIssue({
          code: 'custom',
          path: ['until'],
          input: scenario.until,
          message: `must not be before start (${scenario.start}), got "${scenario.until}"`,
        });
      }
      // An event outside the simulated stretch would silently never run (or run at the wrong time).
      const start = Date.parse(scenario.start);
      const until = Date.parse(scenario.until);
      for (const [index, event] of (until >= start ? scenario.events : []).entries()) {
        const at = Date.parse(event.at);
        if (at < start || at > until) {
          ctx.addIssue({
            code: 'custom',
            path: ['events', index, 'at'],
            input: event.at,
            message: `must be between start (${scenario.start}) and until (${scenario.until}), got "${event.at}"`,
          });
        }
      }
      for (const [index, action] of (until >= start ? (scenario.actions ?? []) : []).entries()) {
        const at = Date.parse(action.at);
        if (at < start || at > until) {
          ctx.addIssue({
            code: 'custom',
            path: ['actions', index, 'at'],
            input: action.at,
            message: `must be between start (${scenario.start}) and until (${scenario.until}), got "${action.at}"`,
          });
        }
      }
    }),
  );
/** A scenario, as parsed (defaults filled in, unknown fields dropped). */
export type Scenario = z.output<typeof ScenarioSchema>;

/** The outcome of {@link parseScenario}. */
export type ScenarioParseResult = { ok: true; scenario: Scenario } | { ok: false; errors: FieldError[] };

/**
 * Validates a parsed scenario file. Errors have the same paths as event errors (`events[3].at`); an
 * error about the file as a whole has path `scenario`. At most 50 errors are returned.
 */
export function parseScenario(json: unknown): ScenarioParseResult {
  if (!isJsonObject(json)) {
    return {
      ok: false,
      errors: [{ path: 'scenario', message: `must be a JSON object, got ${describeValue(json)}` }],
    };
  }
  const result = safeParseContract(ScenarioSchema, json);
  if (!result.success) {
    return { ok: false, errors: toFieldErrors(result.error, { root: 'scenario', limit: MAX_FIELD_ERRORS }) };
  }
  return { ok: true, scenario: result.data };
}

// ---------------------------------------------------------------------------------------------------
// The report of `stille simulate --json`

/** Where a rejected item came from (an extension of docs/contracts.md; absent means `events`). */
export const REJECTED_SOURCES = ['events', 'customers', 'history', 'file', 'actions'] as const;

/**
 * An event (or customer, history invoice, file line) the workflows rejected. `index` is its 0-based
 * position in its array (`events`, `customers`, `history.invoices`, or the file's items); for a file,
 * `location` is its S3 location and `line` its 1-based line number.
 */
export interface RejectedEvent {
  index: number;
  detailType: string;
  errors: FieldError[];
  source?: (typeof REJECTED_SOURCES)[number];
  location?: string;
  line?: number;
}

/** Something ops should look at, such as a `late-price-notice`. Carries its own fields besides `kind` and `at`. */
export interface Alert {
  kind: string;
  at: string;
  [key: string]: unknown;
}

/** What the workflows did, for cost modelling. */
export interface ExecutionCounts {
  started: number;
  succeeded: number;
  failed: number;
  standardTransitions: number;
  expressExecutions: number;
  lambdaInvocations: number;
}

/** One run of a campaign in the report (`Campaign Run Completed`'s counts). */
export interface CampaignRunReport {
  runAt: string;
  audience: number;
  holdout: number;
  sent: number;
  suppressed: Record<string, number>;
  failed: number;
  /** Extension: customers who clicked the call to action (one click each, through the signed redirect). */
  clicks?: number;
}

/** A campaign's preview (`dryRun`): what its audience would get; nothing was sent. */
export interface CampaignPreviewReport {
  runAt: string;
  audience: number;
  /** Outcome (`sent`, `deferred`, or why not) → count. */
  outcomes: Record<string, number>;
  byMarket: Record<string, number>;
  byLocale: Record<string, number>;
  byChannel: Record<string, number>;
  /** Up to twenty rendered messages. */
  samples: Array<{ customerId: string; channel: string; locale: string; subject: string; text: string }>;
}

/** A campaign in the report: its runs, and its latest preview. */
export interface CampaignReport {
  campaignId: string;
  /** Extension: the campaign's name. */
  name?: string;
  runs: CampaignRunReport[];
  preview?: CampaignPreviewReport;
}

/** A difference of two proportions with its approximate 95 % interval (normal approximation). */
export interface ProportionDifference {
  value: number;
  low: number;
  high: number;
}

/** The retention numbers of one scope (the automatic program, or one retention-offer campaign). */
export interface RetentionNumbers {
  /** Customers sent a retention offer. */
  offered: number;
  /** Customers held out (a `holdout` record) and never sent one. */
  heldOut: number;
  /** Offered customers who accepted an offer (`facts.acceptedAt`). */
  accepted: number;
  /** Of each group, customers with a `Contract Ended` within 90 days after the offer (or holdout). */
  ended: { offered: number; heldOut: number };
  /** Extension: accepted / offered; null with nobody offered. */
  acceptanceRate?: number | null;
  /** Extension: ended / group size; null for an empty group. */
  endedRate?: { offered: number | null; heldOut: number | null };
  /**
   * Extension: held-out ended rate − offered ended rate (positive: the offers kept customers), with an
   * approximate 95 % interval; null when either group is empty.
   */
  difference?: ProportionDifference | null;
  /**
   * Extension, by currency: difference × offered × the offered customers' mean annual invoiced amount
   * (may be negative). Absent when there is no difference.
   */
  annualRevenueKept?: Record<string, number>;
  /** Extension: per offer, the customers sent it, who accepted it, and the sum of its `annualValue`. */
  byOffer?: Array<{
    offerId: string;
    offered: number;
    accepted: number;
    annualValue: number;
    currency?: string;
  }>;
}

/** The report's `retention` section: the automatic program, and (extension) each retention-offer campaign. */
export interface RetentionReport extends RetentionNumbers {
  /** Extension: each retention-offer campaign, with the same numbers. */
  campaigns?: Array<RetentionNumbers & { campaignId: string }>;
}

/** The JSON object `stille simulate FILE --json` prints. */
export interface SimulationReport {
  messages: MessageRecord[];
  rejected: RejectedEvent[];
  alerts: Alert[];
  executions: ExecutionCounts;
  /** Every campaign of the scenario (docs/contracts.md "Scenarios"). */
  campaigns?: CampaignReport[];
  /** The retention offers (docs/contracts.md "Scenarios"); present when any retention record exists. */
  retention?: RetentionReport;
}

/** A field-level error as reported. */
export const FieldErrorSchema = z.object({
  path: z.string().check(z.maxLength(1_000)),
  message: z.string().check(z.maxLength(2_000)),
}) satisfies z.ZodMiniType<FieldError>;

/** Schema of {@link RejectedEvent}. */
export const RejectedEventSchema = z.object({
  index: z.number().check(z.int(), z.gte(0)),
  detailType: z.string().check(z.maxLength(128)),
  errors: z.array(FieldErrorSchema).check(z.maxLength(MAX_FIELD_ERRORS)),
  source: z.optional(z.enum(REJECTED_SOURCES)),
  location: z.optional(z.string().check(z.maxLength(1_100))),
  line: z.optional(z.number().check(z.int(), z.gte(1))),
}) satisfies z.ZodMiniType<RejectedEvent>;

/** Schema of {@link Alert}: `kind` and `at`, and whatever else the alert carries. */
export const AlertSchema = z.looseObject({
  kind: z.string().check(z.minLength(1), z.maxLength(128)),
  at: instant,
}) satisfies z.ZodMiniType<Alert>;

const count = z.number().check(z.int(), z.gte(0), z.lte(Number.MAX_SAFE_INTEGER));

/** Schema of {@link ExecutionCounts}. */
export const ExecutionCountsSchema = z.object({
  started: count,
  succeeded: count,
  failed: count,
  standardTransitions: count,
  expressExecutions: count,
  lambdaInvocations: count,
}) satisfies z.ZodMiniType<ExecutionCounts>;

/** Most items of each list in a report. */
const MAX_REPORT_ITEMS = 50_000_000;

/** Schema of {@link SimulationReport}. */
export const SimulationReportSchema = z.object({
  messages: z.array(MessageRecordSchema).check(z.maxLength(MAX_REPORT_ITEMS)),
  rejected: z.array(RejectedEventSchema).check(z.maxLength(MAX_REPORT_ITEMS)),
  alerts: z.array(AlertSchema).check(z.maxLength(MAX_REPORT_ITEMS)),
  executions: ExecutionCountsSchema,
  campaigns: z.optional(
    z.array(
      z.looseObject({
        campaignId: z.string().check(z.minLength(1), z.maxLength(128)),
        runs: z.array(z.looseObject({ runAt: z.string().check(z.maxLength(40)), audience: count })),
      }),
    ),
  ),
  retention: z.optional(
    z.looseObject({
      offered: count,
      heldOut: count,
      accepted: count,
      ended: z.looseObject({ offered: count, heldOut: count }),
    }),
  ),
}) satisfies z.ZodMiniType<Omit<SimulationReport, 'campaigns' | 'retention'>>;

/** Exit status of `stille simulate`: the scenario ran (even with rejected events). */
export const EXIT_SCENARIO_RAN = 0;
/** Exit status of `stille simulate`: the scenario file is unreadable or invalid. */
export const EXIT_INVALID_SCENARIO = 2;
