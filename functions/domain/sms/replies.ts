import * as z from 'zod/mini';
import type { Market } from '../contracts/index.ts';

/**
 * The replies that stop text messages, per market: what a customer in that market may write. English
 * STOP works everywhere (carriers and End User Messaging treat it so); each market adds its own words.
 * Matching is case-insensitive, on the trimmed reply without trailing punctuation, so `Stopp!`,
 * ` sluta ` and `AVSLUTA.` all count; a reply that only contains one of the words in a sentence does not
 * (`please don't stop`), because a reply is an instruction, and a sentence is for a person to read.
 */
export const STOP_WORDS: Readonly<Record<Market, readonly string[]>> = {
  NO: ['STOP', 'STOPP', 'AVSLUTT', 'AVMELD', 'SLUTT'],
  SE: ['STOP', 'STOPP', 'SLUTA', 'AVSLUTA', 'AVREGISTRERA'],
  FI: ['STOP', 'LOPETA', 'LOPPU', 'PERU'],
  DK: ['STOP', 'STOPP', 'AFMELD', 'AFSLUT'],
};

/** Every stop word of every market (for a reply from a number no customer has). */
export const ALL_STOP_WORDS: ReadonlySet<string> = new Set(Object.values(STOP_WORDS).flat());

/** Longest reply inspected (End User Messaging delivers at most 1,600 characters). */
const MAX_REPLY = 1600;

/** The reply as a word to compare: trimmed, trailing punctuation removed, upper-cased. */
export function normalizeReply(body: string): string {
  return body
    .slice(0, MAX_REPLY)
    .trim()
    .replace(/[\s.!?,;:)\]-]+$/u, '')
    .toLocaleUpperCase('en-GB');
}

/** Whether a reply stops text messages in `market` (every market's words when the market is unknown). */
export function isStopReply(body: string, market?: Market): boolean {
  const word = normalizeReply(body);
  return market === undefined ? ALL_STOP_WORDS.has(word) : STOP_WORDS[market].includes(word);
}

const e164 = z.string().check(z.regex(/^\+[1-9][0-9]{1,14}$/));

/**
 * The message End User Messaging publishes to the two-way channel's SNS topic for each inbound text
 * (the fields stille reads).
 */
export const InboundSmsSchema = z.looseObject({
  originationNumber: e164,
  destinationNumber: z.string().check(z.minLength(1), z.maxLength(64)),
  messageBody: z.string().check(z.maxLength(MAX_REPLY)),
  messageKeyword: z.optional(z.string().check(z.maxLength(64))),
  inboundMessageId: z.string().check(z.minLength(1), z.maxLength(128)),
  previousPublishedMessageId: z.optional(z.string().check(z.maxLength(128))),
});

/** An inbound text message. */
export type InboundSms = z.infer<typeof InboundSmsSchema>;
