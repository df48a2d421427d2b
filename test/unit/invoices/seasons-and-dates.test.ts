import { describe, expect, it } from 'vitest';
import { DEFAULT_MARKETS_CONFIG, parseMarketsConfig, settingsForMarket } from '#domain/config/markets.ts';
import { MARKETS } from '#domain/contracts/index.ts';
import { overlapOf, periodDays, shiftYears } from '#domain/invoices/dates.ts';
import { ELECTRICITY_PROFILES, seasonalDays, seasonalProfileFor } from '#domain/invoices/index.ts';

describe('seasonal profiles', () => {
  it('have twelve weights with mean 1 for every market', () => {
    for (const market of MARKETS) {
      const profile = ELECTRICITY_PROFILES[market];
      expect(profile).toHaveLength(12);
      expect(profile.reduce((a, b) => a + b, 0)).toBeCloseTo(12, 6);
    }
  });

  it('make a Norwegian January about twice a July, and a Danish one much flatter', () => {
    const ratio = (m: 'NO' | 'DK') => (ELECTRICITY_PROFILES[m][0] ?? 0) / (ELECTRICITY_PROFILES[m][6] ?? 1);
    expect(ratio('NO')).toBeGreaterThan(1.9);
    expect(ratio('DK')).toBeLessThan(1.5);
  });

  it('are flat for products that are not metered electricity', () => {
    expect(seasonalProfileFor('NO', 'broadband')).toEqual(Array(12).fill(1));
    expect(seasonalProfileFor('NO', undefined, 'kWh')).toBe(ELECTRICITY_PROFILES.NO);
    expect(seasonalProfileFor('NO', undefined, 'GB')).toEqual(Array(12).fill(1));
  });

  it('weigh a period across a month end day by day', () => {
    const profile = ELECTRICITY_PROFILES.NO;
    const weight = seasonalDays({ from: '2026-12-17', to: '2027-01-16' }, profile);
    expect(weight).toBeCloseTo(15 * (profile[11] ?? 0) + 16 * (profile[0] ?? 0), 9);
  });

  it('count 29 February in a leap year', () => {
    const flat = seasonalProfileFor('NO', 'mobile');
    expect(seasonalDays({ from: '2028-02-01', to: '2028-02-29' }, flat)).toBe(29);
    expect(seasonalDays({ from: '2027-02-01', to: '2027-02-28' }, flat)).toBe(28);
    expect(seasonalDays({ from: '2027-01-01', to: '2027-12-31' }, flat)).toBe(365);
  });
});

describe('billing-period dates', () => {
  it('moves 29 February to 28 February in a year without it', () => {
    expect(shiftYears({ from: '2028-02-01', to: '2028-02-29' }, 1)).toEqual({
      from: '2027-02-01',
      to: '2027-02-28',
    });
    expect(shiftYears({ from: '2028-02-01', to: '2028-02-29' }, 4)).toEqual({
      from: '2024-02-01',
      to: '2024-02-29',
    });
  });

  it('counts both ends of a period and finds the days two periods share', () => {
    expect(periodDays({ from: '2026-12-01', to: '2026-12-31' })).toBe(31);
    expect(
      overlapOf({ from: '2027-01-01', to: '2027-01-31' }, { from: '2027-01-31', to: '2027-02-27' }),
    ).toEqual({
      from: '2027-01-31',
      to: '2027-01-31',
    });
    expect(
      overlapOf({ from: '2027-01-01', to: '2027-01-30' }, { from: '2027-01-31', to: '2027-02-27' }),
    ).toBeUndefined();
  });
});

describe('invoice explanation settings per market', () => {
  it("default to 30 % above the expected amount, priced with the customer's usual prices", () => {
    expect(settingsForMarket(DEFAULT_MARKETS_CONFIG, 'SE').invoiceExplanation).toEqual({
      surpriseRatio: 1.3,
      minimumDifference: 0,
      newChargeMinimum: 0,
      referencePrices: 'usual',
      lastingChangeMonths: 12,
    });
  });

  it('let a market override the global settings one by one', () => {
    const config = parseMarketsConfig({
      ...structuredClone(DEFAULT_MARKETS_CONFIG),
      invoiceExplanation: { minimumDifference: 50 },
      markets: {
        ...structuredClone(DEFAULT_MARKETS_CONFIG.markets),
        SE: {
          ...structuredClone(DEFAULT_MARKETS_CONFIG.markets.SE),
          invoiceExplanation: { surpriseRatio: 1.5 },
        },
      },
    });
    expect(settingsForMarket(config, 'SE').invoiceExplanation).toMatchObject({
      surpriseRatio: 1.5,
      minimumDifference: 50,
    });
    expect(settingsForMarket(config, 'NO').invoiceExplanation).toMatchObject({
      surpriseRatio: 1.3,
      minimumDifference: 50,
    });
  });

  it('rejects a ratio that would explain every invoice, naming the field', () => {
    expect(() =>
      parseMarketsConfig({
        ...structuredClone(DEFAULT_MARKETS_CONFIG),
        invoiceExplanation: { surpriseRatio: 1 },
      }),
    ).toThrow(/invoiceExplanation\.surpriseRatio/);
  });

  it.each([25, 1.5, -1])(
    'rejects lastingChangeMonths %s (whole months, 0–24), naming the field',
    (months) => {
      expect(() =>
        parseMarketsConfig({
          ...structuredClone(DEFAULT_MARKETS_CONFIG),
          invoiceExplanation: { lastingChangeMonths: months },
        }),
      ).toThrow(/invoiceExplanation\.lastingChangeMonths/);
    },
  );

  it('lets a market turn the lasting-change rule off, and keep invoice prices', () => {
    const config = parseMarketsConfig({
      ...structuredClone(DEFAULT_MARKETS_CONFIG),
      markets: {
        ...structuredClone(DEFAULT_MARKETS_CONFIG.markets),
        DK: {
          ...structuredClone(DEFAULT_MARKETS_CONFIG.markets.DK),
          invoiceExplanation: { lastingChangeMonths: 0, referencePrices: 'invoice' },
        },
      },
    });
    expect(settingsForMarket(config, 'DK').invoiceExplanation).toMatchObject({
      lastingChangeMonths: 0,
      referencePrices: 'invoice',
    });
    expect(settingsForMarket(config, 'NO').invoiceExplanation).toMatchObject({
      lastingChangeMonths: 12,
      referencePrices: 'usual',
    });
  });
});
