/**
 * `churnRisk` of the audience language, derived from what stille has seen of a customer until the
 * retention capability (docs/contracts.md "Retention") refines it with its signals.
 *
 * The signals counted (each the contract's, as far as stille can see them today):
 * - `binding-ending`: a product's `bindingEndsOn` is within the 60 days after the run's date;
 * - `price-increase`: a `price-change-notice` was sent in the 90 days before the run;
 * - `high-invoice`: an `invoice-explanation` was sent in the 90 days before the run;
 * - `support-delay`: a `support-delay-notice` was sent in the 90 days before the run.
 * No signal is `none`, one `low`, two `medium`, three or more `high`. Pure: the run's instant and date
 * are arguments.
 */

/** The levels of `churnRisk`. */
export const CHURN_RISKS = ['none', 'low', 'medium', 'high'] as const;
/** A level of churn risk. */
export type ChurnRisk = (typeof CHURN_RISKS)[number];

/** A risk signal stille can see (a subset of the contract's signals). */
export type ChurnSignal = 'binding-ending' | 'price-increase' | 'high-invoice' | 'support-delay';

const DAY_MS = 24 * 60 * 60 * 1000;
const SIGNAL_OF_KIND: Readonly<Record<string, ChurnSignal>> = {
  'price-change-notice': 'price-increase',
  'invoice-explanation': 'high-invoice',
  'support-delay-notice': 'support-delay',
};

/** What the derivation reads. */
export interface ChurnInputs {
  products: ReadonlyArray<{ bindingEndsOn?: string | null }>;
  received: ReadonlyArray<{ kind: string; sentAt: string }>;
  runAt: Date;
  /** `YYYY-MM-DD` on the customer's clock. */
  runDate: string;
}

/** The signals that hold for a customer at a run. */
export function churnSignals(inputs: ChurnInputs): ChurnSignal[] {
  const signals = new Set<ChurnSignal>();
  const today = Date.parse(`${inputs.runDate}T00:00:00Z`);
  for (const product of inputs.products) {
    if (!product.bindingEndsOn) continue;
    const days = (Date.parse(`${product.bindingEndsOn}T00:00:00Z`) - today) / DAY_MS;
    if (days >= 0 && days <= 60) signals.add('binding-ending');
  }
  const since = inputs.runAt.getTime() - 90 * DAY_MS;
  for (const message of inputs.received) {
    const signal = SIGNAL_OF_KIND[message.kind];
    const at = Date.parse(message.sentAt);
    if (signal && at >= since && at <= inputs.runAt.getTime()) signals.add(signal);
  }
  return [...signals].sort();
}

/** `none` (no signal), `low` (one), `medium` (two), `high` (three or more). */
export function churnRiskOf(inputs: ChurnInputs): ChurnRisk {
  const count = churnSignals(inputs).length;
  return count === 0 ? 'none' : count === 1 ? 'low' : count === 2 ? 'medium' : 'high';
}
