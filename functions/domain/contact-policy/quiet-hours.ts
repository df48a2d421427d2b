/**
 * SMS quiet hours: a window `[start, end)` of local wall-clock time in the customer's time zone, which
 * may wrap midnight (21:00–08:00) or not (12:00–13:00). Whether an instant is quiet depends only on what
 * the customer's clock shows at that instant, so daylight-saving jumps are handled by asking the zone.
 */
import type { QuietHours } from '../config/markets.ts';
import { localTimeParts, nextOffsetChange, utcOffsetMs } from './zoned-time.ts';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const MINUTES_PER_DAY = 1_440;
/** Offset changes crossed at most while looking for the end of one quiet window (one is the norm). */
const MAX_OFFSET_CHANGES = 8;

const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * Minutes after local midnight of an `HH:MM` time (`08:00` → 480).
 * @throws RangeError when the text is not `HH:MM`.
 */
export function minuteOfDay(clockTime: string): number {
  const match = CLOCK_TIME.exec(clockTime);
  if (match === null) throw new RangeError(`a time of day must be HH:MM, got ${JSON.stringify(clockTime)}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Whether a minute of the day lies in `[start, end)`; a window whose start equals its end is empty. */
export function isQuietMinute(minute: number, start: number, end: number): boolean {
  if (start === end) return false;
  if (start < end) return minute >= start && minute < end;
  return minute >= start || minute < end;
}

/**
 * Whether the wall clock in `timeZone` shows a time within `[start, end)` at `now` (to the minute:
 * 07:59:59 is quiet for a window ending at 08:00, 08:00:00 is not).
 * @throws RangeError when the time zone is unknown or a time is not `HH:MM`.
 */
export function isWithinQuietHours(now: Date, timeZone: string, quietHours: QuietHours): boolean {
  const { hour, minute } = localTimeParts(now, timeZone);
  return isQuietMinute(hour * 60 + minute, minuteOfDay(quietHours.start), minuteOfDay(quietHours.end));
}

/**
 * The first instant at or after `now` that is outside quiet hours: `now` itself when it is not quiet,
 * otherwise the instant the window ends.
 *
 * The window ends when the customer's clock reaches `end`, or earlier if a daylight-saving jump takes
 * the clock out of the window. Europe/Oslo at 23:30 on 2027-03-27 (CET) with 21:00–08:00 ends at
 * 2027-03-28T06:00:00Z (08:00 CEST); at 23:30 on 2027-10-30 (CEST) it ends at 2027-10-31T07:00:00Z
 * (08:00 CET). An `end` skipped by a spring-forward jump ends the window at the jump; an `end` repeated
 * by a fall-back ends it at its first occurrence after `now`.
 * @throws RangeError when the time zone is unknown or a time is not `HH:MM`.
 */
export function quietHoursEnd(now: Date, timeZone: string, quietHours: QuietHours): Date {
  const start = minuteOfDay(quietHours.start);
  const end = minuteOfDay(quietHours.end);
  let instant = now.getTime();
  for (let changes = 0; changes <= MAX_OFFSET_CHANGES; changes++) {
    const offset = utcOffsetMs(instant, timeZone);
    const wall = instant + offset;
    const wallOfDay = mod(wall, DAY_MS);
    if (!isQuietMinute(Math.floor(wallOfDay / MINUTE_MS), start, end)) return new Date(instant);
    // While the offset holds, the clock runs on and leaves the window when it next shows `end`.
    let endWall = wall - wallOfDay + end * MINUTE_MS;
    if (endWall <= wall) endWall += DAY_MS;
    const endInstant = endWall - offset;
    if (utcOffsetMs(endInstant, timeZone) === offset) return new Date(endInstant);
    // The offset changes first: the clock jumps. Carry on from the jump, which may itself end the window.
    instant = nextOffsetChange(instant, endInstant, offset, timeZone);
  }
  throw new RangeError(
    `${timeZone} changes its UTC offset more than ${MAX_OFFSET_CHANGES} times in one night`,
  );
}

/** The length of the window in minutes (`21:00–08:00` → 660). */
export function quietHoursLengthMinutes(quietHours: QuietHours): number {
  const start = minuteOfDay(quietHours.start);
  const end = minuteOfDay(quietHours.end);
  return mod(end - start, MINUTES_PER_DAY);
}

function mod(value: number, divisor: number): number {
  return ((value % divisor) + divisor) % divisor;
}
