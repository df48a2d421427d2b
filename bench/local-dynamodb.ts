/**
 * Benchmark: what one call to the local DynamoDB costs, split by layer, on the same items:
 *
 * 1. a `Map` put/get of the same item (the floor of storing anything);
 * 2. dynalite alone: the DynamoDB JSON request handed to its request listener in process (the lean
 *    exchange the runtime uses, no SDK);
 * 3. the real SDK document client over the in-process transport with the constant signer (as the
 *    embedded runtime runs it);
 * 4. the same client over HTTP with SigV4 (as it ran before the in-process transport).
 *
 * Each row is CPU microseconds per call (user + system, the process's own), best of 3 runs.
 *
 *   npm exec -- node bench/local-dynamodb.ts [--calls 5000]
 */
import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { localClientConfig } from '#local/services/client-config.ts';
import { startDynamoDb } from '#local/services/dynamodb.ts';
import { inProcessRequestHandler, listenerOf } from '#local/services/in-process.ts';
import { type LeanListener, leanExchange } from '#local/services/lean-exchange.ts';
import { localSigner } from '#local/services/local-signer.ts';
import { type BenchmarkResult, type Cell, integerOptions, publishResult } from './lib/report.ts';

const log = (text: string) => process.stderr.write(`[local-dynamodb] ${text}\n`);
const TABLE = 'bench';
const RUNS = 3;

/** An item shaped like a ledger record (a few strings, a number, a nested map). */
function item(i: number): Record<string, unknown> {
  return {
    pk: `c-${i % 500}`,
    sk: `msg-${i}`,
    kind: 'invoice-explanation',
    status: 'sent',
    attempts: 1,
    at: '2027-01-05T10:00:00.000Z',
    facts: { invoiceId: `inv-${i}`, amount: 1234.5, currency: 'NOK', usual: 980 },
  };
}

/** CPU µs per call of `call(i)` for i in [0, calls), best of {@link RUNS}. */
async function cpuPerCall(calls: number, call: (i: number) => Promise<unknown> | unknown): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < RUNS; run++) {
    const before = process.cpuUsage();
    for (let i = 0; i < calls; i++) await call(i);
    const cpu = process.cpuUsage(before);
    best = Math.min(best, (cpu.user + cpu.system) / calls);
  }
  return best;
}

/** DynamoDB JSON of a plain item (strings, numbers, maps), as the wire carries it. */
function marshall(value: unknown): Record<string, unknown> {
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: String(value) };
  const map: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) map[key] = marshall(inner);
  return { M: map };
}

