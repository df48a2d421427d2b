/**
 * Issue #13, item 3: the seasonal profile learned from the provider's own invoices, per market and
 * product kind: the median of full-year product shapes (robust to outliers), the national profile when
 * there are too few.
 */
import { describe, expect, it } from 'vitest';
import {
  ELECTRICITY_PROFILES,
  learnSeasonalProfile,
  MIN_PROFILE_SAMPLES,
  productShape,
} from '#domain/invoices/index.ts';
import { monthlyInvoice, months } from './fixtures.ts';

const HEATED = [2.0, 1.8, 1.4, 1.0, 0.7, 0.5, 0.5, 0.55, 0.75, 1.0, 1.4, 1.8];
const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

describe('productShape', () => {
  const days = (month: string) =>
    new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
  const year = months('2026-01', 12).map((month) =>
    monthlyInvoice({
      month,
      quantity: Math.round(30 * (HEATED[Number(month.slice(5, 7)) - 1] ?? 1) * days(month)),
    }),
  );

  it('is the consumption per day of each month over the mean, for a product with a full year', () => {
    const shape = productShape('p-1', year);
    expect(shape).toHaveLength(12);
    expect(mean(shape ?? [])).toBeCloseTo(1, 3);
    const normalized = HEATED.map((w) => w / mean(HEATED));
    for (const [month, weight] of (shape ?? []).entries()) {
      expect(weight).toBeCloseTo(normalized[month] ?? 0, 2);
    }
  });

  it('needs twelve months invoiced in full, read and not estimated, of that product', () => {
    expect(productShape('p-1', year.slice(1))).toBeUndefined();
    expect(productShape('p-2', year)).toBeUndefined();
    const estimated = year.map((invoice, i) =>
      i === 3 ? { ...invoice, reading: 'estimated' as const } : invoice,
    );
    expect(productShape('p-1', estimated)).toBeUndefined();
  });
});

describe('learnSeasonalProfile', () => {
  const samples = (count: number) =>
    Array.from({ length: count }, (_, i) => HEATED.map((w) => w * (1 + ((i % 7) - 3) / 100)));

  it('is the median of the samples month by month, rescaled to mean 1', () => {
    const learned = learnSeasonalProfile(samples(MIN_PROFILE_SAMPLES));
    expect(learned?.source).toBe('customers-like-you');
    expect(learned?.samples).toBe(MIN_PROFILE_SAMPLES);
    expect(mean(learned?.weights ?? [])).toBeCloseTo(1, 3);
    expect((learned?.weights[0] ?? 0) / (learned?.weights[6] ?? 1)).toBeCloseTo(4, 2);
  });

  it('is not moved by a few outliers (a drying room, a holiday home empty all winter)', () => {
    const outliers = Array.from({ length: 5 }, (_, i) =>
      i % 2 === 0 ? HEATED.map((w, m) => (m < 3 ? w * 6 : w)) : HEATED.map(() => 0.01),
    );
    const clean = learnSeasonalProfile(samples(40));
    const noisy = learnSeasonalProfile([...samples(40), ...outliers]);
    for (const [month, weight] of (noisy?.weights ?? []).entries()) {
      expect(weight).toBeCloseTo(clean?.weights[month] ?? 0, 1);
    }
  });

  it('gives nothing with too few samples, or with broken ones, so the national profile is used', () => {
    expect(learnSeasonalProfile(samples(MIN_PROFILE_SAMPLES - 1))).toBeUndefined();
    const broken = [...samples(MIN_PROFILE_SAMPLES - 1), [1, 2, 3], HEATED.map(() => Number.NaN)];
    expect(learnSeasonalProfile(broken)).toBeUndefined();
    // The national profile stays documented and in use as the fallback.
    expect(ELECTRICITY_PROFILES.NO[0]).toBe(1.4);
  });
});
