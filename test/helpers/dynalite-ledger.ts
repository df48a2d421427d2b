/**
 * The Messages ledger on a dynalite of its own, with the key schema and the index by customer (its name
 * and projection) of the Messages table in infra/data-store.ts: conditions are evaluated for real, and a
 * query of the index returns only what it projects.
 */
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BY_CUSTOMER_ATTRIBUTES, BY_CUSTOMER_INDEX, DynamoMessageLedger } from '#adapters/dynamo/messages.ts';
import { localClientConfig } from '#local/services/client-config.ts';
import { startDynamoDb } from '#local/services/dynamodb.ts';

/** A running ledger on dynalite, and how to stop it. */
export interface DynaliteLedger {
  ledger: DynamoMessageLedger;
  ddb: DynamoDBDocumentClient;
  close(): Promise<void>;
}

/** Starts dynalite, creates the Messages table `table` and gives its ledger. */
export async function startLedgerOnDynalite(table: string): Promise<DynaliteLedger> {
  const dynamo = await startDynamoDb();
  const client = new DynamoDBClient(localClientConfig(dynamo.endpoint));
  await client.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'dedupeKey', AttributeType: 'S' },
        { AttributeName: 'customerId', AttributeType: 'S' },
        { AttributeName: 'createdAt', AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: 'dedupeKey', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: BY_CUSTOMER_INDEX,
          KeySchema: [
            { AttributeName: 'customerId', KeyType: 'HASH' },
            { AttributeName: 'createdAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...BY_CUSTOMER_ATTRIBUTES] },
        },
      ],
    }),
  );
  const ddb = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return {
    ledger: new DynamoMessageLedger(ddb, table),
    ddb,
    close: async () => {
      client.destroy();
      await dynamo.close();
    },
  };
}
