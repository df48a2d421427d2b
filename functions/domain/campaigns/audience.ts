/**
 * The audience language of `Campaign Scheduled` (docs/campaigns.md, docs/contracts.md "Audience"): a
 * condition tree evaluated on one customer at a run's start. Pure: the run's instant and everything
 * about the customer (profile, products, the messages they were sent) are arguments.
 *
 * A condition is one of
 * - `{ everyone: true }`;
 * - `{ all: [c…] }` (true when every one is; an empty `all` is true), `{ any: [c…] }` (true when one is;
 *   an empty `any` is false), `{ not: c }`;
 * - `{ attribute: NAME, OP: VALUE }` with exactly one operator of `in`, `equals`, `lt`, `lte`, `gt`,
 *   `gte` (numbers and dates), `exists`;
 * - `{ product: c }`: at least one product satisfies `c` (whose attributes are the product's);
 * - `{ received: { kind, withinDays } }`: a message of `kind` was *sent* in the `withinDays` days before
 *   the run.
 * An attribute without a value (a product without `bindingEndsOn`) makes every comparison on it false,
 * and `exists: false` true. Conditions nest at most 8 deep, 100 in all; {@link parseAudience} reports
 * every breach as a field error with its path (`audience.all[1].product.all[0].lte`).
 */

import {
  CONTRACT_KINDS,
  isCalendarDate,
  MARKETS,
  PAYMENT_METHODS,
  PRODUCT_KINDS,
  SEGMENTS,
} from '../contracts/common.ts';
import { MESSAGE_KINDS, type MessageKind } from '../contracts/messages.ts';
import type { FieldError } from '../errors.ts';
import { CHURN_RISKS, type ChurnRisk } from '../retention/risk.ts';

/** Deepest nesting of conditions (the root is depth 1). */
export const MAX_AUDIENCE_DEPTH = 8;
/** Most conditions one audience may have, counting every node. */
export const MAX_AUDIENCE_CONDITIONS = 100;
/** Most values of an `in` list. */
export const MAX_IN_VALUES = 100;
/** Longest `withinDays` of a `received` condition. */
export const MAX_RECEIVED_DAYS = 3660;

/** The operators of an attribute condition. */
export const OPERATORS = ['in', 'equals', 'lt', 'lte', 'gt', 'gte', 'exists'] as const;
/** An operator. */
export type Operator = (typeof OPERATORS)[number];
const ORDER_OPERATORS: readonly Operator[] = ['lt', 'lte', 'gt', 'gte'];

/** What an attribute holds: decides which operators and values it takes. */
type AttributeType =
  | { type: 'enum'; values: readonly string[] }
  | { type: 'text' }
  | { type: 'number' }
  | { type: 'date' }
  | { type: 'boolean' };

const LOCALE_PATTERN = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/**
 * The customer's attributes. (A function, not a constant: the contracts import this module while the
 * lists of values are still being defined.)
 */
export const customerAttributes = () =>
  ({
    market: { type: 'enum', values: MARKETS },
    segment: { type: 'enum', values: SEGMENTS },
    locale: { type: 'text' },
    preferredChannel: { type: 'enum', values: ['email', 'sms'] },
    paymentMethod: { type: 'enum', values: PAYMENT_METHODS },
    customerSince: { type: 'date' },
    tenureMonths: { type: 'number' },
    'consents.marketing': { type: 'boolean' },
    'consents.surveys': { type: 'boolean' },
    churnRisk: { type: 'enum', values: CHURN_RISKS },
  }) as const satisfies Record<string, AttributeType>;
/** A customer attribute. */
export type CustomerAttribute = keyof ReturnType<typeof customerAttributes>;

/** A product's attributes (inside `{ product: … }`). */
export const productAttributes = () =>
  ({
    kind: { type: 'enum', values: PRODUCT_KINDS },
    tariffId: { type: 'text' },
    contract: { type: 'enum', values: CONTRACT_KINDS },
    bindingEndsOn: { type: 'date' },
    bindingEndsWithinDays: { type: 'number' },
  }) as const satisfies Record<string, AttributeType>;
/** A product attribute. */
export type ProductAttribute = keyof ReturnType<typeof productAttributes>;

