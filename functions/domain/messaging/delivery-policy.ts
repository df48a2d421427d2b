/**
 * What the send gate does when the idempotency ledger says an attempt of the same message is still
 * `sending`: a replay leaves a live claim to its holder; an attempt that may have handed the message to
 * the provider and died is waited for, then taken over or given up on. See docs/idempotency.md.
 */
import type { Purpose } from './types.ts';

/** Send the message again, or record it as failed (`provider-error`, outcome unknown). */
export type InFlightAction = 'send-again' | 'give-up';

/**
 * How long a claim protects an attempt that is really still running. It must be longer than the deliver
 * function's timeout (an attempt younger than this may still answer) and shorter than the workflow's
 * retry window (so a dead attempt is detected before the retries run out).
 */
export const IN_FLIGHT_LEASE_MS = 2 * 60 * 1000;

/**
 * The per-purpose answer once an earlier attempt is known to be dead with its outcome unknown.
 * `service` notices (price changes, invoice explanations, support delays) carry legal or practical
 * weight: rather twice than never. `survey` and `marketing` messages are optional and capped: rather
 * never than twice.
 */
export function onInFlight(purpose: Purpose): InFlightAction {
  return purpose === 'service' ? 'send-again' : 'give-up';
}

/**
 * True when the claim taken at `claimedAt` has outlived its lease at `now`: the attempt that took it is
 * dead (or hopelessly late), and `onInFlight` decides. Before that, the attempt may still be running:
 * the caller waits (throws a `TransientError` so the workflow retries later) instead of deciding.
 * A `claimedAt` that is not an instant counts as expired, so a damaged claim cannot block forever.
 */
export function inFlightClaimExpired(
  claimedAt: string,
  now: Date,
  leaseMs: number = IN_FLIGHT_LEASE_MS,
): boolean {
  const claimed = Date.parse(claimedAt);
  if (Number.isNaN(claimed)) return true;
  return now.getTime() - claimed >= leaseMs;
}

/**
 * What an attempt does with a `sending` claim it did not just make. `wait`: the claim is this execution's
 * own, from an earlier attempt that may still be running; retry later (a `TransientError`). `leave`:
 * another execution holds a live claim, so this one is a replay; end as a duplicate and touch nothing,
 * the holder settles the message. `send-again` / `give-up`: the lease has passed, so the holder is dead
 * with its outcome unknown; take the claim over and apply `onInFlight`.
 */
export type InFlightDecision = 'wait' | 'leave' | InFlightAction;

/** The claim as the ledger shows it: when it was made, and whether this execution made it. */
export interface InFlightClaim {
  claimedAt: string;
  heldByThisExecution: boolean;
}

/** Decides what to do with an in-flight claim (see {@link InFlightDecision}). */
export function decideInFlight(
  claim: InFlightClaim,
  purpose: Purpose,
  now: Date,
  leaseMs: number = IN_FLIGHT_LEASE_MS,
): InFlightDecision {
  if (inFlightClaimExpired(claim.claimedAt, now, leaseMs)) return onInFlight(purpose);
  return claim.heldByThisExecution ? 'wait' : 'leave';
}
