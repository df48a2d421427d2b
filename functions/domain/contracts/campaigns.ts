/**
 * The campaign events of docs/contracts.md ("Campaigns"): `Campaign Scheduled`, `Campaign Cancelled`
 * and `Campaign Run Completed`. The audience and the schedule have validators of their own
 * (functions/domain/campaigns/), whose field errors are reported under `audience.…` and `schedule.…`.
 */
import * as z from 'zod/mini';
import { parseAudience } from '../campaigns/audience.ts';
import { MAX_HOLDOUT_PERCENT } from '../campaigns/holdout.ts';
import { parseSchedule } from '../campaigns/schedule.ts';
import { countSegments } from '../messaging/sms-segments.ts';
import { httpsUrl, id, instant, locale } from './common.ts';

/** Kinds of campaign. `retention-offer` sends an offer of the current catalog (docs/retention.md). */
export const CAMPAIGN_KINDS = ['campaign-message', 'retention-offer'] as const;
/** A kind of campaign. */
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];

/** The only placeholder a campaign text may hold: the customer's first name. */
export const FIRST_NAME_PLACEHOLDER = '{firstName}';
const PLACEHOLDER = /\{[^{}]*\}/g;

/** Most paragraphs of one locale's content. */
export const MAX_CAMPAIGN_PARAGRAPHS = 10;
/** Longest SMS text a campaign may give (three GSM-7 segments). */
export const MAX_CAMPAIGN_SMS_CHARS = 459;
/** Most segments a campaign SMS may take (as every SMS of stille). */
const MAX_SMS_SEGMENTS = 3;
/**
 * Room kept after the campaign's text for what every marketing SMS ends with: how to stop (the opt-out
 * line with its signed link, about 110 characters, where the market has no two-way number) and who it
 * is from (the sender's brand, up to 40 characters, and phone, about 40 more).
 */
const SMS_FOOTER_ALLOWANCE = 'x'.repeat(200);

/** Highest `maxPerSecond`: SES's default production sending rate is 14 to hundreds a second. */
export const MAX_CAMPAIGN_RATE = 1000;

/** A campaign text: bounded, and `{firstName}` its only placeholder. */
function campaignText(maxChars: number) {
  return z.string().check(
    z.minLength(1),
    z.maxLength(maxChars),
    z.refine((text) => (text.match(PLACEHOLDER) ?? []).every((found) => found === FIRST_NAME_PLACEHOLDER), {
      error: `may hold no placeholder but ${FIRST_NAME_PLACEHOLDER}`,
    }),
  );
}

/** What a campaign says in one locale. */
export const CampaignContentSchema = z.object({
  subject: campaignText(200),
  heading: campaignText(200),
  paragraphs: z.array(campaignText(2000)).check(z.minLength(1), z.maxLength(MAX_CAMPAIGN_PARAGRAPHS)),
  /** The call to action: https only. */
  action: z.optional(z.object({ text: campaignText(80), url: httpsUrl })),
  /** The SMS; without it the SMS is the heading and the action's link. */
  sms: z.optional(campaignText(MAX_CAMPAIGN_SMS_CHARS)),
});
/** What a campaign says in one locale. */
export type CampaignContent = z.output<typeof CampaignContentSchema>;

