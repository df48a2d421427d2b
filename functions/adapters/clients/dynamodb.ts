import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type ClientContext, clientConfig } from './context.ts';

/**
 * The DynamoDB document client of a handler: native JavaScript values in and out, `undefined` attributes
 * left out. The SDK retries throttling and transient errors up to 4 attempts.
 */
export function dynamoDocumentClient(context: ClientContext): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    ...clientConfig(context, context.endpoints?.dynamodb),
    maxAttempts: 4,
  });
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
