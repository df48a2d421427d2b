/**
 * A labelled data set of Nordic invoices, for measuring how well stille decides which invoices to
 * explain (issue #4: precision and recall of `explain` both ≥ 0.95), and the billing run of the
 * `invoice-run` benchmark. Seeded and deterministic: the same options give the same cases, byte for
 * byte. Every random choice comes from a PRNG seeded per customer, and every per-month draw (weather,
 * noise, spot prices) from a hash of the seed and what it is for, never from `Math.random` or the clock.
 *
 * ## The world it simulates
 *
 * Norwegian (NOK) and Swedish (SEK) households and businesses, each with one or two products:
 * electricity (monthly, metered in kWh), broadband and mobile (flat monthly invoices). Money is VAT
 * included and computed in øre/öre: every line is rounded to the cent once and the invoice amount is the
 * sum of its lines, so lines add up to the amount exactly. Invoices are monthly, in arrears: the
 * invoice for a calendar month is issued on the 5th of the next one.
 *
 * - **Consumption** of a month = annual kWh / 12 × the customer's own seasonal shape × the weather of
 *   that heating season × month noise. The shape mixes a mild base load (lighting, hot water, cooking:
 *   January 1.14, July 0.84) with space heating that follows heating degree days (base 17 °C, rounded
 *   monthly climate normals for Oslo and Stockholm: next to nothing in July), weighted by the customer's
 *   own heating share. Heating shares differ per customer (a flat with district heating 2–15 %, a
 *   Norwegian house on panel heaters up to 42 %), so January is 1.3–2.6 × July depending on the home:
 *   about 2 × on average, as issue #4 says, but the truth is per customer and is NOT the seasonal profile
 *   the domain scales short histories with. Weather: ±13 % per customer and heating season (July–June);
 *   month noise ±8 %.
 * - **Prices** move with the season and the year like a spot price: a base per price area (NO1–NO5,
 *   SE1–SE4) × a seasonal factor (January 1.35, July 0.72) × a level per area and year (0.95–1.05) ×
 *   month noise (0.96–1.04), plus the supplier's mark-up; fixed-price contracts pay one price all year.
 *   Norway: energy, grid energy (per kWh) and the grid capacity charge (`kapasitetsledd`, a monthly step
 *   set by the month's peak, so winter steps up), a monthly fixed fee. Sweden: energy, energy tax and
 *   grid transfer (per kWh), the grid's fixed fee, a monthly fee. Paper-invoice customers pay an invoice
 *   fee every month. Broadband: subscription, often a router rent; mobile: subscription, sometimes an
 *   extra data package.
 * - **Histories**: most products have 24 months (some 12–23), a quarter of the others 1–11 months
 *   (new customers, half of them moving in mid-month, so the first period is partial). A customer's
 *   stored history holds every product's invoices; for half the customers it also holds the invoice
 *   under test itself (the workflow stores an invoice before explaining it) and for a tenth the next
 *   month's invoice too, both of which must be ignored.
 * - **Descriptions** are written the way the customer's billing system writes them: plain
 *   (`Fastbeløp`), with the month (`Fastbeløp desember 2026`) or with the dates
 *   (`Fastbeløp 01.12.2026–31.12.2026`): the same charge from month to month either way.
 *
 * ## How labels are set
 *
 * Labels are what the generator planted, never what a detector says. A case is one invoice under test
 * (`invoice`), the customer's stored invoices (`history`) and a label:
 *
 * - `above-expected` (explain): this month's consumption × 1.5–2.5 (a broken thermostat, a drying room,
 *   guests), and at least enough that the amount is ≥ 1.4 × the amount the invoice would have had at the
 *   customer's true expected consumption (so a spike on a small flat with large fixed charges is still a
 *   real surprise). Reasons must include `above-expected`.
 * - `estimated-reading` (explain): the reading is `estimated` and overshoots: consumption × 1.4–2.0, with
 *   the same ≥ 1.4 floor. Reasons must include `above-expected` and `estimated-reading`.
 * - `duplicate` (explain): the period was already invoiced for the same product under another invoice
 *   id: an exact re-issue (same lines, new id, a few days later), a corrected re-issue (the earlier one
 *   had an estimated or low reading), or a shifted period overlapping the previous month's invoice.
 *   Reasons must include `duplicate`.
 * - `price-spike` (explain; issue #13): the usual consumption at an energy price 1.8–2.6 × the month's,
 *   and at least enough that the amount is ≥ 1.45 × the amount at the customer's true expected
 *   consumption and normal prices: an invoice at least 30 % above what the customer usually pays for the
 *   season because the price rose is a surprise. Only on histories of 12 months or more (without the same
 *   season invoiced before there is no usual price to compare with). Half were announced: stille sent a
 *   price-change notice effective on the 1st of the month (`announced-price`, in the case's
 *   `priceNotices`), which changes what the message says, not whether it is sent. Reasons must include
 *   `above-expected`. Normal years' prices move little (±5 % a year, ±4 % a month) so that a normal
 *   invoice is not a price spike by accident.
 * - `lasting-change` (do not explain; issue #13): the consumption rose 1.5–2.2 × one to three months
 *   before the month under test and stayed there (a heat pump broke, an electric car came); the month it
 *   rose is at least 1.45 × the amount at the old true consumption, so it was explained then. The month
 *   under test is normal at the new level: explained once is enough. Only on histories of 15 months or
 *   more, on normal electricity cases (about 12 % of them).
 * - `lasting-change-surprise` (explain): the same lasting change, and the month under test × 1.5–2.5 on
 *   top of the new level (at least 1.4 × the amount at the new level's true consumption): a further
 *   surprise on the new level. Reasons must include `above-expected`.
 * - `new-charge` (explain): a fee line the product never had before (`Purregebyr`, `Påminnelseavgift`,
 *   `Flyttegebyr`, `Installasjon`, `Gebyr for manuell måleravlesning`, …). Reasons must include
 *   `new-charge`.
 * - `estimated-normal` (do not explain): the reading is `estimated`, close to normal (0.9–1.1 × the
 *   true expected consumption).
 * - `normal-winter-peak` (do not explain): a history of 1–11 months that started in May–August, billed
 *   for November–February: the winter invoice is far above every earlier one, and normal.
 * - `short-history` (do not explain): any other normal invoice with under 12 months of history.
 * - `normal` (do not explain): a normal invoice with 12 months of history or more. Hard negatives are
 *   planted among them and named in `label.traps`: `cold-winter` (the heating season is 20 % colder
 *   than usual), `price-rise` (the energy price is 1.05–1.15 × the model's: a rise, but not 30 % above
 *   the usual amount), `subscription-rise` (a monthly fee goes up), `recurring-fee` (a fee that
 *   looks new but the product had before, its description differing only in numbers, dates or
 *   punctuation). Normal invoices are only as close to their history as weather and noise make them:
 *   some of them are ≥ 30 % above the same months last year, and a detector that flags them is wrong.
 *
 * Each anomaly is planted alone; a case has at most one. `label.trueRatio` is the amount over the
 * amount at the customer's true expected consumption (for reading the figures, not for deciding).
 */
import { DETAIL_TYPE } from '#domain/contracts/event-names.ts';
import type { CustomerUpserted, InvoiceIssued, Market, Scenario } from '#domain/contracts/index.ts';
import type { ProductKind, SentPriceNotice, SurpriseKind } from '#domain/invoices/types.ts';
import { asciiLocalPart } from './lib/names.ts';
import { Random } from './lib/random.ts';

// ---------------------------------------------------------------------------------------------------
// Labels

/** What was planted in a case (see the header for how each is made). */
export const CASE_KINDS = [
  'normal',
  'normal-winter-peak',
  'short-history',
  'estimated-normal',
  'lasting-change',
  'above-expected',
  'duplicate',
  'new-charge',
  'estimated-reading',
  'price-spike',
  'lasting-change-surprise',
] as const;
/** What was planted in a case. */
export type CaseKind = (typeof CASE_KINDS)[number];

/** The kinds that must be explained. */
export const ANOMALY_KINDS = [
  'above-expected',
  'duplicate',
  'new-charge',
  'estimated-reading',
  'price-spike',
  'lasting-change-surprise',
] as const;
/** A kind that must be explained. */
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

/** Hard negatives and variants a case carries, for figures per trap. */
export const CASE_TRAPS = [
  // Hard negatives, planted on normal cases.
  'cold-winter',
  'price-rise',
  'subscription-rise',
  'recurring-fee',
  // How the history looks.
  'summer-start',
  'partial-first-period',
  'invoice-in-history',
  'later-invoice-in-history',
  'other-product-in-history',
  'descriptions-with-month',
  'descriptions-with-dates',
  // Duplicate variants.
  'exact-reissue',
  'corrected-reissue',
  'shifted-period',
  // Price-spike variant: stille sent a price-change notice effective in the month.
  'announced-price',
] as const;
/** A hard negative or variant. */
export type CaseTrap = (typeof CASE_TRAPS)[number];

/** The truth about one case. */
export interface InvoiceCaseLabel {
  /** Whether the invoice must be explained. */
  explain: boolean;
  kind: CaseKind;
  /** The reasons an explanation must at least give (empty when `explain` is false). */
  reasons: SurpriseKind[];
  traps: CaseTrap[];
  /** Months of the product's history before the invoice under test (a partial first month counts). */
  historyMonths: number;
  /** The amount over the amount at the customer's true expected consumption (1 for flat products). */
  trueRatio: number;
}

