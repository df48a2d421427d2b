import { access, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  GetObjectCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ensureBucket,
  type LocalS3,
  localS3ClientConfig,
  putJsonLines,
  readJsonLines,
  startS3,
} from '#local/services/s3.ts';

function invoice(i: number) {
  return {
    invoiceId: `inv-2027-01-c-${i}`,
    customerId: `c-${i}`,
    currency: 'NOK',
    amount: Math.round(i * 13.37) / 100,
    note: i % 1000 === 0 ? 'Strøm og nettleie — «januar»\nlinje 2' : undefined,
  };
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

describe('local S3', () => {
  let s3: LocalS3 | undefined;
  let client: S3Client | undefined;
  let directory: string | undefined;

  afterEach(async () => {
    client?.destroy();
    await s3?.close();
    if (directory) await rm(directory, { recursive: true, force: true });
    client = undefined;
    s3 = undefined;
    directory = undefined;
  });

  async function start(options: { directory?: string } = {}): Promise<S3Client> {
    s3 = await startS3(options);
    client = new S3Client(localS3ClientConfig(s3.endpoint));
    return client;
  }

  it('writes 100,000 rows as JSON Lines that read back line for line', async () => {
    const s3Client = await start();
    const rows = Array.from({ length: 100_000 }, (_, i) => invoice(i));

    const written = await putJsonLines(s3Client, 's3://stille-runs/runs/2027-01.jsonl', rows);

    expect(written).toMatchObject({ bucket: 'stille-runs', key: 'runs/2027-01.jsonl', count: rows.length });
    const { Body, ContentLength } = await s3Client.send(
      new GetObjectCommand({ Bucket: 'stille-runs', Key: 'runs/2027-01.jsonl' }),
    );
    expect(ContentLength).toBe(written.bytes);
    const lines = (await Body?.transformToString('utf8'))?.split('\n') ?? [];
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(rows.length + 1);
    expect(JSON.parse(lines[1000] ?? 'null')).toEqual(JSON.parse(JSON.stringify(rows[1000])));

    let count = 0;
    let mismatches = 0;
    for await (const row of readJsonLines(s3Client, 's3://stille-runs/runs/2027-01.jsonl')) {
      if (JSON.stringify(row) !== JSON.stringify(rows[count])) mismatches += 1;
      count += 1;
    }
    expect(count).toBe(rows.length);
    expect(mismatches).toBe(0);
  });

  it('writes rows from an async stream', async () => {
    const s3Client = await start();
    async function* generate() {
      for (let i = 0; i < 25_000; i += 1) yield invoice(i);
    }

    const written = await putJsonLines(s3Client, 's3://stream-bucket/a/b/c.jsonl', generate());

    expect(written.count).toBe(25_000);
    const read: unknown[] = [];
    for await (const row of readJsonLines(s3Client, 's3://stream-bucket/a/b/c.jsonl')) read.push(row);
    expect(read).toHaveLength(25_000);
    expect(read[24_999]).toEqual(JSON.parse(JSON.stringify(invoice(24_999))));
  });

  it('lets a reader stop early', async () => {
    const s3Client = await start();
    await putJsonLines(
      s3Client,
      's3://early-stop/rows.jsonl',
      Array.from({ length: 10_000 }, (_, i) => ({ i })),
    );

    const firstThree: unknown[] = [];
    for await (const row of readJsonLines(s3Client, 's3://early-stop/rows.jsonl')) {
      firstThree.push(row);
      if (firstThree.length === 3) break;
    }

    expect(firstThree).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }]);
  });

  it('creates a bucket once and accepts being asked again', async () => {
    const s3Client = await start();

    await ensureBucket(s3Client, 'twice-bucket');
    await ensureBucket(s3Client, 'twice-bucket');

    await expect(s3Client.send(new HeadBucketCommand({ Bucket: 'twice-bucket' }))).resolves.toBeDefined();
    const { Buckets } = await s3Client.send(new ListBucketsCommand({}));
    expect(Buckets?.filter((bucket) => bucket.Name === 'twice-bucket')).toHaveLength(1);
  });

  it('refuses a row that has no JSON form', async () => {
    const s3Client = await start();

    await expect(putJsonLines(s3Client, 's3://bad-rows/x.jsonl', [{ ok: true }, undefined])).rejects.toThrow(
      /row 1 .* cannot be written as JSON/,
    );
  });

  it('removes its temporary directory on close, but keeps a given one', async () => {
    s3 = await startS3();
    const temporary = s3.directory;
    await s3.close();
    expect(await exists(temporary)).toBe(false);

    directory = await mkdtemp(join(tmpdir(), 'stille-s3-test-'));
    const s3Client = await start({ directory });
    await putJsonLines(s3Client, 's3://kept-bucket/x.jsonl', [{ a: 1 }]);
    await s3?.close();
    expect(await readdir(directory)).toContain('kept-bucket');
  });

  it('stores a streamed upload intact with the local client configuration', async () => {
    const s3Client = await start();
    await ensureBucket(s3Client, 'intact-bucket');
    const parts = [Buffer.from('{"a":1}\n'), Buffer.from('{"b":2}\n')];

    await s3Client.send(
      new PutObjectCommand({
        Bucket: 'intact-bucket',
        Key: 'x.jsonl',
        Body: Readable.from(parts),
        ContentLength: Buffer.concat(parts).length,
      }),
    );

    const { Body } = await s3Client.send(new GetObjectCommand({ Bucket: 'intact-bucket', Key: 'x.jsonl' }));
    expect(await Body?.transformToString()).toBe(Buffer.concat(parts).toString('utf8'));
  });
});
