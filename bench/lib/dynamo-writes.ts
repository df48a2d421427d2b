import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** DynamoDB write requests seen while counting, and the write request units they would consume on AWS. */
export interface DynamoWriteCount {
  requests: number;
  /** One WRU per KB written, rounded up, per item (an update or delete is counted as one). */
  writeRequestUnits: number;
  byCommand: Record<string, number>;
  /** Every call (reads, writes and EventBridge PutEvents) by command: the calls an item costs. */
  calls: Record<string, number>;
  /** Writes by table name: requests that touched the table, items written to it, and their units. */
  byTable: Record<string, TableWrites>;
  /**
   * Read request units the reads would consume on AWS, estimated from what they returned: 4 KB per unit
   * (rounded up per GetItem item, per Query or Scan page), half a unit when eventually consistent. A
   * lower bound: DynamoDB bills a Query for the items it read before its filter and projection.
   */
  readRequestUnits: number;
}

/** Writes to one table. */
export interface TableWrites {
  /** Write requests that touched the table (a batch touching two tables counts for each). */
  requests: number;
  /** Items written: one per put, update or delete, one per item of a batch or transaction. */
  items: number;
  writeRequestUnits: number;
}

/** Counts DynamoDB writes (and every DynamoDB and PutEvents call) of every SDK client in this process between `start()` and `stop()`. */
export interface DynamoWriteCounter {
  start(): void;
  stop(): void;
  counts(): DynamoWriteCount;
  /** Puts the SDK's own `send` back. */
  restore(): void;
}

type Send = (this: unknown, command: unknown, ...rest: unknown[]) => unknown;
interface Sends {
  send: Send;
}

const KB = 1024;

/** Write units of one item: its JSON size overestimates DynamoDB's item size a little, which is safe here. */
const unitsOf = (item: unknown) => Math.max(1, Math.ceil(Buffer.byteLength(JSON.stringify(item ?? {})) / KB));

/**
 * Write request units of a command, by its class name (document client and low-level client alike), or
 * undefined for a command that writes nothing.
 */
function writeUnits(command: unknown): number | undefined {
  const name = (command as { constructor?: { name?: string } } | null)?.constructor?.name ?? '';
  const input = (command as { input?: Record<string, unknown> } | null)?.input ?? {};
  switch (name) {
    case 'PutCommand':
    case 'PutItemCommand':
      return unitsOf(input.Item);
    case 'UpdateCommand':
    case 'UpdateItemCommand':
    case 'DeleteCommand':
    case 'DeleteItemCommand':
      return 1;
    case 'BatchWriteCommand':
    case 'BatchWriteItemCommand': {
      const requests = Object.values(
        (input.RequestItems as Record<string, unknown[]> | undefined) ?? {},
      ).flat();
      return requests.reduce<number>(
        (sum, request) => sum + unitsOf((request as { PutRequest?: { Item?: unknown } }).PutRequest?.Item),
        0,
      );
    }
    case 'TransactWriteCommand':
    case 'TransactWriteItemsCommand':
      // A transactional write costs two units per item.
      return 2 * ((input.TransactItems as unknown[] | undefined)?.length ?? 0);
    default:
      return undefined;
  }
}

/** The items a write command writes, with the table and units of each; undefined for a read. */
function tableItems(command: unknown): Array<{ table: string; units: number }> | undefined {
  const name = (command as { constructor?: { name?: string } } | null)?.constructor?.name ?? '';
  const input = (command as { input?: Record<string, unknown> } | null)?.input ?? {};
  const table = typeof input.TableName === 'string' ? input.TableName : '(unknown)';
  switch (name) {
    case 'PutCommand':
    case 'PutItemCommand':
      return [{ table, units: unitsOf(input.Item) }];
    case 'UpdateCommand':
    case 'UpdateItemCommand':
    case 'DeleteCommand':
    case 'DeleteItemCommand':
      return [{ table, units: 1 }];
    case 'BatchWriteCommand':
    case 'BatchWriteItemCommand':
      return Object.entries((input.RequestItems as Record<string, unknown[]> | undefined) ?? {}).flatMap(
        ([batchTable, requests]) =>
          requests.map((request) => ({
            table: batchTable,
            units: unitsOf((request as { PutRequest?: { Item?: unknown } }).PutRequest?.Item),
          })),
      );
    case 'TransactWriteCommand':
    case 'TransactWriteItemsCommand':
      // Each item names its table under its operation (`Put`, `Update`, `Delete`, `ConditionCheck`).
      return ((input.TransactItems as Array<Record<string, { TableName?: string }>> | undefined) ?? []).map(
        (item) => ({
          table: Object.values(item)[0]?.TableName ?? '(unknown)',
          units: 2,
        }),
      );
    default:
      return undefined;
  }
}

