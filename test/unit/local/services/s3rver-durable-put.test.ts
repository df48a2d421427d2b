import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessRequestHandler } from '#local/services/in-process.ts';
import { ensureBucket, type LocalS3, localS3ClientConfig, startS3 } from '#local/services/s3.ts';
import { putsAreDurable } from '#local/services/s3rver-durable-put.ts';

const FilesystemStore = createRequire(import.meta.url)('s3rver/lib/stores/filesystem.js') as new (
  directory: string,
) => {
  getResourcePath(bucket: string, key: string, resource: string): string;
  putObject(object: unknown): Promise<{ size: number; md5: string }>;
  putMetadata(...args: unknown[]): Promise<void>;
};

const MB = 1024 * 1024;

describe('s3rver puts that are on disk when they answer', () => {
  let s3: LocalS3;
  beforeAll(async () => {
    s3 = await startS3();
  });
  afterAll(async () => {
    await s3?.close();
  });

  it('is in force for every local S3', () => {
    expect(putsAreDurable()).toBe(true);
  });

  it.each([
    [
      'a streamed body',
      () => Readable.from(Array.from({ length: 4096 }, (_, i) => Buffer.alloc(4096, i % 251))),
    ],
    ['a Buffer body', () => Buffer.alloc(16 * MB, 7)],
  ])('resolves a put of %s only once every byte is in the file', async (_, content) => {
    const directory = await mkdtemp(join(tmpdir(), 'stille-durable-'));
    try {
      const store = new FilesystemStore(directory);
      // The metadata write is what gave the object's write time to finish; without it the unpatched
      // store answers with the file cut short (or not yet created).
      store.putMetadata = async () => {};
      const result = await store.putObject({ bucket: 'b', key: 'k.jsonl', content: content(), metadata: {} });

      expect(result.size).toBe(16 * MB);
      // Synchronously, right after the answer: the file is complete.
      expect(statSync(store.getResourcePath('b', 'k.jsonl', 'object')).size).toBe(16 * MB);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('reads back a 24 MB object whole right after putting it, in process', async () => {
    const client = new S3Client({
      ...localS3ClientConfig(s3.endpoint),
      requestHandler: inProcessRequestHandler,
    });
    await ensureBucket(client, 'durable');
    const line = `${JSON.stringify({ name: 'Åse Ødegård', pad: 'x'.repeat(1000) })}\n`;
    const body = Buffer.from(line.repeat(Math.ceil((24 * MB) / Buffer.byteLength(line))));
    for (let round = 0; round < 3; round++) {
      await client.send(new PutObjectCommand({ Bucket: 'durable', Key: `run-${round}.jsonl`, Body: body }));
      const got = await client.send(new GetObjectCommand({ Bucket: 'durable', Key: `run-${round}.jsonl` }));
      const bytes = await got.Body?.transformToByteArray();
      expect(bytes?.length).toBe(body.length);
    }
  });
});
