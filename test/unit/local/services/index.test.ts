import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { PinpointSMSVoiceV2Client, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createTablesFromTemplate,
  type LocalServices,
  localClientConfig,
  localS3ClientConfig,
  putJsonLines,
  readJsonLines,
  startLocalServices,
} from '#local/services/index.ts';

/** Uses every service once through the real SDK clients, and gives the clients back to be destroyed. */
async function useEveryService(services: LocalServices): Promise<void> {
  const { endpoints } = services;
  const ddb = new DynamoDBClient(localClientConfig(endpoints.dynamodb));
  const s3 = new S3Client(localS3ClientConfig(endpoints.s3));
  const ses = new SESv2Client({ ...localClientConfig(endpoints.ses), maxAttempts: 1 });
  const sms = new PinpointSMSVoiceV2Client({ ...localClientConfig(endpoints.sms), maxAttempts: 1 });
  try {
    await createTablesFromTemplate(ddb, {
      Resources: {
        Customers: {
          Type: 'AWS::DynamoDB::Table',
          Properties: {
            BillingMode: 'PAY_PER_REQUEST',
            KeySchema: [{ AttributeName: 'customerId', KeyType: 'HASH' }],
            AttributeDefinitions: [{ AttributeName: 'customerId', AttributeType: 'S' }],
          },
        },
      },
    });
    expect((await ddb.send(new ListTablesCommand({}))).TableNames).toEqual(['Customers']);

    await putJsonLines(s3, 's3://runs/run.jsonl', [{ invoiceId: 'inv-1' }]);
    const rows: unknown[] = [];
    for await (const row of readJsonLines(s3, 's3://runs/run.jsonl')) rows.push(row);
    expect(rows).toEqual([{ invoiceId: 'inv-1' }]);

    await ses.send(
      new SendEmailCommand({
        FromEmailAddress: 'noreply@stille.example',
        Destination: { ToAddresses: ['kari@example.no'] },
        Content: { Simple: { Subject: { Data: 'Hei' }, Body: { Text: { Data: 'Hei Kari' } } } },
      }),
    );
    expect((await services.email.sent()).map((email) => email.to)).toEqual([['kari@example.no']]);

    await sms.send(new SendTextMessageCommand({ DestinationPhoneNumber: '+4791234567', MessageBody: 'Hei' }));
    expect(services.sms.sent().map((message) => message.to)).toEqual(['+4791234567']);
  } finally {
    for (const client of [ddb, s3, ses, sms]) client.destroy();
  }
}

describe('startLocalServices', () => {
  let directory: string | undefined;

  afterEach(async () => {
    if (directory) await rm(directory, { recursive: true, force: true });
    directory = undefined;
  });

  it('starts and closes every service twice in a row without leaving a server or socket open', async () => {
    const handles = (kind: string) =>
      process.getActiveResourcesInfo().filter((resource) => resource === kind).length;
    const serversBefore = handles('TCPServerWrap');
    const socketsBefore = handles('TCPSocketWrap');

    for (let round = 0; round < 2; round += 1) {
      const services = await startLocalServices();
      const { dynamodb, s3, ses, sms, region } = services.endpoints;
      expect(region).toBe('eu-north-1');
      for (const endpoint of [dynamodb, s3, ses, sms])
        expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(new Set([dynamodb, s3, ses, sms]).size).toBe(4);
      expect(handles('TCPServerWrap')).toBe(serversBefore + 4);

      await useEveryService(services);
      await services.close();

      expect(handles('TCPServerWrap')).toBe(serversBefore);
    }
    // Client sockets are destroyed asynchronously; give them a moment.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(handles('TCPSocketWrap')).toBe(socketsBefore);
  });

  it('can be closed more than once', async () => {
    const services = await startLocalServices();

    await services.close();

    await expect(services.close()).resolves.toBeUndefined();
  });

  it('closes even while clients hold connections with half-sent requests', async () => {
    const services = await startLocalServices();
    const { dynamodb, s3, ses, sms } = services.endpoints;
    const sockets = await Promise.all(
      [dynamodb, s3, ses, sms].map(
        (endpoint) =>
          new Promise<Socket>((resolve, reject) => {
            const { hostname, port } = new URL(endpoint);
            const socket = connect(Number(port), hostname, () => {
              socket.write('POST / HTTP/1.1\r\nHost: local\r\nContent-Length: 100\r\n\r\n{"par');
              resolve(socket);
            });
            socket.on('error', () => {});
            socket.once('error', reject);
          }),
      ),
    );
    try {
      const closed = await Promise.race([
        services.close().then(() => 'closed'),
        new Promise((resolve) => setTimeout(resolve, 5000, 'still open')),
      ]);

      expect(closed).toBe('closed');
    } finally {
      for (const socket of sockets) socket.destroy();
    }
  });

  it('applies the fault options of each channel separately', async () => {
    const services = await startLocalServices({ faults: { email: { throttleRate: 1 } }, seed: 5 });
    const ses = new SESv2Client({ ...localClientConfig(services.endpoints.ses), maxAttempts: 1 });
    const sms = new PinpointSMSVoiceV2Client({
      ...localClientConfig(services.endpoints.sms),
      maxAttempts: 1,
    });
    try {
      const emailError = await ses
        .send(
          new SendEmailCommand({
            FromEmailAddress: 'noreply@stille.example',
            Destination: { ToAddresses: ['kari@example.no'] },
            Content: { Simple: { Subject: { Data: 'Hei' }, Body: { Text: { Data: 'Hei' } } } },
          }),
        )
        .catch((caught) => caught);
      await sms.send(
        new SendTextMessageCommand({ DestinationPhoneNumber: '+4791234567', MessageBody: 'Hei' }),
      );

      expect(emailError.name).toBe('TooManyRequestsException');
      expect(services.sms.stats().accepted).toBe(1);
    } finally {
      ses.destroy();
      sms.destroy();
      await services.close();
    }
  });

  it('keeps tables and buckets in the data directory across restarts', async () => {
    directory = await mkdtemp(join(tmpdir(), 'stille-services-test-'));
    const first = await startLocalServices({ dataDir: directory });
    await useEveryService(first);
    await first.close();

    const second = await startLocalServices({ dataDir: directory });
    const ddb = new DynamoDBClient(localClientConfig(second.endpoints.dynamodb));
    const s3 = new S3Client(localS3ClientConfig(second.endpoints.s3));
    try {
      expect((await ddb.send(new ListTablesCommand({}))).TableNames).toEqual(['Customers']);
      const rows: unknown[] = [];
      for await (const row of readJsonLines(s3, 's3://runs/run.jsonl')) rows.push(row);
      expect(rows).toEqual([{ invoiceId: 'inv-1' }]);
    } finally {
      ddb.destroy();
      s3.destroy();
      await second.close();
    }
  });
});
