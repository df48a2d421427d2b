import { describe, expect, it } from 'vitest';
import { parseScenario } from '#domain/contracts/index.ts';
import { renderHtmlReport } from '#local/report/html.ts';
import { computeRetention, type RetentionRecord, retentionNumbers } from '#local/report/retention.ts';
import { differenceSentence, moneyText } from '#local/report/retention-text.ts';
import { proportionDifference, type ReportMeta } from '#local/report/stats.ts';
import { renderSummary } from '#local/report/summary.ts';
import { reportFor, smallScenario } from '../../cli/fixtures.ts';

const PROGRAM = { detailType: 'Offer Catalog Published', id: '2027-03' };
const SENT_AT = '2027-03-03T09:00:00.000Z';
const DAY = 86_400_000;
const daysAfter = (days: number, ms = 0) => new Date(Date.parse(SENT_AT) + days * DAY + ms).toISOString();

function sent(customerId: string, facts: Record<string, unknown> = {}, trigger = PROGRAM): RetentionRecord {
  return {
    dedupeKey: `retention-offer#${trigger.id}#${customerId}`,
    customerId,
    status: 'sent',
    reason: null,
    sentAt: SENT_AT,
    decidedAt: SENT_AT,
    trigger,
    facts: { offerId: 'fix-24m-no', currency: 'NOK', annualValue: 1000, ...facts },
  };
}

function held(customerId: string, trigger = PROGRAM): RetentionRecord {
  return {
    ...sent(customerId, {}, trigger),
    status: 'suppressed',
    reason: 'holdout',
    sentAt: null,
    decidedAt: SENT_AT,
  };
}

describe('proportionDifference (normal approximation)', () => {
  it('gives the difference of two proportions with its 95 % interval', () => {
    const d = proportionDifference({ part: 5, whole: 100 }, { part: 12, whole: 100 });
    expect(d?.value).toBeCloseTo(0.07, 12);
    expect(d?.low).toBeCloseTo(-0.006689461169594263, 12);
    expect(d?.high).toBeCloseTo(0.14668946116959425, 12);
    const small = proportionDifference({ part: 1, whole: 20 }, { part: 3, whole: 20 });
    expect(small?.low).toBeCloseTo(-0.08333784301412954, 12);
    expect(small?.high).toBeCloseTo(0.2833378430141295, 12);
  });

  it('is undefined for an empty group, and has no width when both rates are 0 or 1', () => {
    expect(proportionDifference({ part: 0, whole: 0 }, { part: 1, whole: 2 })).toBeUndefined();
    expect(proportionDifference({ part: 0, whole: 5 }, { part: 5, whole: 5 })).toEqual({
      value: 1,
      low: 1,
      high: 1,
    });
  });
});

