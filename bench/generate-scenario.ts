import { DETAIL_TYPE } from '#domain/contracts/event-names.ts';
import type { Scenario } from '#domain/contracts/index.ts';
import { asciiLocalPart } from './lib/names.ts';
import { Random } from './lib/random.ts';

/**
 * Deterministic generator of Nordic scenarios, shared by the demo (`examples/generate-demo.ts`), the
 * benchmarks and the end-to-end tests. Same options → byte-identical scenario: every random choice comes
 * from one seeded PRNG, and tariff prices from a hash of (tariff, month), never from `Math.random`.
 */

export type Market = 'NO' | 'SE' | 'FI' | 'DK';

export interface GenerateScenarioOptions {
  /** Number of customers. */
  customers: number;
  /** Seed of the PRNG: same seed, same scenario. */
  seed: number;
  /** Start of the simulated period, ISO 8601 instant (`2027-01-01T00:00:00Z`). */
  start: string;
  /** Length of the simulated period in calendar months; 2 by default. */
  months?: number;
  /** Markets to draw customers from, evenly; `['NO', 'SE']` by default. */
  markets?: Market[];
  /** Number of deliberately invalid events to add (their indices are in `generateScenarioDetailed().invalid`). */
  includeInvalid?: number;
  /**
   * 0-based months of the simulated period whose invoices are submitted as one billing run
   * (`Invoice Run Submitted` + a JSON Lines file) instead of one `Invoice Issued` event each.
   */
  invoiceRunMonths?: number[];
  /** Bucket of the billing-run files; `stille-runs` by default. */
  runsBucket?: string;
  /** Adds two `Price Change Announced` events: one announced in good time, one too late. */
  priceChanges?: boolean;
  /** Scenario name; a descriptive default otherwise. */
  name?: string;
  /**
   * Months of invoice history per customer, drawn from `[min, max]`; `[12, 24]` by default. Large
   * benchmarks may pass `[0, 0]`: a million customers with two years of history is 24 million invoices.
   */
  historyMonths?: readonly [number, number];
  /** Passed through to the scenario (fault injection of the local email and SMS endpoints). */
  faults?: Scenario['faults'];
  /** Surprising invoices in the simulated months (see {@link SurpriseOptions}). */
  surprises?: SurpriseOptions;
}

/** How many invoices of the simulated months are surprising, and how. */
export interface SurpriseOptions {
  /** Share of customer-months with a consumption spike (×1.5–1.9); 0.1 by default. */
  spikeRate?: number;
  /** Share of customer-months whose invoice carries a late-payment fee (a new charge); 0.03 by default. */
  lateFeeRate?: number;
  /**
   * Customers whose invoice billing sends twice, under a second id for the same period (in each billing
   * run, or in the single-event months when there is no run); 0 by default.
   */
  duplicates?: number;
  /**
   * Customers preferring SMS whose single `Invoice Issued` arrives at 22:30 UTC (the middle of the
   * quiet hours) with a consumption spike, so its explanation waits for the morning; 0 by default.
   */
  nightInvoices?: number;
  /**
   * Customers preferring e-mail whose second simulated month's energy price is twice the tariff's (a spot
   * price spike: the usual consumption, a much higher amount); 0 by default.
   */
  priceSpikes?: number;
  /**
   * Customers preferring e-mail whose consumption is 1.7 × what it was from the first simulated month on (a
   * heat pump broke): explained in the first month, not again at the new level; 0 by default.
   */
  lastingChanges?: number;
}

/** The kinds of deliberately invalid events, in the order they are added. */
export type InvalidEventKind = 'lines-do-not-add-up' | 'bad-date' | 'bad-phone' | 'unknown-detail-type';

/** Where a deliberately invalid event sits in `scenario.events`, and what is wrong with it. */
export interface InvalidEventNote {
  index: number;
  kind: InvalidEventKind;
  detailType: string;
  /** The field path a validator should report, when the problem is in one field. */
  path?: string;
}

export interface GeneratedScenario {
  scenario: Scenario;
  invalid: InvalidEventNote[];
}

const INVALID_KINDS: InvalidEventKind[] = [
  'lines-do-not-add-up',
  'bad-date',
  'bad-phone',
  'unknown-detail-type',
];

// ---------------------------------------------------------------------------------------------------
// Randomness

/** FNV-1a of a string, mapped to [0, 1): stable per key, independent of the order of generation. */
function hashUnit(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) / 4294967296;
}

// ---------------------------------------------------------------------------------------------------
// Nordic data

