import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CampaignCancelled, CampaignRunCompleted, CampaignScheduled } from '#domain/contracts/index.ts';
import { callDynamo, isConditionalCheckFailed, queryItems, type StoredItem, scanItems } from './calls.ts';

/** Sort key of a campaign's definition. */
export const CAMPAIGN_SK = 'campaign';
/** Sort key of a campaign's latest preview definition (`dryRun: true`): it replaces nothing. */
export const PREVIEW_SK = 'preview';
/** Sort-key prefix of a campaign's runs: `run#<runAt>`, and `run#<runAt>#preview` for a preview. */
export const RUN_SK_PREFIX = 'run#';

function runSk(runAt: string, dryRun: boolean): string {
  return `${RUN_SK_PREFIX}${runAt}${dryRun ? '#preview' : ''}`;
}

/** A stored campaign: its latest definition, and whether it was cancelled. */
export interface CampaignRecord {
  campaignId: string;
  definition: CampaignScheduled;
  status: 'scheduled' | 'cancelled';
  /** When the standing `Campaign Scheduled` happened (its event time). */
  scheduledAt: string;
  cancelledAt?: string;
}

/** A run of a campaign as the ledger of runs keeps it. */
export interface CampaignRunRecord {
  campaignId: string;
  runAt: string;
  status: 'running' | 'completed';
  /** The execution that claimed the run. */
  execution: string;
  startedAt: string;
  dryRun: boolean;
  completedAt?: string;
  /** The counts of `Campaign Run Completed`, once the run is complete. */
  result?: CampaignRunCompleted;
  /** The run bucket key of the preview report (dry runs). */
  previewKey?: string;
}

/** The Campaigns table: definitions (latest wins) and the claim and outcome of each run. */
export interface CampaignRepository {
  /** Stores a definition; an older one than the standing one is ignored. */
  schedule(campaign: CampaignScheduled, at: Date): Promise<{ applied: boolean }>;
  /** Marks a campaign cancelled (one not yet known is stored as cancelled). */
  cancel(cancelled: CampaignCancelled): Promise<{ applied: boolean }>;
  /** The standing definition, or with `preview` the latest preview's. */
  get(campaignId: string, options?: { preview?: boolean }): Promise<CampaignRecord | undefined>;
  /** Claims a run for `execution`: `claimed`, or `exists` when another execution already has it. */
  claimRun(run: Omit<CampaignRunRecord, 'status'>): Promise<'claimed' | 'exists'>;
  completeRun(
    campaignId: string,
    runAt: string,
    dryRun: boolean,
    result: CampaignRunCompleted,
    at: Date,
    previewKey?: string,
  ): Promise<void>;
  runs(campaignId: string): Promise<CampaignRunRecord[]>;
  /** Every campaign with its runs (the simulate report; a scan). */
  everything(): Promise<Array<CampaignRecord & { runs: CampaignRunRecord[] }>>;
}

