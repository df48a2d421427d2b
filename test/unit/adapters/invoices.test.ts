import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoInvoiceRepository, invoiceSk } from '#adapters/dynamo/index.ts';
import { TEST_TABLES, testDeps } from '../../helpers/deps.ts';
import { invoiceIssued } from '../../helpers/events.ts';

const ddbMock = mockClient(DynamoDBDocumentClient);
const table = TEST_TABLES.invoicesTable;
const repository = new DynamoInvoiceRepository(testDeps().ddb, table);

beforeEach(() => {
  ddbMock.reset();
});

describe('InvoiceRepository', () => {
  it('stores the invoice under the customer with a period-first sort key', async () => {
    ddbMock.on(PutCommand).resolves({});
    const invoice = invoiceIssued();

    expect(await repository.put(invoice)).toEqual({ created: true });

    const input = ddbMock.commandCalls(PutCommand)[0]?.args[0].input;
    expect(input?.TableName).toBe(table);
    expect(input?.Item).toEqual({ ...invoice, sk: '2026-12-01#inv-2027-01-c-1001' });
    expect(input?.ConditionExpression).toBeUndefined();
  });

  it('reports a replayed invoice as not created', async () => {
    const invoice = invoiceIssued();
    ddbMock.on(PutCommand).resolves({ Attributes: { ...invoice, sk: invoiceSk(invoice) } });

    expect(await repository.put(invoice)).toEqual({ created: false });
  });

  it('reads the whole history oldest first across pages, without sort keys', async () => {
    const december = invoiceIssued();
    const january = invoiceIssued({
      invoiceId: 'inv-2027-02-c-1001',
      period: { from: '2027-01-01', to: '2027-01-31' },
    });
    ddbMock
      .on(QueryCommand)
      .resolvesOnce({
        Items: [{ ...december, sk: invoiceSk(december) }],
        LastEvaluatedKey: { customerId: 'c-1001', sk: invoiceSk(december) },
      })
      .resolvesOnce({ Items: [{ ...january, sk: invoiceSk(january) }] });

    const history = await repository.history('c-1001');

    expect(history).toEqual([december, january]);
    const first = ddbMock.commandCalls(QueryCommand)[0]?.args[0].input;
    expect(first).toMatchObject({
      TableName: table,
      KeyConditionExpression: 'customerId = :c',
      ExpressionAttributeValues: { ':c': 'c-1001' },
      ScanIndexForward: true,
    });
    expect(ddbMock.commandCalls(QueryCommand)).toHaveLength(2);
  });
});
