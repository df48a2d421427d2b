import * as z from 'zod/mini';
import { describeValue, mustBe } from './field-errors.ts';

/** Markets stille serves. */
export const MARKETS = ['NO', 'SE', 'FI', 'DK'] as const;
/** A market (country) code. */
export type Market = (typeof MARKETS)[number];

/** Currencies of those markets; money is in the currency's major unit, VAT included. */
export const CURRENCIES = ['NOK', 'SEK', 'EUR', 'DKK'] as const;
/** A currency code. */
export type Currency = (typeof CURRENCIES)[number];

/** Channels stille sends on. */
export const CHANNELS = ['email', 'sms'] as const;
/** A channel. */
export type Channel = (typeof CHANNELS)[number];

/** Largest absolute amount of money (and count of units) a contract accepts. */
export const MAX_MONEY = 1e9;

const DATE_PHRASE = 'a date as YYYY-MM-DD';
const INSTANT_PHRASE = 'an ISO 8601 instant with offset, such as "2027-01-05T08:00:00Z"';
const LOCALE_PHRASE = 'a BCP 47 language tag such as "nb-NO"';
const TIME_ZONE_PHRASE = 'an IANA time zone such as "Europe/Oslo"';
const PHONE_PHRASE = 'a phone number in E.164 format such as "+4791234567"';
const EMAIL_PHRASE = 'an email address';

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
// Hours 00–23, minutes and seconds 00–59, optional fraction, and a mandatory `Z` or ±hh:mm offset (≤ 14 h).
const INSTANT_PATTERN =
  /^(\d{4}-\d{2}-\d{2})T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:0\d|1[0-4]):[0-5]\d)$/;
const E164_PATTERN = /^\+[1-9]\d{6,14}$/;
// Bucket: 3–63 of lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit.
const S3_LOCATION_PATTERN = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.{1,1024})$/;

/** Whether `text` is a real calendar date written as `YYYY-MM-DD` (2027-02-30 is not). */
export function isCalendarDate(text: string): boolean {
  const match = DATE_PATTERN.exec(text);
  if (match === null) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Whether `text` is an ISO 8601 instant with a `Z` or `±hh:mm` offset and a real calendar date. */
export function isInstant(text: string): boolean {
  const match = INSTANT_PATTERN.exec(text);
  return match !== null && isCalendarDate(match[1] ?? '') && Number.isFinite(Date.parse(text));
}

// Intl look-ups cost microseconds each and a scenario may hold a million customers with the same few
// values: remember the verdicts, in a bounded cache.
const MAX_CACHED_VERDICTS = 2_000;
const localeVerdicts = new Map<string, boolean>();
const timeZoneVerdicts = new Map<string, boolean>();

function cachedVerdict(cache: Map<string, boolean>, key: string, decide: (key: string) => boolean): boolean {
  const known = cache.get(key);
  if (known !== undefined) return known;
  const verdict = decide(key);
  if (cache.size >= MAX_CACHED_VERDICTS) cache.clear();
  cache.set(key, verdict);
  return verdict;
}

/** Whether `text` is a well-formed BCP 47 language tag (as `Intl.getCanonicalLocales` judges it). */
export function isLocale(text: string): boolean {
  return cachedVerdict(localeVerdicts, text, (tag) => {
    try {
      return Intl.getCanonicalLocales(tag).length === 1;
    } catch {
      return false;
    }
  });
}

/** Whether `text` names an IANA time zone (`Europe/Oslo`, `UTC`) this runtime knows. */
export function isTimeZone(text: string): boolean {
  return cachedVerdict(timeZoneVerdicts, text, (zone) => {
    if (zone !== 'UTC' && !zone.includes('/')) return false;
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  });
}

/** Whether `text` contains a C0 or C1 control character (or DEL). */
export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

/**
 * Bidirectional controls (they reorder what a reader sees: `‮` makes "gpj.exe" look like "exe.jpg") and
 * the line and paragraph separators (a new line in text that should have none).
 */
const FORMAT_CHARACTERS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]/;
const FORMAT_CHARACTERS_GLOBAL = new RegExp(FORMAT_CHARACTERS.source, 'g');

