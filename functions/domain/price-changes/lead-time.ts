/**
 * How long before a price change a customer must be told, by market, segment and product kind, and the
 * date the change may take effect for one customer. Pure: dates are `YYYY-MM-DD` calendar dates.
 *
 * The table is the legal minimum as stille reads it (docs/price-changes.md lists every value with its
 * source). A provider may always give more notice; it may never give less, so when a notice goes out too
 * late the customer's own effective date moves, and ops hear of it.
 */
import { type CustomerUpserted, MARKETS, type Market, PRODUCT_KINDS, SEGMENTS } from '../contracts/index.ts';
import { addDays, addMonths, dayNumber } from './calendar.ts';
import type { LeadTimeSetting } from './settings.ts';

/** A customer segment (`household` is a consumer). */
export type Segment = CustomerUpserted['segment'];
/** A product kind. */
export type ProductKind = CustomerUpserted['products'][number]['kind'];

/** A lead time: whole calendar months (same day of the month, or the month's last day) or days. */
export interface LeadTime {
  amount: number;
  unit: 'days' | 'months';
}

/** A lead time with where it comes from. */
export interface NoticeRule extends LeadTime {
  /** The law or rule the value is taken from, short enough to print in an alert or a test name. */
  source: string;
}

/** Household electricity: each market's own rule. */
const HOUSEHOLD_ELECTRICITY: Readonly<Record<Market, NoticeRule>> = {
  NO: {
    amount: 30,
    unit: 'days',
    source: 'NO prisopplysningsforskriften (electricity contracts, from 1 Nov 2022): 30 days',
  },
  SE: { amount: 2, unit: 'months', source: 'SE ellagen (1997:857) 11 kap.: consumers 2 months' },
  FI: {
    amount: 1,
    unit: 'months',
    source:
      "FI sähkömarkkinalaki (588/2013) 93 § as the Consumer Ombudsman's guideline on electricity price changes applies it: notice at least 1 month before",
  },
  DK: {
    amount: 3,
    unit: 'months',
    source:
      'DK elleveringsbekendtgørelsen § 4 as Ankenævnet på Energiområdet applies it (e.g. 22/07327): a change to the consumer’s disadvantage at least 3 months ahead',
  },
};

/**
 * Business electricity: the Directive's two weeks, unless the market's own rule is longer or may cover
 * business customers too. Where it is unclear whether it does, the longer period applies:
 *
 * - FI: sähkömarkkinalaki 93 § speaks of every sähkönkäyttäjä (electricity user), not only consumers, so
 *   its month applies to businesses as well.
 * - DK: elleveringsbekendtgørelsen speaks of the "elkunde"/"elforbruger", and the Ankenævnet only hears
 *   consumers; whether § 4's three months bind for business customers is not settled, so stille gives
 *   them three months too.
 */
const BUSINESS_ELECTRICITY: Readonly<Record<Market, NoticeRule>> = {
  NO: {
    amount: 14,
    unit: 'days',
    source: 'Directive (EU) 2019/944 art. 10(4): non-household customers 2 weeks',
  },
  SE: {
    amount: 14,
    unit: 'days',
    source: 'Directive (EU) 2019/944 art. 10(4), ellagen 11 kap.: non-consumers 2 weeks',
  },
  FI: {
    amount: 1,
    unit: 'months',
    source:
      'FI sähkömarkkinalaki (588/2013) 93 § (every electricity user, longer than Directive 2019/944 art. 10(4)): 1 month',
  },
  DK: {
    amount: 3,
    unit: 'months',
    source:
      'DK elleveringsbekendtgørelsen § 4: 3 months (unclear whether it binds for businesses; the longer period is chosen over the Directive’s 2 weeks)',
  },
};

/** Broadband and mobile: the European Electronic Communications Code, for every end-user. */
const ELECTRONIC_COMMUNICATIONS: NoticeRule = {
  amount: 1,
  unit: 'months',
  source: 'Directive (EU) 2018/1972 (EECC) art. 105(4): 1 month',
};

