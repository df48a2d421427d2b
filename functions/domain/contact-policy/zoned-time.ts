/**
 * Wall-clock time in IANA time zones, with `Intl.DateTimeFormat` as the only source of offsets (no date
 * library). Offsets are whole seconds, so every computation here works on whole seconds of UTC.
 */

const SECOND_MS = 1_000;
const DAY_MS = 86_400_000;

/** A local date and time in some time zone, as a wall clock there shows it. */
export interface LocalTimeParts {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
  /** 0–23 */
  hour: number;
  /** 0–59 */
  minute: number;
  /** 0–59 */
  second: number;
}

/** A local date and time to convert to UTC; `second` defaults to 0. */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second?: number;
}

// Building a formatter costs far more than using one, and a run has few distinct zones: keep them,
// in a bounded cache.
const MAX_CACHED_FORMATTERS = 500;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  const known = formatters.get(timeZone);
  if (known !== undefined) return known;
  const formatter = new Intl.DateTimeFormat('en-US', {
    timeZone,
    // h23: midnight is 00, never 24.
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  if (formatters.size >= MAX_CACHED_FORMATTERS) formatters.clear();
  formatters.set(timeZone, formatter);
  return formatter;
}

function partsAt(epochMs: number, timeZone: string): LocalTimeParts {
  const parts: LocalTimeParts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(epochMs)) {
    switch (part.type) {
      case 'year':
      case 'month':
      case 'day':
      case 'minute':
      case 'second':
        parts[part.type] = Number(part.value);
        break;
      case 'hour':
        // Some engines still print 24 for midnight despite h23.
        parts.hour = Number(part.value) % 24;
        break;
      default:
        break;
    }
  }
  return parts;
}

/** Milliseconds since the epoch of a civil date and time read as UTC; years below 100 are not shifted to 19xx. */
function civilToEpochMs(local: LocalDateTime): number {
  const date = new Date(0);
  date.setUTCFullYear(local.year, local.month - 1, local.day);
  date.setUTCHours(local.hour, local.minute, local.second ?? 0, 0);
  return date.getTime();
}

/**
 * The zone's UTC offset at an instant, in milliseconds (+3_600_000 for CET). The instant is taken to
 * the whole second, as offsets change on whole seconds.
 */
export function utcOffsetMs(epochMs: number, timeZone: string): number {
  const second = Math.floor(epochMs / SECOND_MS) * SECOND_MS;
  return civilToEpochMs(partsAt(second, timeZone)) - second;
}

/**
 * The date and time a wall clock in `timeZone` shows at `instant`.
 * @throws RangeError when the time zone is unknown or the date is invalid.
 */
export function localTimeParts(instant: Date, timeZone: string): LocalTimeParts {
  return partsAt(instant.getTime(), timeZone);
}

/**
 * The instant at which a wall clock in `timeZone` first reaches the given local date and time.
 *
 * - A local time that exists once maps to that instant.
 * - A local time that exists twice (the repeated hour when clocks go back) maps to its first occurrence:
 *   Europe/Oslo 2027-10-31 02:30 is 00:30Z (CEST), not 01:30Z (CET).
 * - A local time that does not exist (skipped when clocks go forward) maps to the instant of the jump,
 *   when the clock reaches it by jumping past it: Europe/Oslo 2027-03-28 02:30 is 01:00Z, the moment
 *   02:00 CET becomes 03:00 CEST.
 *
 * Fields out of range roll over as in `Date.UTC` (day 32 of March is 1 April). This assumes at most one
 * offset change within a day of the local time, which holds for every zone in use today.
 * @throws RangeError when a field is not an integer or the time zone is unknown.
 */
export function zonedTimeToUtc(local: LocalDateTime, timeZone: string): Date {
  for (const [field, value] of Object.entries(local)) {
    if (value !== undefined && !Number.isInteger(value)) {
      throw new RangeError(`${field} must be an integer, got ${String(value)}`);
    }
  }
  const asIfUtc = civilToEpochMs(local);
  if (!Number.isFinite(asIfUtc)) throw new RangeError('the local date and time are out of range');
  const offsetBefore = utcOffsetMs(asIfUtc - DAY_MS, timeZone);
  const offsetAfter = utcOffsetMs(asIfUtc + DAY_MS, timeZone);
  const candidates = [...new Set([asIfUtc - offsetBefore, asIfUtc - offsetAfter])]
    .filter((instant) => utcOffsetMs(instant, timeZone) === asIfUtc - instant)
    .sort((a, b) => a - b);
  const first = candidates[0];
  if (first !== undefined) return new Date(first);
  // Skipped local time: the clock shows less than it before the jump and more after; the jump is the
  // first whole second whose wall time is at or past it.
  let low = Math.min(asIfUtc - offsetBefore, asIfUtc - offsetAfter) / SECOND_MS;
  let high = Math.max(asIfUtc - offsetBefore, asIfUtc - offsetAfter) / SECOND_MS;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    const instant = middle * SECOND_MS;
    if (instant + utcOffsetMs(instant, timeZone) >= asIfUtc) high = middle;
    else low = middle;
  }
  return new Date(high * SECOND_MS);
}

/**
 * The first whole second after `from` (whose offset is `offset`) and at or before `to` at which the
 * zone's offset is no longer `offset`. `to` must have a different offset.
 */
export function nextOffsetChange(from: number, to: number, offset: number, timeZone: string): number {
  let low = Math.floor(from / SECOND_MS);
  let high = Math.floor(to / SECOND_MS);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (utcOffsetMs(middle * SECOND_MS, timeZone) === offset) low = middle;
    else high = middle;
  }
  return high * SECOND_MS;
}