/** Whether `text` has a control, bidirectional-control or separator character, or a lone surrogate. */
export function hasUnsafeCharacter(text: string): boolean {
  return hasControlCharacter(text) || FORMAT_CHARACTERS.test(text) || !text.isWellFormed();
}

/**
 * `text` as it may reach a greeting or a subject line: control characters and separators become spaces,
 * bidirectional controls go, a lone surrogate becomes U+FFFD, runs of spaces become one.
 */
export function plainText(text: string): string {
  if (!hasUnsafeCharacter(text)) return text.trim();
  let plain = '';
  for (const char of text.toWellFormed()) {
    const code = char.charCodeAt(0);
    if (code === 0x2028 || code === 0x2029 || hasControlCharacter(char)) plain += ' ';
    else plain += char;
  }
  return plain.replace(FORMAT_CHARACTERS_GLOBAL, '').replace(/ {2,}/g, ' ').trim();
}

/**
 * An identifier: non-empty, at most 128 characters, well-formed text with no control, bidirectional-control
 * or separator character (ids end up in keys, logs and signed links).
 */
export const id = z.string().check(
  z.minLength(1),
  z.maxLength(128),
  z.refine((text) => !hasControlCharacter(text), { error: 'must not contain control characters' }),
  z.refine((text) => !FORMAT_CHARACTERS.test(text), {
    error: 'must not contain bidirectional-control or line-separator characters',
  }),
  z.refine((text) => text.isWellFormed(), { error: 'must be well-formed text, without lone surrogates' }),
);

/** A short text such as a name, a category or an invoice line description: at most 200 characters. */
export const shortText = z.string().check(z.maxLength(200));

/** A long text such as a survey comment: at most 2000 characters. */
export const longText = z.string().check(z.maxLength(2000));

/** A calendar date as `YYYY-MM-DD`; impossible dates such as 2027-02-30 are rejected. */
export const isoDate = z
  .string({ error: mustBe(DATE_PHRASE) })
  .check(
    z.maxLength(10, { abort: true, error: mustBe(DATE_PHRASE) }),
    z.refine(isCalendarDate, { error: mustBe(DATE_PHRASE) }),
  );

/** An ISO 8601 instant with `Z` or an offset: `2027-01-05T08:00:00Z`, `2027-01-05T09:00:00+01:00`. */
export const instant = z
  .string({ error: mustBe(INSTANT_PHRASE) })
  .check(
    z.maxLength(40, { abort: true, error: mustBe(INSTANT_PHRASE) }),
    z.refine(isInstant, { error: mustBe(INSTANT_PHRASE) }),
  );

/** Decimals an amount of money may have: øre, öre, cents. */
export const MONEY_DECIMALS = 2;

/** Decimals a unit price (per kWh, per unit) or a quantity may have. */
export const UNIT_DECIMALS = 6;

/**
 * Whether `value` has at most `decimals` decimals, as a person and DynamoDB can store it: 12.5 and
 * 0.1 + 0.2 do (the nearest binary number of a decimal), 0.004 and 1e-131 do not (a non-zero value
 * that rounds to nothing is no amount; DynamoDB refuses magnitudes under 1e-130).
 */
export function hasAtMostDecimals(value: number, decimals: number): boolean {
  if (!Number.isFinite(value)) return false;
  if (value === 0) return true;
  const scaled = value * 10 ** decimals;
  const nearest = Math.round(scaled);
  if (nearest === 0) return false;
  return Math.abs(scaled - nearest) <= Math.max(1e-6, 8 * Number.EPSILON * Math.abs(scaled));
}

