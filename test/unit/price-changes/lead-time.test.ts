import { describe, expect, it } from 'vitest';
import {
  addMonths,
  customerEffectiveDate,
  earliestEffectiveDate,
  governingRule,
  noticeRuleFor,
  noticeRules,
  noticeRulesFor,
} from '#domain/price-changes/index.ts';

describe('the lead-time table', () => {
  it.each([
    ['NO', 30, 'days'],
    ['SE', 2, 'months'],
    ['FI', 1, 'months'],
    ['DK', 3, 'months'],
  ] as const)('gives households in %s %i %s for electricity', (market, amount, unit) => {
    expect(noticeRuleFor(market, 'household', 'electricity')).toMatchObject({ amount, unit });
  });

  it('cites elleveringsbekendtgørelsen § 4 and the Ankenævnet for a Danish household, and sähkömarkkinalaki 93 § for a Finnish one', () => {
    const dk = noticeRuleFor('DK', 'household', 'electricity');
    expect(dk.source).toContain('elleveringsbekendtgørelsen § 4');
    expect(dk.source).toContain('Ankenævnet på Energiområdet');
    const fi = noticeRuleFor('FI', 'household', 'electricity');
    expect(fi.source).toContain('sähkömarkkinalaki (588/2013) 93 §');
    expect(fi.source).toContain('Consumer Ombudsman');
  });

  it.each(['NO', 'SE'] as const)('gives businesses in %s 14 days for electricity', (market) => {
    expect(noticeRuleFor(market, 'business', 'electricity')).toMatchObject({ amount: 14, unit: 'days' });
  });

  it.each([
    ['FI', 1],
    ['DK', 3],
  ] as const)(
    'gives businesses in %s the national %i month(s), the longer period where the law is unclear',
    (market, months) => {
      expect(noticeRuleFor(market, 'business', 'electricity')).toMatchObject({
        amount: months,
        unit: 'months',
      });
    },
  );

  it('moves a Danish price increase to three calendar months after the notice', () => {
    const lead = noticeRuleFor('DK', 'household', 'electricity');
    // Announced for 1 February with notice on 20 December: too late, so 20 March.
    expect(customerEffectiveDate('2027-02-01', '2026-12-20', lead)).toEqual({
      effectiveDate: '2027-03-20',
      moved: true,
      noticeDays: 90,
    });
    expect(earliestEffectiveDate('2026-11-30', lead)).toBe('2027-02-28');
  });

  it.each(['NO', 'SE', 'FI', 'DK'] as const)(
    'gives every end-user in %s one month for broadband and mobile (EECC)',
    (market) => {
      for (const segment of ['household', 'business'] as const) {
        for (const kind of ['broadband', 'mobile'] as const) {
          expect(noticeRuleFor(market, segment, kind)).toMatchObject({ amount: 1, unit: 'months' });
          expect(noticeRuleFor(market, segment, kind).source).toContain('2018/1972');
        }
      }
    },
  );

  it('names a source for every market, segment and product kind', () => {
    const rows = noticeRules();
    expect(rows).toHaveLength(4 * 2 * 4);
    for (const [market, segment, kind, rule] of rows) {
      expect(rule.source.length, `${market} ${segment} ${kind}`).toBeGreaterThan(10);
      expect(rule.amount).toBeGreaterThan(0);
    }
  });
});

