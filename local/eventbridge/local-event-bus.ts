import { randomUUID } from 'node:crypto';
import type { ResolveContext } from '../cfn/intrinsics.ts';
import { resolveIntrinsics } from '../cfn/intrinsics.ts';
import { type CloudFormationTemplate, resourcesOfType } from '../cfn/template.ts';
import { BusPolicies, OUTSIDE_PRINCIPAL_ARN } from './bus-policy.ts';
import { EventLog } from './event-log.ts';
import { compileEventPattern, type EventPatternMatcher } from './pattern.ts';
import {
  checkPutEventsRequest,
  type EntryRefusal,
  entrySize,
  type ParseEntryOptions,
  type PutEventsRequestEntry,
  type PutEventsResponse,
  type PutEventsResultEntry,
  parseEntry,
  refusalOf,
} from './put-events.ts';

/** An event as EventBridge delivers it to targets. */
export interface EventEnvelope {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

/** A `PutEvents` entry. */
export interface PutEventEntry {
  source: string;
  detailType: string;
  detail: Record<string, unknown>;
  /** Event time, ISO 8601; the simulated clock when absent. */
  time?: string;
  /** Event id; a UUID when absent. */
  id?: string;
  /** Bus name or ARN; the bus given as `defaultBus` when absent. */
  eventBusName?: string;
  /** ARNs the event is about (`resources` of the envelope). */
  resources?: string[];
}

export interface RuleTarget {
  id: string;
  arn: string;
  /** JSONPath of the event to deliver instead of the whole event (`InputPath`). */
  inputPath?: string;
  /** A constant input (`Input`). */
  input?: unknown;
}

export interface LocalRule {
  logicalId: string;
  eventBusName: string;
  matches: EventPatternMatcher;
  targets: RuleTarget[];
}

export class UnsupportedRuleError extends Error {
  override readonly name = 'UnsupportedRuleError';
}

/** An entry put from outside the app that EventBridge would not take (`refusal` says what it answers). */
export class PutEventRefusedError extends Error {
  override readonly name = 'PutEventRefusedError';
  readonly refusal: EntryRefusal;

  constructor(refusal: EntryRefusal) {
    super(`EventBridge refuses the entry: ${refusal.code}: ${refusal.message}`);
    this.refusal = refusal;
  }
}

/** Delivers one event to one target (`input`: what the target gets); returns what the target started. */
export type Deliver<T> = (target: RuleTarget, input: unknown, rule: LocalRule, event: EventEnvelope) => T;

/** What one routed event matched and started. */
export interface RoutedEvent<T> {
  event: EventEnvelope;
  /** The bus it was put on (a name). */
  bus: string;
  matchedRules: string[];
  deliveries: T[];
}

/** The bus every account has; AWS services (SES among them) publish on it. */
export const DEFAULT_BUS = 'default';

/**
 * EventBridge for the embedded runtime: the template's own rules (patterns and targets) route each
 * event, so a rule that is wrong in the app is wrong locally too.
 */
export class LocalEventBus<T> {
  readonly rules: LocalRule[];
  /** Every event routed, bounded: counts, the latest events and the `Stille Alert`s. */
  readonly log: EventLog;
  private readonly deliver: Deliver<T>;
  private readonly defaultBus: string;
  private readonly buses: Set<string>;
  private readonly account: string;
  private readonly region: string;
  private readonly policies: BusPolicies;

  constructor(options: {
    rules: LocalRule[];
    deliver: Deliver<T>;
    /** The bus of an entry of {@link put} that names none (the app's custom bus for scenario events). */
    defaultBus: string;
    account: string;
    region: string;
    /** Names of the buses that exist besides `default` (the template's `AWS::Events::EventBus`). */
    buses?: string[];
    log?: EventLog;
    /** The buses' resource policies, applied to entries from outside the app ({@link refusal}). */
    policies?: BusPolicies;
  }) {
    this.rules = options.rules;
    this.deliver = options.deliver;
    this.defaultBus = options.defaultBus;
    this.account = options.account;
    this.region = options.region;
    this.buses = new Set([DEFAULT_BUS, options.defaultBus, ...(options.buses ?? [])]);
    this.log = options.log ?? new EventLog();
    this.policies = options.policies ?? new BusPolicies();
  }

  /** The names of the buses that exist (`default` and the template's). */
  busNames(): string[] {
    return [...this.buses];
  }

  /** The name of the bus a name or ARN (`arn:aws:events:region:account:event-bus/name`) refers to, if it exists. */
  resolveBus(nameOrArn: string): string | undefined {
    const marker = ':event-bus/';
    const at = nameOrArn.indexOf(marker);
    const name = nameOrArn.startsWith('arn:') && at !== -1 ? nameOrArn.slice(at + marker.length) : nameOrArn;
    return this.buses.has(name) ? name : undefined;
  }

