/**
 * `churnRisk`: how likely a customer is to leave, from their signals (docs/retention.md "Churn risk").
 * Each risk signal that holds adds its weight; the sum is the score, and the level is the highest whose
 * minimum the score reaches. Weights and minimums come from the markets configuration
 * (`retention.weights`, `retention.levels`, per market or for all); the defaults count every risk
 * signal once and a detractor answer twice (a customer who says they are unhappy is the strongest
 * sign), and `long-tenure` not at all (it makes a customer eligible for loyalty offers, it is no risk).
 * Pure.
 */
import type { RetentionSignal } from '../contracts/retention.ts';
import type { SignalOccurrence } from './signals.ts';

/** The levels of `churnRisk`, lowest first. */
export const CHURN_RISKS = ['none', 'low', 'medium', 'high'] as const;
/** A level of churn risk. */
export type ChurnRisk = (typeof CHURN_RISKS)[number];

/** What each signal adds to the score. */
export type SignalWeights = Readonly<Record<RetentionSignal, number>>;
/** The score from which each level holds (`none` below `low`). */
export interface RiskLevels {
  readonly low: number;
  readonly medium: number;
  readonly high: number;
}

/** The default weights: each risk signal 1, a detractor answer 2, long tenure 0. */
export const DEFAULT_SIGNAL_WEIGHTS: SignalWeights = {
  'binding-ending': 1,
  'price-increase': 1,
  'high-invoice': 1,
  'support-delay': 1,
  detractor: 2,
  'long-tenure': 0,
};

/** The default levels: low from 1, medium from 2, high from 3. */
export const DEFAULT_RISK_LEVELS: RiskLevels = { low: 1, medium: 2, high: 3 };

/** The risk of a customer and why. */
export interface ChurnAssessment {
  churnRisk: ChurnRisk;
  score: number;
  /** The distinct signal codes that hold, sorted. */
  signals: RetentionSignal[];
}

/**
 * The customer's churn risk: the weights of the distinct signal codes that hold, summed (a signal seen
 * twice, two invoices say, counts once), against the levels' minimums.
 */
export function assessChurnRisk(
  signals: readonly Pick<SignalOccurrence, 'code'>[],
  weights: SignalWeights = DEFAULT_SIGNAL_WEIGHTS,
  levels: RiskLevels = DEFAULT_RISK_LEVELS,
): ChurnAssessment {
  const codes = [...new Set(signals.map((signal) => signal.code))].sort();
  const score = codes.reduce((sum, code) => sum + weights[code], 0);
  const churnRisk: ChurnRisk =
    score >= levels.high ? 'high' : score >= levels.medium ? 'medium' : score >= levels.low ? 'low' : 'none';
  return { churnRisk, score, signals: codes };
}
