/**
 * The one way the ledger writes: a single-item conditional `UpdateItem` on the Messages table, built from
 * named attributes. A refused condition is an error for `updateItem` (a claim then learns what holds the
 * item, {@link refusedItem}) and an answer for `conditionalUpdate` (`applied: false`).
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { callDynamo, isConditionalCheckFailed, type StoredItem } from '../calls.ts';
import type { WriteOutcome } from '../customers.ts';
import type { LedgerTable } from './items.ts';

/** An update built from named attributes: `SET #a = :a, …`, with `#`/`:` placeholders for all. */
export interface UpdateSpec {
  /** Attributes set to a value. */
  set?: StoredItem;
  /** Attributes set only when absent (`if_not_exists`). */
  setIfAbsent?: StoredItem;
  /** Raw SET clauses (placeholders declared in `names`/`values`). */
  clauses?: string[];
  condition: string;
  /** Values the condition and clauses use. */
  values?: StoredItem;
  returnNew?: boolean;
  /**
   * Ask DynamoDB to return the item with a refusal (`ReturnValuesOnConditionCheckFailure: ALL_OLD`, free
   * of charge), so the caller need not read it; see {@link refusedItem}.
   */
  returnOldOnRefusal?: boolean;
}

/**
 * The item a refused conditional write found, when DynamoDB returned it with the refusal
 * (`ReturnValuesOnConditionCheckFailure: ALL_OLD`): DynamoDB does; dynalite (the embedded runtime) does
 * not, and neither does a refusal of an absent item. Undefined then: the caller reads the item instead.
 */
export function refusedItem(error: unknown): StoredItem | undefined {
  if (!isConditionalCheckFailed(error)) return undefined;
  const item = (error as { Item?: unknown }).Item;
  if (typeof item !== 'object' || item === null || Object.keys(item).length === 0) return undefined;
  // The DocumentClient translates results, not errors: the item comes as attribute values.
  return unmarshall(item as Parameters<typeof unmarshall>[0]) as StoredItem;
}

/** A conditional update whose refusal is an answer (`applied: false`), not an error. */
export async function conditionalUpdate(
  table: LedgerTable,
  dedupeKey: string,
  spec: UpdateSpec,
): Promise<WriteOutcome> {
  try {
    await updateItem(table, dedupeKey, spec);
    return { applied: true };
  } catch (error) {
    if (isConditionalCheckFailed(error)) return { applied: false };
    throw error;
  }
}

/** The update itself; a refused condition throws (`ConditionalCheckFailedException`). */
export async function updateItem(
  table: LedgerTable,
  dedupeKey: string,
  spec: UpdateSpec,
): Promise<StoredItem | undefined> {
  const names: Record<string, string> = {};
  const values: StoredItem = { ...spec.values };
  const clauses: string[] = [];
  for (const [name, value] of Object.entries(spec.set ?? {})) {
    if (value === undefined) continue;
    names[`#${name}`] = name;
    values[`:${name}`] = value;
    clauses.push(`#${name} = :${name}`);
  }
  for (const [name, value] of Object.entries(spec.setIfAbsent ?? {})) {
    names[`#${name}`] = name;
    values[`:${name}`] = value;
    clauses.push(`#${name} = if_not_exists(#${name}, :${name})`);
  }
  clauses.push(...(spec.clauses ?? []));
  // Names used only by the condition or the raw clauses must be declared too.
  for (const text of [spec.condition, ...(spec.clauses ?? [])]) {
    for (const match of text.matchAll(/#(\w+)/g)) {
      const name = match[1];
      if (name !== undefined) names[`#${name}`] = name;
    }
  }
  const result = await callDynamo(`UpdateItem ${table.name}`, () =>
    table.ddb.send(
      new UpdateCommand({
        TableName: table.name,
        Key: { dedupeKey },
        UpdateExpression: `SET ${clauses.join(', ')}`,
        ConditionExpression: spec.condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ...(spec.returnNew ? { ReturnValues: 'ALL_NEW' as const } : {}),
        ...(spec.returnOldOnRefusal ? { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const } : {}),
      }),
    ),
  );
  return result.Attributes;
}