// biome-ignore format: a table of names reads better packed
const NORWEGIAN_FIRST = [
  'Kari', 'Ola', 'Nora', 'Emma', 'Sofie', 'Ingrid', 'Astrid', 'Solveig', 'Bjørn', 'Øystein',
  'Håkon', 'Jørgen', 'Sigrid', 'Maja', 'Ida', 'Lars', 'Magnus', 'Jonas', 'Henrik', 'Eirik',
  'Åse', 'Tor', 'Knut', 'Marit', 'Hanne', 'Silje', 'Kjersti', 'Trond', 'Geir', 'Ragnhild',
  'Torbjørn', 'Sindre', 'Tiril', 'Vetle', 'Åsmund', 'Frøydis', 'Ståle', 'Ingvild', 'Sølvi', 'Gro',
] as const;
// biome-ignore format: a table of names reads better packed
const NORWEGIAN_LAST = [
  'Nordmann', 'Hansen', 'Johansen', 'Olsen', 'Larsen', 'Andersen', 'Pedersen', 'Nilsen', 'Kristiansen', 'Jensen',
  'Karlsen', 'Johnsen', 'Pettersen', 'Eriksen', 'Berg', 'Haugen', 'Hagen', 'Johannessen', 'Andreassen', 'Jacobsen',
  'Dahl', 'Jørgensen', 'Halvorsen', 'Henriksen', 'Lund', 'Sørensen', 'Moen', 'Gundersen', 'Iversen', 'Strand',
  'Solberg', 'Bakken', 'Lie', 'Rønning', 'Sæther', 'Følstad', 'Ødegård', 'Bråten', 'Aas', 'Grønli',
] as const;
// biome-ignore format: a table of names reads better packed
const SWEDISH_FIRST = [
  'Anna', 'Eva', 'Maria', 'Karin', 'Sara', 'Lena', 'Kerstin', 'Ingrid', 'Astrid', 'Elsa',
  'Maja', 'Ebba', 'Linnéa', 'Åsa', 'Märta', 'Björn', 'Lars', 'Anders', 'Johan', 'Erik',
  'Per', 'Karl', 'Nils', 'Mikael', 'Göran', 'Håkan', 'Örjan', 'Sören', 'Åke', 'Oskar',
  'Hugo', 'Elias', 'Ludvig', 'Wilma', 'Alice', 'Klara', 'Agnes', 'Saga', 'Jöns', 'Gunnel',
] as const;
// biome-ignore format: a table of names reads better packed
const SWEDISH_LAST = [
  'Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson', 'Gustafsson',
  'Pettersson', 'Jonsson', 'Hansson', 'Bengtsson', 'Jönsson', 'Lindberg', 'Jakobsson', 'Magnusson', 'Olofsson', 'Lindström',
  'Lindqvist', 'Lindgren', 'Axelsson', 'Bergström', 'Lundberg', 'Lundgren', 'Mattsson', 'Berglund', 'Fredriksson', 'Sandberg',
  'Forsberg', 'Sjöberg', 'Wallin', 'Engström', 'Åberg', 'Öberg', 'Ström', 'Höglund', 'Näslund', 'Dahlén',
] as const;
// biome-ignore format: a table of names reads better packed
const FINNISH_FIRST = [
  'Aino', 'Eero', 'Helmi', 'Juha', 'Kaisa', 'Lauri', 'Mikko', 'Niina', 'Oona', 'Pekka',
  'Riikka', 'Sanna', 'Timo', 'Tuula', 'Veera', 'Ville', 'Elina', 'Jari', 'Päivi', 'Antti',
] as const;
// biome-ignore format: a table of names reads better packed
const FINNISH_LAST = [
  'Virtanen', 'Korhonen', 'Mäkinen', 'Nieminen', 'Mäkelä', 'Hämäläinen', 'Laine', 'Heikkinen', 'Koskinen', 'Järvinen',
  'Lehtonen', 'Lehtinen', 'Saarinen', 'Salminen', 'Heinonen', 'Niemi', 'Heikkilä', 'Kinnunen', 'Salonen', 'Turunen',
] as const;
// biome-ignore format: a table of names reads better packed
const DANISH_FIRST = [
  'Mette', 'Lars', 'Anne', 'Søren', 'Kirsten', 'Jens', 'Louise', 'Mads', 'Camilla', 'Rasmus',
  'Ida', 'Frederik', 'Hanne', 'Niels', 'Sofie', 'Mikkel', 'Birgitte', 'Anders', 'Freja', 'Troels',
] as const;
// biome-ignore format: a table of names reads better packed
const DANISH_LAST = [
  'Jensen', 'Nielsen', 'Hansen', 'Pedersen', 'Andersen', 'Christensen', 'Larsen', 'Sørensen', 'Rasmussen', 'Jørgensen',
  'Petersen', 'Madsen', 'Kristensen', 'Olsen', 'Thomsen', 'Christiansen', 'Poulsen', 'Johansen', 'Møller', 'Mortensen',
] as const;
const FIRST_NAMES: Record<Market, readonly string[]> = {
  NO: NORWEGIAN_FIRST,
  SE: SWEDISH_FIRST,
  FI: FINNISH_FIRST,
  DK: DANISH_FIRST,
};
const LAST_NAMES: Record<Market, readonly string[]> = {
  NO: NORWEGIAN_LAST,
  SE: SWEDISH_LAST,
  FI: FINNISH_LAST,
  DK: DANISH_LAST,
};
const BUSINESS_TRADES = {
  NO: ['Bakeri', 'Rør', 'Elektro', 'Regnskap', 'Frisør', 'Snekkeri', 'Kafé', 'Tannlege'],
  SE: ['Bageri', 'Rör', 'Elektriska', 'Redovisning', 'Frisör', 'Snickeri', 'Kafé', 'Tandvård'],
  FI: [
    'Leipomo',
    'Putkiliike',
    'Sähköliike',
    'Tilitoimisto',
    'Parturi',
    'Puusepänliike',
    'Kahvila',
    'Hammaslääkäri',
  ],
  DK: ['Bageri', 'VVS', 'El-service', 'Revision', 'Frisør', 'Tømrer', 'Café', 'Tandlæge'],
} as const;

type Currency = 'NOK' | 'SEK' | 'EUR' | 'DKK';

interface MarketProfile {
  currency: Currency;
  locale: 'nb-NO' | 'sv-SE' | 'fi-FI' | 'da-DK';
  timeZone: string;
  emailDomain: string;
  /** Variable tariffs by price area, with the share of customers on each. */
  variableTariffs: ReadonlyArray<readonly [string, number]>;
  fixedTariffs: readonly string[];
  /** Household annual consumption (kWh) of a house; flats use a quarter to a third of it. */
  houseKwh: readonly [number, number];
  paymentMethods: ReadonlyArray<readonly [PaymentMethod, number]>;
  text: {
    energy: string;
    grid: string;
    tax: string;
    subscription: string;
    paperFee: string;
    lateFee: string;
  };
  /** Per-kWh grid fee (NO) or energy tax (SE, FI, DK), VAT included. */
  perKwhCharge: { kind: 'grid' | 'tax'; unitPrice: number };
  subscription: number;
  paperFee: number;
  lateFee: number;
  companySuffix: string;
}

type PaymentMethod = 'paper-invoice' | 'e-invoice' | 'direct-debit' | 'card';

