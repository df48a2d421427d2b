// Before s3rver starts: its puts answer only once the object is on disk (read-after-write, as S3).
import './s3rver-durable-put.ts';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import {
  BucketAlreadyExists,
  BucketAlreadyOwnedByYou,
  CreateBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  NotFound,
  PutObjectCommand,
  type S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import AWSAccount from 's3rver/lib/models/account.js';
import { parseS3Location, type S3Location } from '#domain/contracts/common.ts';
import { LOCAL_CREDENTIALS, localClientConfig } from './client-config.ts';
import { closeServer, LOCAL_HOST, serveInProcess } from './http.ts';

/** Options of the local S3. */
export interface S3Options {
  /** Keep buckets in this directory (created if missing, kept on close); a fresh temp directory otherwise. */
  directory?: string;
}

/** A running local S3. */
export interface LocalS3 {
  /** `http://127.0.0.1:<port>`; clients need `forcePathStyle: true` (see {@link localS3ClientConfig}). */
  endpoint: string;
  /** Where the buckets are stored. */
  directory: string;
  /** Stops the server, and removes the directory unless it was given. */
  close(): Promise<void>;
}

// One parser for `s3://bucket/key`: the contracts' (the same rules the events are validated with).
export { parseS3Location, type S3Location };

/** What {@link putJsonLines} wrote. */
export interface JsonLinesObject extends S3Location {
  /** Number of rows (lines). */
  count: number;
  /** Size of the object in bytes. */
  bytes: number;
}

/** Rows for {@link putJsonLines}: an array, any iterable, or a stream of rows. */
export type Rows = Iterable<unknown> | AsyncIterable<unknown>;

/** Rows are serialized into buffers of about this size, so that no single string gets huge. */
const CHUNK_CHARS = 1 << 20;

/**
 * Starts s3rver on an ephemeral port of 127.0.0.1, silent, accepting the local credentials
 * (`local`/`local`) besides its own.
 */
export async function startS3(options: S3Options = {}): Promise<LocalS3> {
  const ownsDirectory = options.directory === undefined;
  const directory = options.directory ?? (await mkdtemp(join(tmpdir(), 'stille-s3-')));
  await mkdir(directory, { recursive: true });
  // s3rver only knows the access key S3RVER; teach it ours. Its registry is per process, so once is enough.
  AWSAccount.DUMMY_ACCOUNT.createKeyPair(LOCAL_CREDENTIALS.accessKeyId, LOCAL_CREDENTIALS.secretAccessKey);
  const server = new S3rver({ address: LOCAL_HOST, port: 0, silent: true, directory, vhostBuckets: false });
  try {
    await server.run();
  } catch (error) {
    if (ownsDirectory) await rm(directory, { recursive: true, force: true });
    throw error;
  }
  const httpServer = server.httpServer;
  if (httpServer === undefined) {
    throw new Error('s3rver started without an HTTP server');
  }
  const endpoint = serveInProcess(httpServer);
  let closing: Promise<void> | undefined;
  const close = async () => {
    await closeServer(httpServer);
    if (ownsDirectory) await rm(directory, { recursive: true, force: true });
  };
  return {
    endpoint,
    directory,
    close: () => {
      closing ??= close();
      return closing;
    },
  };
}

/**
 * Constructor options of an `S3Client` for the local S3. Path-style addressing, since buckets are not
 * subdomains of 127.0.0.1; checksums only when an operation requires them, since s3rver does not
 * understand the `aws-chunked` uploads the SDK otherwise sends for streamed bodies.
 */
export function localS3ClientConfig(endpoint: string): S3ClientConfig {
  return {
    ...localClientConfig(endpoint),
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
}

/** Creates `bucket` unless it exists. */
export async function ensureBucket(client: S3Client, bucket: string): Promise<void> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
    return;
  } catch (error) {
    if (!(error instanceof NotFound)) throw error;
  }
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    // Another caller created it between the two calls.
    if (!(error instanceof BucketAlreadyOwnedByYou || error instanceof BucketAlreadyExists)) throw error;
  }
}

/**
 * Writes `rows` as a JSON Lines object (one `JSON.stringify`-ed row per line) at an `s3://bucket/key`
 * location, creating the bucket if needed. Rows may be an array or a (possibly async) stream of rows;
 * they are serialized in chunks, so hundreds of thousands of rows never form one giant string.
 *
 * @throws TypeError when a row cannot be serialized to JSON (`undefined`, a function).
 */
export async function putJsonLines(client: S3Client, location: string, rows: Rows): Promise<JsonLinesObject> {
  const { bucket, key } = parseS3Location(location);
  const chunks: Buffer[] = [];
  let pending: string[] = [];
  let pendingChars = 0;
  let count = 0;
  for await (const row of rows) {
    const line = JSON.stringify(row);
    if (line === undefined) {
      throw new TypeError(`row ${count} of ${location} cannot be written as JSON`);
    }
    pending.push(line, '\n');
    pendingChars += line.length + 1;
    count += 1;
    if (pendingChars >= CHUNK_CHARS) {
      chunks.push(Buffer.from(pending.join(''), 'utf8'));
      pending = [];
      pendingChars = 0;
    }
  }
  chunks.push(Buffer.from(pending.join(''), 'utf8'));
  const body = Buffer.concat(chunks);

  await ensureBucket(client, bucket);
  await client.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: body,
      ContentLength: body.length,
      ContentType: 'application/x-ndjson',
    }),
  );
  return { bucket, key, count, bytes: body.length };
}

/**
 * Reads the JSON Lines object at an `s3://bucket/key` location row by row, streaming, skipping blank lines.
 *
 * @throws SyntaxError naming the line when a line is not valid JSON.
 */
export async function* readJsonLines(client: S3Client, location: string): AsyncGenerator<unknown> {
  const { bucket, key } = parseS3Location(location);
  const { Body: body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!(body instanceof Readable)) {
    throw new TypeError(`${location}: expected a Node.js stream as object body`);
  }
  const lines = createInterface({ input: body, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNumber = 0;
  try {
    for await (const line of lines) {
      lineNumber += 1;
      if (line.trim() === '') continue;
      try {
        yield JSON.parse(line);
      } catch (error) {
        throw new SyntaxError(`${location}: line ${lineNumber} is not valid JSON`, { cause: error });
      }
    }
  } finally {
    // A reader that stops early must not leave the connection half read.
    body.destroy();
  }
}
