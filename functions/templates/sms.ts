/** Helpers for SMS texts: short, plain, and in the GSM-7 alphabet whenever the content allows. */
import { isGsm7 } from '#domain/messaging/sms-segments.ts';
import { singleStops } from './content.ts';

/** The longest name an SMS greets by; a longer one is left out rather than cut. */
export const MAX_SMS_NAME_CHARS = 20;

/** The longest id or product name an SMS quotes; a longer one is left out (the email has it). */
export const MAX_SMS_REFERENCE_CHARS = 24;

// Intl writes no-break and thin spaces, the minus sign and typographic dashes and quotes. None is in the
// GSM-7 alphabet, and a single one makes the whole SMS UCS-2: 70 instead of 160 characters a segment.
const GSM_FRIENDLY: ReadonlyArray<readonly [RegExp, string]> = [
  [/[\u00a0\u2007\u2009\u202f]/g, ' '],
  [/[\u2010-\u2015\u2212]/g, '-'],
  [/[\u2018\u2019]/g, "'"],
  [/[\u201c\u201d]/g, '"'],
  [/\u2026/g, '...'],
];

/** Replaces typographic characters with their GSM-7 equivalents; letters and names are left as they are. */
export function toGsmFriendly(text: string): string {
  let out = text;
  for (const [pattern, replacement] of GSM_FRIENDLY) out = out.replace(pattern, replacement);
  return out;
}

/**
 * An id or a product name as an SMS may quote it: when it has at most `maxChars` characters and is all
 * GSM-7 (an exotic character would make the whole SMS UCS-2); otherwise null, and the SMS does without.
 */
export function quotableInSms(
  text: string | undefined | null,
  maxChars = MAX_SMS_REFERENCE_CHARS,
): string | null {
  if (text === undefined || text === null || text.length === 0 || text.length > maxChars) return null;
  return isGsm7(toGsmFriendly(text)) ? text : null;
}

/**
 * How an SMS says how to stop such texts, and only in a way the customer can follow: "reply STOP" when
 * the market sends from a two-way number, else the signed opt-out link; nothing when it has neither.
 */
export function smsOptOut(
  ctx: { twoWaySms: boolean; links: { unsubscribe?: string } },
  words: { stop: string; optOut(url: string): string },
): string | null {
  if (ctx.twoWaySms) return words.stop;
  return ctx.links.unsubscribe === undefined ? null : words.optOut(ctx.links.unsubscribe);
}

/** A sentence the SMS can do without when it would not fit otherwise. */
export interface OptionalSmsPart {
  optional: string;
}

/** A sentence of an SMS: required text, an optional one, or nothing (`null`, `undefined`, `false`, `''`). */
export type SmsPart = string | OptionalSmsPart | null | undefined | false;

/** Marks a sentence as one the SMS may drop to fit in its segments (the last ones go first). */
export function optional(text: string | null | undefined | false): OptionalSmsPart | null {
  return typeof text === 'string' && text.length > 0 ? { optional: text } : null;
}

/**
 * Joins the sentences with single spaces into the longest text that `fits`: all of them if they fit,
 * otherwise without the optional sentences, dropped from the last. Returns null when even the required
 * sentences do not fit.
 */
export function fitSms(parts: readonly SmsPart[], fits: (text: string) => boolean): string | null {
  const kept = parts.filter((part): part is string | OptionalSmsPart =>
    typeof part === 'string' ? part.length > 0 : typeof part === 'object' && part !== null,
  );
  for (;;) {
    const text = singleStops(
      toGsmFriendly(kept.map((part) => (typeof part === 'string' ? part : part.optional)).join(' ')),
    );
    if (fits(text)) return text;
    const last = kept.findLastIndex((part) => typeof part !== 'string');
    if (last < 0) return null;
    kept.splice(last, 1);
  }
}
