import type { ResolveContext } from '../cfn/intrinsics.ts';
import { resolveIntrinsics } from '../cfn/intrinsics.ts';
import { LOCAL_ACCOUNT } from '../cfn/physical-names.ts';
import { type CloudFormationTemplate, resourcesOfType } from '../cfn/template.ts';
import type { EntryRefusal } from './put-events.ts';

/**
 * Event bus resource policies for the embedded runtime: the `Deny` statements of the template's
 * `AWS::Events::EventBusPolicy` resources, applied to `PutEvents` from outside the app (scenario events:
 * other systems' roles). The app's own functions and workflows are never refused here, as their roles are
 * what such a policy spares; `Allow` statements grant other accounts what the runtime has none of, so they
 * change nothing locally.
 *
 * Supported in a `Deny` statement's `Condition`: the operators `StringEquals`, `StringNotEquals`,
 * `StringLike`, `StringNotLike`, `ArnEquals`, `ArnNotEquals`, `ArnLike`, `ArnNotLike`, on the keys
 * `events:source`, `events:detail-type` and `aws:PrincipalArn`. Anything else fails the start, rather
 * than be judged differently from AWS.
 */

/** A bus policy the runtime cannot apply as EventBridge would. */
export class UnsupportedBusPolicyError extends Error {
  override readonly name = 'UnsupportedBusPolicyError';
}

/** The role other systems' entries are put with locally: none of the app's own. */
export const OUTSIDE_PRINCIPAL_ARN = `arn:aws:iam::${LOCAL_ACCOUNT}:role/another-system`;

/** What a condition is tested against: the entry and who puts it. */
interface PutContext {
  'events:source': string;
  'events:detail-type': string;
  'aws:principalarn': string;
}
type ConditionKey = keyof PutContext;
const KEYS: readonly string[] = ['events:source', 'events:detail-type', 'aws:principalarn'];

const OPERATORS = {
  StringEquals: { like: false, negated: false },
  StringNotEquals: { like: false, negated: true },
  StringLike: { like: true, negated: false },
  StringNotLike: { like: true, negated: true },
  ArnEquals: { like: false, negated: false },
  ArnNotEquals: { like: false, negated: true },
  ArnLike: { like: true, negated: false },
  ArnNotLike: { like: true, negated: true },
} as const;

interface Condition {
  key: ConditionKey;
  holds: (value: string) => boolean;
}

/** One `Deny` statement on `PutEvents` for every principal. */
interface DenyStatement {
  sid: string;
  conditions: Condition[];
}

/** The deny statements of each bus, by bus name. */
export class BusPolicies {
  private readonly byBus: Map<string, DenyStatement[]>;

  constructor(byBus: Map<string, DenyStatement[]> = new Map()) {
    this.byBus = byBus;
  }

  /** Reads every `AWS::Events::EventBusPolicy` of the template. */
  static fromTemplate(template: CloudFormationTemplate, names: ResolveContext): BusPolicies {
    const byBus = new Map<string, DenyStatement[]>();
    for (const [logicalId, resource] of resourcesOfType(template, 'AWS::Events::EventBusPolicy')) {
      const props = resolveIntrinsics(resource.Properties ?? {}, names, {
        path: `Resources.${logicalId}.Properties`,
      }) as { EventBusName?: unknown; StatementId?: unknown; Statement?: unknown };
      // The older form (Action, Principal, Condition) only ever allows another account: nothing to refuse.
      if (props.Statement === undefined) continue;
      const statement = denyStatement(props.Statement, String(props.StatementId ?? logicalId), logicalId);
      if (!statement) continue;
      const bus = busName(props.EventBusName);
      byBus.set(bus, [...(byBus.get(bus) ?? []), statement]);
    }
    return new BusPolicies(byBus);
  }

