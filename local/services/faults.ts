import { createRandom } from './random.ts';

/** Share of calls (0 to 1) a local service answers with an injected fault instead of handling them. */
export interface FaultOptions {
  /** Share of calls answered as throttled (SES: 429 `TooManyRequestsException`, SMS: `ThrottlingException`). */
  throttleRate?: number;
  /** Share of calls answered with a server error (HTTP 500). */
  errorRate?: number;
}

/** What the fault injector decided for one call: handle it, or answer with a fault. */
export type FaultDecision = 'none' | 'throttle' | 'error';

/** Seed used when none is given, so that even a run without a seed is reproducible. */
export const DEFAULT_SEED = 1;

/**
 * Decides, call by call, whether a local service injects a fault. One number is drawn per call from a
 * seeded generator, so the same seed and the same sequence of calls give the same faults.
 *
 * @throws RangeError when a rate is outside [0, 1] or the rates add up to more than 1.
 */
export function createFaultInjector(
  faults: FaultOptions = {},
  seed: number = DEFAULT_SEED,
): () => FaultDecision {
  const throttleRate = checkRate('throttleRate', faults.throttleRate ?? 0);
  const errorRate = checkRate('errorRate', faults.errorRate ?? 0);
  if (throttleRate + errorRate > 1) {
    throw new RangeError(`throttleRate + errorRate must be at most 1, got ${throttleRate + errorRate}`);
  }
  const random = createRandom(seed);
  return () => {
    const draw = random();
    if (draw < throttleRate) return 'throttle';
    if (draw < throttleRate + errorRate) return 'error';
    return 'none';
  };
}

function checkRate(name: string, rate: number): number {
  if (!Number.isFinite(rate) || rate < 0 || rate > 1) {
    throw new RangeError(`${name} must be between 0 and 1, got ${rate}`);
  }
  return rate;
}

/** How a local channel answered the send calls it got. */
export interface SendStats {
  /** Sends handled and stored. */
  accepted: number;
  /** Sends answered as throttled by fault injection. */
  throttled: number;
  /** Sends answered with a server error by fault injection. */
  failed: number;
  /** Sends refused because the request was invalid (HTTP 4xx other than throttling). */
  rejected: number;
}