/** One invoice under test, with what `assessInvoice` is given and the truth. */
export interface InvoiceCase {
  invoice: InvoiceIssued;
  /** The customer's stored invoices: every product, may include the invoice itself and later ones. */
  history: InvoiceIssued[];
  market: Market;
  productKind: ProductKind;
  customerId: string;
  label: InvoiceCaseLabel;
  /** Price-change notices stille sent the customer (for `assessInvoice`'s `priceNotices`). */
  priceNotices: SentPriceNotice[];
}

/** Options of {@link generateInvoiceDataset}. */
export interface InvoiceDatasetOptions {
  seed: number;
  /** Customers; each has one or two products, each product one case. */
  customers: number;
  /** Share of cases with a planted anomaly; 0.35 by default (a benchmark run: 0.05). */
  anomalyRate?: number;
  /** Share of products (not summer starts) with a short history of 1–11 months; 0.25 by default. */
  shortHistoryRate?: number;
  /**
   * Share of normal electricity cases that start in May–August and are billed for November–February
   * (`normal-winter-peak`); 0.2 by default. Only where the month under test is a winter month.
   */
  summerStartRate?: number;
  /** Months of a full history, and the most any history has; 24 by default. At least 1. */
  historyMonths?: number;
  /**
   * Every invoice under test is for this calendar month (`YYYY-MM`), issued at `issuedAt`; by default
   * the months under test are spread over 2027 and issued on the 5th of the next month.
   */
  period?: string;
  /** The instant every invoice under test is issued at (with `period`); the 5th of the next month, 06:00Z, by default. */
  issuedAt?: string;
  /** Share of customers whose history holds the invoices under test themselves; 0.5 by default. */
  invoiceInHistoryRate?: number;
  /** Share of customers whose history holds the next month's invoices too; 0.1 by default. */
  laterInHistoryRate?: number;
  /** Markets, drawn evenly; `['NO', 'SE']` by default. */
  markets?: ReadonlyArray<'NO' | 'SE'>;
  /** Prefix of customer ids (`c` gives `c-000001`). */
  idPrefix?: string;
}

/** A generated data set. */
export interface InvoiceDataset {
  cases: InvoiceCase[];
  /** The customers (`Customer Upserted` details), one per customer, in generation order. */
  customers: CustomerUpserted[];
}

// ---------------------------------------------------------------------------------------------------
// Randomness: mulberry32 per customer, and hashed draws for what must not depend on generation order

