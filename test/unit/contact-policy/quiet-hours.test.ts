import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_QUIET_HOURS_MINUTES } from '#domain/config/markets.ts';
import {
  isWithinQuietHours,
  minuteOfDay,
  quietHoursEnd,
  quietHoursLengthMinutes,
} from '#domain/contact-policy/index.ts';
import { dstChanges, isQuietByWallClock } from './fixtures.ts';

const NIGHT = { start: '21:00', end: '08:00' };
const LUNCH = { start: '12:00', end: '13:00' };
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

function endOf(utc: string, zone: string, hours: { start: string; end: string }): string {
  return quietHoursEnd(new Date(utc), zone, hours).toISOString();
}

describe('isWithinQuietHours', () => {
  it.each([
    { utc: '2027-01-05T19:59:59Z', quiet: false }, // 20:59:59 CET
    { utc: '2027-01-05T20:00:00Z', quiet: true }, // 21:00
    { utc: '2027-01-05T23:00:00Z', quiet: true }, // 00:00
    { utc: '2027-01-06T06:59:59Z', quiet: true }, // 07:59:59
    { utc: '2027-01-06T07:00:00Z', quiet: false }, // 08:00
  ])('treats $utc in Oslo as quiet: $quiet for 21:00–08:00', ({ utc, quiet }) => {
    expect(isWithinQuietHours(new Date(utc), 'Europe/Oslo', NIGHT)).toBe(quiet);
  });

  it.each([
    { utc: '2027-01-05T10:59:00Z', quiet: false },
    { utc: '2027-01-05T11:00:00Z', quiet: true },
    { utc: '2027-01-05T11:59:00Z', quiet: true },
    { utc: '2027-01-05T12:00:00Z', quiet: false },
    { utc: '2027-01-05T23:00:00Z', quiet: false },
  ])('treats $utc in Oslo as quiet: $quiet for 12:00–13:00', ({ utc, quiet }) => {
    expect(isWithinQuietHours(new Date(utc), 'Europe/Oslo', LUNCH)).toBe(quiet);
  });

  it('rejects a time that is not HH:MM', () => {
    expect(() => isWithinQuietHours(new Date(), 'Europe/Oslo', { start: '9:00', end: '08:00' })).toThrow(
      RangeError,
    );
    expect(() => minuteOfDay('24:00')).toThrow(RangeError);
  });
});