function decimalsCheck(decimals: number, what: string) {
  return z.refine<number>((value) => hasAtMostDecimals(value, decimals), {
    error: (issue) => `must be ${what} with at most ${decimals} decimals, got ${describeValue(issue.input)}`,
  });
}

/** An amount of money in the currency's major unit, VAT included: |x| ≤ 1e9, at most 2 decimals. */
export const money = z
  .number()
  .check(z.gte(-MAX_MONEY), z.lte(MAX_MONEY), decimalsCheck(MONEY_DECIMALS, 'an amount of money'));

/** An amount that cannot be negative: 0 ≤ x ≤ 1e9, at most 2 decimals. */
export const nonNegativeMoney = z
  .number()
  .check(z.gte(0), z.lte(MAX_MONEY), decimalsCheck(MONEY_DECIMALS, 'an amount of money'));

/** A unit price (per kWh, per month): |x| ≤ 1e9, at most 6 decimals. */
export const unitPrice = z
  .number()
  .check(z.gte(-MAX_MONEY), z.lte(MAX_MONEY), decimalsCheck(UNIT_DECIMALS, 'a price'));

/** A price that cannot be negative: 0 ≤ x ≤ 1e9, at most 6 decimals. */
export const nonNegativeUnitPrice = z
  .number()
  .check(z.gte(0), z.lte(MAX_MONEY), decimalsCheck(UNIT_DECIMALS, 'a price'));

/** A quantity (kWh, units, months): 0 ≤ x ≤ 1e9, at most 6 decimals. */
export const quantity = z
  .number()
  .check(z.gte(0), z.lte(MAX_MONEY), decimalsCheck(UNIT_DECIMALS, 'a quantity'));

/** A currency: NOK | SEK | EUR | DKK. */
export const currency = z.enum(CURRENCIES);

/** A market: NO | SE | FI | DK. */
export const market = z.enum(MARKETS);

/**
 * The customer's and products' kinds of values (Customer Upserted): here, not in events.ts, so the
 * audience language (campaigns/audience.ts) can name them without importing the events' schemas.
 */
/** Price components: `energy` is a price per kWh, `subscription` a price per month. */
export const PRICE_COMPONENTS = ['energy', 'subscription'] as const;

/** Product kinds. */
export const PRODUCT_KINDS = ['electricity', 'broadband', 'mobile', 'insurance'] as const;
/** Contract kinds: only `open-ended` products are affected by a price change. */
export const CONTRACT_KINDS = ['open-ended', 'fixed-term'] as const;
/** Customer segments. */
export const SEGMENTS = ['household', 'business'] as const;
/** Payment methods. */
export const PAYMENT_METHODS = ['paper-invoice', 'e-invoice', 'direct-debit', 'card'] as const;

/** A channel: email | sms. */
export const channel = z.enum(CHANNELS);

/** A BCP 47 language tag such as `nb-NO`, at most 35 characters. */
export const locale = z
  .string({ error: mustBe(LOCALE_PHRASE) })
  .check(
    z.maxLength(35, { abort: true, error: mustBe(LOCALE_PHRASE) }),
    z.refine(isLocale, { error: mustBe(LOCALE_PHRASE) }),
  );

/** An IANA time zone such as `Europe/Oslo` (or `UTC`). */
export const timeZone = z
  .string({ error: mustBe(TIME_ZONE_PHRASE) })
  .check(
    z.maxLength(64, { abort: true, error: mustBe(TIME_ZONE_PHRASE) }),
    z.refine(isTimeZone, { error: mustBe(TIME_ZONE_PHRASE) }),
  );

/** A phone number in E.164 format: `+4791234567`. */
export const phone = z
  .string({ error: mustBe(PHONE_PHRASE) })
  .check(
    z.maxLength(16, { abort: true, error: mustBe(PHONE_PHRASE) }),
    z.regex(E164_PATTERN, { error: mustBe(PHONE_PHRASE) }),
  );