/** A value an operator compares with. */
export type Scalar = string | number | boolean;

/** An attribute condition: the attribute and exactly one operator. */
export interface AttributeCondition<A extends string = string> {
  attribute: A;
  op: Operator;
  /** An array for `in`, a boolean for `exists`, a scalar otherwise. */
  value: Scalar | readonly Scalar[];
}

/** A parsed condition (scope `customer`: every kind; scope `product`: no `product` or `received`). */
export type Condition =
  | { everyone: true }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { attribute: AttributeCondition }
  | { product: Condition }
  | { received: { kind: MessageKind; withinDays: number } };

/** A product as the audience sees it. */
export interface AudienceProduct {
  kind: string;
  tariffId: string;
  contract: string;
  bindingEndsOn?: string | null;
}

/** A customer as the audience sees it. */
export interface AudienceCustomer {
  market: string;
  segment: string;
  locale: string;
  preferredChannel: string;
  paymentMethod: string;
  customerSince: string;
  consents: { marketing: boolean; surveys: boolean };
  products: readonly AudienceProduct[];
  /** Derived by `churnRiskOf` (churn-risk.ts); `none` when nothing is known. */
  churnRisk?: ChurnRisk;
}

/** A message the customer was sent (the ledger's `sent` records). */
export interface ReceivedMessage {
  kind: string;
  sentAt: string;
}

/** Everything a condition is evaluated against. */
export interface AudienceContext {
  customer: AudienceCustomer;
  /** Messages sent to the customer (at least those of the last {@link MAX_RECEIVED_DAYS} days). */
  received: readonly ReceivedMessage[];
  /** The run's instant. */
  runAt: Date;
  /** The run's date (`YYYY-MM-DD`, on the customer's clock): `tenureMonths` and `bindingEndsWithinDays` count from it. */
  runDate: string;
}

// ---------------------------------------------------------------------------------------------------
// Parsing

/** The outcome of {@link parseAudience}. */
export type ParseResult = { ok: true; value: Condition } | { ok: false; errors: FieldError[] };

const MAX_ERRORS = 50;

/**
 * Checks an audience as written in `Campaign Scheduled` and turns it into a {@link Condition}. Every
 * unknown key, attribute, operator or kind, every value of the wrong type, and a tree deeper than 8 or
 * larger than 100 conditions is a field error under `path`.
 */
export function parseAudience(input: unknown, path = 'audience'): ParseResult {
  const errors: FieldError[] = [];
  const state = { count: 0, errors };
  const value = parseCondition(input, path, 1, 'customer', state);
  if (state.count > MAX_AUDIENCE_CONDITIONS) {
    errors.unshift({
      path,
      message: `must have at most ${MAX_AUDIENCE_CONDITIONS} conditions in all, got ${state.count}`,
    });
  }
  if (errors.length > 0 || value === undefined) {
    return { ok: false, errors: errors.slice(0, MAX_ERRORS) };
  }
  return { ok: true, value };
}

interface ParseState {
  count: number;
  errors: FieldError[];
}

type Scope = 'customer' | 'product';

