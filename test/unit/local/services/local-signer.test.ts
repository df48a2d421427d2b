import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClientConfig } from '#local/services/client-config.ts';
import { type LocalDynamoDb, startDynamoDb } from '#local/services/dynamodb.ts';
import { inProcessRequestHandler } from '#local/services/in-process.ts';
import { localSigner } from '#local/services/local-signer.ts';
import { type LocalS3, localS3ClientConfig, startS3 } from '#local/services/s3.ts';

describe('the constant signer of the local services', () => {
  let dynamodb: LocalDynamoDb;
  let s3: LocalS3;
  beforeAll(async () => {
    [dynamodb, s3] = await Promise.all([startDynamoDb(), startS3()]);
  });
  afterAll(async () => {
    await Promise.all([dynamodb?.close(), s3?.close()]);
  });

  it('is taken by dynalite, which checks that a request is signed but not the signature', async () => {
    const client = new DynamoDBClient({
      ...localClientConfig(dynamodb.endpoint),
      requestHandler: inProcessRequestHandler,
      signer: localSigner,
    });
    await expect(client.send(new ListTablesCommand({}))).resolves.toHaveProperty('TableNames');
  });

  it('is refused by s3rver, which verifies signatures: S3 clients keep the real signer', async () => {
    const constant = new S3Client({
      ...localS3ClientConfig(s3.endpoint),
      requestHandler: inProcessRequestHandler,
      signer: localSigner,
      maxAttempts: 1,
    });
    await expect(constant.send(new ListBucketsCommand({}))).rejects.toMatchObject({
      name: expect.stringMatching(/InvalidRequest|SignatureDoesNotMatch|AccessDenied/),
    });
    const signed = new S3Client({
      ...localS3ClientConfig(s3.endpoint),
      requestHandler: inProcessRequestHandler,
    });
    await expect(signed.send(new ListBucketsCommand({}))).resolves.toHaveProperty('Buckets');
  });
});
