import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { callDynamo, isConditionalCheckFailed } from './calls.ts';

/** The control item that pauses marketing and survey sends. */
export const SENDS_PAUSED_CONTROL = 'sends-paused';

/** Why and since when marketing and survey sends are paused. */
export interface SendsPaused {
  control: typeof SENDS_PAUSED_CONTROL;
  /** When the pause began (ISO 8601): the first trip is kept while paused. */
  since: string;
  /** What tripped it: the alarm's name, or an operator. */
  by: string;
  /** Why, for ops (no address, no customer data). */
  reason: string;
}

/** The switches of the Controls table (pk `control`). */
export interface Controls {
  /** The pause in force, if any. */
  sendsPaused(): Promise<SendsPaused | undefined>;
  /** Pauses marketing and survey sends; a pause in force is kept (`applied: false`). */
  pauseSends(pause: Omit<SendsPaused, 'control'>): Promise<{ applied: boolean }>;
  /** Resumes them; `applied: false` when they were not paused. */
  resumeSends(): Promise<{ applied: boolean; was?: SendsPaused }>;
}

/** {@link Controls} on DynamoDB. */
export class DynamoControls implements Controls {
  readonly #ddb: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(ddb: DynamoDBDocumentClient, table: string) {
    this.#ddb = ddb;
    this.#table = table;
  }

  async sendsPaused(): Promise<SendsPaused | undefined> {
    const result = await callDynamo('GetItem controls', () =>
      this.#ddb.send(
        new GetCommand({
          TableName: this.#table,
          Key: { control: SENDS_PAUSED_CONTROL },
          ConsistentRead: true,
        }),
      ),
    );
    return result.Item as SendsPaused | undefined;
  }

  async pauseSends(pause: Omit<SendsPaused, 'control'>): Promise<{ applied: boolean }> {
    const item: SendsPaused = {
      control: SENDS_PAUSED_CONTROL,
      since: pause.since,
      by: pause.by.slice(0, 256),
      reason: pause.reason.slice(0, 1024),
    };
    try {
      await callDynamo('PutItem controls', () =>
        this.#ddb.send(
          new PutCommand({
            TableName: this.#table,
            Item: item,
            ConditionExpression: 'attribute_not_exists(control)',
          }),
        ),
      );
      return { applied: true };
    } catch (error) {
      if (isConditionalCheckFailed(error)) return { applied: false };
      throw error;
    }
  }

  async resumeSends(): Promise<{ applied: boolean; was?: SendsPaused }> {
    const result = await callDynamo('DeleteItem controls', () =>
      this.#ddb.send(
        new DeleteCommand({
          TableName: this.#table,
          Key: { control: SENDS_PAUSED_CONTROL },
          ReturnValues: 'ALL_OLD',
        }),
      ),
    );
    const was = result.Attributes as SendsPaused | undefined;
    return was ? { applied: true, was } : { applied: false };
  }
}
