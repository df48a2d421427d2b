import type { SimulationReport } from '#domain/contracts/index.ts';

/**
 * The report as JSON, in pieces: a run of a million invoices makes a report larger than the longest
 * string V8 can hold, so it is never stringified in one go. Top-level arrays are written item by item.
 *
 * - `compact`: one line (`--json` on stdout), identical to `JSON.stringify(report)`;
 * - `lines`: one item per line, for the report file people open and grep.
 */
export function* reportJsonChunks(report: SimulationReport, layout: 'compact' | 'lines'): Generator<string> {
  const lines = layout === 'lines';
  const entries = Object.entries(report).filter(([, value]) => value !== undefined);
  yield lines ? '{\n' : '{';
  for (const [i, [key, value]] of entries.entries()) {
    const separator = i < entries.length - 1 ? (lines ? ',\n' : ',') : lines ? '\n' : '';
    const name = lines ? `  ${JSON.stringify(key)}: ` : `${JSON.stringify(key)}:`;
    if (Array.isArray(value)) {
      if (value.length === 0) {
        yield `${name}[]${separator}`;
        continue;
      }
      yield lines ? `${name}[\n` : `${name}[`;
      for (const [j, item] of value.entries()) {
        const comma = j < value.length - 1 ? ',' : '';
        yield lines
          ? `    ${JSON.stringify(item) ?? 'null'}${comma}\n`
          : `${JSON.stringify(item) ?? 'null'}${comma}`;
      }
      yield lines ? `  ]${separator}` : `]${separator}`;
    } else {
      yield `${name}${JSON.stringify(value)}${separator}`;
    }
  }
  yield lines ? '}\n' : '}';
}

/** Groups small chunks into writes of about `size` characters. */
export function* batched(chunks: Iterable<string>, size = 1 << 20): Generator<string> {
  let buffer: string[] = [];
  let length = 0;
  for (const chunk of chunks) {
    buffer.push(chunk);
    length += chunk.length;
    if (length >= size) {
      yield buffer.join('');
      buffer = [];
      length = 0;
    }
  }
  if (buffer.length > 0) yield buffer.join('');
}
