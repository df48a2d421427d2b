import { describe, expect, it } from 'vitest';
import type { Scenario } from '#domain/contracts/index.ts';
import { escapeHtml, html, raw } from '#local/report/escape.ts';
import { renderHtmlReport } from '#local/report/html.ts';
import type { ReportMeta } from '#local/report/stats.ts';
import { message, reportFor, smallScenario } from './fixtures.ts';

const meta: ReportMeta = {
  scenarioFile: 'examples/demo.json',
  generatedAt: '2027-03-01T12:00:00Z',
  durationMs: 1234,
  version: '0.1.0',
  htmlPath: '.stille/reports/demo-report.html',
  jsonPath: '.stille/reports/demo-report.json',
};

const SCRIPT = '<script>alert(1)</script>';

/** A scenario whose first customer has a hostile name, and a report whose messages carry hostile text. */
function hostile(): { scenario: Scenario; report: ReturnType<typeof reportFor> } {
  const scenario = smallScenario(2);
  const first = scenario.customers[0];
  if (!first) throw new Error('the fixture scenario has no customer');
  first.name = SCRIPT;
  const customerId = String(first.customerId);
  const report = reportFor(scenario);
  report.messages.push(
    message({
      customerId,
      subject: 'Fakturaen din: "høyere" enn vanlig & forklart',
      html: `<p onclick="steal()">Hei ${SCRIPT}</p><iframe src="https://evil.example"></iframe>`,
      text: `Hei ${SCRIPT}`,
      facts: { note: SCRIPT, nested: { html: '<b>bold</b>' } },
    }),
  );
  report.rejected.push({ index: 9, detailType: SCRIPT, errors: [{ path: '<img src=x>', message: '"&<>' }] });
  report.alerts.push({ kind: SCRIPT, at: '2027-01-02T00:00:00Z', detail: '</style>' });
  return { scenario, report };
}

describe('html tag', () => {
  it('escapes interpolated text, including quotes for attributes', () => {
    const value = `"><script>x</script>&'`;
    expect(html`<a title="${value}">${value}</a>`.value).toBe(
      '<a title="&quot;&gt;&lt;script&gt;x&lt;/script&gt;&amp;&#39;">&quot;&gt;&lt;script&gt;x&lt;/script&gt;&amp;&#39;</a>',
    );
  });

  it('keeps nested html and raw() as they are, joins arrays and drops null, undefined and false', () => {
    const items = ['a<b', 'c'].map((t) => html`<li>${t}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${raw('<hr>')}${0}`.value).toBe(
      '<ul><li>a&lt;b</li><li>c</li></ul><hr>0',
    );
  });

  it('escapes every character HTML treats specially', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });
});

