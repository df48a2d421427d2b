/**
 * A campaign run's files in the runs bucket (`campaigns/<campaign>/<run>/`): the audience snapshot
 * (one JSON Lines file per wave, what the Distributed Map reads), one tally per batch, and the preview
 * report of a dry run.
 */
import { createHash } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { TransientError } from '#domain/errors.ts';
import { CAMPAIGNS_PREFIX } from './runs-bucket.ts';

/** `campaigns/<hash>/<runAt>[-preview]/`: safe for any id, one folder per run. */
export function runFolder(campaignId: string, runAt: string, dryRun: boolean): string {
  const hash = createHash('sha256').update(campaignId, 'utf8').digest('hex').slice(0, 24);
  const run = runAt.replace(/[^0-9A-Za-z-]/g, '');
  return `${CAMPAIGNS_PREFIX}${hash}/${run}${dryRun ? '-preview' : ''}/`;
}

async function put(
  s3: S3Client,
  bucket: string,
  key: string,
  body: string,
  contentType: string,
): Promise<void> {
  try {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
  } catch (error) {
    throw new TransientError(`PutObject s3://${bucket}/${key} failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** Writes `rows` as JSON Lines. */
export function putJsonLines(
  s3: S3Client,
  bucket: string,
  key: string,
  rows: readonly unknown[],
): Promise<void> {
  return put(s3, bucket, key, rows.map((row) => JSON.stringify(row)).join('\n'), 'application/x-ndjson');
}

/** Writes one JSON object. */
export function putJson(s3: S3Client, bucket: string, key: string, body: unknown): Promise<void> {
  return put(s3, bucket, key, JSON.stringify(body), 'application/json');
}

/** Reads one JSON object; undefined when there is none. */
export async function getJson(s3: S3Client, bucket: string, key: string): Promise<unknown> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return JSON.parse((await object.Body?.transformToString()) ?? 'null');
  } catch (error) {
    if ((error as Error).name === 'NoSuchKey') return undefined;
    throw new TransientError(`GetObject s3://${bucket}/${key} failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
