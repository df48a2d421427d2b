import { describe, expect, it } from 'vitest';
import { createFaultInjector } from '#local/services/faults.ts';
import { createRandom } from '#local/services/random.ts';

function draws(seed: number, count: number): number[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => random());
}

describe('createRandom', () => {
  it('gives the same sequence for the same seed and another one for another seed', () => {
    expect(draws(2027, 100)).toEqual(draws(2027, 100));
    expect(draws(2028, 100)).not.toEqual(draws(2027, 100));
  });

  it('draws numbers in [0, 1) spread over the whole interval', () => {
    const values = draws(1, 10_000);
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
    const deciles = Array.from(
      { length: 10 },
      (_, decile) => values.filter((value) => Math.floor(value * 10) === decile).length,
    );
    for (const count of deciles) {
      expect(count).toBeGreaterThan(850);
      expect(count).toBeLessThan(1150);
    }
  });

  it('refuses a seed that is not a finite number', () => {
    expect(() => createRandom(Number.NaN)).toThrow(RangeError);
  });
});

describe('createFaultInjector', () => {
  it('injects no fault when no rates are given', () => {
    const decide = createFaultInjector();
    expect(Array.from({ length: 1000 }, decide).every((decision) => decision === 'none')).toBe(true);
  });

  it('throttles and fails about the configured shares of calls', () => {
    const decide = createFaultInjector({ throttleRate: 0.2, errorRate: 0.1 }, 99);
    const decisions = Array.from({ length: 10_000 }, decide);
    const share = (kind: string) =>
      decisions.filter((decision) => decision === kind).length / decisions.length;

    expect(share('throttle')).toBeCloseTo(0.2, 1);
    expect(share('error')).toBeCloseTo(0.1, 1);
  });

  it.each([
    { throttleRate: -0.1 },
    { errorRate: 1.1 },
    { throttleRate: Number.NaN },
    { throttleRate: 0.7, errorRate: 0.4 },
  ])('refuses rates %o', (faults) => {
    expect(() => createFaultInjector(faults)).toThrow(RangeError);
  });
});