const CONDITION_KEYS = ['everyone', 'all', 'any', 'not', 'attribute', 'product', 'received'] as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function parseCondition(
  input: unknown,
  path: string,
  depth: number,
  scope: Scope,
  state: ParseState,
): Condition | undefined {
  state.count++;
  const fail = (message: string, at = path): undefined => {
    if (state.errors.length < MAX_ERRORS) state.errors.push({ path: at, message });
    return undefined;
  };
  if (state.count > MAX_AUDIENCE_CONDITIONS) return undefined;
  if (depth > MAX_AUDIENCE_DEPTH) {
    return fail(`nests conditions deeper than ${MAX_AUDIENCE_DEPTH} levels`);
  }
  if (!isObject(input)) return fail(`must be a condition object, got ${describe(input)}`);
  const keys = Object.keys(input);
  const kind = CONDITION_KEYS.find((key) => key in input);
  if (kind === undefined) {
    return fail(
      `must be one of { everyone }, { all }, { any }, { not }, { attribute, <operator> }, { product }, { received }; got keys ${keys.slice(0, 5).join(', ') || 'none'}`,
    );
  }
  switch (kind) {
    case 'everyone': {
      const extra = keys.filter((key) => key !== 'everyone');
      if (extra.length > 0)
        return fail(`has an unknown key "${extra[0]}" next to everyone`, `${path}.${extra[0]}`);
      if (input.everyone !== true)
        return fail(`must be true, got ${describe(input.everyone)}`, `${path}.everyone`);
      return { everyone: true };
    }
    case 'all':
    case 'any': {
      const extra = keys.filter((key) => key !== kind);
      if (extra.length > 0)
        return fail(`has an unknown key "${extra[0]}" next to ${kind}`, `${path}.${extra[0]}`);
      const list = input[kind];
      if (!Array.isArray(list))
        return fail(`must be an array of conditions, got ${describe(list)}`, `${path}.${kind}`);
      if (list.length > MAX_AUDIENCE_CONDITIONS) {
        return fail(
          `must have at most ${MAX_AUDIENCE_CONDITIONS} conditions, got ${list.length}`,
          `${path}.${kind}`,
        );
      }
      const parsed = list.map((item, index) =>
        parseCondition(item, `${path}.${kind}[${index}]`, depth + 1, scope, state),
      );
      if (parsed.some((item) => item === undefined)) return undefined;
      return kind === 'all' ? { all: parsed as Condition[] } : { any: parsed as Condition[] };
    }
    case 'not': {
      const extra = keys.filter((key) => key !== 'not');
      if (extra.length > 0)
        return fail(`has an unknown key "${extra[0]}" next to not`, `${path}.${extra[0]}`);
      const inner = parseCondition(input.not, `${path}.not`, depth + 1, scope, state);
      return inner === undefined ? undefined : { not: inner };
    }
    case 'product': {
      if (scope === 'product')
        return fail('a product condition cannot hold another product condition', `${path}.product`);
      const extra = keys.filter((key) => key !== 'product');
      if (extra.length > 0)
        return fail(`has an unknown key "${extra[0]}" next to product`, `${path}.${extra[0]}`);
      const inner = parseCondition(input.product, `${path}.product`, depth + 1, 'product', state);
      return inner === undefined ? undefined : { product: inner };
    }
    case 'received': {
      if (scope === 'product')
        return fail('a product condition cannot hold a received condition', `${path}.received`);
      const extra = keys.filter((key) => key !== 'received');
      if (extra.length > 0)
        return fail(`has an unknown key "${extra[0]}" next to received`, `${path}.${extra[0]}`);
      return parseReceived(input.received, `${path}.received`, state);
    }
    case 'attribute':
      return parseAttribute(input, path, scope, state);
  }
}

function parseReceived(input: unknown, path: string, state: ParseState): Condition | undefined {
  const before = state.errors.length;
  const push = (error: FieldError) => {
    if (state.errors.length < MAX_ERRORS) state.errors.push(error);
  };
  if (!isObject(input)) {
    push({ path, message: `must be { kind, withinDays }, got ${describe(input)}` });
    return undefined;
  }
  for (const key of Object.keys(input)) {
    if (key !== 'kind' && key !== 'withinDays')
      push({ path: `${path}.${key}`, message: `is not a field of received (kind, withinDays)` });
  }
  const { kind, withinDays } = input;
  if (!(MESSAGE_KINDS as readonly unknown[]).includes(kind)) {
    push({
      path: `${path}.kind`,
      message: `must be a message kind (${MESSAGE_KINDS.join(', ')}), got ${describe(kind)}`,
    });
  }
  if (
    typeof withinDays !== 'number' ||
    !Number.isInteger(withinDays) ||
    withinDays < 1 ||
    withinDays > MAX_RECEIVED_DAYS
  ) {
    push({
      path: `${path}.withinDays`,
      message: `must be a whole number of days from 1 to ${MAX_RECEIVED_DAYS}, got ${describe(withinDays)}`,
    });
  }
  if (state.errors.length > before) return undefined;
  return { received: { kind: kind as MessageKind, withinDays: withinDays as number } };
}

