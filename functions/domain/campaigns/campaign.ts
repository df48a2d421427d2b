/**
 * A campaign as its runs see it: the parsed audience and schedule of a stored `Campaign Scheduled`,
 * the run's instant and date, and the content for a locale. Pure.
 */
import type { CampaignContent, CampaignScheduled } from '../contracts/campaigns.ts';
import type { FieldError } from '../errors.ts';
import { type Condition, parseAudience } from './audience.ts';
import { type CampaignSchedule, parseSchedule, scheduleTimingErrors } from './schedule.ts';

/** The timing errors of a campaign scheduled at `at` (see `scheduleTimingErrors`). */
export function campaignTimingErrors(campaign: CampaignScheduled, at: Date): FieldError[] {
  const schedule = parseSchedule(campaign.schedule);
  return schedule.ok ? scheduleTimingErrors(schedule.value, at) : schedule.errors;
}

/** The audience and schedule of a stored (valid) campaign. */
export function campaignParts(campaign: CampaignScheduled): {
  audience: Condition;
  schedule: CampaignSchedule;
} {
  const audience = parseAudience(campaign.audience);
  const schedule = parseSchedule(campaign.schedule);
  if (!audience.ok || !schedule.ok) {
    throw new TypeError(`Campaign ${campaign.campaignId} was stored without a valid audience and schedule`);
  }
  return { audience: audience.value, schedule: schedule.value };
}

/**
 * The `runAt` of a run (docs/contracts.md "Records"): the schedule's date for a local-time schedule,
 * otherwise the instant the schedule fired for (second precision, UTC).
 */
export function runAtOf(schedule: CampaignSchedule, scheduledAt: Date): string {
  if ('date' in schedule) return schedule.date;
  return `${scheduledAt.toISOString().slice(0, 19)}Z`;
}

/** The dedupe key of a customer's message of a run: `<kind>#<campaignId>#<runAt>#<customerId>`. */
export function campaignDedupeKey(
  campaign: Pick<CampaignScheduled, 'kind' | 'campaignId'>,
  runAt: string,
  customerId: string,
): string {
  return `${campaign.kind}#${campaign.campaignId}#${runAt}#${customerId}`;
}

/**
 * The content for a customer's locale: the same tag, then the same language, then the fallback
 * locale's (which the contract requires).
 */
export function contentFor(
  campaign: Pick<CampaignScheduled, 'content' | 'fallbackLocale'>,
  locale: string,
): { locale: string; content: CampaignContent } | undefined {
  const content = campaign.content ?? {};
  const exact = content[locale];
  if (exact) return { locale, content: exact };
  const language = locale.split('-')[0]?.toLowerCase();
  const sameLanguage = Object.keys(content).find((key) => key.split('-')[0]?.toLowerCase() === language);
  if (sameLanguage) return { locale: sameLanguage, content: content[sameLanguage] as CampaignContent };
  const fallback = content[campaign.fallbackLocale];
  return fallback ? { locale: campaign.fallbackLocale, content: fallback } : undefined;
}
