import type { Deps } from '../deps.ts';
import { type CampaignRepository, DynamoCampaignRepository } from './campaigns.ts';
import { type Controls, DynamoControls } from './controls.ts';
import { type CustomerRepository, DynamoCustomerRepository } from './customers.ts';
import { DynamoInvoiceRepository, type InvoiceRepository } from './invoices.ts';
import { DynamoMessageLedger, type MessageLedger } from './messages.ts';
import { DynamoPriceChangeRepository, type PriceChangeRepository } from './price-changes.ts';
import { DynamoRejectionRepository, type RejectionRepository } from './rejections.ts';
import { DynamoRetentionRepository, type RetentionRepository } from './retention.ts';
import { DynamoSeasonalProfileRepository, type SeasonalProfileRepository } from './seasonal-profiles.ts';
import { DynamoSuppressionList, type SuppressionList } from './suppressions.ts';
import { DynamoSurveyRepository, type SurveyRepository } from './surveys.ts';
import { DynamoTicketRepository, type TicketRepository } from './tickets.ts';

export * from './calls.ts';
export * from './campaigns.ts';
export * from './controls.ts';
export * from './customers.ts';
export * from './invoices.ts';
export * from './messages.ts';
export * from './price-changes.ts';
export * from './rejections.ts';
export * from './retention.ts';
export * from './seasonal-profiles.ts';
export * from './suppressions.ts';
export * from './surveys.ts';
export * from './tickets.ts';

/** The repositories of the entity tables. */
export interface Repositories {
  customers: CustomerRepository;
  invoices: InvoiceRepository;
  tickets: TicketRepository;
  priceChanges: PriceChangeRepository;
  surveys: SurveyRepository;
  rejections: RejectionRepository;
  /** The idempotency ledger of the send gate (Messages table). */
  messages: MessageLedger;
  /** Bounced, complained and STOPped addresses (Suppressions table). */
  suppressions: SuppressionList;
  /** Samples of the seasonal profiles learned from the provider's invoices (SeasonalProfiles table). */
  seasonalProfiles: SeasonalProfileRepository;
  /** Switches ops and alarms throw: the reputation breaker's pause (Controls table). */
  controls: Controls;
  /** Campaign definitions and runs (Campaigns table). */
  campaigns: CampaignRepository;
  /** The offer catalog (Campaigns table), ended contracts and churn risk (Customers table). */
  retention: RetentionRepository;
}

/**
 * The DynamoDB repositories over the injected DocumentClient. Each is created on first use, so a function
 * only needs the table-name variables of the tables it actually touches.
 */
export function repositoriesFrom(deps: Pick<Deps, 'ddb' | 'tables'>): Repositories {
  const { ddb, tables } = deps;
  const cache: Partial<Repositories> = {};
  const lazy = <K extends keyof Repositories>(key: K, create: () => Repositories[K]): Repositories[K] => {
    cache[key] ??= create();
    return cache[key] as Repositories[K];
  };
  return {
    get customers() {
      return lazy('customers', () => new DynamoCustomerRepository(ddb, tables.customersTable));
    },
    get invoices() {
      return lazy('invoices', () => new DynamoInvoiceRepository(ddb, tables.invoicesTable));
    },
    get tickets() {
      return lazy('tickets', () => new DynamoTicketRepository(ddb, tables.ticketsTable));
    },
    get priceChanges() {
      return lazy('priceChanges', () => new DynamoPriceChangeRepository(ddb, tables.priceChangesTable));
    },
    get surveys() {
      return lazy('surveys', () => new DynamoSurveyRepository(ddb, tables.surveysTable));
    },
    get rejections() {
      return lazy('rejections', () => new DynamoRejectionRepository(ddb, tables.rejectionsTable));
    },
    get messages() {
      return lazy('messages', () => new DynamoMessageLedger(ddb, tables.messagesTable));
    },
    get suppressions() {
      return lazy('suppressions', () => new DynamoSuppressionList(ddb, tables.suppressionsTable));
    },
    get seasonalProfiles() {
      return lazy(
        'seasonalProfiles',
        () => new DynamoSeasonalProfileRepository(ddb, tables.seasonalProfilesTable),
      );
    },
    get controls() {
      return lazy('controls', () => new DynamoControls(ddb, tables.controlsTable));
    },
    get campaigns() {
      return lazy('campaigns', () => new DynamoCampaignRepository(ddb, tables.campaignsTable));
    },
    get retention() {
      return lazy(
        'retention',
        () =>
          new DynamoRetentionRepository(ddb, {
            campaigns: tables.campaignsTable,
            customers: tables.customersTable,
          }),
      );
    },
  };
}