function parseAttribute(
  input: Record<string, unknown>,
  path: string,
  scope: Scope,
  state: ParseState,
): Condition | undefined {
  const before = state.errors.length;
  const push = (error: FieldError) => {
    if (state.errors.length < MAX_ERRORS) state.errors.push(error);
  };
  const table: Record<string, AttributeType> =
    scope === 'customer' ? customerAttributes() : productAttributes();
  const name = input.attribute;
  const type = typeof name === 'string' && Object.hasOwn(table, name) ? table[name] : undefined;
  if (type === undefined) {
    push({
      path: `${path}.attribute`,
      message: `must be a ${scope} attribute (${Object.keys(table).join(', ')}), got ${describe(name)}`,
    });
  }
  const operatorKeys = Object.keys(input).filter((key) => key !== 'attribute');
  const unknown = operatorKeys.filter((key) => !(OPERATORS as readonly string[]).includes(key));
  for (const key of unknown) {
    push({ path: `${path}.${key}`, message: `is not an operator (${OPERATORS.join(', ')})` });
  }
  const ops = operatorKeys.filter((key): key is Operator => (OPERATORS as readonly string[]).includes(key));
  if (ops.length !== 1) {
    if (unknown.length === 0) {
      push({
        path,
        message: `must have exactly one operator (${OPERATORS.join(', ')}), got ${ops.length === 0 ? 'none' : ops.join(', ')}`,
      });
    }
    return undefined;
  }
  const op = ops[0] as Operator;
  const value = input[op];
  if (type !== undefined) checkOperand(type, String(name), op, value, `${path}.${op}`, push);
  if (state.errors.length > before) return undefined;
  return { attribute: { attribute: String(name), op, value: value as Scalar | Scalar[] } };
}

function checkOperand(
  type: AttributeType,
  name: string,
  op: Operator,
  value: unknown,
  path: string,
  push: (error: FieldError) => void,
): void {
  if (op === 'exists') {
    if (typeof value !== 'boolean') push({ path, message: `must be true or false, got ${describe(value)}` });
    return;
  }
  if (ORDER_OPERATORS.includes(op)) {
    if (type.type === 'number') {
      if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > 1e6) {
        push({ path, message: `must be a number (|x| ≤ 1,000,000) for ${name}, got ${describe(value)}` });
      }
    } else if (type.type === 'date') {
      if (typeof value !== 'string' || value.length !== 10 || !isCalendarDate(value)) {
        push({ path, message: `must be a date as YYYY-MM-DD for ${name}, got ${describe(value)}` });
      }
    } else {
      push({
        path,
        message: `${op} compares numbers and dates; ${name} is ${type.type === 'enum' ? 'one of a list' : `a ${type.type}`}`,
      });
    }
    return;
  }
  if (op === 'in') {
    if (!Array.isArray(value) || value.length === 0 || value.length > MAX_IN_VALUES) {
      push({ path, message: `must be an array of 1 to ${MAX_IN_VALUES} values, got ${describe(value)}` });
      return;
    }
    for (const [index, item] of value.entries()) checkScalar(type, name, item, `${path}[${index}]`, push);
    return;
  }
  checkScalar(type, name, value, path, push);
}

function checkScalar(
  type: AttributeType,
  name: string,
  value: unknown,
  path: string,
  push: (error: FieldError) => void,
): void {
  switch (type.type) {
    case 'enum':
      if (typeof value !== 'string' || !type.values.includes(value)) {
        push({
          path,
          message: `must be one of ${type.values.join(', ')} for ${name}, got ${describe(value)}`,
        });
      }
      return;
    case 'text':
      if (typeof value !== 'string' || value.length === 0 || value.length > 128) {
        push({ path, message: `must be a text of 1 to 128 characters for ${name}, got ${describe(value)}` });
      } else if (name === 'locale' && !LOCALE_PATTERN.test(value)) {
        push({ path, message: `must be a language tag such as "nb-NO", got ${describe(value)}` });
      }
      return;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > 1e6) {
        push({ path, message: `must be a number (|x| ≤ 1,000,000) for ${name}, got ${describe(value)}` });
      }
      return;
    case 'date':
      if (typeof value !== 'string' || value.length !== 10 || !isCalendarDate(value)) {
        push({ path, message: `must be a date as YYYY-MM-DD for ${name}, got ${describe(value)}` });
      }
      return;
    case 'boolean':
      if (typeof value !== 'boolean')
        push({ path, message: `must be true or false for ${name}, got ${describe(value)}` });
      return;
  }
}

