// Before dynalite loads: its in-memory stores keep strings, not pooled Buffer slices.
import './memory-level-utf8.ts';
import { mkdir } from 'node:fs/promises';
import dynalite from 'dynalite';
import { closeServer, listenOnEphemeralPort } from './http.ts';

/** Options of the local DynamoDB. */
export interface DynamoDbOptions {
  /** Keep the tables in LevelDB in this directory (created if missing); in memory when absent. */
  path?: string;
}

/** A running local DynamoDB. */
export interface LocalDynamoDb {
  /** `http://127.0.0.1:<port>`, for `new DynamoDBClient({ endpoint })`. */
  endpoint: string;
  /** Stops the server and closes its store; pending writes are flushed first. */
  close(): Promise<void>;
}

/**
 * Starts dynalite on an ephemeral port of 127.0.0.1. Tables become ACTIVE at once (create, delete and
 * update latencies are 0 ms), since nothing waits for AWS-like provisioning locally.
 */
export async function startDynamoDb(options: DynamoDbOptions = {}): Promise<LocalDynamoDb> {
  if (options.path !== undefined) {
    await mkdir(options.path, { recursive: true });
  }
  const server = dynalite({
    ...(options.path === undefined ? {} : { path: options.path }),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  const endpoint = await listenOnEphemeralPort(server, 'lean');
  let closing: Promise<void> | undefined;
  return {
    endpoint,
    // dynalite's close() also waits for its LevelDB store to close, so a directory can be reopened after.
    close: () => {
      closing ??= closeServer(server);
      return closing;
    },
  };
}