/** An email address of at most 254 characters. */
export const email = z.pipe(
  z.string({ error: mustBe(EMAIL_PHRASE) }).check(
    z.maxLength(254, {
      abort: true,
      error: (issue) => `must be at most 254 characters long, got ${lengthOf(issue.input)}`,
    }),
  ),
  // The length check comes first so the address pattern never runs on an oversize string.
  z.email({ error: mustBe(EMAIL_PHRASE) }),
);

const HTTPS_URL_PHRASE = 'an absolute https URL such as "https://example.no/switch"';

/** Whether `text` parses as an absolute `https:` URL with a host. */
function isHttpsUrl(text: string): boolean {
  if (hasUnsafeCharacter(text)) return false;
  try {
    const parsed = new URL(text);
    return parsed.protocol === 'https:' && parsed.hostname !== '';
  } catch {
    return false;
  }
}

/** An absolute `https:` URL of at most 2,000 characters (a link put into a message). */
export const httpsUrl = z
  .string({ error: mustBe(HTTPS_URL_PHRASE) })
  .check(
    z.maxLength(2000, { abort: true, error: mustBe(HTTPS_URL_PHRASE) }),
    z.refine(isHttpsUrl, { error: mustBe(HTTPS_URL_PHRASE) }),
  );

/** An S3 location `s3://<bucket>/<key>`, split into its parts. */
export interface S3Location {
  bucket: string;
  key: string;
}

const S3_LOCATION_PHRASE = 'an S3 location as "s3://<bucket>/<key>"';

/** An S3 location: `s3://<bucket>/<key>`, bucket 3–63 of `a-z 0-9 . -`, key 1–1024 characters. */
export const s3Location = z.string({ error: mustBe(S3_LOCATION_PHRASE) }).check(
  z.maxLength(5 + 63 + 1 + 1024, { abort: true, error: mustBe(S3_LOCATION_PHRASE) }),
  z.refine((text) => S3_LOCATION_PATTERN.test(text) && !hasControlCharacter(text), {
    error: mustBe(S3_LOCATION_PHRASE),
  }),
);

/** The location is not `s3://<bucket>/<key>`. */
export class InvalidS3LocationError extends Error {
  override readonly name = 'InvalidS3LocationError';
}

/**
 * Splits `s3://<bucket>/<key>` into bucket and key.
 * @throws InvalidS3LocationError when `location` is not a valid S3 location.
 */
export function parseS3Location(location: string): S3Location {
  const match = hasControlCharacter(location) ? null : S3_LOCATION_PATTERN.exec(location);
  const bucket = match?.[1];
  const key = match?.[2];
  if (bucket === undefined || key === undefined) {
    throw new InvalidS3LocationError(`${S3_LOCATION_PHRASE} was expected, got ${describeValue(location)}`);
  }
  return { bucket, key };
}

/** Whether `value` is a JSON object: not null, not an array. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Any JSON object, passed through as it is (its fields are validated elsewhere). */
export const jsonObject = z.custom<Record<string, unknown>>(isJsonObject, {
  error: mustBe('a JSON object'),
});

/**
 * A text per locale (`{ "nb-NO": "…", "en-GB": "…" }`): at most 10 locales, each text 1..`maxChars`
 * characters, and at least `minLocales` of them.
 */
export function localizedText(maxChars: number, minLocales = 0) {
  return z.record(locale, z.string().check(z.minLength(1), z.maxLength(maxChars))).check(
    z.refine((texts) => Object.keys(texts).length >= minLocales, {
      error: `must have a text for at least ${minLocales === 1 ? 'one locale' : `${minLocales} locales`}, such as { "en-GB": "…" }`,
    }),
    z.refine((texts) => Object.keys(texts).length <= 10, {
      error: (issue) =>
        `must have at most 10 locales, got ${isJsonObject(issue.input) ? Object.keys(issue.input).length : 0}`,
    }),
  );
}

function lengthOf(value: unknown): number {
  return typeof value === 'string' ? value.length : 0;
}
