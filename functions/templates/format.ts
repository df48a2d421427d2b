/**
 * Numbers, money and dates as the customer's locale writes them, all through `Intl`: templates never
 * format a number by hand.
 */
import type { TemplateLocale } from './locale.ts';

// One run may render hundreds of thousands of messages with a handful of locale/option pairs: building
// an Intl formatter costs far more than using one, so keep them, in a bounded cache.
const MAX_CACHED_FORMATTERS = 500;
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const listFormats = new Map<string, Intl.ListFormat>();

function cached<T>(cache: Map<string, T>, key: string, create: () => T): T {
  const known = cache.get(key);
  if (known !== undefined) return known;
  const created = create();
  if (cache.size >= MAX_CACHED_FORMATTERS) cache.clear();
  cache.set(key, created);
  return created;
}

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  return cached(
    numberFormats,
    `${locale}|${JSON.stringify(options)}`,
    () => new Intl.NumberFormat(locale, options),
  );
}

function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached(
    dateFormats,
    `${locale}|${JSON.stringify(options)}`,
    () => new Intl.DateTimeFormat(locale, options),
  );
}

const pluralRulesCache = new Map<string, Intl.PluralRules>();

function pluralRules(locale: string): Intl.PluralRules {
  return cached(pluralRulesCache, locale, () => new Intl.PluralRules(locale));
}

const DAY_WORDS: Readonly<Record<TemplateLocale, { one: string; other: string }>> = {
  'nb-NO': { one: 'dag', other: 'dager' },
  'sv-SE': { one: 'dag', other: 'dagar' },
  'en-GB': { one: 'day', other: 'days' },
  // After a numeral Finnish takes the partitive: `1 päivä`, `30 päivää`.
  'fi-FI': { one: 'päivä', other: 'päivää' },
  'sv-FI': { one: 'dag', other: 'dagar' },
  'da-DK': { one: 'dag', other: 'dage' },
};

const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Formats facts for one message: its locale, its currency and the customer's time zone. */
export class Formatter {
  readonly locale: TemplateLocale;
  readonly currency: string;
  readonly timeZone: string;

  constructor(locale: TemplateLocale, currency: string, timeZone: string) {
    this.locale = locale;
    this.currency = currency;
    this.timeZone = timeZone;
  }

  /** An amount of money with its currency: nb-NO `1 240,50 kr`, en-GB `NOK 1,240.50`. */
  money(amount: number): string {
    return numberFormat(this.locale, { style: 'currency', currency: this.currency }).format(amount);
  }

  /** An amount of money with its sign always shown (but none for zero): `+214,50 kr`, `−80,00 kr`. */
  signedMoney(amount: number): string {
    return numberFormat(this.locale, {
      style: 'currency',
      currency: this.currency,
      signDisplay: 'exceptZero',
    }).format(amount);
  }

  /** A unit price (per kWh, per month) with 2 to 4 decimals: `0,8925 kr`, `1,02 kr`. */
  price(amount: number): string {
    return numberFormat(this.locale, {
      style: 'currency',
      currency: this.currency,
      minimumFractionDigits: 2,
      maximumFractionDigits: 4,
    }).format(amount);
  }

  /** A plain number with the locale's grouping, at most `maxDecimals` decimals: `16 500`. */
  number(value: number, maxDecimals = 0): string {
    return numberFormat(this.locale, { maximumFractionDigits: maxDecimals }).format(value);
  }

  /** A percentage given in percent (12.5 → `12,5 %`). */
  percent(value: number): string {
    return numberFormat(this.locale, { style: 'percent', maximumFractionDigits: 1 }).format(value / 100);
  }

  /** A number of hours in words: `26 timer`, `1 timme`, `1.5 hours`; one decimal below ten hours. */
  hours(value: number): string {
    return numberFormat(this.locale, {
      style: 'unit',
      unit: 'hour',
      unitDisplay: 'long',
      maximumFractionDigits: value < 10 ? 1 : 0,
    }).format(value);
  }

  /**
   * A number of days in words: `30 dager`, `1 dag`, `30 dagar`, `30 days`. (CLDR's unit `day` reads
   * `døgn`/`dygn` in Norwegian and Swedish, which is not how a notice period is written.)
   */
  days(value: number): string {
    const words = DAY_WORDS[this.locale];
    const plural = pluralRules(this.locale).select(value);
    return `${this.number(value)} ${plural === 'one' ? words.one : words.other}`;
  }

  /** A number of months in words: `12 måneder`, `12 månader`, `12 months`. */
  months(value: number): string {
    return numberFormat(this.locale, { style: 'unit', unit: 'month', unitDisplay: 'long' }).format(value);
  }

  /**
   * A calendar date `YYYY-MM-DD` as the locale writes it (`1. februar 2027`). It names a day, not an
   * instant, so it is formatted in UTC and never shifts to the day before or after.
   */
  date(isoDate: string): string {
    const match = PLAIN_DATE.exec(isoDate);
    if (match === null) throw new RangeError(`not a date as YYYY-MM-DD: ${isoDate}`);
    const utc = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
    return dateFormat(this.locale, { dateStyle: 'long', timeZone: 'UTC' }).format(utc);
  }

  /** A range of calendar dates: `1.–31. desember 2026`. */
  /** A calendar month and year of a `YYYY-MM-DD` date: `desember 2026`, `December 2026`. */
  monthOf(isoDate: string): string {
    const [year, month] = isoDate.split('-').map(Number) as [number, number];
    return new Intl.DateTimeFormat(this.locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(Date.UTC(year, month - 1, 1)),
    );
  }

  dateRange(from: string, to: string): string {
    const start = PLAIN_DATE.exec(from);
    const end = PLAIN_DATE.exec(to);
    if (start === null || end === null) throw new RangeError(`not dates as YYYY-MM-DD: ${from}, ${to}`);
    const format = dateFormat(this.locale, { dateStyle: 'long', timeZone: 'UTC' });
    return format.formatRange(
      Date.UTC(Number(start[1]), Number(start[2]) - 1, Number(start[3])),
      Date.UTC(Number(end[1]), Number(end[2]) - 1, Number(end[3])),
    );
  }

  /** An instant as date and time on the customer's wall clock: `5. januar 2027 kl. 09:00`. */
  dateTime(instant: string): string {
    return dateFormat(this.locale, { dateStyle: 'long', timeStyle: 'short', timeZone: this.timeZone }).format(
      new Date(instant),
    );
  }

  /** Items joined as the locale lists them: `a, b og c`. */
  list(items: readonly string[]): string {
    return cached(
      listFormats,
      this.locale,
      () => new Intl.ListFormat(this.locale, { style: 'long', type: 'conjunction' }),
    ).format(items);
  }
}
