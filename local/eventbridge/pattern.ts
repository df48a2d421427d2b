/**
 * EventBridge event pattern matching for the embedded runtime, following the content-filtering rules
 * AWS documents for event buses (and implements in aws/event-ruler):
 *
 * - the fields of a pattern object are ANDed; nested pattern objects recurse into the event;
 * - a field's value is an array of match conditions, ORed; an empty array never matches;
 * - when the event value is an array, the field matches if any element matches; when a nested pattern
 *   meets an array of objects, all of its fields must match within the same element;
 * - exact values are strings, numbers (compared numerically), booleans and null, and never match
 *   across types (`"5"` does not match `5`);
 * - operators: `prefix`, `suffix`, `equals-ignore-case`, `wildcard`, `anything-but`, `numeric`,
 *   `exists`, `cidr`, and `$or` (an array of at least two sub-patterns);
 * - `exists` looks at leaf values only: a field holding an object or an empty array does not exist.
 *
 * Patterns are compiled once ({@link compileEventPattern}); a malformed or unsupported pattern throws
 * {@link UnsupportedPatternError} at compile time, never while matching.
 */
import { BlockList, isIP } from 'node:net';

/** A pattern uses an operator the embedded runtime does not support, or uses one in a malformed way. */
export class UnsupportedPatternError extends Error {
  override readonly name = 'UnsupportedPatternError';
  /** Where in the pattern the problem is, e.g. `$.detail.state[0]["anything-but"]`. */
  readonly path: string;

  constructor(path: string, problem: string, options?: ErrorOptions) {
    super(`Unsupported event pattern at ${path}: ${problem}`, options);
    this.path = path;
  }
}

/** A compiled event pattern: tells whether an event matches. */
export type EventPatternMatcher = (event: unknown) => boolean;

/**
 * Compiles an EventBridge event pattern into a matcher. Throws {@link UnsupportedPatternError} for a
 * malformed pattern or an operator it does not support.
 */
export function compileEventPattern(pattern: unknown): EventPatternMatcher {
  if (!isPlainObject(pattern)) {
    throw new UnsupportedPatternError('$', `a pattern must be a JSON object, got ${describe(pattern)}`);
  }
  const matchRoot = compileObject(pattern, '$');
  // Events are always JSON objects; anything else cannot match a pattern.
  return (event) => isPlainObject(event) && matchRoot(event);
}

/**
 * Throws {@link UnsupportedPatternError}, naming the operator and its path, if `pattern` is malformed or
 * uses an operator the embedded runtime does not support. The runtime calls it once per rule at startup.
 */
export function assertSupportedPattern(pattern: unknown): void {
  compileEventPattern(pattern);
}

/**
 * Whether `event` matches the EventBridge event `pattern`. Throws {@link UnsupportedPatternError} for a
 * malformed pattern. To match many events against one pattern, compile it once with
 * {@link compileEventPattern}.
 */
export function matchesEventPattern(pattern: unknown, event: unknown): boolean {
  return compileEventPattern(pattern)(event);
}

type JsonObject = Record<string, unknown>;

/** Matches one node of the event (an object, or anything else where the pattern expects an object). */
type NodeMatcher = (node: unknown) => boolean;

/** Tests one leaf value of the event (string, number, boolean or null). */
type LeafTest = (leaf: unknown) => boolean;

type Condition = { kind: 'exists'; present: boolean } | { kind: 'leaf'; test: LeafTest };

const NUMERIC_OPERATORS = new Set(['<', '<=', '=', '>', '>=']);

function compileObject(pattern: JsonObject, path: string): NodeMatcher {
  const clauses: NodeMatcher[] = [];
  for (const [key, value] of Object.entries(pattern)) {
    const fieldPath = childPath(path, key);
    if (key === '$or') {
      clauses.push(compileOr(value, fieldPath));
    } else if (Array.isArray(value)) {
      const matchField = compileConditions(value, fieldPath);
      clauses.push((node) => matchField(fieldOf(node, key)));
    } else if (isPlainObject(value)) {
      const matchNested = compileObject(value, fieldPath);
      clauses.push((node) => matchNestedField(matchNested, fieldOf(node, key)));
    } else {
      throw new UnsupportedPatternError(
        fieldPath,
        `a field must hold an array of match conditions or a nested pattern object, got ${describe(value)}`,
      );
    }
  }
  return (node) => clauses.every((clause) => clause(node));
}