// ---------------------------------------------------------------------------------------------------
// Evaluation

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whether the customer of `context` matches `condition`. */
export function matches(condition: Condition, context: AudienceContext): boolean {
  if ('everyone' in condition) return true;
  if ('all' in condition) return condition.all.every((inner) => matches(inner, context));
  if ('any' in condition) return condition.any.some((inner) => matches(inner, context));
  if ('not' in condition) return !matches(condition.not, context);
  if ('product' in condition) {
    return context.customer.products.some((product) =>
      matchesProduct(condition.product, product, context.runDate),
    );
  }
  if ('received' in condition) {
    const since = context.runAt.getTime() - condition.received.withinDays * DAY_MS;
    const until = context.runAt.getTime();
    return context.received.some((message) => {
      const at = Date.parse(message.sentAt);
      return message.kind === condition.received.kind && at >= since && at <= until;
    });
  }
  return compare(condition.attribute, customerValue(condition.attribute.attribute, context));
}

function matchesProduct(condition: Condition, product: AudienceProduct, runDate: string): boolean {
  if ('everyone' in condition) return true;
  if ('all' in condition) return condition.all.every((inner) => matchesProduct(inner, product, runDate));
  if ('any' in condition) return condition.any.some((inner) => matchesProduct(inner, product, runDate));
  if ('not' in condition) return !matchesProduct(condition.not, product, runDate);
  if ('attribute' in condition)
    return compare(condition.attribute, productValue(condition.attribute.attribute, product, runDate));
  // parseAudience never puts product or received inside a product condition.
  return false;
}

type Value = Scalar | undefined;

function customerValue(attribute: string, context: AudienceContext): Value {
  const { customer } = context;
  switch (attribute as CustomerAttribute) {
    case 'market':
      return customer.market;
    case 'segment':
      return customer.segment;
    case 'locale':
      return customer.locale;
    case 'preferredChannel':
      return customer.preferredChannel;
    case 'paymentMethod':
      return customer.paymentMethod;
    case 'customerSince':
      return customer.customerSince;
    case 'tenureMonths':
      return tenureMonths(customer.customerSince, context.runDate);
    case 'consents.marketing':
      return customer.consents.marketing;
    case 'consents.surveys':
      return customer.consents.surveys;
    case 'churnRisk':
      return customer.churnRisk ?? 'none';
    default:
      return undefined;
  }
}

function productValue(attribute: string, product: AudienceProduct, runDate: string): Value {
  switch (attribute as ProductAttribute) {
    case 'kind':
      return product.kind;
    case 'tariffId':
      return product.tariffId;
    case 'contract':
      return product.contract;
    case 'bindingEndsOn':
      return product.bindingEndsOn ?? undefined;
    case 'bindingEndsWithinDays':
      return product.bindingEndsOn ? daysBetween(runDate, product.bindingEndsOn) : undefined;
    default:
      return undefined;
  }
}

function compare(condition: AttributeCondition, actual: Value): boolean {
  const { op, value } = condition;
  if (op === 'exists') return (actual !== undefined) === value;
  if (actual === undefined) return false;
  switch (op) {
    case 'in':
      return (value as readonly Scalar[]).includes(actual);
    case 'equals':
      return actual === value;
    default: {
      if (typeof actual !== typeof value || typeof actual === 'boolean') return false;
      const a = actual as number | string;
      const b = value as number | string;
      if (op === 'lt') return a < b;
      if (op === 'lte') return a <= b;
      if (op === 'gt') return a > b;
      return a >= b;
    }
  }
}

/** Whole months from `since` to `date` (both `YYYY-MM-DD`): 2026-03-15 → 2027-03-14 is 11. */
export function tenureMonths(since: string, date: string): number {
  const [sy, sm, sd] = since.split('-').map(Number) as [number, number, number];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  let months = (y - sy) * 12 + (m - sm);
  if (d < sd) months -= 1;
  return Math.max(0, months);
}

/** Days from `from` to `to` (both `YYYY-MM-DD`), negative when `to` is before `from`. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The calendar date of `at` in `timeZone` (`YYYY-MM-DD`). */
export function dateIn(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