const MARKETS: Record<Market, MarketProfile> = {
  NO: {
    currency: 'NOK',
    locale: 'nb-NO',
    timeZone: 'Europe/Oslo',
    emailDomain: 'example.no',
    // NO1 Oslo, NO2 Kristiansand, NO3 Trondheim, NO4 Tromsø, NO5 Bergen.
    variableTariffs: [
      ['var-no1', 35],
      ['var-no2', 20],
      ['var-no3', 20],
      ['var-no4', 10],
      ['var-no5', 15],
    ],
    fixedTariffs: ['fix-12m-no'],
    houseKwh: [14_000, 25_000],
    // eFaktura and AvtaleGiro dominate; paper is a shrinking minority.
    paymentMethods: [
      ['e-invoice', 35],
      ['direct-debit', 35],
      ['card', 20],
      ['paper-invoice', 10],
    ],
    text: {
      energy: 'Strøm',
      grid: 'Nettleie',
      tax: 'Elavgift',
      subscription: 'Fastbeløp',
      paperFee: 'Fakturagebyr (papir)',
      lateFee: 'Purregebyr',
    },
    perKwhCharge: { kind: 'grid', unitPrice: 0.4125 },
    subscription: 49,
    paperFee: 39,
    lateFee: 35,
    companySuffix: 'AS',
  },
  SE: {
    currency: 'SEK',
    locale: 'sv-SE',
    timeZone: 'Europe/Stockholm',
    emailDomain: 'example.se',
    // SE1 Luleå, SE2 Sundsvall, SE3 Stockholm, SE4 Malmö.
    variableTariffs: [
      ['var-se1', 5],
      ['var-se2', 15],
      ['var-se3', 60],
      ['var-se4', 20],
    ],
    fixedTariffs: ['fix-12m-se', 'fix-24m-se'],
    houseKwh: [10_000, 20_000],
    paymentMethods: [
      ['direct-debit', 40],
      ['e-invoice', 30],
      ['card', 15],
      ['paper-invoice', 15],
    ],
    text: {
      energy: 'Elhandel',
      grid: 'Elnät',
      tax: 'Energiskatt',
      subscription: 'Månadsavgift',
      paperFee: 'Pappersfakturaavgift',
      lateFee: 'Påminnelseavgift',
    },
    // Swedish energy tax 2027 (43.9 öre/kWh + 25 % VAT).
    perKwhCharge: { kind: 'tax', unitPrice: 0.5488 },
    subscription: 39,
    paperFee: 29,
    lateFee: 60,
    companySuffix: 'AB',
  },
  FI: {
    currency: 'EUR',
    locale: 'fi-FI',
    timeZone: 'Europe/Helsinki',
    emailDomain: 'example.fi',
    // One price area.
    variableTariffs: [['var-fi', 100]],
    fixedTariffs: ['fix-12m-fi'],
    houseKwh: [10_000, 20_000],
    // E-lasku dominates (paid automatically since suoramaksu ended), paper holds on with older customers.
    paymentMethods: [
      ['e-invoice', 60],
      ['card', 15],
      ['paper-invoice', 20],
      ['direct-debit', 5],
    ],
    text: {
      energy: 'Sähköenergia',
      grid: 'Sähkönsiirto',
      tax: 'Sähkövero',
      subscription: 'Perusmaksu',
      paperFee: 'Paperilaskun lisä',
      lateFee: 'Muistutusmaksu',
    },
    // Finnish electricity tax, class I (2.253 c/kWh + 25.5 % VAT).
    perKwhCharge: { kind: 'tax', unitPrice: 0.0283 },
    subscription: 4.9,
    paperFee: 2.9,
    lateFee: 5,
    companySuffix: 'Oy',
  },
  DK: {
    currency: 'DKK',
    locale: 'da-DK',
    timeZone: 'Europe/Copenhagen',
    emailDomain: 'example.dk',
    // DK1 west of the Great Belt, DK2 east.
    variableTariffs: [
      ['var-dk1', 45],
      ['var-dk2', 55],
    ],
    fixedTariffs: ['fix-12m-dk'],
    // District heating warms most Danish homes: less electricity than a Norwegian house.
    houseKwh: [3_500, 9_000],
    // Betalingsservice dominates; MobilePay by card; e-Boks carries the e-invoices.
    paymentMethods: [
      ['direct-debit', 65],
      ['e-invoice', 20],
      ['card', 10],
      ['paper-invoice', 5],
    ],
    text: {
      energy: 'Elpris',
      grid: 'Nettarif',
      tax: 'Elafgift',
      subscription: 'Abonnement',
      paperFee: 'Papirregning',
      lateFee: 'Rykkergebyr',
    },
    // Danish elafgift (72 øre/kWh + 25 % moms).
    perKwhCharge: { kind: 'tax', unitPrice: 0.9 },
    subscription: 29,
    // A Danish electricity supplier may not charge for the invoice itself.
    paperFee: 0,
    lateFee: 100,
    companySuffix: 'ApS',
  },
};

/**
 * Share of a household's annual electricity use per calendar month (January first), for a Nordic home
 * heated partly with electricity: the twelve factors average 1.0 (they sum to 12), and January (1.38)
 * is twice July (0.69).
 *
 *   Jan 1.38  Feb 1.27  Mar 1.15  Apr 0.95  May 0.80  Jun 0.70
 *   Jul 0.69  Aug 0.72  Sep 0.82  Oct 0.98  Nov 1.17  Dec 1.37
 */
// biome-ignore format: twelve months on one line
export const CONSUMPTION_PROFILE = [1.38, 1.27, 1.15, 0.95, 0.8, 0.7, 0.69, 0.72, 0.82, 0.98, 1.17, 1.37] as const;

/**
 * Wholesale-driven seasonality of variable energy prices per calendar month (January first): winter
 * demand and low hydro reservoirs make January about 1.7× July.
 */
const PRICE_SEASON = [1.3, 1.2, 1.05, 0.95, 0.85, 0.8, 0.78, 0.85, 0.95, 1.0, 1.15, 1.25] as const;

/** Average energy price (VAT included, per kWh) of each tariff, before seasonality. */
const TARIFF_BASE_PRICE: Record<string, number> = {
  'var-no1': 0.95,
  'var-no2': 0.9,
  'var-no3': 0.78,
  'var-no4': 0.76,
  'var-no5': 0.9,
  'var-se1': 0.77,
  'var-se2': 0.8,
  'var-se3': 1.05,
  'var-se4': 1.1,
  'fix-12m-no': 0.99,
  'fix-12m-se': 1.09,
  'fix-24m-se': 1.05,
  'var-fi': 0.105,
  'fix-12m-fi': 0.099,
  'var-dk1': 1.9,
  'var-dk2': 2.05,
  'fix-12m-dk': 1.95,
};

/** Where a tariff's monthly energy price stays, in its currency: Finland in euros, Denmark in kroner. */
function priceBounds(tariffId: string): readonly [number, number] {
  if (tariffId.endsWith('-fi')) return [0.05, 0.2];
  if (tariffId.endsWith('-dk') || /-dk\d$/.test(tariffId)) return [1, 3.5];
  return [0.6, 1.4];
}

/** Energy price per kWh of a tariff for a calendar month: the same for every customer on the tariff. */
function energyUnitPrice(tariffId: string, year: number, month: number): number {
  const base = TARIFF_BASE_PRICE[tariffId] ?? 1;
  if (tariffId.startsWith('fix-')) return base;
  const season = PRICE_SEASON[month - 1] ?? 1;
  const noise = 0.94 + 0.12 * hashUnit(`${tariffId}#${year}-${month}`);
  const [low, high] = priceBounds(tariffId);
  const price = Math.min(high, Math.max(low, base * season * noise));
  return Math.round(price * 10_000) / 10_000;
}

// ---------------------------------------------------------------------------------------------------
// Dates (UTC arithmetic only: the generator never reads the wall clock)

