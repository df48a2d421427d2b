/**
 * A generated data set spilled to JSON Lines files and read back one row at a time, so a benchmark can
 * let go of its data before the runtime starts and then stream it into the tables: the process never
 * holds the data set and the runtime's copy of it at once.
 */

import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** A folder of spilled files, removed with {@link SpillFolder.remove}. */
export interface SpillFolder {
  /** Writes `rows` to `<name>.jsonl` in the folder, one JSON value a line; resolves to its path. */
  write(name: string, rows: Iterable<unknown>): Promise<string>;
  remove(): Promise<void>;
}

export async function spillFolder(prefix: string): Promise<SpillFolder> {
  const dir = await mkdtemp(join(tmpdir(), `${prefix}-`));
  return {
    async write(name, rows) {
      const path = join(dir, `${name}.jsonl`);
      const out = createWriteStream(path);
      for (const row of rows) {
        if (!out.write(`${JSON.stringify(row)}\n`)) await once(out, 'drain');
      }
      out.end();
      await once(out, 'finish');
      return path;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** The rows of a spilled file, parsed one line at a time. */
export async function* readSpilled<T>(path: string): AsyncGenerator<T> {
  const lines = createInterface({
    input: createReadStream(path, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) if (line.length > 0) yield JSON.parse(line) as T;
}
