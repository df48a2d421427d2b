import type { z } from 'zod/mini';
// zod's core by name: reading `z.core.…` as a value off the `zod/mini` namespace keeps all of zod in a
// bundle (every locale, the JSON Schema generator), where named imports keep only what is used.
import { _safeParse, $constructor, $ZodError } from 'zod/v4/core';
import type { FieldError } from '../errors.ts';

/** At most this many field errors are reported for one event or one scenario file. */
export const MAX_FIELD_ERRORS = 50;

/** Longest excerpt of a received string quoted back in an error message. */
const MAX_QUOTED_CHARS = 60;
/** Longest object key shown in a rendered path. */
const MAX_PATH_KEY_CHARS = 100;

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/**
 * Renders a validation path the way integrators read it: `lines[0].amount`, `period.to`,
 * `reasons[0].text.nb-NO`, `files["s3://bucket/key"][2]`. An empty path renders as `root`.
 */
export function renderPath(path: readonly PropertyKey[], root = 'detail'): string {
  let rendered = '';
  for (const segment of path) {
    if (typeof segment === 'number') {
      rendered += `[${segment}]`;
      continue;
    }
    const key = truncate(String(segment), MAX_PATH_KEY_CHARS);
    if (PLAIN_KEY.test(key)) {
      rendered += rendered === '' ? key : `.${key}`;
    } else {
      rendered += `[${JSON.stringify(key)}]`;
    }
  }
  return rendered === '' ? root : rendered;
}

/**
 * Describes a received value for an error message: strings are quoted (and shortened), numbers and
 * booleans are shown as they are, objects and arrays are named, never dumped.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(truncate(value, MAX_QUOTED_CHARS));
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/**
 * An error-message builder for a field that must be `what` (an English noun phrase such as
 * `a date as YYYY-MM-DD`). A missing field reads "is required (…)", a wrong one "must be …, got …".
 */
export function mustBe(what: string): (issue: { readonly input?: unknown }) => string {
  return (issue) =>
    issue.input === undefined
      ? `is required (${what})`
      : `must be ${what}, got ${describeValue(issue.input)}`;
}

const EXPECTED_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  record: 'an object',
  null: 'null',
};

/**
 * The error map used for every contract parse: English sentences for zod's generic issues. Schemas
 * that need a domain-specific sentence (dates, instants, phone numbers, …) carry their own message,
 * which takes precedence over this map.
 */
export const contractErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return 'is required';
      const expected = EXPECTED_NAMES[issue.expected] ?? issue.expected;
      return `must be ${expected}, got ${describeValue(issue.input)}`;
    }
    case 'too_big':
      return tooBigMessage(issue.origin, issue.maximum, issue.inclusive !== false, issue.input);
    case 'too_small':
      return tooSmallMessage(issue.origin, issue.minimum, issue.inclusive !== false, issue.input);
    case 'invalid_value': {
      const accepted = issue.values.map((v) => JSON.stringify(v)).join(', ');
      if (issue.input === undefined)
        return `is required (${issue.values.length === 1 ? accepted : `one of ${accepted}`})`;
      return issue.values.length === 1
        ? `must be ${accepted}, got ${describeValue(issue.input)}`
        : `must be one of ${accepted}, got ${describeValue(issue.input)}`;
    }
    case 'invalid_format':
      return issue.format === 'email'
        ? `must be an email address, got ${describeValue(issue.input)}`
        : `must be a valid ${issue.format}, got ${describeValue(issue.input)}`;
    case 'invalid_key': {
      const reason = issue.issues[0]?.message;
      return reason === undefined ? 'is not an accepted key' : `is not an accepted key: it ${reason}`;
    }
    case 'invalid_union':
      return 'does not match any of the accepted shapes';
    case 'unrecognized_keys':
      return `has unknown keys ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}, got ${describeValue(issue.input)}`;
    default:
      return 'is not valid';
  }
};

function tooBigMessage(origin: string, maximum: number | bigint, inclusive: boolean, input: unknown): string {
  const bound = inclusive ? `at most ${String(maximum)}` : `less than ${String(maximum)}`;
  if (origin === 'string' && typeof input === 'string') {
    return `must be ${bound} characters long, got ${input.length}`;
  }
  if (origin === 'array' && Array.isArray(input)) {
    return `must have ${bound} items, got ${input.length}`;
  }
  return `must be ${bound}, got ${describeValue(input)}`;
}

function tooSmallMessage(
  origin: string,
  minimum: number | bigint,
  inclusive: boolean,
  input: unknown,
): string {
  const bound = inclusive ? `at least ${String(minimum)}` : `more than ${String(minimum)}`;
  if (origin === 'string' && typeof input === 'string') {
    return minimum === 1 && inclusive
      ? 'must not be empty'
      : `must be ${bound} characters long, got ${input.length}`;
  }
  if (origin === 'array' && Array.isArray(input)) {
    return `must have ${bound} item${minimum === 1 ? '' : 's'}, got ${input.length}`;
  }
  return `must be ${bound}, got ${describeValue(input)}`;
}

/**
 * The error of a failed contract parse: zod's own error (the same issues, the same JSON message, an
 * `instanceof` zod's core `$ZodError`), named `ZodError` as the full zod API names it, so the `cause` of
 * a `ConfigError` or a `TemplateError` reads the same with `zod/mini` (whose core calls it `$ZodError`).
 */
const ContractZodError = $constructor(
  'ZodError',
  (inst: $ZodError, issues: z.core.$ZodIssue[]) => {
    $ZodError.init(inst, issues);
    inst.name = 'ZodError';
  },
  undefined,
  { Parent: Error },
);

const safeParseNamingErrors = _safeParse(ContractZodError);

/**
 * Parses `value` with `schema` and {@link contractErrorMap}: a failed parse's issues carry the
 * contract's English sentences, ready for {@link toFieldErrors}.
 */
export function safeParseContract<Schema extends z.core.$ZodType>(
  schema: Schema,
  value: unknown,
): z.core.util.SafeParseResult<z.output<Schema>> {
  return safeParseNamingErrors(schema, value, { error: contractErrorMap });
}

/** Options of {@link toFieldErrors}. */
export interface FieldErrorOptions {
  /** How an empty path is rendered: `detail` for events (the default), `scenario` for scenario files. */
  root?: string;
  /** At most this many errors are returned; {@link MAX_FIELD_ERRORS} by default. */
  limit?: number;
}

/**
 * Turns a zod error into field-level errors with rendered paths (`lines[0].amount`), at most
 * {@link MAX_FIELD_ERRORS} of them. Messages are taken as zod produced them: parse with
 * {@link contractErrorMap} to get the contract's English sentences.
 */
export function toFieldErrors(
  error: { readonly issues: readonly z.core.$ZodIssue[] },
  options: FieldErrorOptions = {},
): FieldError[] {
  const root = options.root ?? 'detail';
  const limit = options.limit ?? MAX_FIELD_ERRORS;
  return error.issues.slice(0, limit).map((issue) => ({
    path: renderPath(issue.path, root),
    message: issue.message,
  }));
}

function truncate(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars - 1)}…`;
}