/** murmur3's 32-bit finalizer over FNV-1a: a stable, well-mixed hash of a string. */
function hash32(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A number in [0, 1) fixed by the key. */
const hashUnit = (key: string) => hash32(key) / 4294967296;

// ---------------------------------------------------------------------------------------------------
// Calendar: months as indices (year × 12 + month − 1), dates as YYYY-MM-DD, UTC only

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const yearOf = (month: number) => Math.floor(month / 12);
/** 1–12. */
const monthOf = (month: number) => (month % 12) + 1;
const monthIndex = (year: number, month: number) => year * 12 + month - 1;
const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
// biome-ignore format: twelve months on one line
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;
const daysIn = (month: number) =>
  monthOf(month) === 2 && isLeap(yearOf(month)) ? 29 : (MONTH_DAYS[monthOf(month) - 1] ?? 31);
const dateIn = (month: number, day: number) => `${yearOf(month)}-${pad(monthOf(month))}-${pad(day)}`;
const ymOf = (month: number) => `${yearOf(month)}-${pad(monthOf(month))}`;
/** The heating season a month belongs to (July–June), named by the year it starts in. */
const seasonOf = (month: number) => (monthOf(month) >= 7 ? yearOf(month) : yearOf(month) - 1);
const DAY_MS = 86_400_000;
/** Milliseconds of a YYYY-MM-DD date at 00:00Z (arithmetic: `Date.parse` is slow in a hot loop). */
const dayMs = (date: string) =>
  Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
const dateOfMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const instantOfMs = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

/** A period of whole days; `month` is the calendar month it is priced in (that of `from`). */
interface Span {
  from: string;
  to: string;
}

/** The calendar months a span touches, with the days of each it covers. */
function monthsOf(span: Span): Array<{ month: number; days: number }> {
  const out: Array<{ month: number; days: number }> = [];
  const end = dayMs(span.to);
  for (let ms = dayMs(span.from); ms <= end; ) {
    const d = new Date(ms);
    const month = monthIndex(d.getUTCFullYear(), d.getUTCMonth() + 1);
    const monthEnd = dayMs(dateIn(month, daysIn(month)));
    const last = Math.min(end, monthEnd);
    out.push({ month, days: Math.round((last - ms) / DAY_MS) + 1 });
    ms = last + DAY_MS;
  }
  return out;
}

const spanDays = (span: Span) => Math.round((dayMs(span.to) - dayMs(span.from)) / DAY_MS) + 1;
const wholeMonth = (month: number): Span => ({ from: dateIn(month, 1), to: dateIn(month, daysIn(month)) });

// ---------------------------------------------------------------------------------------------------
// Consumption model

/** Base load (lighting, hot water, cooking) by calendar month, January first: mean 1. */
// biome-ignore format: twelve months on one line
const BASE_LOAD = [1.14, 1.08, 1.02, 0.96, 0.9, 0.86, 0.84, 0.88, 0.95, 1.04, 1.12, 1.21] as const;

/**
 * Heating degree days (base 17 °C) by calendar month, January first: rounded monthly climate normals
 * for Oslo and Stockholm. Normalized to mean 1 below; space heating follows them.
 */
const HEATING_DEGREE_DAYS: Record<'NO' | 'SE', readonly number[]> = {
  NO: [680, 610, 560, 400, 230, 90, 40, 60, 200, 370, 520, 640],
  SE: [640, 590, 540, 390, 220, 80, 30, 50, 190, 350, 480, 600],
};

function normalized(values: readonly number[]): number[] {
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  return values.map((v) => v / mean);
}
const HEATING = { NO: normalized(HEATING_DEGREE_DAYS.NO), SE: normalized(HEATING_DEGREE_DAYS.SE) };

/** The customer's share of a year's consumption in a calendar month (1–12), mean 1 over the year. */
function shapeOf(market: 'NO' | 'SE', heatingShare: number, calendarMonth: number): number {
  const base = BASE_LOAD[calendarMonth - 1] ?? 1;
  const heat = HEATING[market][calendarMonth - 1] ?? 1;
  return (1 - heatingShare) * base + heatingShare * heat;
}

// ---------------------------------------------------------------------------------------------------
// Markets, prices and texts

type Housing = 'house' | 'flat' | 'business';

interface MarketData {
  currency: 'NOK' | 'SEK';
  locale: 'nb-NO' | 'sv-SE';
  timeZone: string;
  emailDomain: string;
  phone: (rng: Random) => string;
  areas: ReadonlyArray<readonly [string, number]>;
  /** Spot-like energy price (VAT included, per kWh) of each price area at the average season and year. */
  areaPrice: Record<string, number>;
  annualKwh: Record<Housing, readonly [number, number]>;
  heatingShare: Record<Housing, readonly [number, number]>;
  paperShare: number;
  monthNames: readonly string[];
  dateRange: (span: Span) => string;
  text: {
    energy: string;
    energyFixed: string;
    subscription: string;
    paperFee: string;
    broadband: string;
    router: string;
    mobile: string;
    extraData: string;
  };
  subscriptions: readonly number[];
  paperFees: readonly number[];
  broadbandPrices: Record<string, number>;
  mobilePrices: Record<string, number>;
  routerRent: number;
  companySuffix: string;
  firstNames: readonly string[];
  lastNames: readonly string[];
  trades: readonly string[];
  /** Fees a product may get that it never had (the `new-charge` anomaly and the `recurring-fee` trap). */
  newCharges: Record<'electricity' | 'broadband' | 'mobile', ReadonlyArray<NewChargeTemplate>>;
}

/** A fee line: `describe` varies the description only in numbers, dates and punctuation. */
interface NewChargeTemplate {
  kind: 'fee' | 'other';
  describe: (rng: Random, month: number) => string;
  amount: readonly [number, number];
}

const NB_MONTHS = [
  'januar',
  'februar',
  'mars',
  'april',
  'mai',
  'juni',
  'juli',
  'august',
  'september',
  'oktober',
  'november',
  'desember',
] as const;
const SV_MONTHS = [
  'januari',
  'februari',
  'mars',
  'april',
  'maj',
  'juni',
  'juli',
  'augusti',
  'september',
  'oktober',
  'november',
  'december',
] as const;

const invoiceNumber = (rng: Random) => String(rng.int(1_000_000, 9_999_999));
const noDate = (month: number, rng: Random) =>
  `${pad(rng.int(1, 28))}.${pad(monthOf(month))}.${yearOf(month)}`;
const seDate = (month: number, rng: Random) => `${ymOf(month)}-${pad(rng.int(1, 28))}`;

const MARKETS: Record<'NO' | 'SE', MarketData> = {
  NO: {
    currency: 'NOK',
    locale: 'nb-NO',
    timeZone: 'Europe/Oslo',
    emailDomain: 'example.no',
    phone: (rng) => `+479${pad(rng.int(0, 9_999_999), 7)}`,
    areas: [
      ['no1', 35],
      ['no2', 20],
      ['no3', 20],
      ['no4', 10],
      ['no5', 15],
    ],
    // NO4 (Nord-Norge) pays no VAT on electricity, and its hydro power is cheap.
    areaPrice: { no1: 0.95, no2: 1.0, no3: 0.55, no4: 0.35, no5: 0.9 },
    annualKwh: { house: [14_000, 26_000], flat: [3_500, 8_000], business: [30_000, 150_000] },
    heatingShare: { house: [0.18, 0.42], flat: [0.08, 0.3], business: [0.05, 0.3] },
    paperShare: 0.1,
    monthNames: NB_MONTHS,
    dateRange: (span) =>
      `${span.from.slice(8, 10)}.${span.from.slice(5, 7)}.${span.from.slice(0, 4)}–${span.to.slice(8, 10)}.${span.to.slice(5, 7)}.${span.to.slice(0, 4)}`,
    text: {
      energy: 'Strøm spotpris',
      energyFixed: 'Strøm fastpris',
      subscription: 'Fastbeløp',
      paperFee: 'Fakturagebyr',
      broadband: 'Fiber',
      router: 'Ruterleie',
      mobile: 'Mobilabonnement',
      extraData: 'Ekstra data',
    },
    subscriptions: [39, 45, 49, 59],
    paperFees: [39, 49, 59],
    broadbandPrices: { 'bb-fiber-250': 549, 'bb-fiber-500': 649, 'bb-fiber-1000': 799 },
    mobilePrices: { 'mob-10gb': 299, 'mob-30gb': 399, 'mob-unlimited': 499 },
    routerRent: 49,
    companySuffix: 'AS',
    // biome-ignore format: names read better packed
    firstNames: ['Kari', 'Ola', 'Nora', 'Emma', 'Ingrid', 'Astrid', 'Bjørn', 'Øystein', 'Håkon', 'Sigrid', 'Lars', 'Magnus', 'Jonas', 'Åse', 'Tor', 'Marit', 'Silje', 'Trond', 'Ragnhild', 'Ståle'],
    // biome-ignore format: names read better packed
    lastNames: ['Nordmann', 'Hansen', 'Johansen', 'Olsen', 'Larsen', 'Andersen', 'Pedersen', 'Nilsen', 'Berg', 'Haugen', 'Dahl', 'Jørgensen', 'Lund', 'Sørensen', 'Moen', 'Strand', 'Bakken', 'Rønning', 'Sæther', 'Ødegård'],
    trades: ['Bakeri', 'Rør', 'Elektro', 'Regnskap', 'Frisør', 'Snekkeri', 'Kafé', 'Tannlege'],
    newCharges: {
      electricity: [
        { kind: 'fee', describe: (rng) => `Purregebyr faktura ${invoiceNumber(rng)}`, amount: [35, 35] },
        { kind: 'fee', describe: () => 'Gebyr for manuell måleravlesning', amount: [150, 250] },
        { kind: 'fee', describe: (rng, m) => `Flyttegebyr (${noDate(m, rng)})`, amount: [99, 199] },
        {
          kind: 'other',
          describe: (rng) => `Forsinkelsesrente faktura ${invoiceNumber(rng)}`,
          amount: [4, 60],
        },
        { kind: 'fee', describe: () => 'Gebyr for målerbytte', amount: [490, 990] },
      ],
      broadband: [
        { kind: 'fee', describe: () => 'Installasjon', amount: [990, 2_990] },
        { kind: 'fee', describe: (rng, m) => `Flyttegebyr ${noDate(m, rng)}`, amount: [499, 499] },
        { kind: 'fee', describe: (rng) => `Purregebyr (faktura ${invoiceNumber(rng)})`, amount: [35, 35] },
        { kind: 'fee', describe: () => 'Bytte av ruter', amount: [399, 799] },
      ],
      mobile: [
        { kind: 'fee', describe: () => 'Nytt SIM-kort', amount: [99, 149] },
        { kind: 'fee', describe: (rng) => `Purregebyr faktura ${invoiceNumber(rng)}`, amount: [35, 35] },
        { kind: 'other', describe: (_rng, m) => `Utlandssamtaler ${ymOf(m)}`, amount: [49, 690] },
      ],
    },
  },
  SE: {
    currency: 'SEK',
    locale: 'sv-SE',
    timeZone: 'Europe/Stockholm',
    emailDomain: 'example.se',
    phone: (rng) => `+467${rng.pick([0, 2, 3, 6, 9])}${pad(rng.int(0, 9_999_999), 7)}`,
    areas: [
      ['se1', 5],
      ['se2', 15],
      ['se3', 60],
      ['se4', 20],
    ],
    areaPrice: { se1: 0.45, se2: 0.5, se3: 1.0, se4: 1.2 },
    annualKwh: { house: [9_000, 20_000], flat: [2_000, 5_000], business: [30_000, 150_000] },
    heatingShare: { house: [0.1, 0.38], flat: [0.02, 0.15], business: [0.05, 0.3] },
    paperShare: 0.15,
    monthNames: SV_MONTHS,
    dateRange: (span) => `${span.from}–${span.to}`,
    text: {
      energy: 'Elhandel rörligt pris',
      energyFixed: 'Elhandel fast pris',
      subscription: 'Månadsavgift',
      paperFee: 'Pappersfakturaavgift',
      broadband: 'Bredband',
      router: 'Routerhyra',
      mobile: 'Mobilabonnemang',
      extraData: 'Extra surf',
    },
    subscriptions: [29, 39, 45, 49],
    paperFees: [29, 39, 49],
    broadbandPrices: { 'bb-fiber-250': 399, 'bb-fiber-500': 449, 'bb-fiber-1000': 549 },
    mobilePrices: { 'mob-10gb': 199, 'mob-30gb': 279, 'mob-unlimited': 379 },
    routerRent: 39,
    companySuffix: 'AB',
    // biome-ignore format: names read better packed
    firstNames: ['Anna', 'Eva', 'Maria', 'Karin', 'Sara', 'Åsa', 'Märta', 'Björn', 'Lars', 'Anders', 'Johan', 'Erik', 'Göran', 'Håkan', 'Örjan', 'Åke', 'Oskar', 'Elsa', 'Ebba', 'Linnéa'],
    // biome-ignore format: names read better packed
    lastNames: ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson', 'Gustafsson', 'Jönsson', 'Lindberg', 'Lindström', 'Bergström', 'Sjöberg', 'Åberg', 'Öberg', 'Ström', 'Höglund', 'Dahlén'],
    trades: ['Bageri', 'Rör', 'Elektriska', 'Redovisning', 'Frisör', 'Snickeri', 'Kafé', 'Tandvård'],
    newCharges: {
      electricity: [
        {
          kind: 'fee',
          describe: (rng) => `Påminnelseavgift faktura ${invoiceNumber(rng)}`,
          amount: [60, 60],
        },
        { kind: 'fee', describe: () => 'Avgift för manuell avläsning', amount: [150, 250] },
        { kind: 'fee', describe: (rng, m) => `Flyttavgift (${seDate(m, rng)})`, amount: [199, 299] },
        { kind: 'other', describe: (rng) => `Dröjsmålsränta faktura ${invoiceNumber(rng)}`, amount: [4, 60] },
        { kind: 'fee', describe: () => 'Avgift för mätarbyte', amount: [490, 990] },
      ],
      broadband: [
        { kind: 'fee', describe: () => 'Installation', amount: [995, 2_995] },
        { kind: 'fee', describe: (rng, m) => `Flyttavgift ${seDate(m, rng)}`, amount: [495, 495] },
        {
          kind: 'fee',
          describe: (rng) => `Påminnelseavgift (faktura ${invoiceNumber(rng)})`,
          amount: [60, 60],
        },
        { kind: 'fee', describe: () => 'Byte av router', amount: [399, 799] },
      ],
      mobile: [
        { kind: 'fee', describe: () => 'Nytt SIM-kort', amount: [99, 149] },
        {
          kind: 'fee',
          describe: (rng) => `Påminnelseavgift faktura ${invoiceNumber(rng)}`,
          amount: [60, 60],
        },
        { kind: 'other', describe: (_rng, m) => `Utlandssamtal ${ymOf(m)}`, amount: [49, 690] },
      ],
    },
  },
};

/** Spot-like seasonality of energy prices by calendar month, January first. */
// biome-ignore format: twelve months on one line
const PRICE_SEASON = [1.35, 1.25, 1.1, 0.95, 0.8, 0.75, 0.72, 0.85, 0.95, 1.05, 1.2, 1.3] as const;

/** Energy price per kWh (VAT included) of a price area in a month, before the supplier's mark-up. */
function spotPrice(seed: number, area: string, market: 'NO' | 'SE', month: number): number {
  const base = MARKETS[market].areaPrice[area] ?? 0.8;
  const season = PRICE_SEASON[monthOf(month) - 1] ?? 1;
  const yearLevel = 0.95 + 0.1 * hashUnit(`${seed}#level#${area}#${yearOf(month)}`);
  const noise = 0.96 + 0.08 * hashUnit(`${seed}#spot#${area}#${month}`);
  return Math.max(0.05, base * season * yearLevel * noise);
}

/** Norwegian grid capacity steps (`kapasitetsledd`): upper bound in kW and NOK per month, VAT included. */
const CAPACITY_STEPS: ReadonlyArray<readonly [number, number, number]> = [
  [0, 2, 155],
  [2, 5, 255],
  [5, 10, 415],
  [10, 15, 600],
  [15, 20, 770],
  [20, 25, 940],
  [25, 50, 1_550],
  [50, 75, 2_500],
  [75, 100, 3_400],
  [100, 10_000, 6_000],
];

/** Swedish energy tax per kWh, VAT included, by year (reduced from 2026). */
const SE_ENERGY_TAX: Record<number, number> = { 2024: 0.535, 2025: 0.549, 2026: 0.45, 2027: 0.45 };

// ---------------------------------------------------------------------------------------------------
// Customers and their products

type DescriptionStyle = 'plain' | 'month' | 'dates';

interface Household {
  index: number;
  customerId: string;
  market: 'NO' | 'SE';
  data: MarketData;
  housing: Housing;
  paper: boolean;
  paperFeeCents: number;
  style: DescriptionStyle;
  dueDays: number;
  /** Minutes after 06:00Z on the 5th that this customer's regular invoices are issued. */
  issueMinute: number;
  customer: CustomerUpserted;
}

interface ElectricityProduct {
  kind: 'electricity';
  productId: string;
  tariffId: string;
  area: string;
  fixedPrice: number | undefined;
  markup: number;
  annualKwh: number;
  heatingShare: number;
  peakFactor: number;
  subscriptionCents: number;
  /** Per-kWh grid (NO) or grid transfer (SE) price. */
  gridPerKwh: number;
  /** Sweden: the grid's fixed fee per month, in öre. */
  gridFixedCents: number;
}

interface FlatProduct {
  kind: 'broadband' | 'mobile';
  productId: string;
  tariffId: string;
  subscriptionCents: number;
  routerCents: number;
  /** Mobile: buys extra data some months. */
  extraData: boolean;
}

type PlannedProduct = ElectricityProduct | FlatProduct;

/** What is planted in one product's case. */
interface CasePlan {
  anomaly: AnomalyKind | undefined;
  estimatedNormal: boolean;
  /** The calendar month of the invoice under test. */
  month: number;
  historyMonths: number;
  /** Day the first history period starts on (1 unless the customer moved in mid-month). */
  firstDay: number;
  summerStart: boolean;
  traps: Set<CaseTrap>;
  duplicate?: 'exact-reissue' | 'corrected-reissue' | 'shifted-period';
  /** recurring-fee: the history month the fee first came in. */
  recurringFeeMonth?: number;
  /** price-spike: the energy price of the month under test × this (set while the case is built). */
  priceFactor?: number;
  /**
   * lasting-change and lasting-change-surprise: the consumption is `factor` × what it was from month
   * `from` on (1–3 months before the month under test); `factor` is set while the case is built.
   */
  level?: { from: number; factor: number };
}

/** A line with its amount in cents. */
interface Line {
  kind: InvoiceIssued['lines'][number]['kind'];
  description: string;
  quantity?: number;
  unitPrice?: number;
  cents: number;
}

const cents = (amount: number) => Math.round(amount * 100);
const round4 = (value: number) => Math.round(value * 10_000) / 10_000;

function createHousehold(index: number, market: 'NO' | 'SE', prefix: string, rng: Random): Household {
  const data = MARKETS[market];
  const customerId = `${prefix}-${pad(index + 1, 6)}`;
  const housing: Housing = rng.chance(0.1) ? 'business' : rng.chance(0.38) ? 'flat' : 'house';
  const first = rng.pick(data.firstNames);
  const last = rng.pick(data.lastNames);
  const name =
    housing === 'business' ? `${rng.pick(data.trades)} ${last} ${data.companySuffix}` : `${first} ${last}`;
  const hasPhone = rng.chance(0.85);
  const preferredChannel = hasPhone && rng.chance(0.2) ? 'sms' : 'email';
  const hasEmail = preferredChannel === 'email' || rng.chance(0.7);
  const paper = rng.chance(data.paperShare);
  const customer: CustomerUpserted = {
    customerId,
    name,
    market,
    segment: housing === 'business' ? 'business' : 'household',
    locale: rng.chance(0.08) ? 'en-GB' : data.locale,
    timeZone: data.timeZone,
    ...(hasEmail
      ? { email: `${asciiLocalPart(first)}.${asciiLocalPart(last)}.${index + 1}@${data.emailDomain}` }
      : {}),
    ...(hasPhone ? { phone: data.phone(rng) } : {}),
    preferredChannel,
    consents: { marketing: rng.chance(0.4), surveys: rng.chance(0.65) },
    customerSince: '2000-01-01', // set once the products' histories are known
    paymentMethod: paper
      ? 'paper-invoice'
      : rng.weighted([
          ['e-invoice', 35],
          ['direct-debit', 40],
          ['card', 15],
        ] as const),
    products: [],
  };
  return {
    index,
    customerId,
    market,
    data,
    housing,
    paper,
    paperFeeCents: cents(rng.pick(data.paperFees)),
    style: rng.weighted([
      ['plain', 50],
      ['month', 30],
      ['dates', 20],
    ] as const),
    dueDays: rng.int(14, 25),
    issueMinute: (index * 7) % 240,
    customer,
  };
}

function electricityProduct(household: Household, rng: Random): ElectricityProduct {
  const { data, market, housing } = household;
  const area = rng.weighted(data.areas);
  const fixed = rng.chance(0.2);
  const [minKwh, maxKwh] = data.annualKwh[housing];
  const [minHeat, maxHeat] = data.heatingShare[housing];
  return {
    kind: 'electricity',
    productId: `p-${household.customerId.slice(household.customerId.indexOf('-') + 1)}-el`,
    tariffId: fixed ? `fix-12m-${market.toLowerCase()}` : `var-${area}`,
    area,
    fixedPrice: fixed ? round4((data.areaPrice[area] ?? 0.8) * rng.uniform(0.95, 1.25)) : undefined,
    markup: rng.uniform(0.03, 0.09),
    annualKwh: rng.int(minKwh, maxKwh),
    heatingShare: rng.uniform(minHeat, maxHeat),
    peakFactor: rng.uniform(2.2, 3.5),
    subscriptionCents: cents(rng.pick(data.subscriptions)),
    gridPerKwh: market === 'NO' ? rng.uniform(0.3, 0.45) : rng.uniform(0.2, 0.35),
    gridFixedCents: cents(housing === 'flat' ? rng.pick([135, 155, 175]) : rng.pick([295, 345, 420, 560])),
  };
}

function flatProduct(household: Household, kind: 'broadband' | 'mobile', rng: Random): FlatProduct {
  const { data } = household;
  const prices = kind === 'broadband' ? data.broadbandPrices : data.mobilePrices;
  const tariffId = rng.pick(Object.keys(prices));
  const id = household.customerId.slice(household.customerId.indexOf('-') + 1);
  return {
    kind,
    productId: `p-${id}-${kind === 'broadband' ? 'bb' : 'mob'}`,
    tariffId,
    subscriptionCents: cents(prices[tariffId] ?? 399),
    routerCents: kind === 'broadband' && rng.chance(0.6) ? cents(data.routerRent) : 0,
    extraData: kind === 'mobile' && rng.chance(0.3),
  };
}

// ---------------------------------------------------------------------------------------------------
// Invoices

/** What the invoice builder needs to know about one product over time. */
class ProductTimeline {
  readonly household: Household;
  readonly product: PlannedProduct;
  readonly plan: CasePlan;
  readonly seed: number;

  constructor(seed: number, household: Household, product: PlannedProduct, plan: CasePlan) {
    this.seed = seed;
    this.household = household;
    this.product = product;
    this.plan = plan;
  }

  /** Weather factor of a heating season for this customer: ±13 %, or +20 % in a planted cold winter. */
  weather(season: number): number {
    if (this.plan.traps.has('cold-winter') && season === seasonOf(this.plan.month)) return 1.2;
    return 0.87 + 0.26 * hashUnit(`${this.seed}#weather#${this.product.productId}#${season}`);
  }

  /** Month noise, ±8 %. */
  noise(month: number): number {
    return 0.92 + 0.16 * hashUnit(`${this.seed}#noise#${this.product.productId}#${month}`);
  }

  /**
   * kWh of a span: normal (weather and noise) or the true expectation (neither); at the lasting change's
   * level from its month on, unless `withLevel` is false.
   */
  consumption(product: ElectricityProduct, span: Span, truth: boolean, withLevel = true): number {
    let kwh = 0;
    const level = this.plan.level;
    for (const { month, days } of monthsOf(span)) {
      const share = shapeOf(this.household.market, product.heatingShare, monthOf(month));
      const levelFactor = withLevel && level !== undefined && month >= level.from ? level.factor : 1;
      const factor = levelFactor * (truth ? 1 : this.weather(seasonOf(month)) * this.noise(month));
      kwh += (product.annualKwh / 12) * share * factor * (days / daysIn(month));
    }
    return kwh;
  }

  /** Energy price per kWh of a month (VAT included), with the planted price rise in the month under test. */
  energyPrice(product: ElectricityProduct, month: number): number {
    const base =
      product.fixedPrice ?? spotPrice(this.seed, product.area, this.household.market, month) + product.markup;
    const rise =
      month !== this.plan.month
        ? 1
        : (this.plan.priceFactor ??
          (this.plan.traps.has('price-rise')
            ? 1.05 + 0.1 * hashUnit(`${this.seed}#rise#${product.productId}`)
            : 1));
    return round4(base * rise);
  }

  /** A monthly fee in cents, raised from the month under test on when the trap says so. */
  monthlyFee(baseCents: number, month: number): number {
    if (this.plan.traps.has('subscription-rise') && month >= this.plan.month) {
      const step = this.product.kind === 'electricity' ? 10 : 50;
      return baseCents + cents(step);
    }
    return baseCents;
  }

  /** ` desember 2026`, ` 01.12.2026–31.12.2026` or nothing, as this customer's billing system writes. */
  suffix(span: Span, month: number): string {
    const { style, data } = this.household;
    if (style === 'month') return ` ${data.monthNames[monthOf(month) - 1]} ${yearOf(month)}`;
    if (style === 'dates') return ` ${data.dateRange(span)}`;
    return '';
  }

  /** The lines of an electricity invoice for `span` at `kwh`, before extra fees. */
  electricityLines(product: ElectricityProduct, span: Span, kwh: number): Line[] {
    const { market, data } = this.household;
    const month = monthsOf(span)[0]?.month ?? 0;
    const suffix = this.suffix(span, month);
    const share = spanDays(span) / daysIn(month);
    const prorate = (value: number) => Math.round(value * Math.min(1, share));
    const lines: Line[] = [];
    const energyPrice = this.energyPrice(product, month);
    lines.push({
      kind: 'energy',
      description: `${product.fixedPrice === undefined ? data.text.energy : data.text.energyFixed}${suffix}`,
      quantity: kwh,
      unitPrice: energyPrice,
      cents: cents(kwh * energyPrice),
    });
    if (market === 'NO') {
      // Some grids charge more per kWh in January–March.
      const winter = monthOf(month) <= 3 ? 0.06 : 0;
      const gridPrice = round4(product.gridPerKwh + winter);
      lines.push({
        kind: 'grid',
        description: `Nettleie energiledd${suffix}`,
        quantity: kwh,
        unitPrice: gridPrice,
        cents: cents(kwh * gridPrice),
      });
      const peakKw = (kwh / (spanDays(span) * 24)) * product.peakFactor;
      const step = CAPACITY_STEPS.find(([, upper]) => peakKw < upper) ?? CAPACITY_STEPS[0];
      const [lower, upper, nok] = step ?? [0, 2, 155];
      lines.push({
        kind: 'grid',
        description: `Nettleie kapasitetsledd ${lower}–${upper} kW${suffix}`,
        cents: prorate(cents(nok)),
      });
    } else {
      const tax = SE_ENERGY_TAX[yearOf(month)] ?? 0.45;
      lines.push({
        kind: 'tax',
        description: `Energiskatt${suffix}`,
        quantity: kwh,
        unitPrice: tax,
        cents: cents(kwh * tax),
      });
      const transfer = round4(product.gridPerKwh);
      lines.push({
        kind: 'grid',
        description: `Elnät överföringsavgift${suffix}`,
        quantity: kwh,
        unitPrice: transfer,
        cents: cents(kwh * transfer),
      });
      lines.push({
        kind: 'grid',
        description: `Elnät fast avgift${suffix}`,
        cents: prorate(product.gridFixedCents),
      });
    }
    lines.push({
      kind: 'subscription',
      description: `${data.text.subscription}${suffix}`,
      cents: prorate(this.monthlyFee(product.subscriptionCents, month)),
    });
    if (this.household.paper) {
      lines.push({ kind: 'fee', description: data.text.paperFee, cents: this.household.paperFeeCents });
    }
    return lines;
  }

  /** The lines of a broadband or mobile invoice, before extra fees. */
  flatLines(product: FlatProduct, span: Span, withExtraData: boolean, rng: Random): Line[] {
    const { data } = this.household;
    const month = monthsOf(span)[0]?.month ?? 0;
    const suffix = this.suffix(span, month);
    const share = Math.min(1, spanDays(span) / daysIn(month));
    const prorate = (value: number) => Math.round(value * share);
    const plan =
      product.kind === 'broadband'
        ? `${data.text.broadband} ${product.tariffId.replace('bb-fiber-', '')}/${product.tariffId.replace('bb-fiber-', '')} Mbit/s`
        : `${data.text.mobile} ${product.tariffId === 'mob-unlimited' ? 'Fri data' : product.tariffId.replace('mob-', '').toUpperCase()}`;
    const lines: Line[] = [
      {
        kind: 'subscription',
        description: `${plan}${suffix}`,
        cents: prorate(this.monthlyFee(product.subscriptionCents, month)),
      },
    ];
    if (product.routerCents > 0) {
      lines.push({
        kind: 'fee',
        description: `${data.text.router}${suffix}`,
        cents: prorate(product.routerCents),
      });
    }
    if (withExtraData) {
      const gb = rng.pick([1, 5, 10]);
      lines.push({
        kind: 'other',
        description: `${data.text.extraData} ${gb} GB`,
        cents: cents(gb === 1 ? 99 : gb === 5 ? 149 : 199),
      });
    }
    if (this.household.paper) {
      lines.push({ kind: 'fee', description: data.text.paperFee, cents: this.household.paperFeeCents });
    }
    return lines;
  }

  /** An `Invoice Issued` detail; the amount is the sum of the lines, to the cent. */
  invoice(args: {
    invoiceId: string;
    span: Span;
    issuedAtMs: number;
    lines: Line[];
    kwh?: number;
    reading: 'actual' | 'estimated';
  }): InvoiceIssued {
    const amountCents = args.lines.reduce((sum, line) => sum + line.cents, 0);
    return {
      invoiceId: args.invoiceId,
      customerId: this.household.customerId,
      productId: this.product.productId,
      currency: this.household.data.currency,
      amount: amountCents / 100,
      issuedAt: instantOfMs(args.issuedAtMs),
      dueDate: dateOfMs(args.issuedAtMs + this.household.dueDays * DAY_MS),
      period: { from: args.span.from, to: args.span.to },
      ...(args.kwh === undefined ? {} : { consumption: { quantity: args.kwh, unit: 'kWh' } }),
      reading: args.reading,
      lines: args.lines.map(({ cents: lineCents, ...line }) => ({ ...line, amount: lineCents / 100 })),
    };
  }

  /** 06:00Z on the 5th of the month after `month`, plus this customer's minutes. */
  regularIssue(month: number): number {
    return dayMs(dateIn(month + 1, 5)) + 6 * 3_600_000 + this.household.issueMinute * 60_000;
  }
}

/** The span of the history month `month` (the first one may start mid-month). */
function historySpan(plan: CasePlan, month: number): Span {
  const first = plan.month - plan.historyMonths;
  if (month === first && plan.firstDay > 1) {
    return { from: dateIn(month, plan.firstDay), to: dateIn(month, daysIn(month)) };
  }
  return wholeMonth(month);
}

/** A fee line from a template. */
function feeLine(template: NewChargeTemplate, month: number, rng: Random): Line {
  const [min, max] = template.amount;
  return {
    kind: template.kind,
    description: template.describe(rng, month),
    cents: cents(min === max ? min : rng.int(min, max)),
  };
}

/** What one product's timeline produced. */
interface ProductResult {
  history: InvoiceIssued[];
  test: InvoiceIssued;
  later: InvoiceIssued | undefined;
  label: InvoiceCaseLabel;
  productKind: ProductKind;
  priceNotices: SentPriceNotice[];
}

/** The normal kWh of a span, rounded to whole kWh (at least 1). */
const wholeKwh = (kwh: number) => Math.max(1, Math.round(kwh));

function buildProduct(
  timeline: ProductTimeline,
  rng: Random,
  testIssuedAtMs: number | undefined,
  withLater: boolean,
): ProductResult {
  const { plan, product, household } = timeline;
  const data = household.data;
  const history: InvoiceIssued[] = [];
  const firstMonth = plan.month - plan.historyMonths;
  const idOf = (month: number) => `inv-${ymOf(month + 1)}-${product.productId}`;
  // The fee the recurring-fee trap plants, had before and had again now.
  const recurringTemplate =
    plan.recurringFeeMonth === undefined
      ? undefined
      : rng.pick(data.newCharges[product.kind === 'electricity' ? 'electricity' : product.kind]);
  let extraDataSeen = false;

  const regularInvoice = (month: number, span: Span): InvoiceIssued => {
    if (product.kind === 'electricity') {
      const kwh = wholeKwh(timeline.consumption(product, span, false));
      const lines = timeline.electricityLines(product, span, kwh);
      if (month === plan.recurringFeeMonth && recurringTemplate)
        lines.push(feeLine(recurringTemplate, month, rng));
      return timeline.invoice({
        invoiceId: idOf(month),
        span,
        issuedAtMs: timeline.regularIssue(month),
        lines,
        kwh,
        reading: rng.chance(0.03) ? 'estimated' : 'actual',
      });
    }
    // Extra data is bought in about 40 % of months, and always in the first one (so it is never new).
    const extra = product.extraData && (!extraDataSeen || rng.chance(0.4));
    extraDataSeen ||= extra;
    const lines = timeline.flatLines(product, span, extra, rng);
    if (month === plan.recurringFeeMonth && recurringTemplate)
      lines.push(feeLine(recurringTemplate, month, rng));
    return timeline.invoice({
      invoiceId: idOf(month),
      span,
      issuedAtMs: timeline.regularIssue(month),
      lines,
      reading: 'actual',
    });
  };

  if (plan.level !== undefined && product.kind === 'electricity') {
    // The month the consumption changed is at least 1.45 × the amount at the old true consumption, so it
    // was explained then (raised 2 % at a time).
    const span = wholeMonth(plan.level.from);
    const old = timeline.electricityLines(
      product,
      span,
      wholeKwh(timeline.consumption(product, span, true, false)),
    );
    const oldCents = old.reduce((sum, line) => sum + line.cents, 0);
    for (let i = 0; i < 200; i++) {
      const kwh = wholeKwh(timeline.consumption(product, span, false));
      const amount = timeline.electricityLines(product, span, kwh).reduce((sum, line) => sum + line.cents, 0);
      if (amount >= 1.45 * oldCents) break;
      plan.level.factor *= 1.02;
    }
  }
  for (let month = firstMonth; month < plan.month; month++) {
    history.push(regularInvoice(month, historySpan(plan, month)));
  }

  // The invoice under test.
  const issuedAtMs = testIssuedAtMs ?? timeline.regularIssue(plan.month);
  let span = wholeMonth(plan.month);
  if (plan.duplicate === 'shifted-period') {
    // From mid-month of the previous month: overlaps the previous month's invoice.
    const day = rng.int(10, 20);
    span = { from: dateIn(plan.month - 1, day), to: dateIn(plan.month, day - 1) };
  }
  let reading: 'actual' | 'estimated' = 'actual';
  let lines: Line[];
  let kwh: number | undefined;
  let trueAmountCents: number;
  if (product.kind === 'electricity') {
    const normal = timeline.consumption(product, span, false);
    const truth = timeline.consumption(product, span, true);
    const trueLines = timeline.electricityLines(product, span, wholeKwh(truth));
    trueAmountCents = trueLines.reduce((sum, line) => sum + line.cents, 0);
    let quantity = normal;
    if (
      plan.anomaly === 'above-expected' ||
      plan.anomaly === 'estimated-reading' ||
      plan.anomaly === 'lasting-change-surprise'
    ) {
      // (A surprise on a lasting change: on top of the new level, which the truth includes.)
      const [min, max] = plan.anomaly === 'estimated-reading' ? [1.4, 2.0] : [1.5, 2.5];
      quantity = normal * rng.uniform(min, max);
      // At least 1.4 × the amount at the true expected consumption: raise the spike 2 % at a time.
      for (let i = 0; i < 200; i++) {
        const amount = timeline
          .electricityLines(product, span, wholeKwh(quantity))
          .reduce((s, l) => s + l.cents, 0);
        if (amount >= 1.4 * trueAmountCents) break;
        quantity *= 1.02;
      }
      if (plan.anomaly === 'estimated-reading') reading = 'estimated';
    } else if (plan.anomaly === 'price-spike') {
      // The usual consumption, at an energy price 1.8–2.6 × the month's; at least 1.45 × the amount at the
      // customer's true expected consumption and this month's normal prices (raised 3 % at a time).
      plan.priceFactor = rng.uniform(1.8, 2.6);
      for (let i = 0; i < 200; i++) {
        const amount = timeline
          .electricityLines(product, span, wholeKwh(normal))
          .reduce((sum, line) => sum + line.cents, 0);
        if (amount >= 1.45 * trueAmountCents) break;
        plan.priceFactor *= 1.03;
      }
    } else if (plan.estimatedNormal) {
      quantity = truth * rng.uniform(0.9, 1.1);
      reading = 'estimated';
    }
    kwh = wholeKwh(quantity);
    lines = timeline.electricityLines(product, span, kwh);
  } else {
    const extra = product.extraData && rng.chance(0.4);
    lines = timeline.flatLines(product, span, extra, rng);
    if (extra) plan.traps.add('recurring-fee');
    trueAmountCents = lines.reduce((sum, line) => sum + line.cents, 0);
  }
  if (plan.recurringFeeMonth !== undefined && recurringTemplate) {
    lines.push(feeLine(recurringTemplate, plan.month, rng));
  }
  if (plan.anomaly === 'new-charge') {
    const pool = data.newCharges[product.kind === 'electricity' ? 'electricity' : product.kind];
    lines.push(feeLine(rng.pick(pool), plan.month, rng));
  }

  let invoiceId = idOf(plan.month);
  if (plan.duplicate === 'exact-reissue' || plan.duplicate === 'corrected-reissue') {
    // The same period was invoiced 1–4 days earlier, by an extra run; the regular one invoices it again.
    const originalAt = dayMs(dateIn(plan.month + 1, 1)) + rng.int(0, 3) * DAY_MS + rng.int(1, 20) * 3_600_000;
    let originalLines = lines;
    let originalKwh = kwh;
    let originalReading = reading;
    if (plan.duplicate === 'corrected-reissue' && product.kind === 'electricity' && kwh !== undefined) {
      originalKwh = wholeKwh(kwh * rng.uniform(0.8, 0.95));
      originalLines = timeline.electricityLines(product, span, originalKwh);
      originalReading = 'estimated';
    }
    history.push(
      timeline.invoice({
        invoiceId,
        span,
        issuedAtMs: Math.min(originalAt, issuedAtMs - 3_600_000),
        lines: originalLines,
        ...(originalKwh === undefined ? {} : { kwh: originalKwh }),
        reading: originalReading,
      }),
    );
    invoiceId = `${invoiceId}-2`;
  } else if (plan.duplicate === 'shifted-period') {
    invoiceId = `${invoiceId}-x`;
  }

  const test = timeline.invoice({
    invoiceId,
    span,
    issuedAtMs,
    lines,
    ...(kwh === undefined ? {} : { kwh }),
    reading,
  });
  const later = withLater ? regularInvoice(plan.month + 1, wholeMonth(plan.month + 1)) : undefined;

  const kind: CaseKind =
    plan.anomaly ??
    (plan.level !== undefined
      ? 'lasting-change'
      : plan.estimatedNormal
        ? 'estimated-normal'
        : plan.historyMonths >= 12
          ? 'normal'
          : plan.summerStart && [11, 12, 1, 2].includes(monthOf(plan.month))
            ? 'normal-winter-peak'
            : 'short-history');
  const reasons: SurpriseKind[] =
    plan.anomaly === undefined
      ? []
      : plan.anomaly === 'estimated-reading'
        ? ['above-expected', 'estimated-reading']
        : plan.anomaly === 'price-spike' || plan.anomaly === 'lasting-change-surprise'
          ? ['above-expected']
          : [plan.anomaly];
  // Half of the price spikes were announced: stille sent a price-change notice a month before.
  const priceNotices: SentPriceNotice[] = [];
  if (plan.anomaly === 'price-spike' && product.kind === 'electricity' && rng.chance(0.5)) {
    plan.traps.add('announced-price');
    priceNotices.push({
      productId: product.productId,
      tariffId: product.tariffId,
      noticeDate: dateIn(plan.month - 1, rng.int(1, 15)),
      effectiveDate: dateIn(plan.month, 1),
    });
  }
  if (plan.duplicate) plan.traps.add(plan.duplicate);
  return {
    history,
    test,
    later,
    productKind: product.kind,
    priceNotices,
    label: {
      explain: plan.anomaly !== undefined,
      kind,
      reasons,
      traps: [...plan.traps].sort(),
      historyMonths: plan.historyMonths,
      trueRatio: Math.round((cents(test.amount) / Math.max(1, trueAmountCents)) * 1000) / 1000,
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Planning a case

interface ResolvedOptions {
  seed: number;
  anomalyRate: number;
  shortHistoryRate: number;
  summerStartRate: number;
  historyMonths: number;
  period: number | undefined;
  issuedAtMs: number | undefined;
  invoiceInHistoryRate: number;
  laterInHistoryRate: number;
  markets: ReadonlyArray<'NO' | 'SE'>;
  idPrefix: string;
}

function resolveOptions(options: Omit<InvoiceDatasetOptions, 'customers'>): ResolvedOptions {
  const historyMonths = options.historyMonths ?? 24;
  if (!Number.isInteger(historyMonths) || historyMonths < 1 || historyMonths > 36) {
    throw new RangeError(`historyMonths must be a whole number from 1 to 36, got ${historyMonths}`);
  }
  let period: number | undefined;
  if (options.period !== undefined) {
    const match = /^(\d{4})-(\d{2})$/.exec(options.period);
    if (!match) throw new RangeError(`period must be YYYY-MM, got ${options.period}`);
    period = monthIndex(Number(match[1]), Number(match[2]));
  }
  let issuedAtMs: number | undefined;
  if (options.issuedAt !== undefined) {
    issuedAtMs = Date.parse(options.issuedAt);
    if (!Number.isFinite(issuedAtMs)) throw new RangeError(`issuedAt is not an instant: ${options.issuedAt}`);
    if (period === undefined) throw new RangeError('issuedAt needs period');
  } else if (period !== undefined) {
    issuedAtMs = dayMs(dateIn(period + 1, 5)) + 6 * 3_600_000;
  }
  const share = (name: string, value: number | undefined, fallback: number) => {
    const v = value ?? fallback;
    if (!(v >= 0 && v <= 1)) throw new RangeError(`${name} must be from 0 to 1, got ${v}`);
    return v;
  };
  return {
    seed: options.seed,
    anomalyRate: share('anomalyRate', options.anomalyRate, 0.35),
    shortHistoryRate: share('shortHistoryRate', options.shortHistoryRate, 0.25),
    summerStartRate: share('summerStartRate', options.summerStartRate, 0.2),
    historyMonths,
    period,
    issuedAtMs,
    invoiceInHistoryRate: share('invoiceInHistoryRate', options.invoiceInHistoryRate, 0.5),
    laterInHistoryRate: share('laterInHistoryRate', options.laterInHistoryRate, 0.1),
    markets: options.markets ?? ['NO', 'SE'],
    idPrefix: options.idPrefix ?? 'c',
  };
}

const JANUARY_2027 = monthIndex(2027, 1);
const WINTER = [11, 12, 1, 2];
/** Winter months under test for summer starts, when the data set spreads its months. */
const WINTER_MONTHS = [
  monthIndex(2026, 11),
  monthIndex(2026, 12),
  JANUARY_2027,
  monthIndex(2027, 2),
  monthIndex(2027, 11),
  monthIndex(2027, 12),
];

function planCase(product: PlannedProduct, options: ResolvedOptions, rng: Random): CasePlan {
  const electricity = product.kind === 'electricity';
  let anomaly: AnomalyKind | undefined;
  if (rng.chance(options.anomalyRate)) {
    anomaly = electricity
      ? rng.weighted([
          ['above-expected', 30],
          ['duplicate', 20],
          ['new-charge', 25],
          ['estimated-reading', 25],
          ['price-spike', options.historyMonths >= 12 ? 35 : 0],
          ['lasting-change-surprise', options.historyMonths >= 15 ? 25 : 0],
        ] as const)
      : rng.weighted([
          ['duplicate', 45],
          ['new-charge', 55],
        ] as const);
  }
  const estimatedNormal = anomaly === undefined && electricity && rng.chance(0.1);
  const traps = new Set<CaseTrap>();

  // The month under test, and the history before it.
  let month = options.period ?? JANUARY_2027 + rng.int(0, 11);
  let historyMonths: number;
  let summerStart = false;
  const normal = anomaly === undefined && !estimatedNormal;
  const winterPossible = options.period === undefined || WINTER.includes(monthOf(options.period));
  if (normal && electricity && winterPossible && rng.chance(options.summerStartRate)) {
    if (options.period === undefined) {
      // A winter month of 2026/27 or late 2027.
      month = rng.pick(WINTER_MONTHS);
    }
    // Started in May–August before it: 3–9 months of history.
    const starts: number[] = [];
    for (let back = 1; back <= 11; back++) {
      const start = monthOf(month - back);
      if (start >= 5 && start <= 8) starts.push(back);
    }
    historyMonths = rng.pick(starts);
    summerStart = true;
  } else if (
    anomaly !== 'price-spike' &&
    anomaly !== 'lasting-change-surprise' &&
    rng.chance(options.shortHistoryRate)
  ) {
    // (A price spike needs the same season invoiced before: without it there is no usual price.)
    historyMonths = rng.int(1, 11);
  } else {
    historyMonths = rng.chance(0.8) ? options.historyMonths : rng.int(12, 23);
  }
  historyMonths = Math.min(historyMonths, options.historyMonths);
  const firstDay = historyMonths <= 11 && rng.chance(0.5) ? rng.int(2, 25) : 1;
  if (firstDay > 1) traps.add('partial-first-period');
  if (summerStart && historyMonths <= 11) {
    const start = monthOf(month - historyMonths);
    if (start >= 5 && start <= 8) traps.add('summer-start');
    else summerStart = false;
  }

  const duplicate =
    anomaly === 'duplicate'
      ? rng.weighted([
          ['exact-reissue', 50],
          ['corrected-reissue', product.kind === 'electricity' ? 30 : 0],
          ['shifted-period', 20],
        ] as const)
      : undefined;

  // A lasting change: the consumption rose 1.5–2.2 × 1–3 months ago and stayed there (a heat pump broke,
  // an electric car came). On normal cases with a full history it is a case of its own (not to be explained
  // again); a surprise on top of it is an anomaly. Only where the history reaches 12 months before it.
  let level: CasePlan['level'];
  const lastingNormal = normal && electricity && !summerStart && historyMonths >= 15 && rng.chance(0.12);
  if ((lastingNormal || anomaly === 'lasting-change-surprise') && historyMonths >= 15) {
    level = { from: month - rng.int(1, 3), factor: rng.uniform(1.5, 2.2) };
  } else if (anomaly === 'lasting-change-surprise') {
    anomaly = 'above-expected';
  }

  // Hard negatives on normal cases.
  let recurringFeeMonth: number | undefined;
  if (normal && level === undefined) {
    if (electricity && historyMonths >= 12 && [11, 12, 1, 2, 3].includes(monthOf(month)) && rng.chance(0.3)) {
      traps.add('cold-winter');
    }
    if (electricity && rng.chance(0.12)) traps.add('price-rise');
    if (rng.chance(0.1)) traps.add('subscription-rise');
    if (historyMonths >= 2 && rng.chance(0.12)) {
      traps.add('recurring-fee');
      // Had once, 1–15 months before (never in a partial first month it could be missing from).
      recurringFeeMonth = month - rng.int(1, Math.min(15, historyMonths - 1));
    }
  }
  return {
    anomaly,
    estimatedNormal,
    month,
    historyMonths,
    firstDay,
    summerStart,
    traps,
    ...(duplicate ? { duplicate } : {}),
    ...(recurringFeeMonth === undefined ? {} : { recurringFeeMonth }),
    ...(level === undefined ? {} : { level }),
  };
}

// ---------------------------------------------------------------------------------------------------
// Customers → cases

/** One generated customer: its profile, stored history and the invoices under test with their labels. */
export interface GeneratedCustomer {
  customer: CustomerUpserted;
  /** The invoices stored before the ones under test: every product, duplicates' originals included. */
  stored: InvoiceIssued[];
  cases: Array<{
    invoice: InvoiceIssued;
    productKind: ProductKind;
    label: InvoiceCaseLabel;
    priceNotices: SentPriceNotice[];
  }>;
  /** The next month's invoices (when this customer's history holds them). */
  later: InvoiceIssued[];
  /** Whether this customer's case histories hold the invoices under test themselves. */
  invoiceInHistory: boolean;
}

/** Generates the `index`-th customer; independent of every other customer's draws. */
export function generateCustomer(
  index: number,
  options: Omit<InvoiceDatasetOptions, 'customers'>,
): GeneratedCustomer {
  return generateResolved(index, resolveOptions(options));
}

function generateResolved(index: number, options: ResolvedOptions): GeneratedCustomer {
  const rng = new Random(hash32(`${options.seed}#customer#${index}`));
  const market = options.markets[index % options.markets.length] ?? 'NO';
  const household = createHousehold(index, market, options.idPrefix, rng);
  const products: PlannedProduct[] = [];
  const primary = rng.weighted([
    ['electricity', 80],
    ['broadband', 12],
    ['mobile', 8],
  ] as const);
  products.push(
    primary === 'electricity' ? electricityProduct(household, rng) : flatProduct(household, primary, rng),
  );
  if (rng.chance(0.25)) {
    products.push(
      primary === 'electricity'
        ? flatProduct(household, rng.chance(0.6) ? 'broadband' : 'mobile', rng)
        : electricityProduct(household, rng),
    );
  }
  const invoiceInHistory = rng.chance(options.invoiceInHistoryRate);
  const laterInHistory = options.period === undefined && rng.chance(options.laterInHistoryRate);

  const stored: InvoiceIssued[] = [];
  const later: InvoiceIssued[] = [];
  const results: ProductResult[] = [];
  let since = '9999-12-31';
  for (const product of products) {
    const plan = planCase(product, options, rng);
    const timeline = new ProductTimeline(options.seed, household, product, plan);
    const result = buildProduct(timeline, rng, options.issuedAtMs, laterInHistory);
    results.push(result);
    stored.push(...result.history);
    if (result.later) later.push(result.later);
    const first = result.history[0]?.period.from ?? result.test.period.from;
    if (first < since) since = first;
  }
  const customer: CustomerUpserted = {
    ...household.customer,
    customerSince: since,
    products: products.map((product) => ({
      productId: product.productId,
      kind: product.kind,
      tariffId: product.tariffId,
      contract:
        product.kind === 'electricity' && product.fixedPrice !== undefined ? 'fixed-term' : 'open-ended',
      bindingEndsOn: product.kind === 'electricity' && product.fixedPrice !== undefined ? '2027-12-31' : null,
    })),
  };
  const hasOtherProduct = products.length > 1;
  const cases = results.map((result) => {
    const traps = new Set(result.label.traps);
    if (invoiceInHistory) traps.add('invoice-in-history');
    if (laterInHistory) traps.add('later-invoice-in-history');
    if (hasOtherProduct) traps.add('other-product-in-history');
    if (household.style === 'month') traps.add('descriptions-with-month');
    if (household.style === 'dates') traps.add('descriptions-with-dates');
    return {
      invoice: result.test,
      productKind: result.productKind,
      label: { ...result.label, traps: [...traps].sort() },
      priceNotices: result.priceNotices,
    };
  });
  return { customer, stored, cases, later, invoiceInHistory };
}

/**
 * Generates a labelled data set: `customers` customers, one case per product (about 1.25 per customer).
 * Each case's `history` is the customer's stored invoices, shared by the customer's cases.
 */
export function generateInvoiceDataset(options: InvoiceDatasetOptions): InvoiceDataset {
  const resolved = resolveOptions(options);
  const cases: InvoiceCase[] = [];
  const customers: CustomerUpserted[] = [];
  for (let index = 0; index < options.customers; index++) {
    const generated = generateResolved(index, resolved);
    customers.push(generated.customer);
    const history = [
      ...generated.stored,
      ...(generated.invoiceInHistory ? generated.cases.map((c) => c.invoice) : []),
      ...generated.later,
    ];
    for (const c of generated.cases) {
      cases.push({
        invoice: c.invoice,
        history,
        market: generated.customer.market,
        productKind: c.productKind,
        customerId: generated.customer.customerId,
        label: c.label,
        priceNotices: generated.cases.flatMap((other) => other.priceNotices),
      });
    }
  }
  return { cases, customers };
}

// ---------------------------------------------------------------------------------------------------
// A billing run (the benchmark's data)

/** Options of {@link datasetScenario}. */
export interface InvoiceRunDatasetOptions {
  seed: number;
  /** Invoices in the run (one per product; customers are added until there are this many). */
  invoices: number;
  /** Months of history per product at most (and of a full history); 3 by default. */
  historyMonths?: number;
  /** Share of surprising invoices; 0.05 by default (a billing run where a few are surprising). */
  anomalyRate?: number;
  /** The invoiced month, `YYYY-MM`; `2026-12` by default. */
  period?: string;
  /** When the run is submitted, and every run invoice's `issuedAt`; `2027-01-05T06:00:00Z` by default. */
  runAt?: string;
  runId?: string;
  /** `s3://…` of the run file; `s3://stille-runs/runs/<runId>.jsonl` by default. */
  location?: string;
  idPrefix?: string;
}

/** A whole billing run with its customers, stored history and labels. */
export interface InvoiceRunDataset {
  /** The `Invoice Run Submitted` detail. */
  run: { runId: string; location: string; count: number };
  runAt: string;
  customers: CustomerUpserted[];
  /** Invoices to store before the run (no workflow). */
  history: InvoiceIssued[];
  /** The run file's rows, in order. */
  lines: InvoiceIssued[];
  /** The truth, by invoice id of the run lines. */
  labels: Map<string, InvoiceCaseLabel & { productKind: ProductKind; market: Market }>;
}

/**
 * A billing run of `invoices` invoices (the same month, issued at the same instant), the customers
 * they belong to and the history to store before it. The run's own invoices are not in the history:
 * the workflow stores each before explaining it.
 */
export function datasetScenario(options: InvoiceRunDatasetOptions): InvoiceRunDataset {
  const runAt = options.runAt ?? '2027-01-05T06:00:00Z';
  const period = options.period ?? '2026-12';
  const runId = options.runId ?? `run-${period}`;
  const location = options.location ?? `s3://stille-runs/runs/${runId}.jsonl`;
  const resolved = resolveOptions({
    seed: options.seed,
    anomalyRate: options.anomalyRate ?? 0.05,
    historyMonths: options.historyMonths ?? 3,
    period,
    issuedAt: runAt,
    invoiceInHistoryRate: 0,
    laterInHistoryRate: 0,
    ...(options.idPrefix ? { idPrefix: options.idPrefix } : {}),
  });
  const customers: CustomerUpserted[] = [];
  const history: InvoiceIssued[] = [];
  const lines: InvoiceIssued[] = [];
  const labels: InvoiceRunDataset['labels'] = new Map();
  for (let index = 0; lines.length < options.invoices; index++) {
    const generated = generateResolved(index, resolved);
    const room = options.invoices - lines.length;
    const cases = generated.cases.slice(0, room);
    // A customer whose second product does not fit keeps only the first, in its profile too.
    const kept = new Set(cases.map((c) => c.invoice.productId));
    customers.push({
      ...generated.customer,
      products: generated.customer.products.filter((p) => kept.has(p.productId)),
    });
    for (const invoice of generated.stored) if (kept.has(invoice.productId)) history.push(invoice);
    for (const c of cases) {
      lines.push(c.invoice);
      labels.set(c.invoice.invoiceId, {
        ...c.label,
        productKind: c.productKind,
        market: generated.customer.market,
      });
    }
  }
  return { run: { runId, location, count: lines.length }, runAt, customers, history, lines, labels };
}

/**
 * The run as a scenario file: customers published at the start, history stored, the run file written
 * to local S3 and submitted at `runAt`. For small runs and demos: every customer goes through a
 * workflow, which a 100,000-invoice benchmark seeds directly instead.
 */
export function runScenarioOf(data: InvoiceRunDataset, until: string): Scenario {
  const start = new Date(Date.parse(data.runAt) - 3_600_000).toISOString().replace('.000Z', 'Z');
  return {
    name: `Billing run ${data.run.runId}: ${data.run.count} invoices`,
    start,
    until,
    customers: data.customers,
    history: { invoices: data.history },
    events: [
      { at: data.runAt, source: 'billing', detailType: DETAIL_TYPE.invoiceRunSubmitted, detail: data.run },
    ],
    files: { [data.run.location]: data.lines },
  } as Scenario;
}

// ---------------------------------------------------------------------------------------------------
// Scoring

/** A detector's answer for one case. */
export interface Detection {
  explain: boolean;
  reasons: readonly string[];
}

/** Counts of one group of cases. */
export interface GroupScore {
  cases: number;
  explained: number;
  /** Cases whose decision matches the label. */
  correct: number;
  /** Explained cases of a positive kind whose reasons include every planted reason. */
  reasonsMatched: number;
}

/** Precision and recall of `explain`, and how each kind and trap fared. */
export interface DetectionScore {
  cases: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  precision: number;
  recall: number;
  byKind: Record<CaseKind, GroupScore>;
  byTrap: Record<string, GroupScore>;
}

/** Scores detections against labels, case by case (`detections[i]` answers `labels[i]`). */
export function scoreDetections(
  labels: readonly InvoiceCaseLabel[],
  detections: readonly Detection[],
): DetectionScore {
  if (labels.length !== detections.length) {
    throw new RangeError(`${labels.length} labels but ${detections.length} detections`);
  }
  const group = (): GroupScore => ({ cases: 0, explained: 0, correct: 0, reasonsMatched: 0 });
  const byKind = Object.fromEntries(CASE_KINDS.map((kind) => [kind, group()])) as Record<
    CaseKind,
    GroupScore
  >;
  const byTrap: Record<string, GroupScore> = {};
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  labels.forEach((label, i) => {
    const detection = detections[i] ?? { explain: false, reasons: [] };
    if (label.explain && detection.explain) tp++;
    else if (!label.explain && detection.explain) fp++;
    else if (label.explain) fn++;
    else tn++;
    const matched =
      label.explain && detection.explain && label.reasons.every((r) => detection.reasons.includes(r));
    for (const target of [byKind[label.kind], ...label.traps.map((trap) => (byTrap[trap] ??= group()))]) {
      target.cases++;
      if (detection.explain) target.explained++;
      if (detection.explain === label.explain) target.correct++;
      if (matched) target.reasonsMatched++;
    }
  });
  return {
    cases: labels.length,
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    trueNegatives: tn,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    byKind,
    byTrap,
  };
}

/** The score as a plain-text table: the confusion matrix, then each kind and trap. */
export function formatScore(score: DetectionScore): string {
  const pct = (n: number, of: number) =>
    of === 0 ? '   –  ' : `${((n / of) * 100).toFixed(1).padStart(5)} %`;
  const rows = [
    `cases ${score.cases}: precision ${score.precision.toFixed(4)}, recall ${score.recall.toFixed(4)}`,
    `                 explained   not explained`,
    `labelled explain  ${String(score.truePositives).padStart(8)}   ${String(score.falseNegatives).padStart(13)}`,
    `labelled normal   ${String(score.falsePositives).padStart(8)}   ${String(score.trueNegatives).padStart(13)}`,
    '',
    `${'kind / trap'.padEnd(28)} ${'cases'.padStart(6)} ${'explained'.padStart(9)}  correct   reasons ok`,
  ];
  const line = (name: string, g: GroupScore, positive: boolean) =>
    `${name.padEnd(28)} ${String(g.cases).padStart(6)} ${String(g.explained).padStart(9)}  ${pct(g.correct, g.cases)}  ${positive ? pct(g.reasonsMatched, g.cases) : ''}`;
  for (const kind of CASE_KINDS) {
    const g = score.byKind[kind];
    if (g.cases > 0) rows.push(line(kind, g, (ANOMALY_KINDS as readonly string[]).includes(kind)));
  }
  for (const [trap, g] of Object.entries(score.byTrap).sort(([a], [b]) => a.localeCompare(b))) {
    rows.push(line(`  ${trap}`, g, false));
  }
  return rows.join('\n');
}