function compileOr(value: unknown, path: string): NodeMatcher {
  if (!Array.isArray(value) || value.length < 2 || !value.every(isPlainObject)) {
    throw new UnsupportedPatternError(path, 'operator "$or" needs an array of at least two pattern objects');
  }
  const alternatives = value.map((alternative, index) => compileObject(alternative, `${path}[${index}]`));
  return (node) => alternatives.some((alternative) => alternative(node));
}

/** A nested pattern meeting an array of objects must match within one element (array consistency). */
function matchNestedField(matchNested: NodeMatcher, value: unknown): boolean {
  if (!Array.isArray(value)) return matchNested(value);
  const objects = flatten(value).filter(isPlainObject);
  if (objects.length === 0) return matchNested(undefined);
  return objects.some(matchNested);
}

function compileConditions(conditions: unknown[], path: string): (value: unknown) => boolean {
  const compiled = conditions.map((condition, index) => compileCondition(condition, `${path}[${index}]`));
  return (value) => {
    if (value === undefined) {
      return compiled.some((condition) => condition.kind === 'exists' && !condition.present);
    }
    const leaves = leafValues(value);
    return compiled.some((condition) =>
      condition.kind === 'exists' ? leaves.length > 0 === condition.present : leaves.some(condition.test),
    );
  };
}

function compileCondition(condition: unknown, path: string): Condition {
  if (isExactValue(condition)) return { kind: 'leaf', test: exactTest([condition]) };
  if (!isPlainObject(condition)) {
    throw new UnsupportedPatternError(
      path,
      `a match condition must be a string, a number, a boolean, null or an operator object, got ${describe(condition)}`,
    );
  }
  const [operator, operand] = singleEntry(condition, path, 'a match condition');
  const operatorPath = childPath(path, operator);
  switch (operator) {
    case 'prefix':
      return { kind: 'leaf', test: compileAffix(operand, operatorPath, 'prefix') };
    case 'suffix':
      return { kind: 'leaf', test: compileAffix(operand, operatorPath, 'suffix') };
    case 'equals-ignore-case':
      return { kind: 'leaf', test: equalsIgnoreCaseTest([requireString(operand, operatorPath, operator)]) };
    case 'wildcard':
      return {
        kind: 'leaf',
        test: wildcardTest([requireString(operand, operatorPath, operator)], operatorPath),
      };
    case 'anything-but':
      return { kind: 'leaf', test: compileAnythingBut(operand, operatorPath) };
    case 'numeric':
      return { kind: 'leaf', test: compileNumeric(operand, operatorPath) };
    case 'cidr':
      return { kind: 'leaf', test: compileCidr(operand, operatorPath) };
    case 'exists':
      if (typeof operand !== 'boolean') {
        throw new UnsupportedPatternError(
          operatorPath,
          `operator "exists" needs true or false, got ${describe(operand)}`,
        );
      }
      return { kind: 'exists', present: operand };
    default:
      throw new UnsupportedPatternError(path, `unknown operator "${operator}"`);
  }
}

/** `prefix` / `suffix`: a string, or `{ "equals-ignore-case": string }`. */
function compileAffix(operand: unknown, path: string, operator: 'prefix' | 'suffix'): LeafTest {
  if (typeof operand === 'string') {
    return operator === 'prefix' ? prefixTest([operand]) : suffixTest([operand]);
  }
  if (isPlainObject(operand)) {
    const [modifier, value] = singleEntry(operand, path, `operator "${operator}"`);
    if (modifier === 'equals-ignore-case') {
      const affix = foldCase(
        requireString(value, childPath(path, modifier), `${operator} equals-ignore-case`),
      );
      return operator === 'prefix'
        ? (leaf) => typeof leaf === 'string' && foldCase(leaf).startsWith(affix)
        : (leaf) => typeof leaf === 'string' && foldCase(leaf).endsWith(affix);
    }
    throw new UnsupportedPatternError(path, `unknown modifier "${modifier}" for operator "${operator}"`);
  }
  throw new UnsupportedPatternError(
    path,
    `operator "${operator}" needs a string or { "equals-ignore-case": string }, got ${describe(operand)}`,
  );
}

/**
 * `anything-but`: a string or number, a list of only strings or only numbers, or one of `prefix`,
 * `suffix`, `equals-ignore-case`, `wildcard` (each a string or a list of strings). Matches any present
 * leaf value the inner condition does not match, including values of another type.
 */