describe('the retention section', () => {
  it('counts offered, held out, accepted and contracts ended within 90 days (the window edge included)', () => {
    const records = [
      sent('c-1', { acceptedAt: daysAfter(2), value: { invoicedLast12Months: 12_000 } }),
      sent('c-2', { value: { invoicedLast12Months: 8_000 } }),
      sent('c-3', { offerId: 'bonus-no', annualValue: 500 }),
      held('c-4'),
      held('c-5'),
      // Suppressed for consent: in neither group.
      { ...held('c-6'), reason: 'no-consent' },
    ];
    const ended = new Map([
      ['c-1', [{ endedAt: daysAfter(90) }]], // exactly 90 days: counts
      ['c-2', [{ endedAt: daysAfter(90, 1) }]], // a millisecond later: does not
      ['c-3', [{ endedAt: daysAfter(-1) }]], // before the offer: does not
      ['c-4', [{ endedAt: daysAfter(10) }]],
      ['c-6', [{ endedAt: daysAfter(10) }]],
    ]);
    const invoiced = new Map([['retention-offer#2027-03#c-3', 10_000]]);
    const numbers = retentionNumbers(records, { ended, invoiced });
    expect(numbers).toMatchObject({
      offered: 3,
      heldOut: 2,
      accepted: 1,
      ended: { offered: 1, heldOut: 1 },
      acceptanceRate: 1 / 3,
      endedRate: { offered: 1 / 3, heldOut: 0.5 },
    });
    expect(numbers.difference?.value).toBeCloseTo(0.5 - 1 / 3, 12);
    // (0.5 − 1/3) × 3 customers × mean (12,000 + 8,000 + 10,000) / 3 = 5,000.
    expect(numbers.annualRevenueKept).toEqual({ NOK: 5000 });
    expect(numbers.byOffer).toEqual([
      { offerId: 'fix-24m-no', offered: 2, accepted: 1, annualValue: 2000, currency: 'NOK' },
      { offerId: 'bonus-no', offered: 1, accepted: 0, annualValue: 500, currency: 'NOK' },
    ]);
  });

  it('counts a held-out customer from the holdout decision, and one later offered only as offered', () => {
    const records = [
      held('c-1'),
      { ...sent('c-1'), sentAt: daysAfter(30), decidedAt: daysAfter(30) },
      held('c-2'),
    ];
    const ended = new Map([['c-2', [{ endedAt: daysAfter(89) }]]]);
    expect(retentionNumbers(records, { ended })).toMatchObject({
      offered: 1,
      heldOut: 1,
      ended: { offered: 0, heldOut: 1 },
    });
  });

  it('splits the program from retention-offer campaigns and is absent without any retention record', () => {
    const campaign = { detailType: 'Campaign Scheduled', id: 'cmp-win-back' };
    const report = computeRetention([sent('c-1'), sent('c-2', {}, campaign), held('c-3', campaign)], {
      ended: new Map(),
    });
    expect(report).toMatchObject({ offered: 1, heldOut: 0, difference: null });
    expect(report?.campaigns).toMatchObject([{ campaignId: 'cmp-win-back', offered: 1, heldOut: 1 }]);
    expect(
      computeRetention([sent('c-1', {}, { detailType: 'Test', id: 'x' })], { ended: new Map() }),
    ).toBeUndefined();
  });

  it('shows revenue kept honestly when offered customers left more often (negative)', () => {
    const numbers = retentionNumbers(
      [
        sent('c-1', { value: { invoicedLast12Months: 6_000 } }),
        sent('c-2', { value: { invoicedLast12Months: 4_000 } }),
        held('c-3'),
      ],
      { ended: new Map([['c-1', [{ endedAt: daysAfter(5) }]]]) },
    );
    // (0 − 1/2) × 2 × 5,000 = −5,000.
    expect(numbers.annualRevenueKept).toEqual({ NOK: -5000 });
    expect(differenceSentence(numbers)).toMatch(
      /: 50\.0 points more \(95 % interval −100\.0 to 19\.3\)\. The interval includes 0: with groups this small the difference may be chance\.$/,
    );
    expect(moneyText(-5000, 'NOK')).toBe('NOK −5,000.00');
  });

  it('says the difference in plain words, with the interval in points', () => {
    const numbers = retentionNumbers(
      [
        ...Array.from({ length: 100 }, (_, i) => sent(`o-${i}`)),
        ...Array.from({ length: 100 }, (_, i) => held(`h-${i}`)),
      ],
      {
        ended: new Map([
          ...Array.from({ length: 5 }, (_, i) => [`o-${i}`, [{ endedAt: daysAfter(1) }]] as const),
          ...Array.from({ length: 12 }, (_, i) => [`h-${i}`, [{ endedAt: daysAfter(1) }]] as const),
        ]),
      },
    );
    expect(differenceSentence(numbers)).toBe(
      'Among offered customers 5.0 % ended their contract within 90 days, against 12.0 % of held-out customers: 7.0 points fewer (95 % interval −0.7 to 14.7). The interval includes 0: with groups this small the difference may be chance.',
    );
  });
});

describe('the Retention offers section of the reports', () => {
  const meta: ReportMeta = {
    scenarioFile: 's.json',
    generatedAt: '2027-03-08T00:00:00Z',
    durationMs: 1,
    version: 't',
  };

  it('escapes an offer id with markup, and says the numbers in the summary', () => {
    const scenario = smallScenario(1);
    const report = reportFor(scenario);
    report.retention = retentionNumbers([sent('c-1', { offerId: '<script>x</script>' }), held('c-2')], {
      ended: new Map([['c-2', [{ endedAt: daysAfter(3) }]]]),
    });
    const page = renderHtmlReport(report, scenario, meta);
    expect(page).toContain('<h2 id="retention">Retention offers</h2>');
    expect(page).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(page).not.toContain('<script>x</script>');
    expect(page).toContain('100.0 points fewer');
    const summary = renderSummary(report, scenario, meta);
    expect(summary).toContain('Retention offers: 1 offered (0 accepted, 0.0 %), 1 held out');
  });

  it('leaves the section out when there is no retention record', () => {
    const scenario = smallScenario(1);
    expect(renderHtmlReport(reportFor(scenario), scenario, meta)).not.toContain('id="retention"');
  });
});

describe('scenario actions', () => {
  const base = { name: 'x', start: '2027-03-01T00:00:00Z', until: '2027-03-08T00:00:00Z' };

  it('accepts accept-offer actions within the stretch', () => {
    const parsed = parseScenario({
      ...base,
      actions: [{ at: '2027-03-05T12:00:00Z', customerId: 'c-1', action: 'accept-offer' }],
    });
    expect(parsed.ok && parsed.scenario.actions).toEqual([
      { at: '2027-03-05T12:00:00Z', customerId: 'c-1', action: 'accept-offer' },
    ]);
  });

  it('gives field errors for a bad action, a missing customer and an instant outside the stretch', () => {
    const parsed = parseScenario({
      ...base,
      actions: [
        { at: '2027-03-05T12:00:00Z', customerId: 'c-1', action: 'decline-offer' },
        { at: '2027-03-05T12:00:00Z', action: 'accept-offer' },
      ],
    });
    expect(parsed.ok ? [] : parsed.errors.map((e) => e.path)).toEqual([
      'actions[0].action',
      'actions[1].customerId',
    ]);
    const outside = parseScenario({
      ...base,
      actions: [{ at: '2027-04-01T00:00:00Z', customerId: 'c-1', action: 'accept-offer' }],
    });
    expect(outside.ok ? [] : outside.errors).toEqual([
      { path: 'actions[0].at', message: expect.stringContaining('must be between start') },
    ]);
  });
});