/** `Campaign Scheduled`: marketing schedules a campaign (a second one with the same id replaces it). */
export const CampaignScheduledSchema = z
  .object({
    campaignId: id,
    name: z.string().check(z.minLength(1), z.maxLength(200)),
    kind: z.enum(CAMPAIGN_KINDS),
    // Checked by parseAudience and parseSchedule below, with paths of their own.
    audience: z.unknown(),
    schedule: z.unknown(),
    holdoutPercent: z._default(z.number().check(z.int(), z.gte(0), z.lte(MAX_HOLDOUT_PERCENT)), 0),
    maxPerSecond: z.optional(z.number().check(z.int(), z.gte(1), z.lte(MAX_CAMPAIGN_RATE))),
    fallbackLocale: locale,
    content: z.optional(
      z.record(locale, CampaignContentSchema).check(
        z.refine((content) => Object.keys(content).length >= 1 && Object.keys(content).length <= 10, {
          error: 'must have content for 1 to 10 locales',
        }),
      ),
    ),
    offerId: z.optional(id),
    dryRun: z._default(z.boolean(), false),
  })
  .check(
    z.superRefine((campaign, ctx) => {
      const audience = parseAudience(campaign.audience, 'audience');
      if (!audience.ok) {
        for (const error of audience.errors) {
          ctx.addIssue({
            code: 'custom',
            path: pathOf(error.path),
            input: campaign.audience,
            message: error.message,
          });
        }
      }
      const schedule = parseSchedule(campaign.schedule, 'schedule');
      if (!schedule.ok) {
        for (const error of schedule.errors) {
          ctx.addIssue({
            code: 'custom',
            path: pathOf(error.path),
            input: campaign.schedule,
            message: error.message,
          });
        }
      }
      if (campaign.kind === 'retention-offer') {
        // The offer's words come from the catalog and the retention-offer template; that the offer is in
        // the current catalog is checked when the campaign is stored (IngestEvent).
        if (campaign.offerId === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['offerId'],
            input: undefined,
            message: 'is required for a retention-offer campaign: an offer of the current catalog',
          });
        }
        if (campaign.content !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['content'],
            input: Object.keys(campaign.content),
            message:
              'must be left out of a retention-offer campaign: its message is the offer, in the customer’s own numbers',
          });
        }
        return;
      }
      for (const [locale, content] of Object.entries(campaign.content ?? {})) {
        if (content.sms === undefined) continue;
        // With the longest name an SMS greets by, the line on how to stop and the sender's name and phone.
        const worst = `${content.sms.replaceAll(FIRST_NAME_PLACEHOLDER, 'X'.repeat(20))} ${SMS_FOOTER_ALLOWANCE}`;
        const { segments, encoding } = countSegments(worst);
        if (segments > MAX_SMS_SEGMENTS) {
          ctx.addIssue({
            code: 'custom',
            path: ['content', locale, 'sms'],
            input: content.sms,
            message: `must fit in ${MAX_SMS_SEGMENTS} SMS segments with a name, the line on how to stop and the sender's name and phone, needs ${segments} (${encoding})`,
          });
        }
      }
      if (campaign.content === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['content'],
          input: undefined,
          message: 'is required for a campaign-message (a subject, heading and paragraphs per locale)',
        });
      } else if (!Object.hasOwn(campaign.content, campaign.fallbackLocale)) {
        ctx.addIssue({
          code: 'custom',
          path: ['content'],
          input: Object.keys(campaign.content),
          message: `must have content for the fallback locale "${campaign.fallbackLocale}" (it has ${Object.keys(campaign.content).join(', ')})`,
        });
      }
    }),
  );
/** `Campaign Scheduled` detail. */
export type CampaignScheduled = z.output<typeof CampaignScheduledSchema>;

/** `Campaign Cancelled`: no further run starts; a run in progress stops before its next batch. */
export const CampaignCancelledSchema = z.object({ campaignId: id, at: instant });
/** `Campaign Cancelled` detail. */
export type CampaignCancelled = z.output<typeof CampaignCancelledSchema>;

/** `Campaign Run Completed` (published by stille after each run). */
export interface CampaignRunCompleted {
  campaignId: string;
  /** The run's scheduled instant, or its date for a local-time schedule. */
  runAt: string;
  audience: number;
  holdout: number;
  sent: number;
  /** Not sent, by reason (holdout and campaign-cancelled included). */
  suppressed: Record<string, number>;
  failed: number;
  /** Extension: a preview (`dryRun`): nothing was claimed or sent. */
  dryRun?: boolean;
}

/** `audience.all[1].product` → ['audience', 'all', 1, 'product'] (for zod issue paths). */
function pathOf(rendered: string): Array<string | number> {
  const path: Array<string | number> = [];
  for (const match of rendered.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (match[2] !== undefined) path.push(Number(match[2]));
    else if (match[1] !== undefined) path.push(match[1]);
  }
  return path;
}
