/**
 * Surveys: one short question at the moment it matters to the customer — CSAT 1–5 after a support case
 * is resolved, NPS 0–10 after a contract is renewed. Pure: the trigger and the time are arguments.
 */
import { createHash } from 'node:crypto';
import type { QuietHours } from '../config/markets.ts';
import { quietHoursEnd } from '../contact-policy/quiet-hours.ts';
import type { ContractRenewed, SupportTicketResolved } from '../contracts/index.ts';
import { DETAIL_TYPE, type MessageRequest, SURVEY_SCORE_RANGES } from '../contracts/index.ts';

/** What a survey follows. */
/** What a survey follows: a support case or a renewal. */
export const SURVEY_TRIGGERS = ['ticket', 'renewal'] as const;

/** One of {@link SURVEY_TRIGGERS}. */
export type SurveyTrigger = (typeof SURVEY_TRIGGERS)[number];

/** The events a survey follows: a resolved support ticket (CSAT) and a renewed contract (NPS). */
export const SURVEY_TRIGGER_TYPES = [DETAIL_TYPE.supportTicketResolved, DETAIL_TYPE.contractRenewed] as const;

/** One of {@link SURVEY_TRIGGER_TYPES}. */
export type SurveyTriggerType = (typeof SURVEY_TRIGGER_TYPES)[number];

/** Whether an event of `detailType` is one a survey follows. */
export function isSurveyTriggerType(detailType: unknown): detailType is SurveyTriggerType {
  return (SURVEY_TRIGGER_TYPES as readonly unknown[]).includes(detailType);
}
/** The scale a survey asks on. */
export type SurveyScale = keyof typeof SURVEY_SCORE_RANGES;

/** How long after the resolution or renewal the survey is asked, unless configured otherwise. */
export const DEFAULT_SURVEY_DELAY_MINUTES = 120;

/** A survey stille asks: who, on what scale, about what (the customer's case). */
export interface Survey {
  surveyId: string;
  customerId: string;
  trigger: SurveyTrigger;
  scale: SurveyScale;
  /** The event the survey follows and the id of its entity (a ticket id, or the renewed product). */
  triggerEvent: { detailType: SurveyTriggerType; id: string };
  /** The case a detractor's follow-up starts from. */
  ticketId?: string;
  productId?: string;
}

/** Longest survey id: the contracts' id bound. */
const MAX_ID = 128;

/** Longest survey id, readable or hashed: it travels in every answer link, which must stay short. */
export const MAX_SURVEY_ID_CHARS = 48;

/**
 * A survey id derived from what it follows, so a replayed event gives the same id (and the same dedupe
 * key, which the send gate's ledger drops). Readable when it fits in {@link MAX_SURVEY_ID_CHARS}, a
 * hash when the ids are long (the links carry it).
 */
export function surveyIdOf(parts: readonly string[]): string {
  const readable = `survey-${parts.join('-')}`;
  if (readable.length <= MAX_SURVEY_ID_CHARS) return readable;
  const hash = createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 32);
  return `survey-${hash}`;
}

/** The CSAT survey after a resolved support ticket. */
export function surveyAfterTicket(detail: SupportTicketResolved): Survey {
  return {
    surveyId: surveyIdOf(['ticket', detail.ticketId]),
    customerId: detail.customerId,
    trigger: 'ticket',
    scale: 'csat-5',
    triggerEvent: { detailType: DETAIL_TYPE.supportTicketResolved, id: detail.ticketId },
    ticketId: detail.ticketId,
  };
}

/** The NPS survey after a renewal (one per product and renewal day). */
export function surveyAfterRenewal(detail: ContractRenewed): Survey {
  const day = detail.renewedAt.slice(0, 10);
  return {
    surveyId: surveyIdOf(['renewal', detail.customerId, detail.productId, day]),
    customerId: detail.customerId,
    trigger: 'renewal',
    scale: 'nps-10',
    triggerEvent: {
      detailType: DETAIL_TYPE.contractRenewed,
      id: `${detail.productId}@${day}`.slice(0, MAX_ID),
    },
    productId: detail.productId,
  };
}

/**
 * When to ask: `delayMinutes` after the resolution or renewal (never before `now`: an event that arrives
 * late is asked about at once), moved out of the night — the market's quiet hours on the customer's
 * clock — so no survey lands at 03:00, by email either. Without a usable time zone the delay alone counts.
 */
export function surveyTime(input: {
  triggeredAt: string;
  delayMinutes: number;
  now: Date;
  timeZone: string | undefined;
  quietHours: QuietHours;
}): Date {
  const triggered = Date.parse(input.triggeredAt);
  const due = Math.max(
    Number.isFinite(triggered) ? triggered + input.delayMinutes * 60_000 : input.now.getTime(),
    input.now.getTime(),
  );
  if (input.timeZone === undefined) return new Date(due);
  try {
    return quietHoursEnd(new Date(due), input.timeZone, input.quietHours);
  } catch {
    return new Date(due);
  }
}

/** When the event a survey follows happened: the resolution or the renewal. */
export function triggeredAtOf(detail: SupportTicketResolved | ContractRenewed): string {
  return 'resolvedAt' in detail ? detail.resolvedAt : detail.renewedAt;
}

/** The dedupe key of a survey's request: one message per survey, however often it is asked for. */
export function surveyDedupeKey(surveyId: string): string {
  return `survey-request#${surveyId}`;
}

/** The `Message Requested` detail of a survey. */
export function surveyRequest(survey: Survey, now: Date): MessageRequest {
  return {
    kind: 'survey-request',
    purpose: 'survey',
    customerId: survey.customerId,
    trigger: survey.triggerEvent,
    facts: { surveyId: survey.surveyId, trigger: survey.trigger, scale: survey.scale },
    dedupeKey: surveyDedupeKey(survey.surveyId),
    requestedAt: now.toISOString(),
  };
}

/** Whether `score` is an answer on `scale` (an integer within its range). */
export function isScoreOf(scale: SurveyScale, score: number): boolean {
  const range = SURVEY_SCORE_RANGES[scale];
  return Number.isInteger(score) && score >= range.min && score <= range.max;
}

/** A score that calls for a follow-up with the customer: CSAT 1–2, NPS 0–6. */
export function isDetractor(scale: SurveyScale, score: number): boolean {
  return scale === 'csat-5' ? score <= 2 : score <= 6;
}

/** The `detractor` alert: someone should look at the customer's case and get back to them. */
export function detractorAlert(
  survey: Pick<Survey, 'surveyId' | 'customerId' | 'scale' | 'ticketId' | 'productId'> & {
    trigger?: SurveyTrigger | undefined;
  },
  score: number,
  respondedAt: string,
): { kind: 'detractor'; at: string; [key: string]: unknown } {
  return {
    kind: 'detractor',
    at: respondedAt,
    surveyId: survey.surveyId,
    customerId: survey.customerId,
    scale: survey.scale,
    score,
    ...(survey.trigger === undefined ? {} : { trigger: survey.trigger }),
    ...(survey.ticketId === undefined ? {} : { ticketId: survey.ticketId }),
    ...(survey.productId === undefined ? {} : { productId: survey.productId }),
  };
}
