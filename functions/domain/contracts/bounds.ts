/**
 * The first check at every door, before anything else walks a value: how deeply it nests, how large it
 * is, and whether its numbers are numbers JSON and DynamoDB can carry. A value that nests 5,000 levels
 * overflows the stack of any recursive walk (a serializer, a validator, the ASL engine); it is refused
 * here, iteratively, with a field error. Pure.
 */
import type { FieldError } from '../errors.ts';
import { renderPath } from './field-errors.ts';

/** Deepest nesting of objects and arrays a contract accepts: generous for every contract (they nest 4). */
export const MAX_JSON_DEPTH = 32;

/** Largest event detail accepted, as UTF-8 JSON: EventBridge's limit for a whole entry. */
export const MAX_DETAIL_BYTES = 256 * 1024;

/** Most values (objects, arrays, strings, numbers, …) one detail may hold. */
export const MAX_JSON_VALUES = 50_000;

/** What is wrong with a value's shape, as a field error; `undefined` when nothing is. */
export function jsonBoundsError(
  value: unknown,
  options: { root?: string; maxDepth?: number; maxBytes?: number } = {},
): FieldError | undefined {
  const root = options.root ?? 'detail';
  const maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
  const maxBytes = options.maxBytes ?? MAX_DETAIL_BYTES;
  // Depth first, without recursion; a path is only spelled out for an error.
  const stack: Frame[] = [{ value, depth: 0, parent: undefined, key: undefined }];
  let values = 0;
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    const current = frame.value;
    if (++values > MAX_JSON_VALUES) {
      return { path: root, message: `must hold at most ${MAX_JSON_VALUES} values, got more` };
    }
    if (typeof current === 'number') {
      const problem = numberProblem(current);
      if (problem) return { path: pathOf(frame, root), message: problem };
      continue;
    }
    if (current instanceof UnrepresentableNumber) {
      return {
        path: pathOf(frame, root),
        message: `must be a number JSON and DynamoDB can carry, got ${current.source}`,
      };
    }
    if (typeof current !== 'object' || current === null) continue;
    if (frame.depth >= maxDepth) {
      return {
        path: root,
        message: `must nest objects and arrays at most ${maxDepth} levels deep, got more (at ${pathOf(frame, root)})`,
      };
    }
    const depth = frame.depth + 1;
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--)
        stack.push({ value: current[i], depth, parent: frame, key: i });
    } else {
      for (const key of Object.keys(current)) {
        stack.push({ value: (current as Record<string, unknown>)[key], depth, parent: frame, key });
      }
    }
  }
  // Within depth, serializing is safe; the size is what a caller would send.
  const bytes = Buffer.byteLength(JSON.stringify(value) ?? '');
  if (bytes > maxBytes) {
    return { path: root, message: `must be at most ${maxBytes} bytes as JSON, got ${bytes}` };
  }
  return undefined;
}

/** Deepest text {@link parseJsonKeepingNumbers} revives. */
const REVIVER_MAX_DEPTH = 1_500;

/**
 * A number in a JSON text that no JavaScript number represents (`1e309`, or `1e-400`, which would read
 * as 0): what a reader of the text puts in its place, so the error can say what was sent.
 */
export class UnrepresentableNumber {
  readonly source: string;
  constructor(source: string) {
    this.source = source.length > 40 ? `${source.slice(0, 39)}…` : source;
  }
}

/**
 * `JSON.parse` of a text in which a number too large (or too small, but not zero) to represent becomes
 * an {@link UnrepresentableNumber} naming it, instead of silently `Infinity` or 0.
 */
export function parseJsonKeepingNumbers(text: string): unknown {
  // A reviver walks the result recursively: past this depth (no contract comes near it) parse plainly,
  // which does not recurse, and leave the depth to the bounds check that comes next.
  if (jsonTextDepth(text, REVIVER_MAX_DEPTH + 1) > REVIVER_MAX_DEPTH) return JSON.parse(text);
  // The reviver's third argument (the source text of a primitive) is in Node 21 and later.
  return JSON.parse(text, (_key, value: unknown, context?: { source?: string }) => {
    if (typeof value !== 'number' || context?.source === undefined) return value;
    if (!Number.isFinite(value)) return new UnrepresentableNumber(context.source);
    if (value === 0 && /[1-9]/.test(context.source.split(/[eE]/)[0] ?? '')) {
      return new UnrepresentableNumber(context.source);
    }
    return value;
  });
}

/** DynamoDB stores numbers of magnitude 1e-130 up to (not including) 1e126, and zero. */
const DYNAMO_SMALLEST = 1e-130;
const DYNAMO_TOO_LARGE = 1e126;

/** Why a number cannot travel as JSON or be stored in DynamoDB, if it cannot. */
function numberProblem(value: number): string | undefined {
  if (!Number.isFinite(value)) {
    return `must be a finite number, got ${String(value)} (a number too large for JSON and DynamoDB)`;
  }
  const size = Math.abs(value);
  if (size !== 0 && (size < DYNAMO_SMALLEST || size >= DYNAMO_TOO_LARGE)) {
    return `must be zero or between 1e-130 and 1e126 in size (what DynamoDB stores), got ${String(value)}`;
  }
  return undefined;
}

/** Longest path an error names (a path 1,000 levels deep is no help to read). */
const MAX_PATH_CHARS = 120;

interface Frame {
  value: unknown;
  depth: number;
  parent: Frame | undefined;
  key: string | number | undefined;
}

/** The rendered path of a frame (`lines[0].amount`; the root alone as `root`). */
function pathOf(frame: Frame, root: string): string {
  const keys: Array<string | number> = [];
  for (let at: Frame | undefined = frame; at?.key !== undefined; at = at.parent) keys.push(at.key);
  const path = renderPath(keys.reverse(), root);
  return path.length <= MAX_PATH_CHARS ? path : `${path.slice(0, MAX_PATH_CHARS - 1)}…`;
}

/**
 * How deeply a JSON text nests objects and arrays, read without parsing it (strings and escapes
 * skipped): for a line or a file before `JSON.parse` and whatever walks its result. Stops counting at
 * `stopAt`.
 */
export function jsonTextDepth(text: string, stopAt = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c)
        i++; // a backslash escapes the next character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x7b || char === 0x5b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest >= stopAt) return deepest;
    } else if (char === 0x7d || char === 0x5d) depth--;
  }
  return deepest;
}
