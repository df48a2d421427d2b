import { describe, expect, it } from 'vitest';
import { DEFAULT_QUIET_HOURS } from '#domain/config/markets.ts';
import {
  addTallies,
  customerNotice,
  latePriceNoticeAlert,
  type NoticeCustomer,
  noticeDate,
} from '#domain/price-changes/index.ts';
import { priceChangeAnnounced } from '../../helpers/events.ts';
import { historyBefore } from '../../helpers/invoice-history.ts';

const customer: NoticeCustomer = {
  customerId: 'c-1',
  market: 'NO',
  segment: 'household',
  timeZone: 'Europe/Oslo',
  products: [{ productId: 'p-1', kind: 'electricity', tariffId: 'var-no1', contract: 'open-ended' }],
};
const change = priceChangeAnnounced({ effectiveDate: '2027-03-01' });
const at = (iso: string) => new Date(iso);
const notice = (overrides: Partial<Parameters<typeof customerNotice>[0]> = {}) =>
  customerNotice({
    change,
    customer,
    productId: 'p-1',
    history: historyBefore('2027-01', 12, { customerId: 'c-1' }),
    now: at('2027-01-11T09:00:00Z'),
    quietHours: DEFAULT_QUIET_HOURS,
    ...overrides,
  });

describe('the notice date', () => {
  it('is the customer’s local date by day', () => {
    expect(noticeDate(at('2027-01-11T09:00:00Z'), 'Europe/Oslo', DEFAULT_QUIET_HOURS)).toBe('2027-01-11');
  });

  it('is the next morning’s date when the notice goes out during the night', () => {
    // 23:30 in Oslo: an SMS waits until 08:00, so the notice counts from 12 January.
    expect(noticeDate(at('2027-01-11T22:30:00Z'), 'Europe/Oslo', DEFAULT_QUIET_HOURS)).toBe('2027-01-12');
    // 00:30 local is already the 12th, and stays the 12th.
    expect(noticeDate(at('2027-01-11T23:30:00Z'), 'Europe/Oslo', DEFAULT_QUIET_HOURS)).toBe('2027-01-12');
  });
});