describe('quietHoursEnd', () => {
  it('returns now when now is outside quiet hours', () => {
    expect(endOf('2027-01-05T11:00:00.250Z', 'Europe/Oslo', NIGHT)).toBe('2027-01-05T11:00:00.250Z');
  });

  it('ends a night window at 08:00 local the next morning, or the same morning after midnight', () => {
    expect(endOf('2027-01-05T21:00:00Z', 'Europe/Oslo', NIGHT)).toBe('2027-01-06T07:00:00.000Z');
    expect(endOf('2027-01-06T02:00:00Z', 'Europe/Oslo', NIGHT)).toBe('2027-01-06T07:00:00.000Z');
    expect(endOf('2027-07-05T21:00:00Z', 'Europe/Oslo', NIGHT)).toBe('2027-07-06T06:00:00.000Z');
  });

  it('ends a lunch window at 13:00 local the same day', () => {
    expect(endOf('2027-01-05T11:15:00Z', 'Europe/Oslo', LUNCH)).toBe('2027-01-05T12:00:00.000Z');
  });

  it('ends at 08:00 local across the spring and autumn changes in Oslo and Helsinki', () => {
    expect(endOf('2027-03-27T22:30:00Z', 'Europe/Oslo', NIGHT)).toBe('2027-03-28T06:00:00.000Z');
    expect(endOf('2027-10-30T21:30:00Z', 'Europe/Oslo', NIGHT)).toBe('2027-10-31T07:00:00.000Z');
    expect(endOf('2027-03-27T21:30:00Z', 'Europe/Helsinki', NIGHT)).toBe('2027-03-28T05:00:00.000Z');
    expect(endOf('2027-10-30T20:30:00Z', 'Europe/Helsinki', NIGHT)).toBe('2027-10-31T06:00:00.000Z');
  });

  it('ends at 08:00 local across the changes in New York', () => {
    // 23:00 EST is 04:00Z; 08:00 EDT on 2027-03-14 is 12:00Z. 23:00 EDT is 03:00Z; 08:00 EST on 2027-11-07 is 13:00Z.
    expect(endOf('2027-03-14T04:00:00Z', 'America/New_York', NIGHT)).toBe('2027-03-14T12:00:00.000Z');
    expect(endOf('2027-11-07T03:00:00Z', 'America/New_York', NIGHT)).toBe('2027-11-07T13:00:00.000Z');
  });

  it('ends a window whose end is skipped by the spring jump at the jump itself', () => {
    // Oslo 2027-03-28: 02:00 CET becomes 03:00 CEST at 01:00Z, so 02:30 never shows.
    expect(endOf('2027-03-28T00:30:00Z', 'Europe/Oslo', { start: '22:00', end: '02:30' })).toBe(
      '2027-03-28T01:00:00.000Z',
    );
  });

  it('ends a window whose end shows twice at the next time it shows', () => {
    const window = { start: '22:00', end: '02:30' };
    // 01:00 CEST: the first 02:30 (CEST) is at 00:30Z.
    expect(endOf('2027-10-30T23:00:00Z', 'Europe/Oslo', window)).toBe('2027-10-31T00:30:00.000Z');
    // 02:10 CET, in the repeated hour: the 02:30 still to come is 02:30 CET, 01:30Z.
    expect(endOf('2027-10-31T01:10:00Z', 'Europe/Oslo', window)).toBe('2027-10-31T01:30:00.000Z');
  });

  it('ends a window when the autumn change moves the clock back out of it', () => {
    const window = { start: '02:30', end: '05:00' };
    // 02:45 CEST; at 01:00Z the clock goes back to 02:00 CET, before the window starts.
    expect(endOf('2027-10-31T00:45:00Z', 'Europe/Oslo', window)).toBe('2027-10-31T01:00:00.000Z');
    // 02:30 CET: the window is back, and ends at 05:00 CET.
    expect(endOf('2027-10-31T01:30:00Z', 'Europe/Oslo', window)).toBe('2027-10-31T04:00:00.000Z');
  });

  it('keeps a window going when a spring jump skips all of the time outside it', () => {
    // 03:00–02:00 leaves only 02:00–03:00 outside, which Oslo skips on 2027-03-28: quiet until 02:00 CEST
    // on the 29th. (The configuration refuses windows this long for that reason.)
    expect(endOf('2027-03-27T02:00:00Z', 'Europe/Oslo', { start: '03:00', end: '02:00' })).toBe(
      '2027-03-29T00:00:00.000Z',
    );
  });

  it('ends at the first instant outside the window: every earlier instant from now is quiet', () => {
    const zones = ['Europe/Oslo', 'Europe/Helsinki', 'America/New_York', 'Asia/Tokyo'] as const;
    const clock = fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 1, 15, 30, 59))
      .map(([hour, minute]) => `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`);
    const window = fc.tuple(clock, clock).filter(([start, end]) => start !== end);
    // Instants near the 2026–2030 transitions in Europe and the US, and anywhere in those years.
    const instant = fc.oneof(
      fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2031-01-01T00:00:00Z') }),
      fc
        .tuple(
          fc.integer({ min: 2026, max: 2030 }),
          fc.integer({ min: 0, max: 3 }),
          fc.integer({ min: -36 * HOUR_MS, max: 36 * HOUR_MS }),
        )
        .map(([year, which, delta]) => (dstChanges(year)[which] ?? 0) + delta),
    );
    fc.assert(
      fc.property(window, fc.constantFrom(...zones), instant, ([start, end], zone, epochMs) => {
        const hours = { start, end };
        const now = new Date(epochMs);
        const result = quietHoursEnd(now, zone, hours);
        expect(result.getTime()).toBeGreaterThanOrEqual(now.getTime());
        expect(isQuietByWallClock(result, zone, start, end)).toBe(false);
        if (result.getTime() > now.getTime()) {
          expect(isQuietByWallClock(now, zone, start, end)).toBe(true);
          const gap = result.getTime() - now.getTime();
          // For windows the configuration accepts (at most 22 h), never longer than the window plus the
          // one hour a clock may go back. Longer windows can lose their whole outside time to a jump.
          if (quietHoursLengthMinutes(hours) <= MAX_QUIET_HOURS_MINUTES) {
            expect(gap).toBeLessThanOrEqual(quietHoursLengthMinutes(hours) * MINUTE_MS + HOUR_MS);
          }
          for (let i = 1; i < 16; i++) {
            const between = new Date(now.getTime() + Math.floor((gap * i) / 16));
            expect(isQuietByWallClock(between, zone, start, end)).toBe(true);
          }
          const justBefore = new Date(Math.max(now.getTime(), result.getTime() - 1_000));
          expect(isQuietByWallClock(justBefore, zone, start, end)).toBe(true);
        }
      }),
      { numRuns: 3_000 },
    );
  });
});
