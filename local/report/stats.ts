import type { RejectedEvent, Scenario, SimulationReport } from '#domain/contracts/index.ts';

/** What the summary and the HTML report say about a run, besides the report itself. */
export interface ReportMeta {
  /** The scenario file as given on the command line. */
  scenarioFile: string;
  /** When the report was made (wall clock, ISO 8601). */
  generatedAt: string;
  /** How long the simulation took on this machine, in milliseconds. */
  durationMs: number;
  /** The stille version. */
  version: string;
  /** Where the HTML report was written, when it was. */
  htmlPath?: string;
  /** Where the JSON report was written, when it was. */
  jsonPath?: string;
}

/** Counts of one message kind by status. */
export interface KindCounts {
  kind: string;
  purpose: string;
  sent: number;
  suppressed: number;
  failed: number;
}

/** The numbers both the summary and the HTML report show. */
export interface ReportStats {
  messages: number;
  sent: number;
  suppressed: number;
  failed: number;
  /** Distinct customers who were sent at least one message. */
  customersReached: number;
  /** Per kind (and purpose), in order of first appearance. */
  byKind: KindCounts[];
  /** Reasons of suppressed and failed messages, most frequent first. */
  byReason: Array<{ reason: string; status: string; count: number }>;
}

/** Counts messages by kind, status and reason. */
export function computeStats(report: SimulationReport): ReportStats {
  const byKind = new Map<string, KindCounts>();
  const byReason = new Map<string, { reason: string; status: string; count: number }>();
  const reached = new Set<string>();
  let sent = 0;
  let suppressed = 0;
  let failed = 0;
  for (const message of report.messages) {
    const key = `${message.kind}\u0000${message.purpose}`;
    let counts = byKind.get(key);
    if (!counts) {
      counts = { kind: message.kind, purpose: message.purpose, sent: 0, suppressed: 0, failed: 0 };
      byKind.set(key, counts);
    }
    if (message.status === 'sent') {
      counts.sent++;
      sent++;
      reached.add(message.customerId);
    } else {
      if (message.status === 'suppressed') {
        counts.suppressed++;
        suppressed++;
      } else {
        counts.failed++;
        failed++;
      }
      const reason = message.reason ?? 'unknown';
      const reasonKey = `${message.status}\u0000${reason}`;
      const entry = byReason.get(reasonKey) ?? { reason, status: message.status, count: 0 };
      entry.count++;
      byReason.set(reasonKey, entry);
    }
  }
  return {
    messages: report.messages.length,
    sent,
    suppressed,
    failed,
    customersReached: reached.size,
    byKind: [...byKind.values()],
    byReason: [...byReason.values()].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
  };
}

/** Where a rejected item was in the scenario: `events[3]`, `customers[7]`, or a file line. */
export function rejectedLocation(rejected: RejectedEvent): string {
  switch (rejected.source) {
    case 'customers':
      return `customers[${rejected.index}]`;
    case 'history':
      return `history.invoices[${rejected.index}]`;
    case 'actions':
      return `actions[${rejected.index}]`;
    case 'file':
      return `${rejected.location ?? 'file'}${rejected.line === undefined ? ` item ${rejected.index}` : ` line ${rejected.line}`}`;
    default:
      return `events[${rejected.index}]`;
  }
}

/** `2027-01-05T08:00:00Z` → `2027-01-05 08:00 UTC`; anything else is returned as it is. */
export function formatInstant(instant: string | null | undefined): string {
  if (!instant) return '';
  const time = Date.parse(instant);
  if (!Number.isFinite(time)) return instant;
  const iso = new Date(time).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** Whole days between the scenario's start and until. */
export function periodDays(scenario: Scenario): number {
  return Math.round((Date.parse(scenario.until) - Date.parse(scenario.start)) / 86_400_000);
}

/** `12345` → `12,345`. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-GB');
}

/** A short, one-line rendering of any JSON value (for alert fields and facts). */
export function formatValue(value: unknown, maxChars = 200): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
}

/** `1` → `1 message`, `2` → `2 messages`. */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : pluralForm}`;
}

/** z of a two-sided 95 % interval. */
export const Z_95 = 1.959963984540054;

/**
 * `b / nb − a / na` (e.g. held-out rate − offered rate) with its 95 % interval by the normal
 * approximation (Wald): `± z · √(pa(1−pa)/na + pb(1−pb)/nb)`, clipped to [−1, 1]. Approximate, and wide for small groups;
 * undefined when either group is empty.
 */
export function proportionDifference(
  a: { part: number; whole: number },
  b: { part: number; whole: number },
  z = Z_95,
): { value: number; low: number; high: number } | undefined {
  if (a.whole <= 0 || b.whole <= 0) return undefined;
  const pa = a.part / a.whole;
  const pb = b.part / b.whole;
  const value = pb - pa;
  const margin = z * Math.sqrt((pa * (1 - pa)) / a.whole + (pb * (1 - pb)) / b.whole);
  // A difference of proportions lies in [−1, 1]; the approximation can reach past it for tiny groups.
  return { value, low: Math.max(-1, value - margin), high: Math.min(1, value + margin) };
}
