import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SurveyResponseReceived } from '#domain/contracts/index.ts';
import type { Survey } from '#domain/surveys/surveys.ts';
import { callDynamo, isConditionalCheckFailed, queryItems } from './calls.ts';

/**
 * A survey and, once answered, its response. A survey stille asked has `trigger`, `askedAt` and the
 * customer's case (`ticketId` or `productId`); a response another system reported may exist without.
 */
export interface SurveyRecord {
  surveyId: string;
  customerId: string;
  /** The `byCustomer` sort key: when the survey was asked (or, for a reported response, answered). */
  at: string;
  scale: SurveyResponseReceived['scale'];
  trigger?: Survey['trigger'];
  ticketId?: string;
  productId?: string;
  askedAt?: string;
  /** The response: set once, by the first answer. */
  score?: number;
  comment?: string;
  respondedAt?: string;
}

/** What became of a response. */
export type ResponseOutcome =
  /** Stored: the survey's first answer. */
  | 'recorded'
  /** The survey already has this score (a double click, a replayed event): nothing changed. */
  | 'duplicate'
  /** The survey was already answered with another score, or belongs to another customer: refused. */
  | 'conflict';

/** Surveys and their responses by survey id. */
export interface SurveyRepository {
  /** Stores a survey stille asks; asking again (a replayed event) keeps the first record. */
  ask(survey: Survey, at: Date): Promise<'created' | 'exists'>;
  /** Stores the survey's first response; a later one never overwrites it. */
  recordResponse(detail: SurveyResponseReceived): Promise<ResponseOutcome>;
  /** Takes back a response recorded at `respondedAt` (when what must follow it could not be done). */
  withdrawResponse(surveyId: string, respondedAt: string): Promise<void>;
  get(surveyId: string): Promise<SurveyRecord | undefined>;
  /** The customer's answered surveys asked (or reported) since `since` (byCustomer index). */
  answersSince(customerId: string, since: Date): Promise<SurveyRecord[]>;
}

/**
 * `SurveyRepository` on the Surveys table (pk `surveyId`, GSI `byCustomer` on `customerId`, `at`). Every
 * write is a single-item conditional write: the survey is created once, the response set once.
 */
export class DynamoSurveyRepository implements SurveyRepository {
  readonly #ddb: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(ddb: DynamoDBDocumentClient, tableName: string) {
    this.#ddb = ddb;
    this.#table = tableName;
  }

  async ask(survey: Survey, at: Date): Promise<'created' | 'exists'> {
    const item: SurveyRecord = {
      surveyId: survey.surveyId,
      customerId: survey.customerId,
      at: at.toISOString(),
      askedAt: at.toISOString(),
      scale: survey.scale,
      trigger: survey.trigger,
      ...(survey.ticketId === undefined ? {} : { ticketId: survey.ticketId }),
      ...(survey.productId === undefined ? {} : { productId: survey.productId }),
    };
    try {
      await callDynamo(`PutItem ${this.#table}`, () =>
        this.#ddb.send(
          new PutCommand({
            TableName: this.#table,
            Item: { ...item },
            ConditionExpression: 'attribute_not_exists(surveyId)',
          }),
        ),
      );
      return 'created';
    } catch (error) {
      if (isConditionalCheckFailed(error)) return 'exists';
      throw error;
    }
  }

  async recordResponse(detail: SurveyResponseReceived): Promise<ResponseOutcome> {
    const comment = detail.comment !== undefined;
    const sets = [
      '#customerId = if_not_exists(#customerId, :customerId)',
      '#scale = if_not_exists(#scale, :scale)',
      '#at = if_not_exists(#at, :respondedAt)',
      '#score = :score',
      '#respondedAt = :respondedAt',
      ...(comment ? ['#comment = :comment'] : []),
    ];
    try {
      await callDynamo(`UpdateItem ${this.#table}`, () =>
        this.#ddb.send(
          new UpdateCommand({
            TableName: this.#table,
            Key: { surveyId: detail.surveyId },
            UpdateExpression: `SET ${sets.join(', ')}`,
            // First answer wins; a survey of another customer or scale is not this response's.
            ConditionExpression:
              'attribute_not_exists(#score) AND (attribute_not_exists(#customerId) OR #customerId = :customerId) ' +
              'AND (attribute_not_exists(#scale) OR #scale = :scale)',
            ExpressionAttributeNames: {
              '#customerId': 'customerId',
              '#scale': 'scale',
              '#at': 'at',
              '#score': 'score',
              '#respondedAt': 'respondedAt',
              ...(comment ? { '#comment': 'comment' } : {}),
            },
            ExpressionAttributeValues: {
              ':customerId': detail.customerId,
              ':scale': detail.scale,
              ':score': detail.score,
              ':respondedAt': detail.respondedAt,
              ...(comment ? { ':comment': detail.comment } : {}),
            },
          }),
        ),
      );
      return 'recorded';
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
    const stored = await this.get(detail.surveyId);
    return stored?.customerId === detail.customerId &&
      stored.scale === detail.scale &&
      stored.score === detail.score
      ? 'duplicate'
      : 'conflict';
  }

  async withdrawResponse(surveyId: string, respondedAt: string): Promise<void> {
    try {
      await callDynamo(`UpdateItem ${this.#table}`, () =>
        this.#ddb.send(
          new UpdateCommand({
            TableName: this.#table,
            Key: { surveyId },
            UpdateExpression: 'REMOVE #score, #respondedAt, #comment',
            ConditionExpression: '#respondedAt = :respondedAt',
            ExpressionAttributeNames: {
              '#score': 'score',
              '#respondedAt': 'respondedAt',
              '#comment': 'comment',
            },
            ExpressionAttributeValues: { ':respondedAt': respondedAt },
          }),
        ),
      );
    } catch (error) {
      // Another response is stored now: it is not ours to take back.
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async get(surveyId: string): Promise<SurveyRecord | undefined> {
    const result = await callDynamo(`GetItem ${this.#table}`, () =>
      this.#ddb.send(new GetCommand({ TableName: this.#table, Key: { surveyId }, ConsistentRead: true })),
    );
    return result.Item as SurveyRecord | undefined;
  }

  async answersSince(customerId: string, since: Date): Promise<SurveyRecord[]> {
    const answers: SurveyRecord[] = [];
    for await (const item of queryItems(this.#ddb, {
      TableName: this.#table,
      IndexName: 'byCustomer',
      KeyConditionExpression: 'customerId = :c AND #at >= :since',
      FilterExpression: 'attribute_exists(score)',
      ExpressionAttributeNames: { '#at': 'at' },
      ExpressionAttributeValues: { ':c': customerId, ':since': since.toISOString() },
    })) {
      answers.push(item as unknown as SurveyRecord);
    }
    return answers;
  }
}