export async function runLocalDynamoDbBenchmark(options: { calls: number }): Promise<BenchmarkResult> {
  const { calls } = options;
  const dynamodb = await startDynamoDb();
  try {
    const inProcess = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        ...localClientConfig(dynamodb.endpoint),
        requestHandler: inProcessRequestHandler,
        signer: localSigner,
        maxAttempts: 1,
      }),
    );
    const overHttp = DynamoDBDocumentClient.from(
      new DynamoDBClient({ ...localClientConfig(dynamodb.endpoint), maxAttempts: 1 }),
    );
    await inProcess.send(
      new CreateTableCommand({
        TableName: TABLE,
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    // A table is ACTIVE a timer tick after CreateTable; a call before that would find no table.
    await waitUntilTableExists({ client: inProcess, maxWaitTime: 10, minDelay: 1 }, { TableName: TABLE });
    const listener = listenerOf(dynamodb.endpoint) as unknown as LeanListener;
    const raw = async (target: string, body: unknown) => {
      const payload = Buffer.from(JSON.stringify(body));
      const response = await leanExchange(listener, {
        method: 'POST',
        url: '/',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': `DynamoDB_20120810.${target}`,
          authorization:
            'AWS4-HMAC-SHA256 Credential=local/20270105/eu-north-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
          'x-amz-date': '20270105T100000Z',
        },
        body: payload,
      });
      if (response.statusCode !== 200)
        throw new Error(`dynalite ${target}: ${response.body.toString().slice(0, 200)}`);
      return response;
    };

    log(`${calls} calls a layer, best of ${RUNS}`);
    const map = new Map<string, string>();
    const floorPut = await cpuPerCall(calls, (i) => {
      const it = item(i);
      map.set(`${it.pk}#${it.sk}`, JSON.stringify(it));
    });
    const floorGet = await cpuPerCall(calls, (i) => JSON.parse(map.get(`c-${i % 500}#msg-${i}`) ?? '{}'));

    const rawPut = await cpuPerCall(calls, (i) =>
      raw('PutItem', { TableName: TABLE, Item: marshall(item(i)).M }),
    );
    const rawGet = await cpuPerCall(calls, (i) =>
      raw('GetItem', { TableName: TABLE, Key: { pk: { S: `c-${i % 500}` }, sk: { S: `msg-${i}` } } }),
    );
    const rawUpdate = await cpuPerCall(calls, (i) =>
      raw('UpdateItem', {
        TableName: TABLE,
        Key: { pk: { S: `c-${i % 500}` }, sk: { S: `msg-${i}` } },
        UpdateExpression: 'SET #s = :s, attempts = attempts + :one',
        ConditionExpression: 'attribute_exists(pk) AND #s = :was',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': { S: 'sent' }, ':was': { S: 'sent' }, ':one': { N: '1' } },
      }),
    );
    const rawQuery = await cpuPerCall(Math.ceil(calls / 10), (i) =>
      raw('Query', {
        TableName: TABLE,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': { S: `c-${i % 500}` } },
        Limit: 10,
      }),
    );

    const sdk = async (client: DynamoDBDocumentClient) => ({
      put: await cpuPerCall(calls, (i) => client.send(new PutCommand({ TableName: TABLE, Item: item(i) }))),
      get: await cpuPerCall(calls, (i) =>
        client.send(new GetCommand({ TableName: TABLE, Key: { pk: `c-${i % 500}`, sk: `msg-${i}` } })),
      ),
      query: await cpuPerCall(Math.ceil(calls / 10), (i) =>
        client.send(
          new QueryCommand({
            TableName: TABLE,
            KeyConditionExpression: 'pk = :p',
            ExpressionAttributeValues: { ':p': `c-${i % 500}` },
            Limit: 10,
          }),
        ),
      ),
    });
    const viaInProcess = await sdk(inProcess);
    const viaHttp = await sdk(overHttp);
    overHttp.destroy();

    const us = (value: number) => Math.round(value);
    const rows: Cell[][] = [
      ['Map set / get of the same item (JSON in and out): the floor', us(floorPut), us(floorGet), '', ''],
      [
        'dynalite alone (DynamoDB JSON to its listener, no SDK)',
        us(rawPut),
        us(rawGet),
        us(rawQuery),
        us(rawUpdate),
      ],
      [
        'SDK document client, in process, constant signer',
        us(viaInProcess.put),
        us(viaInProcess.get),
        us(viaInProcess.query),
        '',
      ],
      ['SDK document client over HTTP with SigV4', us(viaHttp.put), us(viaHttp.get), us(viaHttp.query), ''],
      [
        'SDK share of an in-process call (SDK − dynalite alone)',
        us(viaInProcess.put - rawPut),
        us(viaInProcess.get - rawGet),
        us(viaInProcess.query - rawQuery),
        '',
      ],
    ];
    return {
      benchmark: 'local-dynamodb',
      tables: [
        {
          title: `One call to the local DynamoDB, CPU µs per call by layer (${calls} calls, best of ${RUNS})`,
          columns: ['layer', 'PutItem', 'GetItem', 'Query (≤ 10 items)', 'UpdateItem (conditional)'],
          rows,
        },
      ],
      data: {
        calls,
        floor: { put: floorPut, get: floorGet },
        dynalite: { put: rawPut, get: rawGet, query: rawQuery, update: rawUpdate },
        sdkInProcess: viaInProcess,
        sdkHttp: viaHttp,
      },
      notes: [
        'dynalite is the conformance reference (its validation and expression parser are why it is trusted); ' +
          'a parsed expression depends on the attribute values it is given, so it is not cached here.',
        'The SDK rows include the middleware stack and serialization; the in-process rows hand the request to dynalite as the runtime does (lean exchange, no socket).',
      ],
    };
  } finally {
    await dynamodb.close();
  }
}

if (import.meta.main) {
  publishResult(await runLocalDynamoDbBenchmark(integerOptions(process.argv.slice(2), { calls: 5_000 })));
}
