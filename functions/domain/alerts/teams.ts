/**
 * Who acts on each `Stille Alert`: the one table that routes alert kinds to teams. The stack makes an
 * SNS topic per team and an EventBridge rule per kind to its team's topic (infra/alert-topics.ts); the
 * embedded runtime follows the same rules from the template, so the scenario report shows where each
 * alert went. An alert of a kind not listed here goes to ops.
 */

/** The teams alerts and alarms go to, each with its own SNS topic. */
export const TEAMS = ['ops', 'billing', 'support', 'crm'] as const;

/** One team. */
export type Team = (typeof TEAMS)[number];

/** The team of each alert kind stille raises. */
export const ALERT_TEAM = {
  /** A price-change notice could not reach a customer in time; the effective date moved. */
  'late-price-notice': 'billing',
  /** An invoice that repeats an earlier one (same amount, same period). */
  'duplicate-invoice': 'billing',
  /** A ticket still unanswered at its due time. */
  'support-delay': 'support',
  /** A survey answer of a detractor (low score): someone should call. */
  detractor: 'crm',
  /** A message that could not be sent after every retry. */
  'delivery-failed': 'ops',
  /** Marketing and survey sends were paused by the reputation breaker (docs/operations.md). */
  'sends-paused': 'ops',
} as const satisfies Readonly<Record<string, Team>>;

/** An alert kind stille raises. */
export type AlertKind = keyof typeof ALERT_TEAM;

/** Every alert kind, in the table's order. */
export const ALERT_KINDS = Object.keys(ALERT_TEAM) as AlertKind[];

/** The team that gets alerts of kinds the table does not list. */
export const UNROUTED_ALERT_TEAM: Team = 'ops';

/** The team of an alert kind (ops for a kind the table does not list). */
export function teamOf(kind: string): Team {
  return (ALERT_TEAM as Readonly<Record<string, Team>>)[kind] ?? UNROUTED_ALERT_TEAM;
}