interface YearMonth {
  year: number;
  month: number; // 1..12
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const isoInstant = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;
const ymKey = (ym: YearMonth) => `${ym.year}-${pad(ym.month)}`;

function addMonths(ym: YearMonth, months: number): YearMonth {
  const index = ym.year * 12 + (ym.month - 1) + months;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

function addMonthsToInstant(instant: Date, months: number): Date {
  const d = new Date(instant.getTime());
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

const lastDayOfMonth = (ym: YearMonth) => new Date(Date.UTC(ym.year, ym.month, 0)).getUTCDate();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// ---------------------------------------------------------------------------------------------------
// Money, in whole øre/öre so rounding happens once per line

const toCents = (amount: number) => Math.round(amount * 100);
const fromCents = (cents: number) => cents / 100;

// ---------------------------------------------------------------------------------------------------
// Shapes (mirroring docs/contracts.md). Type aliases, not interfaces, so they fit the scenario's JSON objects.

type Product = {
  productId: string;
  kind: 'electricity' | 'broadband' | 'mobile' | 'insurance';
  tariffId: string;
  contract: 'open-ended' | 'fixed-term';
  bindingEndsOn: string | null;
};

/** A generated customer: a `Customer Upserted` detail. */
export type Customer = {
  customerId: string;
  name: string;
  market: Market;
  segment: 'household' | 'business';
  locale: 'nb-NO' | 'sv-SE' | 'en-GB' | 'fi-FI' | 'sv-FI' | 'da-DK';
  timeZone: string;
  email?: string;
  phone?: string;
  preferredChannel: 'email' | 'sms';
  consents: { marketing: boolean; surveys: boolean };
  customerSince: string;
  paymentMethod: PaymentMethod;
  products: Product[];
};

type InvoiceLine = {
  kind: 'energy' | 'grid' | 'subscription' | 'fee' | 'tax' | 'other';
  description: string;
  quantity?: number;
  unitPrice?: number;
  amount: number;
};

type Invoice = {
  invoiceId: string;
  customerId: string;
  productId: string;
  currency: Currency;
  amount: number;
  issuedAt: string;
  dueDate: string;
  period: { from: string; to: string };
  consumption: { quantity: number; unit: 'kWh' };
  reading: 'actual' | 'estimated';
  lines: InvoiceLine[];
};

type ScenarioEvent = {
  at: string;
  source: string;
  detailType: string;
  detail: Record<string, unknown>;
};

/** What the generator knows about a customer beyond the public profile. */
interface Household {
  customer: Customer;
  index: number;
  annualKwh: number;
  electricity: Product;
  /** Issue months (`YYYY-MM`) with an unusual consumption spike, so explanations have something to say. */
  spikes: Set<string>;
  /** Issue months whose invoice carries a late-payment fee (a `new-charge` cause). */
  lateFees: Set<string>;
  /** Issue months whose energy price is twice the tariff's (a price spike). */
  priceSpikes?: Set<string>;
  /** From this issue month (`YYYY-MM`) on, the consumption is 1.7 × what it was (a lasting change). */
  levelFrom?: string;
}

// ---------------------------------------------------------------------------------------------------
// Customers

function phoneNumber(market: Market, rng: Random): string {
  if (market === 'FI') return `+35840${pad(rng.int(0, 9_999_999), 7)}`;
  if (market === 'DK') return `+45${rng.pick([2, 3, 4, 5, 6])}${pad(rng.int(0, 9_999_999), 7)}`;
  return market === 'NO'
    ? `+479${pad(rng.int(0, 9_999_999), 7)}`
    : `+467${rng.pick([0, 2, 3, 6, 9])}${pad(rng.int(0, 9_999_999), 7)}`;
}

function createHousehold(
  index: number,
  market: Market,
  start: Date,
  period: { until: Date },
  rng: Random,
): Household {
  const profile = MARKETS[market];
  const customerId = `c-${pad(index + 1, 6)}`;
  const isBusiness = rng.chance(0.08);
  const first = rng.pick(FIRST_NAMES[market]);
  const last = rng.pick(LAST_NAMES[market]);
  const name = isBusiness
    ? `${rng.pick(BUSINESS_TRADES[market])} ${last} ${profile.companySuffix}`
    : `${first} ${last}`;
  // In Finland about one customer in sixteen speaks Swedish (Finland-Swedish, sv-FI).
  const locale: Customer['locale'] = rng.chance(0.08)
    ? 'en-GB'
    : market === 'FI' && rng.chance(0.0625)
      ? 'sv-FI'
      : profile.locale;

  const hasPhone = rng.chance(0.82);
  const preferredChannel = hasPhone && rng.chance(0.18) ? 'sms' : 'email';
  const hasEmail = preferredChannel === 'email' || rng.chance(0.7);
  const email = hasEmail
    ? `${asciiLocalPart(first)}.${asciiLocalPart(last)}.${index + 1}@${profile.emailDomain}`
    : undefined;
  const phone = hasPhone ? phoneNumber(market, rng) : undefined;

  // At least 25 months before the start, so 12–24 months of history fit after it.
  const sinceLatest = addMonths({ year: start.getUTCFullYear(), month: start.getUTCMonth() + 1 }, -25);
  const sinceYear = rng.int(2008, sinceLatest.year);
  const sinceMonth = sinceYear === sinceLatest.year ? rng.int(1, sinceLatest.month) : rng.int(1, 12);
  const customerSince = `${sinceYear}-${pad(sinceMonth)}-${pad(rng.int(1, 28))}`;

  const fixed = rng.chance(0.2);
  let bindingEndsOn: string | null = null;
  if (fixed) {
    const ends = new Date(period.until.getTime() + rng.int(20, 600) * DAY);
    bindingEndsOn = isoDate(ends);
  }
  const electricity: Product = {
    productId: `p-${pad(index + 1, 6)}-el`,
    kind: 'electricity',
    tariffId: fixed ? rng.pick(profile.fixedTariffs) : rng.weighted(profile.variableTariffs),
    contract: fixed ? 'fixed-term' : 'open-ended',
    bindingEndsOn,
  };
  const products: Product[] = [electricity];
  if (rng.chance(0.3)) {
    products.push({
      productId: `p-${pad(index + 1, 6)}-bb`,
      kind: 'broadband',
      tariffId: rng.pick(['bb-fiber-250', 'bb-fiber-500', 'bb-fiber-1000']),
      contract: 'open-ended',
      bindingEndsOn: null,
    });
  }
  if (rng.chance(0.25)) {
    products.push({
      productId: `p-${pad(index + 1, 6)}-mob`,
      kind: 'mobile',
      tariffId: rng.pick(['mob-10gb', 'mob-30gb', 'mob-unlimited']),
      contract: 'open-ended',
      bindingEndsOn: null,
    });
  }

  const customer: Customer = {
    customerId,
    name,
    market,
    segment: isBusiness ? 'business' : 'household',
    locale,
    timeZone: profile.timeZone,
    ...(email ? { email } : {}),
    ...(phone ? { phone } : {}),
    preferredChannel,
    consents: { marketing: rng.chance(0.4), surveys: rng.chance(0.65) },
    customerSince,
    paymentMethod: rng.weighted(profile.paymentMethods),
    products,
  };

  const [houseMin, houseMax] = profile.houseKwh;
  const annualKwh = isBusiness
    ? rng.int(30_000, 120_000)
    : rng.chance(0.35)
      ? rng.int(Math.round(houseMin / 4), Math.round(houseMin / 2))
      : rng.int(houseMin, houseMax);

  return { customer, index, annualKwh, electricity, spikes: new Set(), lateFees: new Set() };
}

// ---------------------------------------------------------------------------------------------------
// Invoices

/** The monthly electricity invoice issued in `issue` for the previous calendar month. */
function electricityInvoice(household: Household, issue: YearMonth, issuedAt: Date, rng: Random): Invoice {
  const { customer, electricity } = household;
  const profile = MARKETS[customer.market];
  const period = addMonths(issue, -1);
  const season = CONSUMPTION_PROFILE[period.month - 1] ?? 1;
  // (The draw is made either way, so a story customer leaves the rest of the scenario as it was.)
  const drawn = household.spikes.has(ymKey(issue)) ? 1.5 + rng.next() * 0.4 : 1;
  const story = household.priceSpikes !== undefined || household.levelFrom !== undefined;
  const spike = story ? 1 : drawn;
  const level = household.levelFrom !== undefined && ymKey(issue) >= household.levelFrom ? 1.7 : 1;
  const quantity = Math.round((household.annualKwh / 12) * season * (0.9 + rng.next() * 0.2) * spike * level);
  // (A lasting change and a price spike are read, never estimated: the story is the consumption or the price.)
  const estimated = rng.chance(0.05) && level === 1 && !household.priceSpikes?.has(ymKey(issue));
  const reading = estimated ? 'estimated' : 'actual';
  const priceSpike = household.priceSpikes?.has(ymKey(issue)) ? 2 : 1;
  const unitPrice =
    Math.round(energyUnitPrice(electricity.tariffId, period.year, period.month) * priceSpike * 10_000) /
    10_000;

  const lines: Array<InvoiceLine & { cents: number }> = [];
  const line = (l: Omit<InvoiceLine, 'amount'>, cents: number) =>
    lines.push({ ...l, amount: fromCents(cents), cents });
  line(
    { kind: 'energy', description: profile.text.energy, quantity, unitPrice },
    toCents(quantity * unitPrice),
  );
  const perKwh = profile.perKwhCharge;
  line(
    {
      kind: perKwh.kind,
      description: perKwh.kind === 'grid' ? profile.text.grid : profile.text.tax,
      quantity,
      unitPrice: perKwh.unitPrice,
    },
    toCents(quantity * perKwh.unitPrice),
  );
  line({ kind: 'subscription', description: profile.text.subscription }, toCents(profile.subscription));
  if (customer.paymentMethod === 'paper-invoice' && profile.paperFee > 0) {
    line({ kind: 'fee', description: profile.text.paperFee }, toCents(profile.paperFee));
  }
  if (household.lateFees.has(ymKey(issue)) && !story) {
    line({ kind: 'fee', description: profile.text.lateFee }, toCents(profile.lateFee));
  }
  // The amount is the sum of the rounded lines, so the lines add up exactly.
  const amountCents = lines.reduce((sum, l) => sum + l.cents, 0);

  return {
    invoiceId: `inv-${ymKey(issue)}-${customer.customerId}`,
    customerId: customer.customerId,
    productId: electricity.productId,
    currency: profile.currency,
    amount: fromCents(amountCents),
    issuedAt: isoInstant(issuedAt),
    dueDate: `${issue.year}-${pad(issue.month)}-20`,
    period: {
      from: `${period.year}-${pad(period.month)}-01`,
      to: `${period.year}-${pad(period.month)}-${pad(lastDayOfMonth(period))}`,
    },
    consumption: { quantity, unit: 'kWh' },
    reading,
    lines: lines.map(({ cents: _cents, ...rest }) => rest),
  };
}

/** Billing runs start at 06:00 UTC on the 5th; single invoices spread over the following four hours. */
function issueInstant(issue: YearMonth, household: Household): Date {
  return new Date(Date.UTC(issue.year, issue.month - 1, 5, 6, 0, 0) + ((household.index * 7) % 240) * 60_000);
}

// ---------------------------------------------------------------------------------------------------
// The scenario

/** Generates a scenario and tells where its deliberately invalid events are. */
export function generateScenarioDetailed(options: GenerateScenarioOptions): GeneratedScenario {
  const rng = new Random(options.seed);
  const start = new Date(options.start);
  if (Number.isNaN(start.getTime()))
    throw new RangeError(`start is not an ISO 8601 instant: ${options.start}`);
  const months = options.months ?? 2;
  const until = addMonthsToInstant(start, months);
  const markets = options.markets ?? ['NO', 'SE'];
  const runMonths = new Set(options.invoiceRunMonths ?? []);
  const bucket = options.runsBucket ?? 'stille-runs';
  const historyRange = options.historyMonths ?? [12, 24];
  if (historyRange[0] < 0 || historyRange[1] > 25 || historyRange[0] > historyRange[1]) {
    throw new RangeError(
      `historyMonths must be [min, max] with 0 ≤ min ≤ max ≤ 25, got [${historyRange.join(', ')}]`,
    );
  }
  const startMonth: YearMonth = { year: start.getUTCFullYear(), month: start.getUTCMonth() + 1 };
  const inPeriod = (d: Date) => d.getTime() >= start.getTime() && d.getTime() < until.getTime();
  const randomInstant = (fromMs: number, toMs: number) => {
    // Office-ish hours, whole minutes: 06:00–19:59 UTC.
    const day = new Date(fromMs + Math.floor(rng.next() * Math.max(1, toMs - fromMs)));
    day.setUTCHours(rng.int(6, 19), rng.int(0, 59), 0, 0);
    return day;
  };

  const households: Household[] = [];
  for (let i = 0; i < options.customers; i++) {
    const market = markets[i % markets.length] ?? 'NO';
    households.push(createHousehold(i, market, start, { until }, rng));
  }

  // A few fixed-term contracts end inside the period, so renewals happen (at least two when possible).
  const fixedTerm = households.filter((h) => h.electricity.contract === 'fixed-term');
  const renewing = fixedTerm.filter((_, i) => i < 2 || rng.chance(0.02));
  for (const [i, h] of renewing.entries()) {
    const ends = new Date(start.getTime() + Math.min(months * 28 - 2, 20 + i * 17) * DAY);
    h.electricity.bindingEndsOn = isoDate(ends);
  }

  // Surprises in the simulated months: consumption spikes (~10 %) and late fees (~3 %).
  const simulatedIssues: YearMonth[] = [];
  for (let m = -1; m <= months; m++) {
    const ym = addMonths(startMonth, m);
    simulatedIssues.push(ym);
  }
  const spikeRate = options.surprises?.spikeRate ?? 0.1;
  const lateFeeRate = options.surprises?.lateFeeRate ?? 0.03;
  for (const h of households) {
    for (const ym of simulatedIssues) {
      if (rng.chance(spikeRate)) h.spikes.add(ymKey(ym));
      if (rng.chance(lateFeeRate)) h.lateFees.add(ymKey(ym));
    }
  }
  // Picked without the PRNG, so the rest of the scenario is the same with or without them.
  const nightHouseholds = new Set(
    households
      .filter((h) => h.customer.preferredChannel === 'sms' && h.customer.phone !== undefined)
      .slice(0, options.surprises?.nightInvoices ?? 0),
  );
  for (const h of nightHouseholds) for (const ym of simulatedIssues) h.spikes.add(ymKey(ym));
  const duplicateCount = Math.min(options.surprises?.duplicates ?? 0, households.length);
  const duplicated = new Set(
    Array.from({ length: duplicateCount }, (_, k) => households[(k * 37 + 11) % households.length]).filter(
      (h): h is Household => h !== undefined && !nightHouseholds.has(h),
    ),
  );
  // Price spikes and lasting changes: e-mail customers picked without the PRNG, with no other surprise.
  // From the end of the list: the invalid events, duplicates and support stories pick from its start.
  const storyCandidates = [...households]
    .reverse()
    .filter(
      (h) =>
        h.customer.preferredChannel === 'email' &&
        h.customer.email !== undefined &&
        !nightHouseholds.has(h) &&
        !duplicated.has(h),
    );
  const priceSpiking = storyCandidates.slice(0, options.surprises?.priceSpikes ?? 0);
  const lasting = storyCandidates.slice(
    priceSpiking.length,
    priceSpiking.length + (options.surprises?.lastingChanges ?? 0),
  );
  const secondIssue = simulatedIssues[2];
  const firstIssue = simulatedIssues[1];
  // (Their drawn spikes and late fees are left out of their invoices: the story is the price or the level.)
  for (const h of priceSpiking) if (secondIssue) h.priceSpikes = new Set([ymKey(secondIssue)]);
  for (const h of lasting) if (firstIssue) h.levelFrom = ymKey(firstIssue);
  /** The same invoice sent again: a new id, issued an hour later, for the same period. */
  const resent = (invoice: Invoice): Invoice => ({
    ...invoice,
    invoiceId: `${invoice.invoiceId}-2`,
    issuedAt: isoInstant(new Date(new Date(invoice.issuedAt).getTime() + HOUR)),
  });

  const history: Invoice[] = [];
  const events: ScenarioEvent[] = [];
  const files: Record<string, Invoice[]> = {};

  for (const h of households) {
    // History: 12–24 monthly invoices (by default) issued before the start.
    const historyMonths = rng.int(historyRange[0], historyRange[1]);
    const firstSimulated =
      simulatedIssues.find((ym) => issueInstant(ym, h).getTime() >= start.getTime()) ?? startMonth;
    for (let back = historyMonths; back >= 1; back--) {
      const issue = addMonths(firstSimulated, -back);
      history.push(electricityInvoice(h, issue, issueInstant(issue, h), rng));
    }
  }

  // Invoices issued during the period: single events, or billing runs.
  for (let m = 0; m <= months; m++) {
    const issue = addMonths(startMonth, m);
    const offset = (issue.year - startMonth.year) * 12 + (issue.month - startMonth.month);
    if (runMonths.has(offset)) {
      const runAt = new Date(Date.UTC(issue.year, issue.month - 1, 5, 6, 0, 0));
      if (!inPeriod(runAt)) continue;
      const location = `s3://${bucket}/runs/${ymKey(issue)}.jsonl`;
      const lines = households.map((h) => electricityInvoice(h, issue, runAt, rng));
      for (const [i, h] of households.entries()) {
        const line = lines[i];
        if (duplicated.has(h) && line !== undefined) lines.push(resent(line));
      }
      files[location] = lines;
      events.push({
        at: isoInstant(runAt),
        source: 'billing',
        detailType: DETAIL_TYPE.invoiceRunSubmitted,
        detail: { runId: `run-${ymKey(issue)}`, location, count: lines.length },
      });
      continue;
    }
    for (const h of households) {
      const at = nightHouseholds.has(h)
        ? new Date(Date.UTC(issue.year, issue.month - 1, 5, 22, 30, 0))
        : issueInstant(issue, h);
      if (!inPeriod(at)) continue;
      const invoice = electricityInvoice(h, issue, at, rng);
      events.push({
        at: isoInstant(at),
        source: 'billing',
        detailType: DETAIL_TYPE.invoiceIssued,
        detail: { ...invoice },
      });
      if (duplicated.has(h) && runMonths.size === 0) {
        const again = resent(invoice);
        events.push({
          at: again.issuedAt,
          source: 'billing',
          detailType: DETAIL_TYPE.invoiceIssued,
          detail: { ...again },
        });
      }
    }
  }

  const periodMs = until.getTime() - start.getTime();
  const latestStartMs = start.getTime() + Math.max(DAY, periodMs - 6 * DAY);

  // Contact preference changes: about 2 % of customers.
  const preferenceChanges = Math.max(1, Math.round(options.customers * 0.02));
  for (let i = 0; i < preferenceChanges && households.length > 0; i++) {
    const h = rng.pick(households);
    const at = randomInstant(start.getTime(), until.getTime() - HOUR);
    const channel = h.customer.phone && rng.chance(0.3) ? 'sms' : 'email';
    const source =
      channel === 'sms'
        ? 'sms-stop'
        : rng.weighted([
            ['unsubscribe-link', 3],
            ['customer-service', 1],
          ] as const);
    const purpose = rng.weighted([
      ['marketing', 5],
      ['surveys', 3],
      ['all', 2],
    ] as const);
    events.push({
      at: isoInstant(at),
      source: 'crm',
      detailType: DETAIL_TYPE.contactPreferencesChanged,
      detail: {
        customerId: h.customer.customerId,
        channel,
        purpose,
        optedOut: true,
        source,
        at: isoInstant(at),
      },
    });
  }

  // Support tickets: about 3 % of customers; roughly a third get their first answer after the deadline.
  const responseHours = { low: 72, normal: 48, high: 24, urgent: 4 } as const;
  const tickets = Math.max(1, Math.round(options.customers * 0.03));
  for (let i = 0; i < tickets && households.length > 0; i++) {
    const h = rng.pick(households);
    const ticketId = `t-${ymKey(startMonth)}-${pad(i + 1, 4)}`;
    const priority = rng.weighted([
      ['low', 20],
      ['normal', 55],
      ['high', 20],
      ['urgent', 5],
    ] as const);
    const category = rng.pick([
      'invoice-question',
      'outage',
      'moving',
      'meter-reading',
      'payment-plan',
      'broadband-down',
    ]);
    const openedAt = randomInstant(start.getTime(), latestStartMs);
    const dueAt = new Date(openedAt.getTime() + responseHours[priority] * HOUR);
    const customerId = h.customer.customerId;
    events.push({
      at: isoInstant(openedAt),
      source: 'support',
      detailType: DETAIL_TYPE.supportTicketOpened,
      detail: {
        ticketId,
        customerId,
        category,
        priority,
        openedAt: isoInstant(openedAt),
        responseDueAt: isoInstant(dueAt),
      },
    });
    const late = rng.chance(0.35);
    const answeredAt = new Date(
      late
        ? dueAt.getTime() + rng.int(2, 40) * HOUR
        : openedAt.getTime() + Math.max(1, Math.floor(responseHours[priority] * rng.next() * 0.8)) * HOUR,
    );
    if (inPeriod(answeredAt)) {
      const status = rng.chance(0.25) ? 'waiting-on-customer' : 'answered';
      events.push({
        at: isoInstant(answeredAt),
        source: 'support',
        detailType: DETAIL_TYPE.supportTicketUpdated,
        detail: { ticketId, customerId, status, at: isoInstant(answeredAt) },
      });
      const resolvedAt = new Date(answeredAt.getTime() + rng.int(1, 72) * HOUR);
      if (inPeriod(resolvedAt)) {
        events.push({
          at: isoInstant(resolvedAt),
          source: 'support',
          detailType: DETAIL_TYPE.supportTicketResolved,
          detail: { ticketId, customerId, resolvedAt: isoInstant(resolvedAt) },
        });
      }
    }
  }

  // Renewals of the fixed-term contracts that end in the period, a few days before they end.
  for (const h of renewing) {
    const endsOn = h.electricity.bindingEndsOn;
    if (!endsOn) continue;
    const renewedAt = new Date(
      new Date(`${endsOn}T00:00:00Z`).getTime() - rng.int(2, 10) * DAY + rng.int(7, 18) * HOUR,
    );
    if (!inPeriod(renewedAt)) continue;
    const months12 = addMonthsToInstant(new Date(`${endsOn}T00:00:00Z`), 12);
    events.push({
      at: isoInstant(renewedAt),
      source: 'crm',
      detailType: DETAIL_TYPE.contractRenewed,
      detail: {
        customerId: h.customer.customerId,
        productId: h.electricity.productId,
        renewedAt: isoInstant(renewedAt),
        bindingEndsOn: isoDate(months12),
      },
    });
  }

  if (options.priceChanges) {
    events.push(...priceChangeEvents(start, until, markets));
  }

  // Stable sort by time: the scenario reads in the order things happen.
  const ordered = events
    .map((event, i) => ({ event, i }))
    .sort((a, b) => a.event.at.localeCompare(b.event.at) || a.i - b.i)
    .map(({ event }) => event);

  const invalid = insertInvalidEvents(ordered, options.includeInvalid ?? 0, households, start, until, rng);

  const scenario: Scenario = {
    name:
      options.name ??
      `Generated: ${options.customers} customers, ${months} month${months === 1 ? '' : 's'} (seed ${options.seed})`,
    start: isoInstant(start),
    until: isoInstant(until),
    customers: households.map((h) => h.customer),
    history: { invoices: history },
    events: ordered,
    ...(Object.keys(files).length > 0 ? { files } : {}),
    ...(options.faults ? { faults: options.faults } : {}),
  };
  return { scenario, invalid };
}

/** Generates a deterministic Nordic scenario: same options, same scenario. */
export function generateScenario(options: GenerateScenarioOptions): Scenario {
  return generateScenarioDetailed(options).scenario;
}

/** A phone number as people write it at home, without the country code. */
const NATIONAL_NUMBER: Record<Market, string> = {
  NO: '912 34 567',
  SE: '070-123 45 67',
  FI: '040 123 4567',
  DK: '20 12 34 56',
};

function priceChangeEvents(start: Date, until: Date, markets: Market[]): ScenarioEvent[] {
  const events: ScenarioEvent[] = [];
  const nextMonthAfter = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
  if (markets.includes('NO')) {
    // In good time: announced on day 9, effective on the first of a month at least 30 days later.
    const announcedAt = new Date(start.getTime() + 9 * DAY + 9 * HOUR);
    const effective = nextMonthAfter(new Date(announcedAt.getTime() + 30 * DAY));
    events.push({
      at: isoInstant(announcedAt),
      source: 'pricing',
      detailType: DETAIL_TYPE.priceChangeAnnounced,
      detail: {
        priceChangeId: `pc-${isoDate(effective).slice(0, 7)}-var-no1`,
        tariffId: 'var-no1',
        market: 'NO',
        currency: 'NOK',
        component: 'energy',
        oldPrice: TARIFF_BASE_PRICE['var-no1'] ?? 0.95,
        newPrice: 1.04,
        effectiveDate: isoDate(effective),
        announcedAt: isoInstant(announcedAt),
        reasons: [
          { code: 'grid-fee' },
          {
            code: 'wholesale-cost',
            text: {
              'nb-NO':
                'Vi kjøper inn strømmen dyrere denne vinteren, fordi magasinfyllingen i Sør-Norge er lav.',
              'sv-SE': 'Vi köper in elen dyrare i vinter, eftersom vattenmagasinen i södra Norge är låga.',
              'en-GB':
                'We pay more for power this winter, because the hydro reservoirs in southern Norway are low.',
            },
          },
        ],
        alternatives: [
          {
            tariffId: 'fix-12m-no',
            name: {
              'nb-NO': 'Fastpris 12 mnd',
              'sv-SE': 'Fast pris 12 mån',
              'en-GB': 'Fixed price 12 months',
            },
            component: 'energy',
            price: TARIFF_BASE_PRICE['fix-12m-no'] ?? 0.99,
            bindingMonths: 12,
            url: 'https://stille.example/bytt/fix-12m-no',
          },
        ],
      },
    });
  }
  if (markets.includes('SE')) {
    // Too late on purpose: 14 days of notice, so the run raises a late-notice alert.
    const effective = nextMonthAfter(new Date(start.getTime() + 20 * DAY));
    const announcedAt = new Date(effective.getTime() - 14 * DAY + 10 * HOUR);
    if (effective.getTime() < until.getTime()) {
      events.push({
        at: isoInstant(announcedAt),
        source: 'pricing',
        detailType: DETAIL_TYPE.priceChangeAnnounced,
        detail: {
          priceChangeId: `pc-${isoDate(effective).slice(0, 7)}-var-se4`,
          tariffId: 'var-se4',
          market: 'SE',
          currency: 'SEK',
          component: 'subscription',
          oldPrice: 39,
          newPrice: 45,
          effectiveDate: isoDate(effective),
          announcedAt: isoInstant(announcedAt),
          reasons: [{ code: 'grid-fee' }],
          alternatives: [
            {
              tariffId: 'bas-se4',
              name: { 'sv-SE': 'Bas utan app', 'nb-NO': 'Bas uten app', 'en-GB': 'Basic without the app' },
              component: 'subscription',
              price: 35,
              bindingMonths: 0,
            },
          ],
        },
      });
    }
  }
  if (markets.includes('FI')) {
    // In good time: announced on day 12, effective on the first of a month at least a month later.
    const announcedAt = new Date(start.getTime() + 12 * DAY + 8 * HOUR);
    const effective = nextMonthAfter(new Date(announcedAt.getTime() + 31 * DAY));
    events.push({
      at: isoInstant(announcedAt),
      source: 'pricing',
      detailType: DETAIL_TYPE.priceChangeAnnounced,
      detail: {
        priceChangeId: `pc-${isoDate(effective).slice(0, 7)}-var-fi`,
        tariffId: 'var-fi',
        market: 'FI',
        currency: 'EUR',
        component: 'energy',
        oldPrice: TARIFF_BASE_PRICE['var-fi'] ?? 0.105,
        newPrice: 0.1149,
        effectiveDate: isoDate(effective),
        announcedAt: isoInstant(announcedAt),
        reasons: [
          {
            code: 'wholesale-cost',
            text: {
              'fi-FI':
                'Sähkön hankintahinta on noussut, koska tuulivoimaa on tänä talvena tuotettu vähemmän kuin tavallisesti.',
              'sv-FI':
                'Inköpspriset på el har stigit, eftersom vindkraften har producerat mindre än vanligt i vinter.',
              'en-GB': 'We pay more for power, because wind farms have produced less than usual this winter.',
            },
          },
        ],
        alternatives: [
          {
            tariffId: 'fix-12m-fi',
            name: {
              'fi-FI': 'Kiinteä hinta 12 kk',
              'sv-FI': 'Fast pris 12 mån',
              'en-GB': 'Fixed price 12 months',
            },
            component: 'energy',
            price: TARIFF_BASE_PRICE['fix-12m-fi'] ?? 0.099,
            bindingMonths: 12,
            url: 'https://stille.example/fi/vaihda/fix-12m-fi',
          },
        ],
      },
    });
  }
  if (markets.includes('DK')) {
    // Six weeks' notice, as a month-minded pricing team would give: Denmark requires three months for a
    // change to the consumer's disadvantage (elleveringsbekendtgørelsen § 4), so every customer's date
    // moves and ops get the late-notice alert.
    const effective = nextMonthAfter(new Date(start.getTime() + 40 * DAY));
    const announcedAt = new Date(effective.getTime() - 42 * DAY + 9 * HOUR);
    events.push({
      at: isoInstant(announcedAt),
      source: 'pricing',
      detailType: DETAIL_TYPE.priceChangeAnnounced,
      detail: {
        priceChangeId: `pc-${isoDate(effective).slice(0, 7)}-var-dk2`,
        tariffId: 'var-dk2',
        market: 'DK',
        currency: 'DKK',
        component: 'energy',
        oldPrice: TARIFF_BASE_PRICE['var-dk2'] ?? 2.05,
        newPrice: 2.24,
        effectiveDate: isoDate(effective),
        announcedAt: isoInstant(announcedAt),
        reasons: [{ code: 'grid-fee' }, { code: 'tax' }],
        alternatives: [
          {
            tariffId: 'fix-12m-dk',
            name: { 'da-DK': 'Fast pris 12 mdr.', 'en-GB': 'Fixed price 12 months' },
            component: 'energy',
            price: TARIFF_BASE_PRICE['fix-12m-dk'] ?? 1.95,
            bindingMonths: 12,
            url: 'https://stille.example/dk/skift/fix-12m-dk',
          },
        ],
      },
    });
  }
  return events;
}

/**
 * Adds `count` invalid events, spread over the period, cycling through the kinds of mistakes real
 * systems make. Returns where they ended up.
 */
function insertInvalidEvents(
  events: ScenarioEvent[],
  count: number,
  households: Household[],
  start: Date,
  until: Date,
  rng: Random,
): InvalidEventNote[] {
  const notes: Array<Omit<InvalidEventNote, 'index'> & { event: ScenarioEvent }> = [];
  const span = until.getTime() - start.getTime();
  for (let k = 0; k < count && households.length > 0; k++) {
    const kind = INVALID_KINDS[k % INVALID_KINDS.length] ?? 'lines-do-not-add-up';
    const h = households[(k * 7 + 3) % households.length] ?? households[0];
    if (!h) break;
    const at = new Date(start.getTime() + Math.floor((span * (k + 1)) / (count + 1)));
    at.setUTCMinutes(17, 0, 0);
    const issue: YearMonth = { year: at.getUTCFullYear(), month: at.getUTCMonth() + 1 };
    const invoice = electricityInvoice(h, issue, at, rng);
    const correction = { ...invoice, invoiceId: `${invoice.invoiceId}-k${k + 1}` };
    switch (kind) {
      case 'lines-do-not-add-up':
        // The total was edited by hand after the lines were generated.
        notes.push({
          kind,
          detailType: DETAIL_TYPE.invoiceIssued,
          path: 'amount',
          event: {
            at: isoInstant(at),
            source: 'billing',
            detailType: DETAIL_TYPE.invoiceIssued,
            detail: { ...correction, amount: fromCents(toCents(invoice.amount) + 10_000) },
          },
        });
        break;
      case 'bad-date':
        // A local date format where ISO 8601 is expected.
        notes.push({
          kind,
          detailType: DETAIL_TYPE.invoiceIssued,
          path: 'dueDate',
          event: {
            at: isoInstant(at),
            source: 'billing',
            detailType: DETAIL_TYPE.invoiceIssued,
            detail: { ...correction, dueDate: `${pad(20)}.${pad(issue.month)}.${issue.year}` },
          },
        });
        break;
      case 'bad-phone':
        // A national number without the country code.
        notes.push({
          kind,
          detailType: DETAIL_TYPE.customerUpserted,
          path: 'phone',
          event: {
            at: isoInstant(at),
            source: 'crm',
            detailType: DETAIL_TYPE.customerUpserted,
            detail: { ...h.customer, phone: NATIONAL_NUMBER[h.customer.market] },
          },
        });
        break;
      case 'unknown-detail-type':
        notes.push({
          kind,
          detailType: 'Invoice Corrected',
          event: {
            at: isoInstant(at),
            source: 'billing',
            detailType: 'Invoice Corrected',
            detail: { ...correction },
          },
        });
        break;
    }
  }
  // Insert each at its place in time (after events of the same instant), then read off the indices.
  for (const note of notes) {
    let position = events.findIndex((e) => e.at > note.event.at);
    if (position < 0) position = events.length;
    events.splice(position, 0, note.event);
  }
  return notes.map(({ event, ...note }) => ({ ...note, index: events.indexOf(event) }));
}

/**
 * Formats a scenario for a file people read and diff: the top level and its objects laid out, each
 * customer, invoice and event on one line. Parses back to the same value as `JSON.stringify`.
 */
export function formatScenarioJson(scenario: Scenario): string {
  const layout = (value: unknown, indent: string, depth: number): string => {
    const inner = `${indent}  `;
    if (Array.isArray(value)) {
      if (value.length === 0) return '[]';
      return `[\n${value.map((item) => inner + JSON.stringify(item)).join(',\n')}\n${indent}]`;
    }
    if (depth < 2 && typeof value === 'object' && value !== null) {
      const entries = Object.entries(value).filter(([, v]) => v !== undefined);
      if (entries.length === 0) return '{}';
      const body = entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${layout(v, inner, depth + 1)}`);
      return `{\n${body.join(',\n')}\n${indent}}`;
    }
    return JSON.stringify(value);
  };
  return `${layout(scenario, '', 0)}\n`;
}