/** Insurance: no single rule across the markets; a month is stille's conservative default. */
const INSURANCE: NoticeRule = {
  amount: 1,
  unit: 'months',
  source: 'stille default for insurance premiums: 1 month (check the national insurance contracts act)',
};

/** The lead time a price change needs for a market, segment and product kind. */
export function noticeRuleFor(market: Market, segment: Segment, kind: ProductKind): NoticeRule {
  switch (kind) {
    case 'electricity':
      return segment === 'household' ? HOUSEHOLD_ELECTRICITY[market] : BUSINESS_ELECTRICITY[market];
    case 'broadband':
    case 'mobile':
      return ELECTRONIC_COMMUNICATIONS;
    case 'insurance':
      return INSURANCE;
  }
}

/**
 * The rules that apply to a customer: the legal one, and every lead time of the provider's own
 * (MARKETS_CONFIG `priceNotice.leadTimes`) that matches the segment and kind.
 */
export function noticeRulesFor(
  market: Market,
  segment: Segment,
  kind: ProductKind,
  own: readonly LeadTimeSetting[] = [],
): NoticeRule[] {
  const rules = [noticeRuleFor(market, segment, kind)];
  own.forEach((setting, index) => {
    if (setting.segment !== undefined && setting.segment !== segment) return;
    if (setting.kind !== undefined && setting.kind !== kind) return;
    rules.push({
      amount: setting.amount,
      unit: setting.unit,
      source: `the provider's own terms (MARKETS_CONFIG markets.${market}.priceNotice.leadTimes[${index}])`,
    });
  });
  return rules;
}

/** Of several rules, the one that gives the latest earliest date from `noticeDate` (the first on a tie). */
export function governingRule(noticeDate: string, rules: readonly NoticeRule[]): NoticeRule {
  let governing: NoticeRule | undefined;
  let latest = '';
  for (const rule of rules) {
    const earliest = earliestEffectiveDate(noticeDate, rule);
    if (governing === undefined || earliest > latest) {
      governing = rule;
      latest = earliest;
    }
  }
  if (governing === undefined) throw new RangeError('governingRule() needs at least one rule');
  return governing;
}

/** Every rule of the table, for docs and tests: `[market, segment, kind, rule]`. */
export function noticeRules(): Array<[Market, Segment, ProductKind, NoticeRule]> {
  const rows: Array<[Market, Segment, ProductKind, NoticeRule]> = [];
  for (const market of MARKETS) {
    for (const segment of SEGMENTS) {
      for (const kind of PRODUCT_KINDS) {
        rows.push([market, segment, kind, noticeRuleFor(market, segment, kind)]);
      }
    }
  }
  return rows;
}

/**
 * The first date a change may take effect when the notice is given on `noticeDate`: the notice date
 * plus the lead time. Months are calendar months: 31 January + 1 month is the last day of February
 * (28 February, or 29 in a leap year), never 3 March.
 */
export function earliestEffectiveDate(noticeDate: string, lead: LeadTime): string {
  return lead.unit === 'days' ? addDays(noticeDate, lead.amount) : addMonths(noticeDate, lead.amount);
}

/** The effective date of a price change for one customer. */
export interface CustomerEffectiveDate {
  /** When the new price applies to this customer. */
  effectiveDate: string;
  /** The announced date was too early for this customer's lead time, and was moved. */
  moved: boolean;
  /** Whole days from the notice to the effective date. */
  noticeDays: number;
}

/**
 * The later of the announced effective date and the notice date plus the lead time: a late notice moves
 * the date; a timely one keeps the announced date.
 */
export function customerEffectiveDate(
  announcedEffectiveDate: string,
  noticeDate: string,
  lead: LeadTime,
): CustomerEffectiveDate {
  const earliest = earliestEffectiveDate(noticeDate, lead);
  const moved = earliest > announcedEffectiveDate;
  const effectiveDate = moved ? earliest : announcedEffectiveDate;
  return { effectiveDate, moved, noticeDays: dayNumber(effectiveDate) - dayNumber(noticeDate) };
}
