/** Calendar arithmetic on `YYYY-MM-DD` dates (no time of day, no time zone). */
import { dateOfDay, dayNumber, daysInMonth } from '../invoices/dates.ts';

export { dateOfDay, dayNumber };

/** `date` plus `days` (negative goes back). */
export function addDays(date: string, days: number): string {
  return dateOfDay(dayNumber(date) + days);
}

/**
 * `date` plus `months` calendar months: the same day of the month, or the last day of the target month
 * when it is shorter (2027-01-31 + 1 → 2027-02-28; 2028-01-31 + 1 → 2028-02-29).
 */
export function addMonths(date: string, months: number): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  const targetDay = Math.min(day, daysInMonth(targetYear, targetMonth));
  return `${String(targetYear).padStart(4, '0')}-${String(targetMonth).padStart(2, '0')}-${String(targetDay).padStart(2, '0')}`;
}