describe('a customer’s notice', () => {
  it('requests one notice per customer product, with the facts of the contract', () => {
    const result = notice();
    expect(result.affected).toBe(true);
    if (!result.affected) return;
    expect(result.request).toMatchObject({
      kind: 'price-change-notice',
      customerId: 'c-1',
      trigger: { detailType: 'Price Change Announced', id: change.priceChangeId },
      dedupeKey: `price-change-notice#${change.priceChangeId}#c-1#p-1`,
    });
    expect(result.request.facts).toMatchObject({
      priceChangeId: change.priceChangeId,
      oldPrice: 0.89,
      newPrice: 1.02,
      effectiveDate: '2027-03-01',
      noticeDays: 49,
      annualConsumption: 16_300,
      annualCostBefore: 14_507,
      annualCostAfter: 16_626,
      monthlyDifference: 176.58,
      terminationRight: true,
      reasons: change.reasons,
      leadTime: { amount: 30, unit: 'days' },
    });
  });

  it('moves the effective date when the notice is late', () => {
    const result = notice({ change: { ...change, effectiveDate: '2027-01-20' } });
    expect(result).toMatchObject({ affected: true, moved: true, effectiveDate: '2027-02-10' });
  });

  it('counts a notice sent at night from the next morning', () => {
    const result = notice({
      change: { ...change, effectiveDate: '2027-02-10' },
      now: at('2027-01-11T22:30:00Z'),
    });
    expect(result).toMatchObject({ affected: true, moved: true, effectiveDate: '2027-02-11' });
  });

  it('gives the provider’s own longer lead time, and names it as the rule applied', () => {
    const result = notice({ ownLeadTimes: [{ amount: 60, unit: 'days' }] });
    expect(result).toMatchObject({ affected: true, moved: true, effectiveDate: '2027-03-12' });
    expect(result.affected && result.request.facts.leadTime).toMatchObject({ amount: 60, unit: 'days' });
  });

  it('gives a Danish household three months from the notice, citing elleveringsbekendtgørelsen § 4', () => {
    const dane: NoticeCustomer = {
      ...customer,
      market: 'DK',
      timeZone: 'Europe/Copenhagen',
      products: [{ productId: 'p-1', kind: 'electricity', tariffId: 'var-dk1', contract: 'open-ended' }],
    };
    const danish = { ...change, market: 'DK' as const, currency: 'DKK' as const, tariffId: 'var-dk1' };
    // Announced for 1 March with the notice on 11 January: a month and a half is too little in Denmark.
    const result = notice({ customer: dane, change: danish });
    expect(result).toMatchObject({ affected: true, moved: true, effectiveDate: '2027-04-11' });
    if (!result.affected) return;
    expect(result.request.facts).toMatchObject({
      effectiveDate: '2027-04-11',
      effectiveDateMoved: true,
      announcedEffectiveDate: '2027-03-01',
      noticeDays: 90,
      leadTime: { amount: 3, unit: 'months' },
    });
    expect(String((result.request.facts.leadTime as { source: string }).source)).toContain(
      'elleveringsbekendtgørelsen § 4',
    );
  });

  it('keeps the announced date for a Finnish household told more than a month ahead', () => {
    const finn: NoticeCustomer = {
      ...customer,
      market: 'FI',
      timeZone: 'Europe/Helsinki',
      products: [{ productId: 'p-1', kind: 'electricity', tariffId: 'var-fi1', contract: 'open-ended' }],
    };
    const finnish = { ...change, market: 'FI' as const, currency: 'EUR' as const, tariffId: 'var-fi1' };
    const result = notice({ customer: finn, change: finnish });
    expect(result).toMatchObject({ affected: true, moved: false, effectiveDate: '2027-03-01' });
    expect(result.affected && result.request.facts.leadTime).toMatchObject({ amount: 1, unit: 'months' });
  });

  it('tells nobody of a new price that is the old one', () => {
    expect(notice({ change: { ...change, newPrice: change.oldPrice } })).toEqual({
      affected: false,
      reason: 'price-unchanged',
    });
  });

  it('leaves fixed-term contracts untouched', () => {
    const fixed = {
      ...customer,
      products: [{ ...customer.products[0], contract: 'fixed-term' }],
    } as NoticeCustomer;
    expect(notice({ customer: fixed })).toEqual({ affected: false, reason: 'fixed-term' });
  });

  it('leaves a product that has moved to another tariff, or is gone, untouched', () => {
    const moved = {
      ...customer,
      products: [{ ...customer.products[0], tariffId: 'fix-12m' }],
    } as NoticeCustomer;
    expect(notice({ customer: moved })).toEqual({ affected: false, reason: 'other-tariff' });
    expect(notice({ customer: { ...customer, products: [] } })).toEqual({
      affected: false,
      reason: 'product-gone',
    });
  });

  it('gives no termination right for a price that goes down', () => {
    const result = notice({ change: { ...change, oldPrice: 1.02, newPrice: 0.89 } });
    expect(result.affected && result.request.facts.terminationRight).toBe(false);
    expect(result.affected && result.request.facts.monthlyDifference).toBe(-176.58);
  });
});

describe('the late-price-notice alert', () => {
  it('is raised once, with the number of customers and their dates, earliest first', () => {
    const total = addTallies([
      { notified: 3, skipped: 1, moved: { '2027-03-11': 2 } },
      { notified: 2, skipped: 0, moved: { '2027-03-12': 1, '2027-03-11': 1 } },
    ]);
    expect(latePriceNoticeAlert(change, total, at('2027-01-11T09:05:00Z'))).toMatchObject({
      kind: 'late-price-notice',
      at: '2027-01-11T09:05:00.000Z',
      priceChangeId: change.priceChangeId,
      announcedEffectiveDate: change.effectiveDate,
      customers: 4,
      notified: 5,
      dates: [
        { effectiveDate: '2027-03-11', customers: 3 },
        { effectiveDate: '2027-03-12', customers: 1 },
      ],
    });
  });

  it('is not raised when nobody’s date moved', () => {
    expect(
      latePriceNoticeAlert(change, addTallies([{ notified: 5, skipped: 0, moved: {} }]), new Date()),
    ).toBe(undefined);
  });
});
