import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localTimeParts, utcOffsetMs, zonedTimeToUtc } from '#domain/contact-policy/index.ts';

const HOUR_MS = 3_600_000;
const ZONES = [
  'Europe/Oslo',
  'Europe/Stockholm',
  'Europe/Helsinki',
  'Europe/Copenhagen',
  'America/New_York',
  'Asia/Tokyo',
] as const;

describe('localTimeParts', () => {
  it.each([
    { instant: '2027-01-05T11:00:00Z', zone: 'Europe/Oslo', local: [2027, 1, 5, 12, 0, 0] },
    { instant: '2027-07-05T11:00:00Z', zone: 'Europe/Oslo', local: [2027, 7, 5, 13, 0, 0] },
    { instant: '2027-07-05T11:00:00Z', zone: 'Europe/Helsinki', local: [2027, 7, 5, 14, 0, 0] },
    { instant: '2027-01-05T03:04:05Z', zone: 'America/New_York', local: [2027, 1, 4, 22, 4, 5] },
    { instant: '2027-12-31T15:00:00Z', zone: 'Asia/Tokyo', local: [2028, 1, 1, 0, 0, 0] },
  ])('reads $instant in $zone as the wall clock there shows it', ({ instant, zone, local }) => {
    const parts = localTimeParts(new Date(instant), zone);
    expect([parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second]).toEqual(local);
  });

  it('reads midnight as hour 0, not 24', () => {
    expect(localTimeParts(new Date('2027-01-05T23:00:00Z'), 'Europe/Oslo').hour).toBe(0);
  });

  it('rejects an unknown time zone with a RangeError', () => {
    expect(() => localTimeParts(new Date('2027-01-05T11:00:00Z'), 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('utcOffsetMs', () => {
  it('gives one hour in Oslo in winter and two in summer', () => {
    expect(utcOffsetMs(Date.parse('2027-01-05T11:00:00Z'), 'Europe/Oslo')).toBe(HOUR_MS);
    expect(utcOffsetMs(Date.parse('2027-07-05T11:00:00Z'), 'Europe/Oslo')).toBe(2 * HOUR_MS);
  });
});

describe('zonedTimeToUtc', () => {
  it('maps 08:00 in Oslo to 07:00Z in winter and 06:00Z in summer', () => {
    expect(
      zonedTimeToUtc({ year: 2027, month: 1, day: 6, hour: 8, minute: 0 }, 'Europe/Oslo').toISOString(),
    ).toBe('2027-01-06T07:00:00.000Z');
    expect(
      zonedTimeToUtc({ year: 2027, month: 7, day: 6, hour: 8, minute: 0 }, 'Europe/Oslo').toISOString(),
    ).toBe('2027-07-06T06:00:00.000Z');
  });

  it('maps 08:00 on the days Oslo changes its clocks to the right side of the change', () => {
    expect(
      zonedTimeToUtc({ year: 2027, month: 3, day: 28, hour: 8, minute: 0 }, 'Europe/Oslo').toISOString(),
    ).toBe('2027-03-28T06:00:00.000Z');
    expect(
      zonedTimeToUtc({ year: 2027, month: 10, day: 31, hour: 8, minute: 0 }, 'Europe/Oslo').toISOString(),
    ).toBe('2027-10-31T07:00:00.000Z');
  });

  it('maps a local time skipped by the spring jump to the instant of the jump', () => {
    // Oslo: 02:00 CET becomes 03:00 CEST at 01:00Z; 02:30 never shows.
    expect(
      zonedTimeToUtc({ year: 2027, month: 3, day: 28, hour: 2, minute: 30 }, 'Europe/Oslo').toISOString(),
    ).toBe('2027-03-28T01:00:00.000Z');
    // New York: 02:00 EST becomes 03:00 EDT at 07:00Z.
    expect(
      zonedTimeToUtc(
        { year: 2027, month: 3, day: 14, hour: 2, minute: 30 },
        'America/New_York',
      ).toISOString(),
    ).toBe('2027-03-14T07:00:00.000Z');
  });

  it('maps a local time repeated by the autumn change to its first occurrence', () => {
    // Oslo: 02:30 shows at 00:30Z (CEST) and again at 01:30Z (CET).
    expect(
      zonedTimeToUtc({ year: 2027, month: 10, day: 31, hour: 2, minute: 30 }, 'Europe/Oslo').toISOString(),
    ).toBe('2027-10-31T00:30:00.000Z');
  });

  it('rolls over out-of-range fields as Date.UTC does', () => {
    expect(
      zonedTimeToUtc({ year: 2027, month: 3, day: 32, hour: 8, minute: 0 }, 'Europe/Oslo').toISOString(),
    ).toBe('2027-04-01T06:00:00.000Z');
  });

  it('rejects a fractional field with a RangeError', () => {
    expect(() =>
      zonedTimeToUtc({ year: 2027, month: 1, day: 5, hour: 8.5, minute: 0 }, 'Europe/Oslo'),
    ).toThrow(RangeError);
  });

  it('gives back, for any instant, the first instant with the same wall-clock reading', () => {
    fc.assert(
      fc.property(
        fc.integer({
          min: Date.parse('2026-01-01T00:00:00Z') / 1000,
          max: Date.parse('2031-01-01T00:00:00Z') / 1000,
        }),
        fc.constantFrom(...ZONES),
        (seconds, zone) => {
          const instant = new Date(seconds * 1000);
          const parts = localTimeParts(instant, zone);
          const back = zonedTimeToUtc(parts, zone);
          expect(localTimeParts(back, zone)).toEqual(parts);
          // The same instant, or one hour earlier when the reading falls in a repeated hour.
          expect([0, HOUR_MS]).toContain(instant.getTime() - back.getTime());
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('never maps a local time to an instant whose wall clock shows an earlier time', () => {
    fc.assert(
      fc.property(
        fc.record({
          year: fc.integer({ min: 2026, max: 2030 }),
          month: fc.integer({ min: 1, max: 12 }),
          day: fc.integer({ min: 1, max: 28 }),
          hour: fc.integer({ min: 0, max: 23 }),
          minute: fc.integer({ min: 0, max: 59 }),
        }),
        fc.constantFrom(...ZONES),
        (local, zone) => {
          const instant = zonedTimeToUtc(local, zone);
          const shown = localTimeParts(instant, zone);
          const wanted = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
          const reading = Date.UTC(
            shown.year,
            shown.month - 1,
            shown.day,
            shown.hour,
            shown.minute,
            shown.second,
          );
          // Exact, or (for a skipped time) the first reading after the jump, within the jump's hour.
          expect(reading).toBeGreaterThanOrEqual(wanted);
          expect(reading - wanted).toBeLessThan(HOUR_MS);
          // And one second earlier the clock had not reached it yet.
          const before = localTimeParts(new Date(instant.getTime() - 1_000), zone);
          const readingBefore = Date.UTC(
            before.year,
            before.month - 1,
            before.day,
            before.hour,
            before.minute,
            before.second,
          );
          expect(readingBefore).toBeLessThan(wanted);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