/**
 * Wraps `send` of the DynamoDB document client and low-level client classes, so writes of clients that
 * handlers create inside the embedded runtime are counted too. A document client command never goes
 * through the low-level client's `send`, so nothing is counted twice.
 */
export function countDynamoWrites(): DynamoWriteCounter {
  let active = false;
  const count: DynamoWriteCount = {
    requests: 0,
    writeRequestUnits: 0,
    byCommand: {},
    calls: {},
    byTable: {},
    readRequestUnits: 0,
  };
  const patched: Array<{ proto: Sends; own: PropertyDescriptor | undefined }> = [];

  for (const cls of [DynamoDBDocumentClient, DynamoDBClient, EventBridgeClient]) {
    const proto = cls.prototype as unknown as Sends;
    const own = Object.getOwnPropertyDescriptor(proto, 'send');
    const original = proto.send;
    proto.send = function countingSend(this: unknown, command: unknown, ...rest: unknown[]) {
      if (active) {
        const commandName = (command as { constructor?: { name?: string } } | null)?.constructor?.name ?? '?';
        // Only SDK commands: anything else handed to `send` is not a call to AWS.
        if (commandName.endsWith('Command')) count.calls[commandName] = (count.calls[commandName] ?? 0) + 1;
        const units = writeUnits(command);
        if (units !== undefined) {
          const name = (command as { constructor: { name: string } }).constructor.name;
          count.requests++;
          count.writeRequestUnits += units;
          count.byCommand[name] = (count.byCommand[name] ?? 0) + 1;
          const touched = new Set<string>();
          for (const { table, units: itemUnits } of tableItems(command) ?? []) {
            const entry = count.byTable[table] ?? { requests: 0, items: 0, writeRequestUnits: 0 };
            count.byTable[table] = entry;
            entry.items++;
            entry.writeRequestUnits += itemUnits;
            if (!touched.has(table)) entry.requests++;
            touched.add(table);
          }
        }
      }
      const out = original.call(this, command, ...rest);
      if (active && out instanceof Promise) {
        const units = readUnitsOf(command);
        if (units) {
          out.then(
            (response: unknown) => {
              count.readRequestUnits += units(response);
            },
            () => undefined,
          );
        }
      }
      return out;
    };
    patched.push({ proto, own });
  }

  return {
    start: () => {
      active = true;
    },
    stop: () => {
      active = false;
    },
    counts: () => ({
      ...count,
      byCommand: { ...count.byCommand },
      calls: { ...count.calls },
      byTable: Object.fromEntries(Object.entries(count.byTable).map(([table, w]) => [table, { ...w }])),
    }),
    restore: () => {
      for (const { proto, own } of patched) {
        if (own) Object.defineProperty(proto, 'send', own);
        else delete (proto as Partial<Sends>).send;
      }
    },
  };
}

const READ_UNIT_BYTES = 4 * KB;

/** How to price a read command's response in read request units; undefined for anything else. */
function readUnitsOf(command: unknown): ((response: unknown) => number) | undefined {
  const name = (command as { constructor?: { name?: string } } | null)?.constructor?.name ?? '';
  const input = (command as { input?: Record<string, unknown> } | null)?.input ?? {};
  const factor = input.ConsistentRead === true ? 1 : 0.5;
  const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value ?? {}));
  switch (name) {
    case 'GetCommand':
    case 'GetItemCommand':
      return (response) =>
        factor * Math.max(1, Math.ceil(size((response as { Item?: unknown }).Item) / READ_UNIT_BYTES));
    case 'QueryCommand':
    case 'ScanCommand':
      return (response) => {
        const items = (response as { Items?: unknown[] }).Items ?? [];
        const bytes = items.reduce<number>((sum, item) => sum + size(item), 0);
        return factor * Math.max(1, Math.ceil(bytes / READ_UNIT_BYTES));
      };
    case 'BatchGetCommand':
    case 'BatchGetItemCommand':
      return (response) =>
        Object.values((response as { Responses?: Record<string, unknown[]> }).Responses ?? {})
          .flat()
          .reduce<number>((sum, item) => sum + 0.5 * Math.max(1, Math.ceil(size(item) / READ_UNIT_BYTES)), 0);
    default:
      return undefined;
  }
}

/** Rows of calls per item: the total, then each command, largest first (for a report table). */
export function callsPerItemRows(
  label: string,
  calls: Record<string, number>,
  items: number,
): Array<[string, number, string]> {
  const per = (n: number) => Number((n / Math.max(1, items)).toFixed(3));
  const total = Object.values(calls).reduce((sum, n) => sum + n, 0);
  return [
    [label, per(total), 'calls/item'],
    ...Object.entries(calls)
      .sort(([, a], [, b]) => b - a)
      .map(([command, n]): [string, number, string] => [`  ${command.replace(/Command$/, '')}`, per(n), '']),
  ];
}