export class DynamoCampaignRepository implements CampaignRepository {
  readonly #ddb: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(ddb: DynamoDBDocumentClient, tableName: string) {
    this.#ddb = ddb;
    this.#table = tableName;
  }

  async schedule(campaign: CampaignScheduled, at: Date): Promise<{ applied: boolean }> {
    try {
      await callDynamo(`PutItem ${this.#table}`, () =>
        this.#ddb.send(
          new PutCommand({
            TableName: this.#table,
            Item: {
              campaignId: campaign.campaignId,
              // A preview replaces only the previous preview, never the campaign's schedule.
              sk: campaign.dryRun ? PREVIEW_SK : CAMPAIGN_SK,
              // As JSON: the audience nests, and DynamoDB need not know its shape.
              definition: JSON.stringify(campaign),
              status: 'scheduled',
              scheduledAt: at.toISOString(),
              eventAtMs: at.getTime(),
            },
            // The later event stands; a cancellation after this event keeps the campaign cancelled.
            ConditionExpression:
              'attribute_not_exists(sk) OR (eventAtMs <= :at AND (attribute_not_exists(cancelledAtMs) OR cancelledAtMs <= :at))',
            ExpressionAttributeValues: { ':at': at.getTime() },
          }),
        ),
      );
      return { applied: true };
    } catch (error) {
      if (isConditionalCheckFailed(error)) return { applied: false };
      throw error;
    }
  }

  async cancel(cancelled: CampaignCancelled): Promise<{ applied: boolean }> {
    const atMs = Date.parse(cancelled.at);
    try {
      await callDynamo(`UpdateItem ${this.#table}`, () =>
        this.#ddb.send(
          new UpdateCommand({
            TableName: this.#table,
            Key: { campaignId: cancelled.campaignId, sk: CAMPAIGN_SK },
            UpdateExpression: 'SET #s = :cancelled, cancelledAt = :c, cancelledAtMs = :cMs',
            ConditionExpression: 'attribute_not_exists(cancelledAtMs) OR cancelledAtMs > :cMs',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':cancelled': 'cancelled', ':c': cancelled.at, ':cMs': atMs },
          }),
        ),
      );
      return { applied: true };
    } catch (error) {
      if (isConditionalCheckFailed(error)) return { applied: false };
      throw error;
    }
  }

  async get(campaignId: string, options: { preview?: boolean } = {}): Promise<CampaignRecord | undefined> {
    const sk = options.preview ? PREVIEW_SK : CAMPAIGN_SK;
    const out = await callDynamo(`GetItem ${this.#table}`, () =>
      this.#ddb.send(
        new GetCommand({ TableName: this.#table, Key: { campaignId, sk }, ConsistentRead: true }),
      ),
    );
    return out.Item && out.Item.definition !== undefined ? toCampaign(out.Item) : undefined;
  }

  async claimRun(run: Omit<CampaignRunRecord, 'status'>): Promise<'claimed' | 'exists'> {
    try {
      await callDynamo(`PutItem ${this.#table}`, () =>
        this.#ddb.send(
          new PutCommand({
            TableName: this.#table,
            Item: { ...run, sk: runSk(run.runAt, run.dryRun), status: 'running' },
            // The same execution again (a retried task) keeps its claim.
            ConditionExpression: 'attribute_not_exists(sk) OR execution = :e',
            ExpressionAttributeValues: { ':e': run.execution },
          }),
        ),
      );
      return 'claimed';
    } catch (error) {
      if (isConditionalCheckFailed(error)) return 'exists';
      throw error;
    }
  }

  async completeRun(
    campaignId: string,
    runAt: string,
    dryRun: boolean,
    result: CampaignRunCompleted,
    at: Date,
    previewKey?: string,
  ): Promise<void> {
    await callDynamo(`UpdateItem ${this.#table}`, () =>
      this.#ddb.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { campaignId, sk: runSk(runAt, dryRun) },
          UpdateExpression: `SET #s = :done, #r = :r, completedAt = :at${previewKey ? ', previewKey = :p' : ''}`,
          ExpressionAttributeNames: { '#s': 'status', '#r': 'result' },
          ExpressionAttributeValues: {
            ':done': 'completed',
            ':r': JSON.stringify(result),
            ':at': at.toISOString(),
            ...(previewKey ? { ':p': previewKey } : {}),
          },
        }),
      ),
    );
  }

  async runs(campaignId: string): Promise<CampaignRunRecord[]> {
    const runs: CampaignRunRecord[] = [];
    for await (const item of queryItems(this.#ddb, {
      TableName: this.#table,
      KeyConditionExpression: 'campaignId = :c AND begins_with(sk, :run)',
      ExpressionAttributeValues: { ':c': campaignId, ':run': RUN_SK_PREFIX },
      ConsistentRead: true,
    })) {
      runs.push(toRun(item));
    }
    return runs;
  }

  async everything(): Promise<Array<CampaignRecord & { runs: CampaignRunRecord[] }>> {
    const campaigns = new Map<string, CampaignRecord & { runs: CampaignRunRecord[] }>();
    const runs: CampaignRunRecord[] = [];
    for await (const item of scanItems(this.#ddb, { TableName: this.#table, ConsistentRead: true })) {
      if ((item.sk === CAMPAIGN_SK || item.sk === PREVIEW_SK) && item.definition !== undefined) {
        const known = campaigns.get(String(item.campaignId));
        // The campaign's own definition over its preview's.
        if (!known || item.sk === CAMPAIGN_SK) {
          campaigns.set(String(item.campaignId), { ...toCampaign(item), runs: known?.runs ?? [] });
        }
      } else if (String(item.sk).startsWith(RUN_SK_PREFIX)) runs.push(toRun(item));
    }
    for (const run of runs) campaigns.get(run.campaignId)?.runs.push(run);
    for (const campaign of campaigns.values()) campaign.runs.sort((a, b) => a.runAt.localeCompare(b.runAt));
    return [...campaigns.values()].sort((a, b) => a.campaignId.localeCompare(b.campaignId));
  }
}

function toCampaign(item: StoredItem): CampaignRecord {
  return {
    campaignId: String(item.campaignId),
    definition: JSON.parse(String(item.definition)) as CampaignScheduled,
    status: item.status === 'cancelled' ? 'cancelled' : 'scheduled',
    scheduledAt: String(item.scheduledAt),
    ...(typeof item.cancelledAt === 'string' ? { cancelledAt: item.cancelledAt } : {}),
  };
}

function toRun(item: StoredItem): CampaignRunRecord {
  return {
    campaignId: String(item.campaignId),
    runAt: String(item.runAt),
    status: item.status === 'completed' ? 'completed' : 'running',
    execution: String(item.execution),
    startedAt: String(item.startedAt),
    dryRun: item.dryRun === true,
    ...(typeof item.completedAt === 'string' ? { completedAt: item.completedAt } : {}),
    ...(typeof item.result === 'string' ? { result: JSON.parse(item.result) as CampaignRunCompleted } : {}),
    ...(typeof item.previewKey === 'string' ? { previewKey: item.previewKey } : {}),
  };
}
