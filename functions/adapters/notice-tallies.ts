/**
 * The tallies of a price change's batches, one small JSON object per batch in the runs bucket. The
 * Distributed Map's own result would carry them too, but state data stops at 256 KiB (a few thousand
 * batches); in S3 an announcement may have any number of customers.
 */
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { TransientError } from '#domain/errors.ts';
import type { NoticeTally } from '#domain/price-changes/index.ts';

/** Where the tallies of one batch go: `<prefix><batchKey>.json`. */
export async function putTally(s3: S3Client, bucket: string, key: string, tally: NoticeTally): Promise<void> {
  try {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: JSON.stringify(tally),
        ContentType: 'application/json',
      }),
    );
  } catch (error) {
    throw new TransientError(`PutObject s3://${bucket}/${key} failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** Every tally under `prefix`, page by page, read `concurrency` at a time. */
export async function readTallies(
  s3: S3Client,
  bucket: string,
  prefix: string,
  concurrency = 16,
): Promise<Array<{ key: string; body: unknown }>> {
  const keys: string[] = [];
  let token: string | undefined;
  try {
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  } catch (error) {
    throw new TransientError(`ListObjectsV2 s3://${bucket}/${prefix} failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const tallies: Array<{ key: string; body: unknown }> = new Array(keys.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < keys.length; i = next++) {
      const key = keys[i] as string;
      try {
        const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        const text = (await object.Body?.transformToString()) ?? '';
        tallies[i] = { key, body: JSON.parse(text) };
      } catch (error) {
        if (error instanceof SyntaxError) tallies[i] = { key, body: undefined };
        else
          throw new TransientError(`GetObject s3://${bucket}/${key} failed: ${(error as Error).message}`, {
            cause: error,
          });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, keys.length)) }, worker));
  return tallies;
}
