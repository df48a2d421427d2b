/**
 * The one way the ledger writes: a single-item conditional `UpdateItem` on the Messages table, built from
 * named attributes. A refused condition is an error for `updateItem` (a claim then reads the item) and an
 * answer for `conditionalUpdate` (`applied: false`).
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
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
      }),
    ),
  );
  return result.Attributes;
}