describe('renderHtmlReport', () => {
  it('never lets a customer name, subject, fact, error or alert through unescaped', () => {
    const { scenario, report } = hostile();
    const page = renderHtmlReport(report, scenario, meta);
    expect(page).not.toContain('<script');
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<iframe src=');
    expect(page).not.toContain('onclick="');
    expect(page).not.toContain('<b>bold');
    expect(page).not.toMatch(/<\/style>[^\n]*<\/style>/);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('Fakturaen din: &quot;høyere&quot; enn vanlig &amp; forklart');
    expect(page).not.toContain('"høyere"');
    expect(page).not.toContain(' & forklart');
  });

  it('puts email HTML in a sandboxed iframe, escaped once for the srcdoc attribute', () => {
    const scenario = smallScenario(1);
    const report = reportFor(scenario);
    const email = '<p class="x">1 240,50 kr &amp; mer</p>';
    report.messages = [message({ customerId: String(scenario.customers[0]?.customerId), html: email })];
    const page = renderHtmlReport(report, scenario, meta);
    const srcdoc = /<iframe class="email" sandbox srcdoc="([^"]*)"/.exec(page)?.[1];
    expect(srcdoc).toBe(escapeHtml(email));
    // The browser decodes the attribute once and gets the email back exactly.
    const decoded = srcdoc
      ?.replaceAll('&quot;', '"')
      .replaceAll('&#39;', "'")
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&amp;', '&');
    expect(decoded).toBe(email);
  });

  it('is one self-contained page: no scripts and nothing loaded from elsewhere', () => {
    const scenario = smallScenario(2);
    const page = renderHtmlReport(reportFor(scenario), scenario, meta);
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).not.toMatch(/<script|<link|src="http|@import/);
    expect(page).toContain("default-src 'none'");
  });

  it('groups messages by customer with name, id, locale and channel', () => {
    const scenario = smallScenario(3);
    const report = reportFor(scenario);
    const page = renderHtmlReport(report, scenario, meta);
    for (const customer of scenario.customers) {
      expect(page).toContain(`id="customer-${String(customer.customerId)}"`);
      expect(page).toContain(escapeHtml(String(customer.name)));
      expect(page).toContain(`locale ${String(customer.locale)}`);
      expect(page).toContain(`prefers ${String(customer.preferredChannel)}`);
    }
    expect(page.match(/<details class="message"/g)).toHaveLength(report.messages.length);
  });

  it('shows why a message was not sent, and the SMS body as text', () => {
    const scenario = smallScenario(2);
    const report = reportFor(scenario);
    const page = renderHtmlReport(report, scenario, meta);
    expect(page).toContain('<div class="reason status-suppressed">Not sent: no-consent</div>');
    expect(page).toContain('<div class="reason status-failed">Failed: provider-error</div>');
    expect(page).toContain('<pre>Vi har ikke svart deg ennå.</pre>');
  });

  it('renders facts as a table, nested values as JSON', () => {
    const scenario = smallScenario(1);
    const report = reportFor(scenario);
    const page = renderHtmlReport(report, scenario, meta);
    expect(page).toContain('<tr><td>expectedAmount</td><td>980</td></tr>');
    expect(page).toContain(escapeHtml(JSON.stringify([{ code: 'consumption', amount: 260.5 }], null, 1)));
  });

  it('lists every rejected event with its source, place and every field error', () => {
    const scenario = smallScenario(2);
    const report = reportFor(scenario);
    const page = renderHtmlReport(report, scenario, meta);
    for (const rejected of report.rejected) {
      for (const error of rejected.errors) {
        expect(page).toContain(
          `<li><code>${escapeHtml(error.path)}</code>: ${escapeHtml(error.message)}</li>`,
        );
      }
    }
    expect(page).toContain('s3://stille-runs/runs/2027-02.jsonl line 17');
    expect(page).toContain('<code>events[3]</code>');
  });

  it('shows alerts and the execution counts', () => {
    const scenario = smallScenario(2);
    const report = reportFor(scenario);
    const page = renderHtmlReport(report, scenario, meta);
    expect(page).toContain('late-price-notice');
    expect(page).toContain('<tr><td>noticeDays</td><td>14</td></tr>');
    expect(page).toContain(
      `<td class="num">${report.executions.standardTransitions.toLocaleString('en-GB')}</td>`,
    );
    expect(page).toContain(`<td class="num">${report.executions.lambdaInvocations}</td>`);
  });

  it('renders at most maxMessages messages and says the JSON report has the rest', () => {
    const scenario = smallScenario(5);
    const report = reportFor(scenario);
    const page = renderHtmlReport(report, scenario, meta, { maxMessages: 2 });
    expect(page.match(/<details class="message"/g)).toHaveLength(2);
    expect(page).toContain(`Showing the first 2 of ${report.messages.length} messages`);
  });
});

describe('the HTML report: campaigns', () => {
  it('shows each campaign’s runs with click-through next to the holdout, and its preview, escaped', () => {
    const scenario = smallScenario(1);
    const report = reportFor(scenario);
    report.campaigns = [
      {
        campaignId: 'cmp-fixed',
        name: `Fixed ${SCRIPT}`,
        runs: [
          {
            runAt: '2027-03-02',
            audience: 100,
            holdout: 10,
            sent: 80,
            suppressed: { 'no-consent': 10 },
            failed: 0,
            clicks: 8,
          },
        ],
        preview: {
          runAt: '2027-03-02',
          audience: 100,
          outcomes: { sent: 80, holdout: 10 },
          byMarket: { NO: 100 },
          byLocale: { 'nb-NO': 100 },
          byChannel: { email: 80 },
          samples: [
            { customerId: 'c-1', channel: 'email', locale: 'nb-NO', subject: SCRIPT, text: `Hei ${SCRIPT}` },
          ],
        },
      },
    ];
    const page = renderHtmlReport(report, scenario, meta);
    expect(page).toContain('id="campaigns"');
    expect(page).toContain('<td class="num">10.0 %</td>');
    expect(page).toContain('no-consent: 10');
    expect(page).toContain('Preview of the run of 2027-03-02');
    expect(page).not.toContain(SCRIPT);
    expect(page).toContain(escapeHtml(SCRIPT));
  });
});