function compileAnythingBut(operand: unknown, path: string): LeafTest {
  if (typeof operand === 'string' || isFiniteNumber(operand)) return negate(exactTest([operand]));
  if (Array.isArray(operand)) {
    const onlyStrings = operand.every((item) => typeof item === 'string');
    const onlyNumbers = operand.every(isFiniteNumber);
    if (operand.length === 0 || !(onlyStrings || onlyNumbers)) {
      throw new UnsupportedPatternError(
        path,
        'operator "anything-but" needs a non-empty list of only strings or only numbers',
      );
    }
    return negate(exactTest(operand));
  }
  if (isPlainObject(operand)) {
    const [modifier, value] = singleEntry(operand, path, 'operator "anything-but"');
    const modifierPath = childPath(path, modifier);
    const label = `anything-but ${modifier}`;
    switch (modifier) {
      case 'prefix':
        return negate(prefixTest(requireStrings(value, modifierPath, label)));
      case 'suffix':
        return negate(suffixTest(requireStrings(value, modifierPath, label)));
      case 'equals-ignore-case':
        return negate(equalsIgnoreCaseTest(requireStrings(value, modifierPath, label)));
      case 'wildcard':
        return negate(wildcardTest(requireStrings(value, modifierPath, label), modifierPath));
      default:
        throw new UnsupportedPatternError(path, `unknown modifier "${modifier}" for operator "anything-but"`);
    }
  }
  throw new UnsupportedPatternError(
    path,
    `operator "anything-but" needs a string, a number, a list or a modifier object, got ${describe(operand)}`,
  );
}

/** `numeric`: `["=", n]`, one bound (`["<", n]`), or a lower then an upper bound (`[">", a, "<=", b]`). */
function compileNumeric(operand: unknown, path: string): LeafTest {
  const malformed = (problem: string) =>
    new UnsupportedPatternError(path, `operator "numeric" ${problem}, got ${describe(operand)}`);
  if (!Array.isArray(operand) || (operand.length !== 2 && operand.length !== 4)) {
    throw malformed('needs [operator, number] or [lower operator, number, upper operator, number]');
  }
  const comparisons: Array<{ operator: string; bound: number }> = [];
  for (let index = 0; index < operand.length; index += 2) {
    const operator = operand[index];
    const bound = operand[index + 1];
    if (typeof operator !== 'string' || !NUMERIC_OPERATORS.has(operator)) {
      throw malformed(`has unknown comparison ${describe(operator)} (use <, <=, =, >, >=)`);
    }
    if (!isFiniteNumber(bound)) throw malformed(`compares with ${describe(bound)}, which is not a number`);
    comparisons.push({ operator, bound });
  }
  const [lower, upper] = comparisons;
  if (lower !== undefined && upper !== undefined) {
    const isLower = lower.operator === '>' || lower.operator === '>=';
    const isUpper = upper.operator === '<' || upper.operator === '<=';
    if (!isLower || !isUpper)
      throw malformed('with two comparisons needs a lower bound (> or >=) then an upper bound (< or <=)');
    if (lower.bound >= upper.bound) throw malformed('needs its lower bound to be below its upper bound');
  }
  return (leaf) =>
    isFiniteNumber(leaf) && comparisons.every(({ operator, bound }) => compare(leaf, operator, bound));
}

function compare(value: number, operator: string, bound: number): boolean {
  switch (operator) {
    case '<':
      return value < bound;
    case '<=':
      return value <= bound;
    case '=':
      return value === bound;
    case '>':
      return value > bound;
    default:
      return value >= bound;
  }
}

/** `cidr`: an IPv4 or IPv6 block such as `10.0.0.0/24`; matches string IP addresses of the same family. */
function compileCidr(operand: unknown, path: string): LeafTest {
  const block = typeof operand === 'string' ? /^([^/]+)\/(\d{1,3})$/.exec(operand) : null;
  const address = block?.[1] ?? '';
  const prefixLength = Number(block?.[2]);
  const family = isIP(address);
  if (family === 0 || prefixLength > (family === 4 ? 32 : 128)) {
    throw new UnsupportedPatternError(
      path,
      `operator "cidr" needs an IPv4 or IPv6 block such as "10.0.0.0/24", got ${describe(operand)}`,
    );
  }
  const type = family === 4 ? 'ipv4' : 'ipv6';
  const subnet = new BlockList();
  subnet.addSubnet(address, prefixLength, type);
  return (leaf) => typeof leaf === 'string' && isIP(leaf) === family && subnet.check(leaf, type);
}

