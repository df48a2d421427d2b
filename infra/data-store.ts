import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { BY_CUSTOMER_ATTRIBUTES, BY_CUSTOMER_INDEX } from '#adapters/dynamo/messages/by-customer-index.ts';
import type { TableKey } from '#domain/config/env-names.ts';
import { StilleTable } from './stille-table.ts';

/**
 * The Messages table's first index by customer, which projected every attribute (bodies included). No
 * function reads it; a stack deployed with it keeps it for one deploy while the index that replaced it
 * is created ({@link DataStoreProps.legacyMessagesIndex}; docs/operations.md "Upgrading a deployed
 * stack").
 */
export const LEGACY_MESSAGES_INDEX = 'byCustomer';

/** Properties of the {@link DataStore}. */
export interface DataStoreProps {
  /** Deletion protection on every table. @default true */
  readonly deletionProtection?: boolean;
  /**
   * Keep the Messages table's {@link LEGACY_MESSAGES_INDEX} (projection ALL, unused) beside the index that
   * replaced it: the first of the two deploys that upgrade a stack created with it, since CloudFormation
   * cannot delete one index and create another in one update. @default false
   */
  readonly legacyMessagesIndex?: boolean;
}

/**
 * Every table of stille. The key schemas are a contract with the handlers' repositories
 * (functions/adapters): change them only together.
 */
export class DataStore extends Construct {
  /**
   * Customer profiles: pk `customerId`, sk `sk`; GSIs `byTariff` (`tariffId`, `customerId`) and `byPhone`
   * (`phone`, `customerId`, profiles only).
   */
  readonly customers: Table;
  /** Invoices, a customer's history: pk `customerId`, sk `sk`. */
  readonly invoices: Table;
  /** Support tickets: pk `ticketId`. */
  readonly tickets: Table;
  /**
   * The message ledger (sent, suppressed, failed): pk `dedupeKey`; GSI `byCustomerSummary` (`customerId`,
   * `createdAt`), projecting only what its queries read, no bodies (`BY_CUSTOMER_ATTRIBUTES`).
   */
  readonly messages: Table;
  /** Announced price changes: pk `priceChangeId`. */
  readonly priceChanges: Table;
  /** Surveys and their responses: pk `surveyId`; GSI `byCustomer` (`customerId`, `at`). */
  readonly surveys: Table;
  /** Rejected events, kept for ops until `expiresAt` (TTL): pk `rejectionId`. */
  readonly rejections: Table;
  /**
   * Addresses (e-mail addresses and E.164 phone numbers) nothing may be sent to any more, after a hard
   * bounce, a complaint or a rejection: pk `address`. The send gate reads it before every message.
   */
  readonly suppressions: Table;
  /**
   * Samples of the seasonal profiles learned from the provider's own invoices: pk `profileKey`
   * (`<market>#<productKind>`), sk `sampleKey` (a hash of the product, then its id).
   */
  readonly seasonalProfiles: Table;
  /**
   * Switches ops and alarms throw: pk `control`. `sends-paused` (the reputation breaker) pauses marketing
   * and survey sends until ops resume them (docs/operations.md).
   */
  readonly controls: Table;
  /** Campaign definitions (latest wins) and the claim and outcome of each run. */
  readonly campaigns: Table;
  /** All tables by {@link TableKey}. */
  readonly tables: Readonly<Record<TableKey, Table>>;
  /** The global secondary index names of each table (grants on a table also cover `<arn>/index/*`). */
  readonly indexNames: Readonly<Record<TableKey, readonly string[]>>;

  constructor(scope: Construct, id: string, props: DataStoreProps = {}) {
    super(scope, id);
    const deletionProtection = props.deletionProtection ?? true;

    const customers = new StilleTable(this, 'Customers', {
      partitionKey: { name: 'customerId' },
      sortKey: { name: 'sk' },
      indexes: [
        { indexName: 'byTariff', partitionKey: { name: 'tariffId' }, sortKey: { name: 'customerId' } },
        // Sparse: only profiles carry `phone`. Who a reply (STOP) to a text message comes from.
        { indexName: 'byPhone', partitionKey: { name: 'phone' }, sortKey: { name: 'customerId' } },
      ],
      deletionProtection,
    });
    const invoices = new StilleTable(this, 'Invoices', {
      partitionKey: { name: 'customerId' },
      sortKey: { name: 'sk' },
      deletionProtection,
    });
    const tickets = new StilleTable(this, 'Tickets', {
      partitionKey: { name: 'ticketId' },
      deletionProtection,
    });
    const messagesByCustomer = { partitionKey: { name: 'customerId' }, sortKey: { name: 'createdAt' } };
    const messages = new StilleTable(this, 'Messages', {
      partitionKey: { name: 'dedupeKey' },
      indexes: [
        {
          indexName: BY_CUSTOMER_INDEX,
          ...messagesByCustomer,
          projection: { type: 'include', attributes: BY_CUSTOMER_ATTRIBUTES },
        },
        ...(props.legacyMessagesIndex ? [{ indexName: LEGACY_MESSAGES_INDEX, ...messagesByCustomer }] : []),
      ],
      deletionProtection,
    });
    const priceChanges = new StilleTable(this, 'PriceChanges', {
      partitionKey: { name: 'priceChangeId' },
      deletionProtection,
    });
    const surveys = new StilleTable(this, 'Surveys', {
      partitionKey: { name: 'surveyId' },
      indexes: [{ indexName: 'byCustomer', partitionKey: { name: 'customerId' }, sortKey: { name: 'at' } }],
      deletionProtection,
    });
    const rejections = new StilleTable(this, 'Rejections', {
      partitionKey: { name: 'rejectionId' },
      timeToLiveAttribute: 'expiresAt',
      deletionProtection,
    });

    const suppressions = new StilleTable(this, 'Suppressions', {
      partitionKey: { name: 'address' },
      deletionProtection,
    });

    const seasonalProfiles = new StilleTable(this, 'SeasonalProfiles', {
      partitionKey: { name: 'profileKey' },
      sortKey: { name: 'sampleKey' },
      deletionProtection,
    });

    const controls = new StilleTable(this, 'Controls', {
      partitionKey: { name: 'control' },
      deletionProtection,
    });

    const campaigns = new StilleTable(this, 'Campaigns', {
      partitionKey: { name: 'campaignId' },
      sortKey: { name: 'sk' },
      deletionProtection,
    });

    const all: Record<TableKey, StilleTable> = {
      customers,
      invoices,
      tickets,
      messages,
      priceChanges,
      surveys,
      rejections,
      suppressions,
      seasonalProfiles,
      controls,
      campaigns,
    };
    this.customers = customers.table;
    this.invoices = invoices.table;
    this.tickets = tickets.table;
    this.messages = messages.table;
    this.priceChanges = priceChanges.table;
    this.surveys = surveys.table;
    this.rejections = rejections.table;
    this.suppressions = suppressions.table;
    this.seasonalProfiles = seasonalProfiles.table;
    this.controls = controls.table;
    this.campaigns = campaigns.table;
    this.tables = mapValues(all, (stilleTable) => stilleTable.table);
    this.indexNames = mapValues(all, (stilleTable) => stilleTable.indexNames);
  }
}

function mapValues<T, U>(record: Record<TableKey, T>, map: (value: T) => U): Record<TableKey, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value as T)])) as Record<
    TableKey,
    U
  >;
}