  /** What EventBridge answers an entry the bus's policy denies to `principalArn`, or `undefined`. */
  refusal(
    bus: string,
    entry: { source: string; detailType: string },
    principalArn: string,
    size: number,
  ): EntryRefusal | undefined {
    const context: PutContext = {
      'events:source': entry.source,
      'events:detail-type': entry.detailType,
      'aws:principalarn': principalArn,
    };
    for (const statement of this.byBus.get(bus) ?? []) {
      if (!statement.conditions.every((condition) => condition.holds(context[condition.key]))) continue;
      const keys = new Set(statement.conditions.map((condition) => condition.key));
      const [code, what, field] = keys.has('events:detail-type')
        ? (['NotAuthorizedForDetailTypeException', 'the detail type', 'detail-type'] as const)
        : keys.has('events:source')
          ? (['NotAuthorizedForSourceException', 'the source', 'source'] as const)
          : (['AccessDeniedException', 'this event bus', 'entry'] as const);
      return {
        code,
        message: `Not authorized for ${what}: statement ${statement.sid} of the event bus policy denies it.`,
        field,
        size,
      };
    }
    return undefined;
  }
}

function busName(value: unknown): string {
  if (value === undefined) return 'default';
  const text = String(value);
  const at = text.indexOf(':event-bus/');
  return text.startsWith('arn:') && at !== -1 ? text.slice(at + ':event-bus/'.length) : text;
}

/** The statement, when it denies `PutEvents` to every principal; `undefined` when it allows or is about something else. */
function denyStatement(raw: unknown, sid: string, where: string): DenyStatement | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new UnsupportedBusPolicyError(`${where}: Statement must be one statement object`);
  }
  const statement = raw as Record<string, unknown>;
  if (statement.Effect !== 'Deny') return undefined;
  const actions = [statement.Action ?? []].flat().map(String);
  if (!actions.some((action) => ['events:PutEvents', 'events:*', '*'].includes(action))) return undefined;
  if (statement.NotPrincipal !== undefined || statement.NotAction !== undefined) {
    throw new UnsupportedBusPolicyError(`${where}: NotPrincipal and NotAction are not supported locally`);
  }
  const principal = statement.Principal;
  const everyone =
    principal === '*' ||
    (typeof principal === 'object' && principal !== null && (principal as { AWS?: unknown }).AWS === '*');
  // A deny for named principals spares other systems' roles, which are not those.
  if (!everyone) return undefined;
  return {
    sid: typeof statement.Sid === 'string' ? statement.Sid : sid,
    conditions: conditionsOf(statement.Condition, where),
  };
}

function conditionsOf(raw: unknown, where: string): Condition[] {
  if (raw === undefined) return [];
  if (typeof raw !== 'object' || raw === null) {
    throw new UnsupportedBusPolicyError(`${where}: Condition must be an object`);
  }
  const conditions: Condition[] = [];
  for (const [operator, keys] of Object.entries(raw as Record<string, unknown>)) {
    const semantics = OPERATORS[operator as keyof typeof OPERATORS];
    if (!semantics) {
      throw new UnsupportedBusPolicyError(
        `${where}: condition operator ${operator} is not supported locally`,
      );
    }
    for (const [key, values] of Object.entries((keys ?? {}) as Record<string, unknown>)) {
      const lowered = key.toLowerCase();
      if (!KEYS.includes(lowered)) {
        throw new UnsupportedBusPolicyError(`${where}: condition key ${key} is not supported locally`);
      }
      const patterns = [values].flat().map(String);
      const matches = (value: string) =>
        patterns.some((pattern) => (semantics.like ? globMatches(pattern, value) : pattern === value));
      conditions.push({
        key: lowered as ConditionKey,
        holds: (value) => (semantics.negated ? !matches(value) : matches(value)),
      });
    }
  }
  return conditions;
}

/** IAM's `*` (any run of characters) and `?` (any one character). */
function globMatches(pattern: string, value: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${regex}$`, 's').test(value);
}