function exactTest(values: readonly unknown[]): LeafTest {
  // Numbers compare by value (5 and 5.0 are the same JSON number); no type coercion, as on EventBridge.
  return (leaf) => values.some((value) => value === leaf);
}

function prefixTest(prefixes: readonly string[]): LeafTest {
  return (leaf) => typeof leaf === 'string' && prefixes.some((prefix) => leaf.startsWith(prefix));
}

function suffixTest(suffixes: readonly string[]): LeafTest {
  return (leaf) => typeof leaf === 'string' && suffixes.some((suffix) => leaf.endsWith(suffix));
}

function equalsIgnoreCaseTest(values: readonly string[]): LeafTest {
  const folded = new Set(values.map(foldCase));
  return (leaf) => typeof leaf === 'string' && folded.has(foldCase(leaf));
}

function wildcardTest(patterns: readonly string[], path: string): LeafTest {
  const expressions = patterns.map((pattern) => wildcardToRegExp(pattern, path));
  return (leaf) => typeof leaf === 'string' && expressions.some((expression) => expression.test(leaf));
}

/**
 * `*` matches any run of characters; `\*` is a literal asterisk and `\\` a literal backslash. Consecutive
 * wildcards and any other backslash escape are rejected, as EventBridge does.
 */
function wildcardToRegExp(pattern: string, path: string): RegExp {
  let source = '';
  let previousWasWildcard = false;
  for (let index = 0; index < pattern.length; index++) {
    const character = pattern[index] ?? '';
    if (character === '*') {
      if (previousWasWildcard) {
        throw new UnsupportedPatternError(path, `wildcard "${pattern}" has consecutive wildcard characters`);
      }
      source += '[\\s\\S]*';
      previousWasWildcard = true;
      continue;
    }
    previousWasWildcard = false;
    if (character === '\\') {
      const escaped = pattern[index + 1];
      if (escaped !== '*' && escaped !== '\\') {
        throw new UnsupportedPatternError(
          path,
          `wildcard "${pattern}" escapes something other than * or \\ at position ${index}`,
        );
      }
      source += `\\${escaped}`;
      index++;
      continue;
    }
    source += escapeRegExp(character);
  }
  return new RegExp(`^${source}$`, 'u');
}

function escapeRegExp(character: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(character) ? `\\${character}` : character;
}

function negate(test: LeafTest): LeafTest {
  return (leaf) => !test(leaf);
}

function foldCase(value: string): string {
  return value.toLowerCase();
}

/** The leaf values of an event field: arrays are flattened, objects are not leaves. */
function leafValues(value: unknown): unknown[] {
  if (Array.isArray(value)) return flatten(value).filter((item) => !isPlainObject(item));
  return isPlainObject(value) ? [] : [value];
}

function flatten(values: readonly unknown[]): unknown[] {
  return values.flatMap((item) => (Array.isArray(item) ? flatten(item) : [item]));
}

function fieldOf(node: unknown, key: string): unknown {
  return isPlainObject(node) && Object.hasOwn(node, key) ? node[key] : undefined;
}

function singleEntry(value: JsonObject, path: string, what: string): [string, unknown] {
  const entries = Object.entries(value);
  const [entry] = entries;
  if (entry === undefined || entries.length !== 1) {
    const found = entries.length === 0 ? 'none' : entries.map(([key]) => `"${key}"`).join(', ');
    throw new UnsupportedPatternError(path, `${what} must have exactly one operator, found ${found}`);
  }
  return entry;
}

function requireString(value: unknown, path: string, operator: string): string {
  if (typeof value !== 'string') {
    throw new UnsupportedPatternError(path, `operator "${operator}" needs a string, got ${describe(value)}`);
  }
  return value;
}

function requireStrings(value: unknown, path: string, operator: string): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string')) {
    return value;
  }
  throw new UnsupportedPatternError(
    path,
    `operator "${operator}" needs a string or a non-empty list of strings, got ${describe(value)}`,
  );
}

function isExactValue(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'boolean' || value === null || isFiniteNumber(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function childPath(path: string, key: string): string {
  return /^[A-Za-z_][\w]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}
