import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SurveyResponseReceived } from '../../domain/contracts/index.ts';
import { callDynamo } from './calls.ts';

/** A stored survey response. */
export interface SurveyResponseRecord {
  surveyId: string;
  customerId: string;
  /** When the customer responded (`respondedAt` of the event). */
  at: string;
  scale: SurveyResponseReceived['scale'];
  score: number;
  comment?: string;
}

/** Survey responses by survey id. */
export interface SurveyRepository {
  /** Stores the response (idempotent: the same response stored again leaves the same item). */
  recordResponse(detail: SurveyResponseReceived): Promise<void>;
  get(surveyId: string): Promise<SurveyResponseRecord | undefined>;
}

/** `SurveyRepository` on the Surveys table (pk `surveyId`). */
export class DynamoSurveyRepository implements SurveyRepository {
  readonly #ddb: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(ddb: DynamoDBDocumentClient, tableName: string) {
    this.#ddb = ddb;
    this.#table = tableName;
  }

  async recordResponse(detail: SurveyResponseReceived): Promise<void> {
    const item: SurveyResponseRecord = {
      surveyId: detail.surveyId,
      customerId: detail.customerId,
      at: detail.respondedAt,
      scale: detail.scale,
      score: detail.score,
      ...(detail.comment === undefined ? {} : { comment: detail.comment }),
    };
    await callDynamo(`PutItem ${this.#table}`, () =>
      this.#ddb.send(new PutCommand({ TableName: this.#table, Item: { ...item } })),
    );
  }

  async get(surveyId: string): Promise<SurveyResponseRecord | undefined> {
    const result = await callDynamo(`GetItem ${this.#table}`, () =>
      this.#ddb.send(new GetCommand({ TableName: this.#table, Key: { surveyId }, ConsistentRead: true })),
    );
    return result.Item as SurveyResponseRecord | undefined;
  }
}
