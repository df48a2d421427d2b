/**
 * Frequency caps: at most `max` messages of a capped purpose (survey, marketing) in any `days` × 24 h.
 * Service messages are never capped and never count.
 */
import type { Caps, FrequencyCap } from '../config/markets.ts';
import type { Purpose, SentMessage } from '../messaging/types.ts';

const DAY_MS = 86_400_000;

/** The cap of a purpose, or `undefined` for service (never capped). */
export function capFor(caps: Caps, purpose: Purpose): FrequencyCap | undefined {
  return purpose === 'service' ? undefined : caps[purpose];
}

/**
 * The sends of `purpose` that count against a cap of `days` at `now`: those sent less than `days` × 24 h
 * before `now`. The window is open at its far end: a send exactly 90 × 24 h ago no longer counts, so
 * a survey every 90 days is allowed. A send stamped after `now` (clocks of different writers) counts,
 * so the cap errs on the side of not sending. Sends of other purposes never count.
 */
export function sendsInWindow(
  recentSends: readonly SentMessage[],
  purpose: Purpose,
  days: number,
  now: Date,
): SentMessage[] {
  const windowStart = now.getTime() - days * DAY_MS;
  return recentSends.filter((sent) => sent.purpose === purpose && Date.parse(sent.sentAt) > windowStart);
}

/**
 * Whether sending one more message of `purpose` at `now` would exceed the market's cap: `max` sends of
 * the purpose already lie in the window. Always false for service.
 */
export function capReached(
  recentSends: readonly SentMessage[],
  purpose: Purpose,
  caps: Caps,
  now: Date,
): boolean {
  const cap = capFor(caps, purpose);
  if (cap === undefined) return false;
  return sendsInWindow(recentSends, purpose, cap.days, now).length >= cap.max;
}
