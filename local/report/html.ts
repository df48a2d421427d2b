import type { MessageRecord, RetentionNumbers, Scenario, SimulationReport } from '#domain/contracts/index.ts';
import { type HtmlValue, html, raw, type SafeHtml } from './escape.ts';
import { differenceSentence, moneyText, rateText } from './retention-text.ts';
import { routeText } from './routes.ts';
import {
  computeStats,
  formatCount,
  formatInstant,
  periodDays,
  plural,
  type ReportMeta,
  rejectedLocation,
} from './stats.ts';

/** Options of {@link renderHtmlReport}. */
export interface HtmlReportOptions {
  /**
   * Most messages rendered with their bodies; the rest are counted and left to the JSON report, so a
   * run of a million invoices still gives a page a browser can open. 2,000 by default.
   */
  maxMessages?: number;
}

const DEFAULT_MAX_MESSAGES = 2_000;

/** The fields of a customer profile the report shows; anything else about the customer is not needed. */
interface CustomerView {
  customerId: string;
  name: string | null;
  locale: string | null;
  market: string | null;
  preferredChannel: string | null;
  known: boolean;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function customerViews(scenario: Scenario): Map<string, CustomerView> {
  const views = new Map<string, CustomerView>();
  for (const customer of scenario.customers) {
    const customerId = text(customer.customerId);
    if (customerId === null || views.has(customerId)) continue;
    views.set(customerId, {
      customerId,
      name: text(customer.name),
      locale: text(customer.locale),
      market: text(customer.market),
      preferredChannel: text(customer.preferredChannel),
      known: true,
    });
  }
  return views;
}

// Inline so the page is one file; no scripts, no fonts, no images from elsewhere.
const STYLE = raw(`
:root { color-scheme: light; --ink: #1d2330; --muted: #5b6475; --line: #d9dee7; --bg: #f6f7f9;
  --sent: #1f7a4d; --suppressed: #8a5a00; --failed: #b42318; --accent: #2d5bd7; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
main { max-width: 1100px; margin: 0 auto; padding: 24px 20px 64px; }
header h1 { margin: 0 0 4px; font-size: 28px; }
h2 { margin: 40px 0 12px; font-size: 21px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
h3 { margin: 0; font-size: 17px; }
.muted { color: var(--muted); }
nav a { margin-right: 16px; color: var(--accent); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 12px; margin: 20px 0; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.card .figure { font-size: 26px; font-weight: 650; }
.card .label { color: var(--muted); font-size: 13px; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: anywhere; }
th { font-size: 13px; color: var(--muted); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
code, pre { font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { white-space: pre-wrap; word-break: break-word; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; margin: 8px 0; }
.customer { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; margin: 14px 0; }
.customer .meta { color: var(--muted); font-size: 13px; }
details.message { border-top: 1px solid var(--line); margin-top: 10px; padding-top: 8px; }
details.message > summary { cursor: pointer; list-style-position: outside; }
.badge { display: inline-block; font-size: 12px; font-weight: 650; padding: 1px 8px; border-radius: 10px; border: 1px solid currentColor; margin-right: 6px; }
.status-sent { color: var(--sent); }
.status-suppressed { color: var(--suppressed); }
.status-failed { color: var(--failed); }
.reason { margin: 8px 0; padding: 8px 12px; border-left: 4px solid currentColor; background: #fff8eb; font-weight: 600; }
.status-failed .reason, .reason.status-failed { background: #fff1f0; }
dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 10px 0; }
dl.fields dt { color: var(--muted); }
dl.fields dd { margin: 0; word-break: break-word; }
iframe.email { width: 100%; height: 460px; border: 1px solid var(--line); border-radius: 6px; background: #fff; resize: vertical; }
table.facts td:first-child { white-space: nowrap; color: var(--muted); width: 1%; }
.errors { margin: 0; padding-left: 18px; }
.note { background: #eef3ff; border: 1px solid #c9d7ff; border-radius: 6px; padding: 10px 14px; }
footer { margin-top: 48px; color: var(--muted); font-size: 13px; }
`);

function card(figure: HtmlValue, label: HtmlValue): SafeHtml {
  return html`<div class="card"><div class="figure">${figure}</div><div class="label">${label}</div></div>`;
}

/** A fact value: text and numbers as they are, anything nested as JSON. */
function factValue(value: unknown): SafeHtml {
  if (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean'
  ) {
    return html`${String(value)}`;
  }
  return html`<code>${JSON.stringify(value, null, 1) ?? String(value)}</code>`;
}

function factsTable(facts: Record<string, unknown>, caption: string): SafeHtml {
  const entries = Object.entries(facts);
  if (entries.length === 0) return html`<p class="muted">No ${caption.toLowerCase()}.</p>`;
  return html`<table class="facts">
  <caption class="muted" style="text-align:left">${caption}</caption>
  ${entries.map(([key, value]) => html`<tr><td>${key}</td><td>${factValue(value)}</td></tr>`)}
</table>`;
}

function messageBody(message: MessageRecord): SafeHtml {
  if (message.html) {
    // srcdoc is an attribute: the html tag escapes the markup once for it; the sandbox (no allow-*)
    // keeps scripts and forms of the email from running.
    return html`<iframe class="email" sandbox srcdoc="${message.html}" title="${`Email: ${message.subject ?? message.kind}`}" loading="lazy"></iframe>
${message.text ? html`<details><summary>Plain-text version</summary><pre>${message.text}</pre></details>` : ''}`;
  }
  if (message.text) return html`<pre>${message.text}</pre>`;
  return html`<p class="muted">No body was rendered for this message.</p>`;
}

function messageBlock(message: MessageRecord): SafeHtml {
  const status = `status-${message.status}`;
  const notSent = message.status !== 'sent';
  return html`<details class="message" data-status="${message.status}">
  <summary><span class="badge ${status}">${message.status}</span><strong>${message.kind}</strong>
    <span class="muted">· ${message.channel ?? 'no channel'} · ${formatInstant(message.sentAt) || 'not sent'}</span>
    ${message.subject ? html` — ${message.subject}` : ''}
    ${notSent ? html` <span class="${status}">(${message.reason ?? 'no reason given'})</span>` : ''}</summary>
  ${notSent ? html`<div class="reason ${status}">${message.status === 'failed' ? 'Failed' : 'Not sent'}: ${message.reason ?? 'no reason given'}</div>` : ''}
  <dl class="fields">
    <dt>Kind</dt><dd>${message.kind}</dd>
    <dt>Purpose</dt><dd>${message.purpose}</dd>
    <dt>Status</dt><dd class="${status}">${message.status}${message.reason ? ` (${message.reason})` : ''}</dd>
    <dt>Channel</dt><dd>${message.channel ?? '—'}</dd>
    <dt>To</dt><dd>${message.to ?? '—'}</dd>
    <dt>Sent at</dt><dd>${message.sentAt ?? '—'}</dd>
    <dt>Subject</dt><dd>${message.subject ?? '—'}</dd>
    <dt>Locale</dt><dd>${message.locale}</dd>
    <dt>Trigger</dt><dd>${message.trigger.detailType} <code>${message.trigger.id}</code></dd>
    <dt>Dedupe key</dt><dd><code>${message.dedupeKey}</code></dd>
  </dl>
  ${message.status === 'sent' || message.html || message.text ? messageBody(message) : ''}
  ${factsTable(message.facts, 'Facts behind the message')}
</details>`;
}

function customerSection(view: CustomerView, messages: MessageRecord[]): SafeHtml {
  const sent = messages.filter((m) => m.status === 'sent').length;
  return html`<section class="customer" id="${`customer-${view.customerId}`}">
  <h3>${view.name ?? view.customerId} <span class="muted">${view.customerId}</span></h3>
  <div class="meta">${[
    view.known ? null : 'not in the scenario’s customers (added by an event)',
    view.market ? `market ${view.market}` : null,
    `locale ${view.locale ?? messages[0]?.locale ?? '—'}`,
    view.preferredChannel ? `prefers ${view.preferredChannel}` : null,
    `${plural(messages.length, 'message')}, ${sent} sent`,
  ]
    .filter((part): part is string => part !== null)
    .join(' · ')}</div>
  ${messages.map(messageBlock)}
</section>`;
}

function messagesSection(report: SimulationReport, scenario: Scenario, maxMessages: number): SafeHtml {
  if (report.messages.length === 0) {
    return html`<h2 id="messages">Messages</h2><p class="muted">No message was sent or considered in this scenario.</p>`;
  }
  const views = customerViews(scenario);
  const shown = report.messages.slice(0, maxMessages);
  const byCustomer = new Map<string, MessageRecord[]>();
  for (const message of shown) {
    const list = byCustomer.get(message.customerId) ?? [];
    list.push(message);
    byCustomer.set(message.customerId, list);
  }
  // Customers in scenario order, then those only events introduced; messages in the order they happened.
  const order = [...views.keys()].filter((id) => byCustomer.has(id));
  for (const id of byCustomer.keys()) if (!views.has(id)) order.push(id);
  const sections = order.map((customerId) => {
    const messages = [...(byCustomer.get(customerId) ?? [])].sort((a, b) =>
      (a.sentAt ?? '\uffff').localeCompare(b.sentAt ?? '\uffff'),
    );
    const view = views.get(customerId) ?? {
      customerId,
      name: null,
      locale: null,
      market: null,
      preferredChannel: null,
      known: false,
    };
    return customerSection(view, messages);
  });
  const omitted = report.messages.length - shown.length;
  return html`<h2 id="messages">Messages by customer</h2>
<p class="muted">${plural(order.length, 'customer')} with messages. Open a message to read it as the customer would, with the facts it was written from.</p>
${omitted > 0 ? html`<p class="note">Showing the first ${formatCount(shown.length)} of ${formatCount(report.messages.length)} messages; the JSON report has all of them.</p>` : ''}
${sections}`;
}

function rejectedSection(report: SimulationReport): SafeHtml {
  if (report.rejected.length === 0) {
    return html`<h2 id="rejected">Rejected events</h2><p class="muted">None: every event was valid.</p>`;
  }
  return html`<h2 id="rejected">Rejected events (${formatCount(report.rejected.length)})</h2>
<p class="muted">These were recorded with every field error and not processed. Fix them at the source and send them again.</p>
<table>
  <thead><tr><th class="num">Index</th><th>Source</th><th>Detail type</th><th>Where</th><th>Field errors</th></tr></thead>
  <tbody>
  ${report.rejected.map(
    (r) => html`<tr>
    <td class="num">${r.index}</td>
    <td>${r.source ?? 'events'}</td>
    <td>${r.detailType}</td>
    <td><code>${rejectedLocation(r)}</code></td>
    <td><ul class="errors">${r.errors.map((e) => html`<li><code>${e.path}</code>: ${e.message}</li>`)}</ul></td>
  </tr>`,
  )}
  </tbody>
</table>`;
}

function alertsSection(report: SimulationReport): SafeHtml {
  if (report.alerts.length === 0) {
    return html`<h2 id="alerts">Alerts</h2><p class="muted">No alerts.</p>`;
  }
  return html`<h2 id="alerts">Alerts (${formatCount(report.alerts.length)})</h2>
${report.alerts.map((alert) => {
  const { kind, at, routedTo: _routes, ...fields } = alert;
  const route = routeText(alert);
  return html`<section class="customer"><h3>${kind} <span class="muted">${formatInstant(at)}</span></h3>${route === undefined ? '' : html`<p>Went to: ${route}</p>`}${factsTable(fields, 'Details')}</section>`;
})}`;
}

/** The share `part / whole` as a percentage with one decimal, or – for nothing. */
function percent(part: number, whole: number): string {
  return whole === 0 ? '–' : `${((part / whole) * 100).toFixed(1)} %`;
}

/**
 * A section per campaign: each run's audience, holdout, sent, not sent by reason, failed and
 * click-through (clicks of the call to action per message sent, next to the holdout it is measured
 * against), and the latest preview with its rendered samples.
 */
function campaignsSection(report: SimulationReport): SafeHtml {
  const campaigns = report.campaigns ?? [];
  if (campaigns.length === 0) return html``;
  return html`<h2 id="campaigns">Campaigns (${formatCount(campaigns.length)})</h2>
${campaigns.map(
  (
    campaign,
  ) => html`<section class="customer"><h3>${campaign.name ?? campaign.campaignId} <span class="muted">${campaign.campaignId}</span></h3>
${
  campaign.runs.length === 0
    ? html`<p class="muted">No completed run.</p>`
    : html`<table>
  <thead><tr><th>Run</th><th class="num">Audience</th><th class="num">Holdout</th><th class="num">Sent</th><th>Not sent, by reason</th><th class="num">Failed</th><th class="num">Clicks</th><th class="num">Click-through</th></tr></thead>
  <tbody>${campaign.runs.map(
    (run) =>
      html`<tr><td>${run.runAt}</td><td class="num">${formatCount(run.audience)}</td><td class="num">${formatCount(run.holdout)}</td><td class="num">${formatCount(run.sent)}</td><td>${Object.entries(
        run.suppressed,
      )
        .map(([reason, n]) => `${reason}: ${formatCount(n)}`)
        .join(
          ', ',
        )}</td><td class="num">${formatCount(run.failed)}</td><td class="num">${formatCount(run.clicks ?? 0)}</td><td class="num">${percent(run.clicks ?? 0, run.sent)}</td></tr>`,
  )}</tbody>
</table>`
}
${
  campaign.preview
    ? html`<h4>Preview of the run of ${campaign.preview.runAt} (nothing sent): ${plural(campaign.preview.audience, 'customer')}</h4>
${factsTable(campaign.preview.outcomes, 'Outcome')}
${factsTable({ ...campaign.preview.byMarket }, 'By market')}
${factsTable({ ...campaign.preview.byLocale }, 'By locale')}
${factsTable({ ...campaign.preview.byChannel }, 'By channel')}
${campaign.preview.samples.map(
  (sample) =>
    html`<details><summary>${sample.customerId} · ${sample.channel} · ${sample.locale}: ${sample.subject}</summary><pre>${sample.text}</pre></details>`,
)}`
    : ''
}
</section>`,
)}`;
}

/** One scope's retention numbers: offered against held out, the difference in words, by offer. */
function retentionNumbersBlock(numbers: RetentionNumbers): SafeHtml {
  const row = (label: string, customers: number, accepted: string, ended: number) =>
    html`<tr><td>${label}</td><td class="num">${formatCount(customers)}</td><td class="num">${accepted}</td><td class="num">${formatCount(ended)}</td><td class="num">${rateText(customers === 0 ? null : ended / customers)}</td></tr>`;
  const kept = Object.entries(numbers.annualRevenueKept ?? {});
  const byOffer = numbers.byOffer ?? [];
  return html`<table>
  <thead><tr><th>Group</th><th class="num">Customers</th><th class="num">Accepted</th><th class="num">Contracts ended within 90 days</th><th class="num">Rate</th></tr></thead>
  <tbody>
  ${row('Offered', numbers.offered, `${formatCount(numbers.accepted)} (${rateText(numbers.offered === 0 ? null : numbers.accepted / numbers.offered)})`, numbers.ended.offered)}
  ${row('Held out', numbers.heldOut, '–', numbers.ended.heldOut)}
  </tbody>
</table>
<p>${differenceSentence(numbers)}</p>
${
  kept.length === 0
    ? ''
    : html`<p>Annual revenue kept, estimated (the difference × the offered customers × their mean invoiced amount of the last 12 months; negative means the offered customers left more often): ${kept
        .map(([currency, amount]) => moneyText(amount, currency))
        .join(', ')}.</p>`
}
${
  byOffer.length === 0
    ? ''
    : html`<table>
  <thead><tr><th>Offer</th><th class="num">Offered</th><th class="num">Accepted</th><th class="num">Acceptance</th><th class="num">Annual value offered (sum)</th></tr></thead>
  <tbody>${byOffer.map(
    (offer) =>
      html`<tr><td><code>${offer.offerId}</code></td><td class="num">${formatCount(offer.offered)}</td><td class="num">${formatCount(offer.accepted)}</td><td class="num">${rateText(offer.offered === 0 ? null : offer.accepted / offer.offered)}</td><td class="num">${moneyText(offer.annualValue, offer.currency)}</td></tr>`,
  )}</tbody>
</table>`
}`;
}

/**
 * The retention offers: the automatic program's offered and held-out customers, who accepted, whose
 * contract ended within 90 days, the difference with its (approximate) interval, and each
 * retention-offer campaign the same way.
 */
function retentionSection(report: SimulationReport): SafeHtml {
  const retention = report.retention;
  if (!retention) return html``;
  return html`<h2 id="retention">Retention offers</h2>
<p class="muted">Customers sent a retention offer against customers held out of the offers, and whose contract ended (Contract Ended) within 90 days after the offer or the holdout. The interval is a normal approximation: rough, and wide for small groups.</p>
<h3>Automatic program</h3>
${retentionNumbersBlock(retention)}
${(retention.campaigns ?? []).map(
  (campaign) => html`<h3 style="margin-top:16px">Campaign <code>${campaign.campaignId}</code></h3>
${retentionNumbersBlock(campaign)}`,
)}`;
}

function executionsSection(report: SimulationReport): SafeHtml {
  const x = report.executions;
  const row = (label: string, value: number, note: string) =>
    html`<tr><td>${label}</td><td class="num">${formatCount(value)}</td><td class="muted">${note}</td></tr>`;
  return html`<h2 id="executions">Executions and modelled cost inputs</h2>
<table>
  <thead><tr><th>What</th><th class="num">Count</th><th>Why it matters</th></tr></thead>
  <tbody>
  ${row('Executions started', x.started, 'workflow executions, Standard and Express')}
  ${row('Succeeded', x.succeeded, '')}
  ${row('Failed', x.failed, 'executions that ended in an error')}
  ${row('Standard state transitions', x.standardTransitions, 'Step Functions Standard is billed per state transition')}
  ${row('Express executions', x.expressExecutions, 'Express is billed per execution and duration (Distributed Map batches)')}
  ${row('Lambda invocations', x.lambdaInvocations, 'Lambda is billed per request and duration')}
  </tbody>
</table>`;
}

/**
 * One self-contained HTML page (inline CSS, no scripts, no external assets) showing what a simulation
 * did: totals, every message grouped by customer with its rendered body and facts, rejected events,
 * alerts and executions. Everything taken from the scenario or the report is escaped by the `html` tag.
 */
export function renderHtmlReport(
  report: SimulationReport,
  scenario: Scenario,
  meta: ReportMeta,
  options: HtmlReportOptions = {},
): string {
  const stats = computeStats(report);
  const maxMessages = options.maxMessages ?? DEFAULT_MAX_MESSAGES;
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${`${scenario.name} — stille simulation report`}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header>
  <h1>${scenario.name}</h1>
  <div class="muted">Simulated ${formatInstant(scenario.start)} → ${formatInstant(scenario.until)} (${plural(periodDays(scenario), 'day')})
    · ${plural(scenario.customers.length, 'customer')}, ${plural(scenario.events.length, 'event')}, ${plural(scenario.history?.invoices?.length ?? 0, 'history invoice')}</div>
  <div class="cards">
    ${card(formatCount(stats.sent), 'messages sent')}
    ${card(formatCount(stats.suppressed), 'suppressed')}
    ${card(formatCount(stats.failed), 'failed')}
    ${card(formatCount(stats.customersReached), 'customers reached')}
    ${card(formatCount(report.rejected.length), 'rejected events')}
    ${card(formatCount(report.alerts.length), 'alerts')}
  </div>
  <nav><a href="#messages">Messages</a><a href="#rejected">Rejected events</a>${(report.campaigns?.length ?? 0) > 0 ? html`<a href="#campaigns">Campaigns</a>` : ''}${report.retention ? html`<a href="#retention">Retention offers</a>` : ''}<a href="#alerts">Alerts</a><a href="#executions">Executions</a></nav>
</header>

<h2 id="totals">Messages by kind</h2>
${
  stats.byKind.length === 0
    ? html`<p class="muted">No messages.</p>`
    : html`<table>
  <thead><tr><th>Kind</th><th>Purpose</th><th class="num">Sent</th><th class="num">Suppressed</th><th class="num">Failed</th></tr></thead>
  <tbody>${stats.byKind.map(
    (k) =>
      html`<tr><td>${k.kind}</td><td>${k.purpose}</td><td class="num">${formatCount(k.sent)}</td><td class="num">${formatCount(k.suppressed)}</td><td class="num">${formatCount(k.failed)}</td></tr>`,
  )}</tbody>
</table>`
}
${
  stats.byReason.length === 0
    ? ''
    : html`<h3 style="margin-top:16px">Not sent, by reason</h3>
<table>
  <thead><tr><th>Reason</th><th>Status</th><th class="num">Messages</th></tr></thead>
  <tbody>${stats.byReason.map(
    (r) =>
      html`<tr><td>${r.reason}</td><td class="status-${r.status}">${r.status}</td><td class="num">${formatCount(r.count)}</td></tr>`,
  )}</tbody>
</table>`
}

${messagesSection(report, scenario, maxMessages)}
${rejectedSection(report)}
${campaignsSection(report)}
${retentionSection(report)}
${alertsSection(report)}
${executionsSection(report)}

<footer>stille ${meta.version} · scenario file <code>${meta.scenarioFile}</code> · report made ${formatInstant(meta.generatedAt)}
  · simulated in ${(meta.durationMs / 1000).toFixed(1)} s${meta.jsonPath ? html` · full data in <code>${meta.jsonPath}</code>` : ''}</footer>
</main>
</body>
</html>
`;
  return page.value;
}
