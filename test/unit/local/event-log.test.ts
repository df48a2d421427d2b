import { describe, expect, it } from 'vitest';
import { ALERT_DETAIL_TYPE } from '#domain/contracts/event-names.ts';
import { EventLog } from '#local/eventbridge/event-log.ts';
import type { EventEnvelope } from '#local/eventbridge/local-event-bus.ts';

function event(
  detailType: string,
  detail: Record<string, unknown> = {},
  id = detailType,
  source = 'stille',
): EventEnvelope {
  return {
    version: '0',
    id,
    'detail-type': detailType,
    source,
    account: '000000000000',
    time: '2027-01-05T08:00:00Z',
    region: 'eu-north-1',
    resources: [],
    detail,
  };
}

describe('EventLog', () => {
  it('keeps every Stille Alert as a report alert, falling back to the event time for a missing at', () => {
    const log = new EventLog();
    log.record({
      bus: 'stille',
      event: event(ALERT_DETAIL_TYPE, {
        kind: 'late-price-notice',
        at: '2027-01-04T00:00:00Z',
        customerId: 'c-1',
      }),
      matchedRules: [],
    });
    log.record({ bus: 'stille', event: event('Invoice Issued'), matchedRules: ['R'] });
    log.record({ bus: 'default', event: event(ALERT_DETAIL_TYPE, { reason: 'no kind' }), matchedRules: [] });
    expect(log.alerts()).toEqual([
      { kind: 'late-price-notice', at: '2027-01-04T00:00:00Z', customerId: 'c-1' },
      { kind: 'stille-alert', at: '2027-01-05T08:00:00Z', reason: 'no kind' },
    ]);
    expect(log.total).toBe(3);
    expect(log.countOf(ALERT_DETAIL_TYPE)).toBe(2);
    expect(log.countOf(ALERT_DETAIL_TYPE, 'default')).toBe(1);
  });

  it("takes as alerts only stille's own: a Stille Alert from another source is counted, not reported", () => {
    const log = new EventLog();
    log.record({
      bus: 'stille',
      event: event(ALERT_DETAIL_TYPE, { kind: 'detractor', at: '2027-01-05T08:00:00Z' }, 'a-1', 'crm'),
      matchedRules: ['OutsideAlerts'],
    });
    log.record({
      bus: 'stille',
      event: event(ALERT_DETAIL_TYPE, { kind: 'support-delay', at: '2027-01-05T09:00:00Z' }, 'a-2', 'stille'),
      matchedRules: [],
    });
    expect(log.alerts().map((alert) => alert.kind)).toEqual(['support-delay']);
    expect(log.countOf(ALERT_DETAIL_TYPE)).toBe(2);
  });

  it('stays bounded however many events go by', () => {
    const log = new EventLog({ recentLimit: 3, alertLimit: 2, countKeysLimit: 2 });
    for (let i = 0; i < 10; i++) {
      log.record({ bus: 'stille', event: event(`Type ${i}`, {}, `e-${i}`), matchedRules: [] });
      log.record({
        bus: 'stille',
        event: event(ALERT_DETAIL_TYPE, { kind: 'k', at: 'x' }, `a-${i}`),
        matchedRules: [],
      });
    }
    expect(log.recent().map((seen) => seen.event.id)).toEqual(['a-8', 'e-9', 'a-9']);
    expect(log.alerts()).toHaveLength(2);
    expect(log.droppedAlerts).toBe(8);
    // Two distinct keys are counted apart, the rest as (other).
    expect(log.counts()).toEqual([
      { bus: 'stille', detailType: 'Type 0', count: 1 },
      { bus: 'stille', detailType: ALERT_DETAIL_TYPE, count: 10 },
      { bus: 'stille', detailType: '(other)', count: 9 },
    ]);
    expect(log.total).toBe(20);
  });
});
