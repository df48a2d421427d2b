/**
 * Day arithmetic on `YYYY-MM-DD` dates, in whole UTC days: billing periods are calendar days, with no
 * time of day and no time zone.
 */
import type { Period } from './types.ts';

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a `YYYY-MM-DD` date. */
export function dayNumber(date: string): number {
  return Math.round(
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS,
  );
}

/** The `YYYY-MM-DD` date of a day number. */
export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Days in a period, both ends included. */
export function periodDays(period: Period): number {
  return dayNumber(period.to) - dayNumber(period.from) + 1;
}

/** The days two periods share, or undefined when they do not overlap. */
export function overlapOf(a: Period, b: Period): Period | undefined {
  const from = a.from > b.from ? a.from : b.from;
  const to = a.to < b.to ? a.to : b.to;
  return from <= to ? { from, to } : undefined;
}

/**
 * The same calendar dates `years` earlier. 29 February becomes 28 February in a year without it, so a
 * shifted period is never longer than a real one.
 */
export function shiftYears(period: Period, years: number): Period {
  return { from: shiftDate(period.from, years), to: shiftDate(period.to, years) };
}

function shiftDate(date: string, years: number): string {
  const year = Number(date.slice(0, 4)) - years;
  const month = date.slice(5, 7);
  let day = date.slice(8, 10);
  if (month === '02' && day === '29' && !isLeapYear(year)) day = '28';
  return `${String(year).padStart(4, '0')}-${month}-${day}`;
}

/** Whether `year` has a 29 February. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in a month (1–12) of a year. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
