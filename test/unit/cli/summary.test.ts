import { describe, expect, it } from 'vitest';
import type { RejectedEvent } from '#domain/contracts/index.ts';
import type { ReportMeta } from '#local/report/stats.ts';
import { renderSummary, SUMMARY_LIST_LIMIT } from '#local/report/summary.ts';
import { reportFor, smallScenario } from './fixtures.ts';

const meta: ReportMeta = {
  scenarioFile: 'x.json',
  generatedAt: '2027-03-01T12:00:00Z',
  durationMs: 2500,
  version: '0.1.0',
};

describe('renderSummary', () => {
  it('names the scenario and the simulated period', () => {
    const scenario = smallScenario(2);
    const text = renderSummary(reportFor(scenario), scenario, meta);
    expect(text).toContain(scenario.name);
    expect(text).toContain('2027-01-01 00:00 UTC → 2027-02-01 00:00 UTC (31 days)');
  });

  it('counts messages by kind and status, and what was not sent by reason', () => {
    const scenario = smallScenario(3);
    const report = reportFor(scenario);
    const text = renderSummary(report, scenario, meta);
    const explanations = report.messages.filter(
      (m) => m.kind === 'invoice-explanation' && m.status === 'sent',
    ).length;
    expect(text).toMatch(new RegExp(`invoice-explanation\\s+service\\s+${explanations}\\s+0\\s+0`));
    expect(text).toMatch(/survey-request\s+survey\s+0\s+1\s+0/);
    expect(text).toMatch(/no-consent\s+suppressed\s+1/);
    expect(text).toMatch(/provider-error\s+failed\s+1/);
  });

  it('shows rejected events with their first errors and alerts', () => {
    const scenario = smallScenario(2);
    const text = renderSummary(reportFor(scenario), scenario, meta);
    expect(text).toContain('events[3] Invoice Issued — amount: lines add up to 10.00 but amount is 12.00');
    expect(text).toContain(
      's3://stille-runs/runs/2027-02.jsonl line 17 Invoice Issued — dueDate: must be a date',
    );
    expect(text).toContain('period.to: must not be before period.from');
    expect(text).toContain(
      'late-price-notice at 2027-01-18 10:00 UTC — priceChangeId: pc-2027-02-var-se4, noticeDays: 14',
    );
  });

  it('says where each alert went: the team, its topic and how many subscribe', () => {
    const scenario = smallScenario(1);
    const report = reportFor(scenario);
    report.alerts = [
      {
        kind: 'detractor',
        at: '2027-01-18T10:00:00Z',
        surveyId: 's-1',
        routedTo: [{ team: 'crm', topic: 'Alerts/CrmTopic', subscribers: ['email:crm@example.no'] }],
      },
      { kind: 'odd', at: '2027-01-19T10:00:00Z', routedTo: [] },
    ];
    const text = renderSummary(report, scenario, meta);
    expect(text).toContain(
      'detractor at 2027-01-18 10:00 UTC → crm (Alerts/CrmTopic, 1 subscriber) — surveyId: s-1',
    );
    expect(text).toContain('odd at 2027-01-19 10:00 UTC → nowhere: no rule took it');
  });

  it(`lists at most ${SUMMARY_LIST_LIMIT} rejected events, then says how many more`, () => {
    const scenario = smallScenario(1);
    const report = reportFor(scenario);
    const total = SUMMARY_LIST_LIMIT + 4;
    report.rejected = Array.from(
      { length: total },
      (_, index): RejectedEvent => ({
        index,
        detailType: 'Invoice Issued',
        errors: [{ path: 'amount', message: `problem ${index}` }],
      }),
    );
    const text = renderSummary(report, scenario, meta);
    expect(text).toContain(`Rejected events: ${total}`);
    expect(text).toContain(`problem ${SUMMARY_LIST_LIMIT - 1}`);
    expect(text).not.toContain(`problem ${SUMMARY_LIST_LIMIT}\n`);
    expect(text).toContain(`… and ${total - SUMMARY_LIST_LIMIT} more`);
  });

  it('gives executions and the modelled cost inputs', () => {
    const scenario = smallScenario(2);
    const report = reportFor(scenario);
    const text = renderSummary(report, scenario, meta);
    expect(text).toContain(
      `Executions: ${report.executions.started} started, ${report.executions.succeeded} succeeded, 0 failed`,
    );
    expect(text).toMatch(/Standard state transitions\s+12,345/);
    expect(text).toMatch(new RegExp(`Express executions\\s+${report.executions.expressExecutions}\\b`));
    expect(text).toMatch(new RegExp(`Lambda invocations\\s+${report.executions.lambdaInvocations}\\b`));
  });

  it('is plain text: no terminal escape codes', () => {
    const scenario = smallScenario(2);
    expect(renderSummary(reportFor(scenario), scenario, meta)).not.toContain('\u001b[');
  });
});
