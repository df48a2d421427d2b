/**
 * Which of two profiles of one customer stands. An upsert replaces the profile (docs/contracts.md), so the
 * later upsert wins whole: later by its time — the event's time, or when it was stored for a direct start
 * without one. Two upserts of the same instant are told apart by their content, so that every runtime,
 * every order of arrival and every replay picks the same one; the same upsert again is the same version.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json.ts';
import type { CustomerUpserted } from '../contracts/index.ts';

/** Digits of the epoch milliseconds in a version: years up to 33,658 sort right as text. */
const TIME_DIGITS = 15;

/**
 * The version of the profile `detail` upserted at `at`: `<epoch ms, 15 digits>.<16 hex of its hash>`.
 * Versions sort as text in the order the profiles win (the later time, then the greater hash).
 */
export function profileVersion(detail: CustomerUpserted, at: Date): string {
  const ms = Math.max(0, Math.trunc(at.getTime()));
  const digest = createHash('sha256').update(canonicalJson(detail)).digest('hex').slice(0, 16);
  return `${String(ms).padStart(TIME_DIGITS, '0')}.${digest}`;
}
