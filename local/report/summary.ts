import type { Scenario, SimulationReport } from '#domain/contracts/index.ts';
import { differenceSentence, moneyText, rateText } from './retention-text.ts';
import { routeText } from './routes.ts';
import {
  computeStats,
  formatCount,
  formatInstant,
  formatValue,
  periodDays,
  plural,
  type ReportMeta,
  rejectedLocation,
} from './stats.ts';

/** How many rejected events and alerts the summary lists before "… and N more". */
export const SUMMARY_LIST_LIMIT = 10;
/** How many field errors of one rejected event the summary shows. */
const ERRORS_PER_REJECTION = 3;

/** Pads a table: the first `leftColumns` columns left-aligned (text), the others right-aligned (numbers). */
function table(rows: string[][], leftColumns = 2, indent = '  '): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.map(
    (row) =>
      indent +
      row
        .map((cell, i) => (i < leftColumns ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
  );
}

/**
 * The terminal summary of a simulation: what was simulated, what customers were sent and what was held
 * back and why, what was rejected, alerts, and the figures that drive cost. Plain text.
 */
export function renderSummary(report: SimulationReport, scenario: Scenario, meta: ReportMeta): string {
  const stats = computeStats(report);
  const lines: string[] = [];
  const history = scenario.history?.invoices?.length ?? 0;

  lines.push(`stille simulate — ${scenario.name}`);
  lines.push(
    `Simulated ${formatInstant(scenario.start)} → ${formatInstant(scenario.until)} (${plural(periodDays(scenario), 'day')}), ` +
      `in ${(meta.durationMs / 1000).toFixed(1)} s`,
  );
  lines.push(
    `Input: ${plural(scenario.customers.length, 'customer')}, ${plural(scenario.events.length, 'event')}, ` +
      `${plural(history, 'history invoice')}`,
  );
  lines.push('');

  lines.push(
    `Messages: ${formatCount(stats.messages)} (${formatCount(stats.sent)} sent, ${formatCount(stats.suppressed)} suppressed, ` +
      `${formatCount(stats.failed)} failed), ${plural(stats.customersReached, 'customer')} reached`,
  );
  if (stats.byKind.length > 0) {
    lines.push(
      ...table([
        ['kind', 'purpose', 'sent', 'suppressed', 'failed'],
        ...stats.byKind.map((k) => [
          k.kind,
          k.purpose,
          formatCount(k.sent),
          formatCount(k.suppressed),
          formatCount(k.failed),
        ]),
      ]),
    );
  }
  if (stats.byReason.length > 0) {
    lines.push('Not sent, by reason:');
    lines.push(...table(stats.byReason.map((r) => [r.reason, r.status, formatCount(r.count)])));
  }
  lines.push('');

  lines.push(
    report.rejected.length === 0
      ? 'Rejected events: none'
      : `Rejected events: ${formatCount(report.rejected.length)} (recorded with their field errors, not processed)`,
  );
  for (const rejected of report.rejected.slice(0, SUMMARY_LIST_LIMIT)) {
    const [first, ...rest] = rejected.errors;
    const error = first ? `${first.path}: ${first.message}` : 'no field errors given';
    lines.push(`  ${rejectedLocation(rejected)} ${rejected.detailType} — ${error}`);
    for (const more of rest.slice(0, ERRORS_PER_REJECTION - 1)) {
      lines.push(`      ${more.path}: ${more.message}`);
    }
    if (rest.length > ERRORS_PER_REJECTION - 1) {
      lines.push(`      … and ${plural(rest.length - (ERRORS_PER_REJECTION - 1), 'more error')}`);
    }
  }
  if (report.rejected.length > SUMMARY_LIST_LIMIT) {
    lines.push(`  … and ${formatCount(report.rejected.length - SUMMARY_LIST_LIMIT)} more`);
  }

  for (const campaign of report.campaigns ?? []) {
    lines.push(`Campaign ${campaign.name ?? campaign.campaignId} (${campaign.campaignId})`);
    // A daily run with nobody in its audience (the retention program's usual morning) says nothing.
    const empty = campaign.runs.filter((run) => run.audience === 0);
    const shown = campaign.runs.length > 3 ? campaign.runs.filter((run) => run.audience > 0) : campaign.runs;
    for (const run of shown) {
      const notSent = Object.entries(run.suppressed)
        .map(([reason, n]) => `${reason} ${formatCount(n)}`)
        .join(', ');
      lines.push(
        `  ${run.runAt}: audience ${formatCount(run.audience)}, held out ${formatCount(run.holdout)}, sent ${formatCount(run.sent)}${notSent ? `, not sent: ${notSent}` : ''}, failed ${formatCount(run.failed)}, clicks ${formatCount(run.clicks ?? 0)}`,
      );
    }
    if (shown.length < campaign.runs.length) {
      lines.push(`  and ${formatCount(empty.length)} runs with nobody in the audience`);
    }
    if (campaign.preview) {
      lines.push(
        `  preview of ${campaign.preview.runAt}: audience ${formatCount(campaign.preview.audience)} (nothing sent)`,
      );
    }
  }
  if (report.retention) {
    const r = report.retention;
    const kept = Object.entries(r.annualRevenueKept ?? {})
      .map(([currency, amount]) => moneyText(amount, currency))
      .join(', ');
    lines.push(
      `Retention offers: ${formatCount(r.offered)} offered (${formatCount(r.accepted)} accepted, ${rateText(r.offered === 0 ? null : r.accepted / r.offered)}), ${formatCount(r.heldOut)} held out; ended within 90 days: ${formatCount(r.ended.offered)} offered, ${formatCount(r.ended.heldOut)} held out`,
    );
    lines.push(`  ${differenceSentence(r)}${kept ? ` Annual revenue kept (estimate): ${kept}.` : ''}`);
  }
  lines.push(report.alerts.length === 0 ? 'Alerts: none' : `Alerts: ${formatCount(report.alerts.length)}`);
  for (const alert of report.alerts.slice(0, SUMMARY_LIST_LIMIT)) {
    const { kind, at, routedTo: _routes, ...fields } = alert;
    const details = Object.entries(fields)
      .map(([key, value]) => `${key}: ${formatValue(value, 80)}`)
      .join(', ');
    const route = routeText(alert);
    lines.push(
      `  ${kind} at ${formatInstant(at)}${route === undefined ? '' : ` → ${route}`}${details ? ` — ${details}` : ''}`,
    );
  }
  if (report.alerts.length > SUMMARY_LIST_LIMIT) {
    lines.push(`  … and ${formatCount(report.alerts.length - SUMMARY_LIST_LIMIT)} more`);
  }
  lines.push('');

  const x = report.executions;
  lines.push(
    `Executions: ${formatCount(x.started)} started, ${formatCount(x.succeeded)} succeeded, ${formatCount(x.failed)} failed`,
  );
  lines.push('Modelled cost inputs:');
  lines.push(
    ...table(
      [
        ['Standard state transitions', formatCount(x.standardTransitions)],
        ['Express executions', formatCount(x.expressExecutions)],
        ['Lambda invocations', formatCount(x.lambdaInvocations)],
      ],
      1,
    ),
  );

  if (meta.htmlPath || meta.jsonPath) {
    lines.push('');
    if (meta.htmlPath) lines.push(`Report (HTML): ${meta.htmlPath}`);
    if (meta.jsonPath) lines.push(`Report (JSON): ${meta.jsonPath}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The one-line outcome `--quiet` prints. */
export function renderOneLine(report: SimulationReport, scenario: Scenario): string {
  const stats = computeStats(report);
  return (
    `${scenario.name}: ${formatCount(stats.messages)} messages (${formatCount(stats.sent)} sent, ` +
    `${formatCount(stats.suppressed)} suppressed, ${formatCount(stats.failed)} failed), ` +
    `${plural(report.rejected.length, 'rejected event')}, ${plural(report.alerts.length, 'alert')}\n`
  );
}
