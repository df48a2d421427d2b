/**
 * The automatic retention program (docs/retention.md "The automatic program"): a catalog's automatic
 * offers, run every day as a campaign of stille's own, `retention-program`, through the CampaignRun
 * workflow (audience, holdout, waves on each customer's clock, the send gate). Publishing a catalog
 * stores it and (re)schedules the program; `Campaign Cancelled` for `retention-program` stops it until
 * the next catalog. Pure.
 */
import type { CampaignScheduled } from '../contracts/campaigns.ts';
import type { OfferCatalogPublished } from '../contracts/retention.ts';
import { addDays } from '../price-changes/calendar.ts';

/** The campaign id of the automatic program: reserved, no `Campaign Scheduled` may use it. */
export const RETENTION_PROGRAM_ID = 'retention-program';

/**
 * When the program runs: every day at 05:00 UTC (06:00–07:00 in the Nordic markets), so the day's
 * offers go later that morning on each customer's clock.
 */
export const PROGRAM_CRON = '0 5 * * ? *';

/** The local time on the customer's clock an automatic offer goes at. */
export const OFFER_LOCAL_TIME = '10:00';

/** At most one retention offer a customer in this many days (docs/contracts.md "Retention"). */
export const RETENTION_OFFER_CAP_DAYS = 90;

/** An offer goes within this many days of the signal that started it. */
export const OFFER_WITHIN_DAYS = 2;

/**
 * The program's campaign for a catalog: everyone is evaluated at each run (the signals and the
 * catalog decide who gets an offer), the catalog's holdout, a daily run from the next 05:00 UTC on. No
 * `from`: EventBridge Scheduler refuses a StartDate more than a few minutes in the past, and a catalog's
 * event time may be older than that when it is stored (a retry, a replay).
 */
export function programCampaign(catalog: OfferCatalogPublished): CampaignScheduled {
  return {
    campaignId: RETENTION_PROGRAM_ID,
    name: `Retention offers of catalog ${catalog.catalogId}`,
    kind: 'retention-offer',
    audience: { everyone: true },
    schedule: { cron: PROGRAM_CRON, timeZone: 'UTC' },
    holdoutPercent: catalog.holdoutPercent,
    fallbackLocale: 'en-GB',
    dryRun: false,
  };
}

/**
 * The date of the customer's offer: today at {@link OFFER_LOCAL_TIME} on their clock when that is still
 * ahead at the run, else tomorrow (within the two days of the signal either way).
 */
export function offerDate(today: string, localTimeNow: string): string {
  return localTimeNow < OFFER_LOCAL_TIME ? today : addDays(today, 1);
}
