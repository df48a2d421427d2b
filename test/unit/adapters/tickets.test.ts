import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoTicketRepository } from '#adapters/dynamo/index.ts';
import { TransientError } from '#domain/errors.ts';
import { TEST_TABLES, testDeps } from '../../helpers/deps.ts';
import { supportTicketOpened, supportTicketResolved, supportTicketUpdated } from '../../helpers/events.ts';

const ddbMock = mockClient(DynamoDBDocumentClient);
const table = TEST_TABLES.ticketsTable;
const repository = new DynamoTicketRepository(testDeps().ddb, table);
const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'later event stored', $metadata: { httpStatusCode: 400 } });

/** The attributes an UpdateCommand sets, resolved through its name and value placeholders. */
function assigned(input: {
  UpdateExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}) {
  const sets = (input.UpdateExpression ?? '').replace(/^SET /, '').split(', ');
  return Object.fromEntries(
    sets.map((assignment) => {
      const [name = '', value = ''] = assignment.split(' = ');
      return [input.ExpressionAttributeNames?.[name] ?? name, input.ExpressionAttributeValues?.[value]];
    }),
  );
}

beforeEach(() => {
  ddbMock.reset();
});

describe('TicketRepository', () => {
  it('stores an opened ticket with its facts and status open, guarded by the event order', async () => {
    ddbMock.on(UpdateCommand).resolves({});

    await repository.opened(supportTicketOpened());

    const calls = ddbMock.commandCalls(UpdateCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]?.args[0].input;
    expect(input?.TableName).toBe(table);
    expect(input?.Key).toEqual({ ticketId: 't-77' });
    const statusOrder = Date.parse('2027-01-10T09:00:00Z') * 4;
    expect(assigned(input ?? {})).toEqual({
      customerId: 'c-1001',
      category: 'billing',
      priority: 'high',
      openedAt: '2027-01-10T09:00:00Z',
      responseDueAt: '2027-01-11T09:00:00Z',
      status: 'open',
      updatedAt: '2027-01-10T09:00:00Z',
      statusOrder,
    });
    expect(input?.ConditionExpression).toBe(
      'attribute_not_exists(#statusOrder) OR #statusOrder <= :statusOrder',
    );
  });

  it('keeps the facts of an event that arrives after a later one, without touching the status', async () => {
    ddbMock.on(UpdateCommand).rejectsOnce(conditionFailed()).resolves({});

    await repository.opened(supportTicketOpened());

    const inputs = ddbMock.commandCalls(UpdateCommand).map((call) => call.args[0].input);
    expect(inputs).toHaveLength(2);
    expect(inputs[1]?.ConditionExpression).toBeUndefined();
    expect(assigned(inputs[1] ?? {})).toEqual({
      customerId: 'c-1001',
      category: 'billing',
      priority: 'high',
      openedAt: '2027-01-10T09:00:00Z',
      responseDueAt: '2027-01-11T09:00:00Z',
    });
  });

  it('records the first answer only when no earlier answer is stored', async () => {
    ddbMock.on(UpdateCommand).resolves({});

    await repository.updated(supportTicketUpdated({ status: 'answered', at: '2027-01-10T15:00:00Z' }));

    const inputs = ddbMock.commandCalls(UpdateCommand).map((call) => call.args[0].input);
    expect(inputs).toHaveLength(2);
    expect(assigned(inputs[0] ?? {})).toMatchObject({
      status: 'answered',
      updatedAt: '2027-01-10T15:00:00Z',
    });
    const answeredAtMs = Date.parse('2027-01-10T15:00:00Z');
    expect(assigned(inputs[1] ?? {})).toEqual({ answeredAt: '2027-01-10T15:00:00Z', answeredAtMs });
    expect(inputs[1]?.ConditionExpression).toBe(
      'attribute_not_exists(#answeredAtMs) OR #answeredAtMs >= :answeredAtMs',
    );
  });

  it('ignores a later answer when an earlier one is stored', async () => {
    ddbMock.on(UpdateCommand).resolvesOnce({}).rejectsOnce(conditionFailed());

    await expect(repository.updated(supportTicketUpdated())).resolves.toBeUndefined();
    expect(ddbMock.commandCalls(UpdateCommand)).toHaveLength(2);
  });

  it('does not record an answer for other statuses', async () => {
    ddbMock.on(UpdateCommand).resolves({});

    await repository.updated(supportTicketUpdated({ status: 'waiting-on-customer' }));

    const inputs = ddbMock.commandCalls(UpdateCommand).map((call) => call.args[0].input);
    expect(inputs).toHaveLength(1);
    expect(assigned(inputs[0] ?? {}).status).toBe('waiting-on-customer');
  });

  it('orders a resolution after an update at the same instant', async () => {
    ddbMock.on(UpdateCommand).resolves({});
    const at = '2027-01-12T12:00:00Z';

    await repository.updated(supportTicketUpdated({ status: 'open', at }));
    await repository.resolved(supportTicketResolved({ resolvedAt: at }));

    const [updated, resolved] = ddbMock
      .commandCalls(UpdateCommand)
      .map((call) => assigned(call.args[0].input));
    expect(resolved).toMatchObject({ status: 'resolved', resolvedAt: at });
    expect(Number(resolved?.statusOrder)).toBeGreaterThan(Number(updated?.statusOrder));
  });

  it('returns a stored ticket without its bookkeeping attributes', async () => {
    ddbMock.on(GetCommand).resolves({
      Item: {
        ticketId: 't-77',
        customerId: 'c-1001',
        status: 'resolved',
        statusOrder: 5,
        answeredAtMs: 3,
        answeredAt: '2027-01-10T15:00:00Z',
        updatedAt: '2027-01-12T12:00:00Z',
      },
    });

    expect(await repository.get('t-77')).toEqual({
      ticketId: 't-77',
      customerId: 'c-1001',
      status: 'resolved',
      answeredAt: '2027-01-10T15:00:00Z',
      updatedAt: '2027-01-12T12:00:00Z',
    });
    expect(ddbMock.commandCalls(GetCommand)[0]?.args[0].input.Key).toEqual({ ticketId: 't-77' });
  });

  it('surfaces a server error as a TransientError', async () => {
    ddbMock
      .on(UpdateCommand)
      .rejects(
        Object.assign(new Error('boom'), { name: 'InternalServerError', $metadata: { httpStatusCode: 500 } }),
      );

    await expect(repository.resolved(supportTicketResolved())).rejects.toBeInstanceOf(TransientError);
  });
});
