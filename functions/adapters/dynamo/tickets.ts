import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type {
  SupportTicketOpened,
  SupportTicketResolved,
  SupportTicketUpdated,
} from '#domain/contracts/index.ts';
import {
  callDynamo,
  epochMillis,
  isConditionalCheckFailed,
  omitAttributes,
  type StoredItem,
} from './calls.ts';

/** The status of a ticket: the one set by its latest event. */
export type TicketStatus = SupportTicketUpdated['status'] | 'resolved';

/** A ticket as merged from its events, whatever order they arrived in. */
export interface TicketRecord {
  ticketId: string;
  customerId: string;
  category?: SupportTicketOpened['category'];
  priority?: SupportTicketOpened['priority'];
  status: TicketStatus;
  openedAt?: string;
  responseDueAt?: string;
  /** The first time the ticket was answered. */
  answeredAt?: string;
  resolvedAt?: string;
  /** When support was alerted that the ticket is a day past its promise (set once). */
  escalatedAt?: string;
  /** The instant of the latest event applied. */
  updatedAt: string;
}

/** Support tickets, merged from `Support Ticket Opened/Updated/Resolved` in any order. */
export interface TicketRepository {
  opened(detail: SupportTicketOpened): Promise<void>;
  updated(detail: SupportTicketUpdated): Promise<void>;
  resolved(detail: SupportTicketResolved): Promise<void>;
  get(ticketId: string): Promise<TicketRecord | undefined>;
  /**
   * Marks the ticket escalated to the support team at `at`, once: true when this call set it (so its
   * caller raises the alert), false when it was escalated already.
   */
  claimEscalation(ticketId: string, at: string): Promise<boolean>;
  /** Takes back an escalation claimed at `at` (the alert could not be raised; a retry claims it again). */
  releaseEscalation(ticketId: string, at: string): Promise<void>;
}

// Events at the same instant still order deterministically: opened, then updated, then resolved.
const EVENT_RANK = { opened: 0, updated: 1, resolved: 2 } as const;
const INTERNAL_ATTRIBUTES = ['statusOrder', 'answeredAtMs'] as const;

/**
 * `TicketRepository` on the Tickets table (pk `ticketId`). Every event is applied with single-item
 * `UpdateItem`s: its own facts unconditionally, the status only if no later event set it, and
 * `answeredAt` only if no earlier answer is stored. Replaying an event changes nothing.
 */
export class DynamoTicketRepository implements TicketRepository {
  readonly #ddb: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(ddb: DynamoDBDocumentClient, tableName: string) {
    this.#ddb = ddb;
    this.#table = tableName;
  }

  async opened(detail: SupportTicketOpened): Promise<void> {
    const { ticketId, customerId, category, priority, openedAt, responseDueAt } = detail;
    await this.#merge(
      ticketId,
      { customerId, category, priority, openedAt, responseDueAt },
      {
        status: 'open',
        at: openedAt,
        rank: EVENT_RANK.opened,
      },
    );
  }

  async updated(detail: SupportTicketUpdated): Promise<void> {
    const { ticketId, customerId, status, at } = detail;
    await this.#merge(ticketId, { customerId }, { status, at, rank: EVENT_RANK.updated });
    if (status === 'answered') await this.#recordFirstAnswer(ticketId, at);
  }

  async resolved(detail: SupportTicketResolved): Promise<void> {
    const { ticketId, customerId, resolvedAt } = detail;
    await this.#merge(
      ticketId,
      { customerId, resolvedAt },
      {
        status: 'resolved',
        at: resolvedAt,
        rank: EVENT_RANK.resolved,
      },
    );
  }

  async get(ticketId: string): Promise<TicketRecord | undefined> {
    const result = await callDynamo(`GetItem ${this.#table}`, () =>
      this.#ddb.send(new GetCommand({ TableName: this.#table, Key: { ticketId }, ConsistentRead: true })),
    );
    return result.Item
      ? (omitAttributes(result.Item, INTERNAL_ATTRIBUTES) as unknown as TicketRecord)
      : undefined;
  }

  async claimEscalation(ticketId: string, at: string): Promise<boolean> {
    try {
      await this.#update(
        ticketId,
        { escalatedAt: at },
        { expression: 'attribute_exists(#ticketId) AND attribute_not_exists(#escalatedAt)', values: {} },
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async releaseEscalation(ticketId: string, at: string): Promise<void> {
    try {
      await callDynamo(`UpdateItem ${this.#table}`, () =>
        this.#ddb.send(
          new UpdateCommand({
            TableName: this.#table,
            Key: { ticketId },
            UpdateExpression: 'REMOVE #escalatedAt',
            ConditionExpression: '#escalatedAt = :at',
            ExpressionAttributeNames: { '#escalatedAt': 'escalatedAt' },
            ExpressionAttributeValues: { ':at': at },
          }),
        ),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async #merge(
    ticketId: string,
    facts: StoredItem,
    change: { status: TicketStatus; at: string; rank: number },
  ): Promise<void> {
    const statusOrder = epochMillis(change.at) * 4 + change.rank;
    try {
      await this.#update(
        ticketId,
        { ...facts, status: change.status, updatedAt: change.at, statusOrder },
        {
          expression: 'attribute_not_exists(#statusOrder) OR #statusOrder <= :statusOrder',
          values: { ':statusOrder': statusOrder },
        },
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      // A later event already set the status: keep it, but still store this event's facts.
      await this.#update(ticketId, facts);
    }
  }

  async #recordFirstAnswer(ticketId: string, at: string): Promise<void> {
    const answeredAtMs = epochMillis(at);
    try {
      await this.#update(
        ticketId,
        { answeredAt: at, answeredAtMs },
        {
          expression: 'attribute_not_exists(#answeredAtMs) OR #answeredAtMs >= :answeredAtMs',
          values: { ':answeredAtMs': answeredAtMs },
        },
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      // An earlier answer is already stored: it stays the first one.
    }
  }

  async #update(
    ticketId: string,
    attributes: StoredItem,
    condition?: { expression: string; values: StoredItem },
  ): Promise<void> {
    const names: Record<string, string> = {};
    const values: StoredItem = { ...condition?.values };
    const sets: string[] = [];
    for (const [name, value] of Object.entries(attributes)) {
      if (value === undefined) continue;
      names[`#${name}`] = name;
      values[`:${name}`] = value;
      sets.push(`#${name} = :${name}`);
    }
    // Names used only by the condition must be declared too.
    for (const match of condition?.expression.matchAll(/#(\w+)/g) ?? []) {
      const name = match[1];
      if (name !== undefined) names[`#${name}`] = name;
    }
    await callDynamo(`UpdateItem ${this.#table}`, () =>
      this.#ddb.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { ticketId },
          UpdateExpression: `SET ${sets.join(', ')}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ...(condition ? { ConditionExpression: condition.expression } : {}),
        }),
      ),
    );
  }
}