  /** Reads every enabled `AWS::Events::Rule` of the template; a pattern the runtime cannot match fails here. */
  static rulesFromTemplate(template: CloudFormationTemplate, names: ResolveContext): LocalRule[] {
    const rules: LocalRule[] = [];
    for (const [logicalId, resource] of resourcesOfType(template, 'AWS::Events::Rule')) {
      const props = resolveIntrinsics(resource.Properties ?? {}, names, {
        path: `Resources.${logicalId}.Properties`,
      }) as {
        EventBusName?: string;
        EventPattern?: unknown;
        State?: string;
        ScheduleExpression?: string;
        Targets?: Array<{
          Id: string;
          Arn: string;
          InputPath?: string;
          Input?: string;
          InputTransformer?: unknown;
        }>;
      };
      if (props.State === 'DISABLED' || props.EventPattern === undefined) continue;
      const targets = (props.Targets ?? []).map((target) => {
        if (target.InputTransformer !== undefined) {
          throw new UnsupportedRuleError(
            `Rule ${logicalId} target ${target.Id}: InputTransformer is not supported locally`,
          );
        }
        return {
          id: target.Id,
          arn: target.Arn,
          ...(target.InputPath ? { inputPath: target.InputPath } : {}),
          ...(target.Input ? { input: JSON.parse(target.Input) } : {}),
        };
      });
      rules.push({
        logicalId,
        eventBusName: props.EventBusName ?? 'default',
        matches: compileEventPattern(props.EventPattern),
        targets,
      });
    }
    return rules;
  }

  /** Builds the envelope EventBridge would deliver for a `PutEvents` entry. */
  envelope(entry: PutEventEntry, now: Date): EventEnvelope {
    return {
      version: '0',
      id: entry.id ?? randomUUID(),
      'detail-type': entry.detailType,
      source: entry.source,
      account: this.account,
      time: entry.time ?? now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: this.region,
      resources: [...(entry.resources ?? [])],
      detail: entry.detail,
    };
  }

  /**
   * What EventBridge would answer the entry put alone with `PutEvents` by another system (a scenario
   * event), when it would not take it: over 256 KiB, a detail that is not a JSON object, an `aws.`
   * source, an unknown bus, … or denied by the bus's policy to anyone but the app's own roles.
   * `undefined` when it would take it.
   */
  refusal(entry: PutEventEntry): EntryRefusal | undefined {
    const request: PutEventsRequestEntry = {
      Source: entry.source,
      DetailType: entry.detailType,
      Detail: JSON.stringify(entry.detail),
      EventBusName: entry.eventBusName ?? this.defaultBus,
      ...(entry.resources ? { Resources: entry.resources } : {}),
      ...(entry.time ? { Time: entry.time } : {}),
    };
    const refused = refusalOf(request, { resolveBus: (name) => this.resolveBus(name) });
    if (refused) return refused;
    const bus = this.resolveBus(entry.eventBusName ?? this.defaultBus) ?? this.defaultBus;
    return this.policies.refusal(bus, entry, OUTSIDE_PRINCIPAL_ARN, entrySize(request));
  }

  /**
   * Routes one event: every matching rule of its bus delivers it to each of its targets. The entry is
   * trusted (no PutEvents validation): events AWS services publish come this way, and scenario events
   * once {@link refusal} found nothing to refuse.
   */
  put(entry: PutEventEntry, now: Date): RoutedEvent<T> {
    const event = this.envelope(entry, now);
    const named = entry.eventBusName ?? this.defaultBus;
    const bus = this.resolveBus(named) ?? named;
    const matchedRules: string[] = [];
    const deliveries: T[] = [];
    for (const rule of this.rules) {
      if (!sameBus(rule.eventBusName, bus) || !rule.matches(event)) continue;
      matchedRules.push(rule.logicalId);
      for (const target of rule.targets) {
        const input = target.input ?? (target.inputPath ? selectPath(event, target.inputPath) : event);
        deliveries.push(this.deliver(target, input, rule, event));
      }
    }
    this.log.record({ bus, event, matchedRules });
    return { event, bus, matchedRules, deliveries };
  }

  /**
   * The `PutEvents` API: checks the request and each entry as EventBridge does, routes every valid entry
   * (an entry without `EventBusName` goes to the `default` bus) and answers with an `EventId` or an
   * `ErrorCode` per entry, in order.
   *
   * @throws PutEventsValidationError when the request as a whole breaks a limit (entries, size).
   */
  putEvents(
    entries: unknown,
    now: Date,
    options: Omit<ParseEntryOptions, 'resolveBus'> = {},
  ): { response: PutEventsResponse; routed: RoutedEvent<T>[] } {
    checkPutEventsRequest(entries);
    const results: PutEventsResultEntry[] = [];
    const routed: RoutedEvent<T>[] = [];
    for (const raw of entries) {
      const parsed = parseEntry(raw, { ...options, resolveBus: (name) => this.resolveBus(name) });
      if ('failure' in parsed) {
        results.push(parsed.failure);
        continue;
      }
      const result = this.put(parsed.entry, now);
      routed.push(result);
      results.push({ EventId: result.event.id });
    }
    const FailedEntryCount = results.filter((entry) => entry.ErrorCode !== undefined).length;
    return { response: { Entries: results, FailedEntryCount }, routed };
  }
}

function sameBus(ruleBus: string, busName: string): boolean {
  // A rule names its bus by name or ARN.
  return (
    ruleBus === busName ||
    ruleBus.endsWith(`:event-bus/${busName}`) ||
    busName.endsWith(`:event-bus/${ruleBus}`)
  );
}

/** EventBridge InputPath supports simple dotted JSONPath (`$.detail`). */
function selectPath(event: EventEnvelope, path: string): unknown {
  if (path === '$') return event;
  let value: unknown = event;
  for (const key of path.replace(/^\$\.?/, '').split('.')) {
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}
