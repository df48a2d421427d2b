import net from 'node:net';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { localClientConfig } from '#local/services/client-config.ts';
import { type LocalDynamoDb, startDynamoDb } from '#local/services/dynamodb.ts';
import { startEmail } from '#local/services/email.ts';
import { inProcessRequestHandler, NoInProcessServiceError } from '#local/services/in-process.ts';

describe('the in-process transport', () => {
  let dynamodb: LocalDynamoDb;
  beforeAll(async () => {
    dynamodb = await startDynamoDb();
  });
  afterAll(async () => {
    await dynamodb?.close();
  });

  const connections = () => vi.spyOn(net, 'createConnection');

  it('carries a real SDK client’s requests to the local service without opening a socket', async () => {
    const spy = connections();
    const client = new DynamoDBClient({
      ...localClientConfig(dynamodb.endpoint),
      requestHandler: inProcessRequestHandler,
    });
    await client.send(
      new CreateTableCommand({
        TableName: 'in-process',
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    const listed = await client.send(new ListTablesCommand({}));
    expect(listed.TableNames).toContain('in-process');
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });

  it('gives the same answers over HTTP, which does open sockets', async () => {
    const spy = connections();
    const client = new DynamoDBClient(localClientConfig(dynamodb.endpoint));
    const listed = await client.send(new ListTablesCommand({}));
    expect(listed.TableNames).toContain('in-process');
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
    client.destroy();
  });

  it('keeps the service’s errors as the SDK parses them', async () => {
    const client = new DynamoDBClient({
      ...localClientConfig(dynamodb.endpoint),
      requestHandler: inProcessRequestHandler,
    });
    await expect(
      client.send(
        new CreateTableCommand({ TableName: 'in-process', KeySchema: [], AttributeDefinitions: [] }),
      ),
    ).rejects.toMatchObject({ name: expect.stringMatching(/ValidationException|ResourceInUseException/) });
  });

  it('reads the whole answer of an Express service, which swaps the response prototype (SES)', async () => {
    const email = await startEmail();
    try {
      const client = new SESv2Client({
        ...localClientConfig(email.endpoint),
        requestHandler: inProcessRequestHandler,
      });
      const out = await client.send(
        new SendEmailCommand({
          FromEmailAddress: 'kundeservice@example.no',
          Destination: { ToAddresses: ['kari@example.no'] },
          Content: { Simple: { Subject: { Data: 'Faktura' }, Body: { Text: { Data: 'Hei' } } } },
        }),
      );
      const [sent] = await email.sent();
      expect(out.MessageId).toBe(sent?.messageId);
      expect(out.MessageId).toMatch(/^0100[0-9a-f]{12}-/);
    } finally {
      await email.close();
    }
  });

  it('refuses an endpoint no local service serves', async () => {
    const client = new DynamoDBClient({
      ...localClientConfig('http://127.0.0.1:9'),
      requestHandler: inProcessRequestHandler,
      maxAttempts: 1,
    });
    await expect(client.send(new ListTablesCommand({}))).rejects.toBeInstanceOf(NoInProcessServiceError);
  });
});