describe('calendar months', () => {
  it.each([
    ['2027-01-15', 1, '2027-02-15'],
    ['2027-01-31', 1, '2027-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2027-12-31', 2, '2028-02-29'],
    ['2026-12-31', 2, '2027-02-28'],
    ['2027-03-31', 1, '2027-04-30'],
    ['2027-11-30', 2, '2028-01-30'],
    ['2027-12-15', 1, '2028-01-15'],
    ['2100-01-31', 1, '2100-02-28'],
    ['2000-01-31', 1, '2000-02-29'],
    ['2027-03-31', -1, '2027-02-28'],
  ])('takes %s plus %i month(s) to %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });
});

describe('the earliest effective date', () => {
  it('counts 30 days across a leap February', () => {
    expect(earliestEffectiveDate('2028-02-01', { amount: 30, unit: 'days' })).toBe('2028-03-02');
    expect(earliestEffectiveDate('2027-02-01', { amount: 30, unit: 'days' })).toBe('2027-03-03');
  });

  it('ends a month-long notice from 31 January on the last day of February', () => {
    const lead = noticeRuleFor('FI', 'household', 'electricity');
    expect(earliestEffectiveDate('2027-01-31', lead)).toBe('2027-02-28');
    expect(earliestEffectiveDate('2028-01-31', lead)).toBe('2028-02-29');
  });

  it('gives Swedish households two calendar months, whatever the months’ lengths', () => {
    const lead = noticeRuleFor('SE', 'household', 'electricity');
    expect(earliestEffectiveDate('2026-12-31', lead)).toBe('2027-02-28');
    expect(earliestEffectiveDate('2027-12-31', lead)).toBe('2028-02-29');
    expect(earliestEffectiveDate('2027-06-15', lead)).toBe('2027-08-15');
  });
});

describe('a customer’s effective date', () => {
  const norway = noticeRuleFor('NO', 'household', 'electricity');

  it('keeps the announced date when the notice is in time', () => {
    expect(customerEffectiveDate('2027-03-01', '2027-01-11', norway)).toEqual({
      effectiveDate: '2027-03-01',
      moved: false,
      noticeDays: 49,
    });
  });

  it('keeps the announced date when the notice is exactly the lead time', () => {
    expect(customerEffectiveDate('2027-02-10', '2027-01-11', norway)).toEqual({
      effectiveDate: '2027-02-10',
      moved: false,
      noticeDays: 30,
    });
  });

  it('moves the effective date when the notice is late', () => {
    expect(customerEffectiveDate('2027-02-01', '2027-01-11', norway)).toEqual({
      effectiveDate: '2027-02-10',
      moved: true,
      noticeDays: 30,
    });
  });

  it('moves it for a Swedish household but not for a Swedish business on the same late notice', () => {
    const household = noticeRuleFor('SE', 'household', 'electricity');
    const business = noticeRuleFor('SE', 'business', 'electricity');
    expect(customerEffectiveDate('2027-02-01', '2027-01-11', household)).toMatchObject({
      effectiveDate: '2027-03-11',
      moved: true,
    });
    expect(customerEffectiveDate('2027-02-01', '2027-01-11', business)).toMatchObject({
      effectiveDate: '2027-02-01',
      moved: false,
      noticeDays: 21,
    });
  });
});

describe('lead times of the provider’s own', () => {
  it('lengthen the legal minimum when they give a later date', () => {
    const rules = noticeRulesFor('NO', 'household', 'electricity', [{ amount: 6, unit: 'months' }]);
    expect(rules).toHaveLength(2);
    const rule = governingRule('2027-01-11', rules);
    expect(rule).toMatchObject({ amount: 6, unit: 'months' });
    expect(rule.source).toContain('markets.NO.priceNotice.leadTimes[0]');
  });

  it('never shorten it', () => {
    const rules = noticeRulesFor('SE', 'household', 'electricity', [{ amount: 7, unit: 'days' }]);
    expect(governingRule('2027-01-11', rules)).toMatchObject({ amount: 2, unit: 'months' });
  });

  it('apply only to the segment and kind they name', () => {
    const own = [
      { segment: 'business', amount: 1, unit: 'months' },
      { kind: 'mobile', amount: 2, unit: 'months' },
    ] as const;
    expect(noticeRulesFor('NO', 'household', 'electricity', own)).toHaveLength(1);
    expect(governingRule('2027-01-11', noticeRulesFor('NO', 'business', 'electricity', own))).toMatchObject({
      amount: 1,
      unit: 'months',
    });
    expect(governingRule('2027-01-11', noticeRulesFor('DK', 'household', 'mobile', own))).toMatchObject({
      amount: 2,
      unit: 'months',
    });
  });

  it('compare days with months by the dates they give', () => {
    // 30 days from 1 February reach 3 March; a month reaches 1 March: the days govern.
    const rules = noticeRulesFor('NO', 'household', 'electricity', [{ amount: 1, unit: 'months' }]);
    expect(governingRule('2027-02-01', rules)).toMatchObject({ amount: 30, unit: 'days' });
    // From 1 March, a month (1 April, 31 days) outlasts 30 days (31 March).
    expect(governingRule('2027-03-01', rules)).toMatchObject({ amount: 1, unit: 'months' });
  });
});
