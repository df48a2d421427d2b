import { describe, expect, it } from 'vitest';
import { parseItems } from '#local/stepfunctions/distributed-map.ts';

const LOCATION = 's3://runs/run.jsonl';

/** The error parseItems throws for `body`. */
function failure(body: string): { error: string; message: string } {
  try {
    parseItems(body, 'JSONL', LOCATION);
  } catch (error) {
    const err = error as Error & { error?: string };
    return { error: err.error ?? err.name, message: err.message };
  }
  throw new Error('expected the reader to fail');
}

describe('the local Distributed Map reader (JSON Lines)', () => {
  it('reads one item per line, skipping blank lines', () => {
    expect(parseItems('{"a":1}\n\n{"a":2}\n', 'JSONL', LOCATION)).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('names a byte order mark at the start of the file instead of calling the line invalid JSON', () => {
    expect(failure('\uFEFF{"a":1}\n').message).toBe(
      `${LOCATION} line 1 starts with a UTF-8 byte order mark (U+FEFF): save the file as UTF-8 without one`,
    );
  });

  it('refuses a line nested past what the service reads, without parsing or walking it', () => {
    const deep = `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
    expect(failure(`{"a":1}\n${deep}\n`).message).toBe(
      `${LOCATION} line 2 nests objects and arrays more than 1000 levels deep`,
    );
  });

  it('passes a line deeper than a contract allows on, for the batch to reject with its line number', () => {
    const nested = `${'{"n":'.repeat(39)}1${'}'.repeat(39)}`;
    expect(parseItems(nested, 'JSONL', LOCATION)).toHaveLength(1);
  });
});
