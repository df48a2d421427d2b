import { randomUUID } from 'node:crypto';
import type { ResolveContext } from '../cfn/intrinsics.ts';
import { resolveIntrinsics } from '../cfn/intrinsics.ts';
import { type CloudFormationTemplate, resourcesOfType } from '../cfn/template.ts';
import { compileEventPattern, type EventPatternMatcher } from './pattern.ts';

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
  /** Bus name; the app's custom bus when absent. */
  eventBusName?: string;
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

/** Delivers one event to one target; returns what the target started. */
export type Deliver<T> = (target: RuleTarget, event: unknown, rule: LocalRule) => T;

/**
 * EventBridge for the embedded runtime: the template's own rules (patterns and targets) route each
 * event, so a rule that is wrong in the app is wrong locally too.
 */
export class LocalEventBus<T> {
  readonly rules: LocalRule[];
  private readonly deliver: Deliver<T>;
  private readonly defaultBus: string;
  private readonly account: string;
  private readonly region: string;

  constructor(options: {
    rules: LocalRule[];
    deliver: Deliver<T>;
    defaultBus: string;
    account: string;
    region: string;
  }) {
    this.rules = options.rules;
    this.deliver = options.deliver;
    this.defaultBus = options.defaultBus;
    this.account = options.account;
    this.region = options.region;
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
      resources: [],
      detail: entry.detail,
    };
  }

  /** Routes one event: every matching rule of its bus delivers it to each of its targets. */
  put(entry: PutEventEntry, now: Date): { event: EventEnvelope; matchedRules: string[]; deliveries: T[] } {
    const event = this.envelope(entry, now);
    const busName = entry.eventBusName ?? this.defaultBus;
    const matchedRules: string[] = [];
    const deliveries: T[] = [];
    for (const rule of this.rules) {
      if (!sameBus(rule.eventBusName, busName) || !rule.matches(event)) continue;
      matchedRules.push(rule.logicalId);
      for (const target of rule.targets) {
        const input = target.input ?? (target.inputPath ? selectPath(event, target.inputPath) : event);
        deliveries.push(this.deliver(target, input, rule));
      }
    }
    return { event, matchedRules, deliveries };
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
