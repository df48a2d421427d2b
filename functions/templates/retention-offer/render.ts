/** Renders a retention offer from its facts in one locale's words: what to say, in which order. */
import { RETENTION_SIGNALS } from '#domain/contracts/index.ts';
import { type Block, b, para, type TableRow } from '../content.ts';
import { nameFor } from '../facts.ts';
import type { Formatter } from '../format.ts';
import { pickLocalized, type TemplateLocale } from '../locale.ts';
import { openingHoursText } from '../sender-footer.ts';
import { optional, quotableInSms, type SmsPart, smsOptOut } from '../sms.ts';
import type { LocaleTemplate, TemplateContext } from '../template.ts';
import type { RetentionBenefit, RetentionOfferFacts, RetentionSignalFact } from './facts.ts';
import type { KnownReason, OfferWords, Worth } from './words.ts';

type Ctx = TemplateContext<RetentionOfferFacts>;
type Offer = NonNullable<RetentionOfferFacts['offer']>;

function isKnownReason(code: string): code is KnownReason {
  return (RETENTION_SIGNALS as readonly string[]).includes(code);
}

// Built once per locale and currency: a run renders many messages with a handful of them.
const wholeFormats = new Map<string, Intl.NumberFormat>();
const yearFormats = new Map<string, Intl.NumberFormat>();

function cachedFormat(cache: Map<string, Intl.NumberFormat>, key: string, create: () => Intl.NumberFormat) {
  const known = cache.get(key);
  if (known !== undefined) return known;
  const created = create();
  if (cache.size >= 100) cache.clear();
  cache.set(key, created);
  return created;
}

/** An amount rounded to whole units, for "about …": `1 040 kr`. */
function aboutMoney(fmt: Formatter, amount: number): string {
  return cachedFormat(wholeFormats, `${fmt.locale}|${fmt.currency}`, () => {
    return new Intl.NumberFormat(fmt.locale, {
      style: 'currency',
      currency: fmt.currency,
      minimumFractionDigits: 0,
      maximumFractionDigits: 0,
    });
  }).format(Math.round(amount));
}

/** An exact amount, without decimals when it has none: `500 kr`, `499,50 kr`. */
function exactMoney(fmt: Formatter, amount: number): string {
  return Number.isInteger(amount) ? aboutMoney(fmt, amount) : fmt.money(amount);
}

/** Whole years in words: `6 år`, `6 years`, `6 vuotta`. */
function years(fmt: Formatter, count: number): string {
  return cachedFormat(
    yearFormats,
    fmt.locale,
    () => new Intl.NumberFormat(fmt.locale, { style: 'unit', unit: 'year', unitDisplay: 'long' }),
  ).format(count);
}

/** The sentence of one signal in the customer's facts; undefined when its facts are too few. */
function signalSentence(signal: RetentionSignalFact, words: OfferWords, fmt: Formatter): string | undefined {
  const said = words.signal;
  switch (signal.code) {
    case 'binding-ending':
      return signal.bindingEndsOn === undefined
        ? undefined
        : said.bindingEnding(fmt.date(signal.bindingEndsOn));
    case 'price-increase': {
      const date = signal.effectiveDate === undefined ? null : fmt.date(signal.effectiveDate);
      if (
        signal.oldPrice !== undefined &&
        signal.newPrice !== undefined &&
        signal.newPrice > signal.oldPrice
      ) {
        return said.priceIncrease({
          component: signal.component,
          oldPrice: fmt.price(signal.oldPrice),
          newPrice: fmt.price(signal.newPrice),
          date,
        });
      }
      if (
        signal.annualCostBefore !== undefined &&
        signal.annualCostAfter !== undefined &&
        signal.annualCostAfter > signal.annualCostBefore
      ) {
        return said.annualCostIncrease({
          before: fmt.money(signal.annualCostBefore),
          after: fmt.money(signal.annualCostAfter),
          date,
        });
      }
      return undefined;
    }
    case 'high-invoice': {
      const amount = signal.amount === undefined ? null : fmt.money(signal.amount);
      const expected =
        signal.amount !== undefined &&
        signal.expectedAmount !== undefined &&
        signal.expectedAmount < signal.amount
          ? fmt.money(signal.expectedAmount)
          : null;
      return said.highInvoice({ month: fmt.monthOf(signal.arisenOn), amount, expected });
    }
    case 'support-delay':
      return said.supportDelay(fmt.monthOf(signal.arisenOn));
    case 'detractor':
      return said.detractor(fmt.monthOf(signal.arisenOn));
    case 'long-tenure':
      if (signal.tenureMonths !== undefined && signal.tenureMonths >= 12) {
        return said.tenureYears(years(fmt, Math.floor(signal.tenureMonths / 12)));
      }
      return signal.customerSince === undefined
        ? undefined
        : said.tenureSince(fmt.monthOf(signal.customerSince));
  }
}

/**
 * Why we write, one sentence a reason: each signal in the customer's own facts (or a reason's own
 * words), then the reasons without a signal in general words. A code without words stays internal.
 */
function reasonSentences(ctx: Ctx, words: OfferWords): string[] {
  const sentences: string[] = [];
  const add = (sentence: string | undefined): void => {
    if (sentence !== undefined && !sentences.includes(sentence)) sentences.push(sentence);
  };
  const own = new Map<string, string>();
  for (const reason of ctx.facts.reasons) {
    if (typeof reason === 'string') continue;
    const text = pickLocalized(reason.text, ctx.locale, true);
    if (text !== undefined && !own.has(reason.code)) own.set(reason.code, text);
  }
  const named = new Set<string>();
  for (const signal of ctx.facts.signals ?? []) {
    if (named.has(signal.code)) continue;
    named.add(signal.code);
    add(own.get(signal.code) ?? signalSentence(signal, words, ctx.fmt) ?? words.reasons[signal.code]);
  }
  for (const reason of ctx.facts.reasons) {
    const code = typeof reason === 'string' ? reason : reason.code;
    if (named.has(code)) continue;
    named.add(code);
    add(own.get(code) ?? (isKnownReason(code) ? words.reasons[code] : undefined));
  }
  return sentences;
}

function offerName(offer: Offer, locale: TemplateLocale): string {
  // The schema requires a name; a text per locale with none for this locale falls back to any.
  return nameFor(offer.name, locale) ?? offer.tariffId ?? '';
}

/** What the offer gives, as the rest of "You get …". */
function benefitText(ctx: Ctx, words: OfferWords, benefit: RetentionBenefit): string {
  const { fmt, facts } = ctx;
  switch (benefit.type) {
    case 'tariff': {
      const value = facts.value;
      const current =
        value?.currentPrice !== undefined &&
        (value.component === undefined || value.component === benefit.component)
          ? fmt.price(value.currentPrice)
          : null;
      return words.benefit.tariff({
        component: benefit.component,
        price: fmt.price(benefit.price),
        months:
          benefit.bindingMonths === 0
            ? null
            : { n: benefit.bindingMonths, text: fmt.months(benefit.bindingMonths) },
        current,
      });
    }
    case 'discount':
      return words.benefit.discount({
        percent: fmt.percent(benefit.percent),
        kind: facts.productKind,
        months: { n: benefit.months, text: fmt.months(benefit.months) },
      });
    case 'bonus':
      return words.benefit.bonus(exactMoney(fmt, benefit.amount));
  }
}

/**
 * What the offer is worth to the customer a year, when it is worth at least a whole unit of the
 * currency: "about 0 kr less a year" is no saving, and a value ≤ 0 is never called one.
 */
function positiveAnnualValue(facts: RetentionOfferFacts): number | undefined {
  return worthSaying(facts.annualValue);
}

function worthSaying(amount: number | undefined): number | undefined {
  return amount !== undefined && Math.round(amount) >= 1 ? amount : undefined;
}

/** The sentence of what the benefit is worth a year, in the customer's numbers; null for none. */
function worthBlock(ctx: Ctx, words: OfferWords, benefit: RetentionBenefit): Block | null {
  const { facts, fmt } = ctx;
  const annual = positiveAnnualValue(facts);
  // A bonus is its amount, which the benefit already names.
  if (annual === undefined || benefit.type === 'bonus') return null;
  const value = b(aboutMoney(fmt, annual));
  const consumption = facts.value?.annualConsumption;
  if (
    benefit.type === 'tariff' &&
    benefit.component === 'energy' &&
    consumption !== undefined &&
    consumption > 0
  ) {
    return words.worth.consumption(fmt.number(consumption), value);
  }
  const invoiced = facts.value?.invoicedLast12Months;
  if (benefit.type === 'discount' && invoiced !== undefined && invoiced > 0) {
    return words.worth.invoiced(fmt.money(invoiced), value);
  }
  return words.worth.plain(value);
}

/** What the offer is worth, as the subject and the SMS say it; null when it is worth nothing to say. */
function worthOf(ctx: Ctx, benefit: RetentionBenefit | undefined): Worth | null {
  if (benefit?.type === 'bonus') return { per: 'once', amount: exactMoney(ctx.fmt, benefit.amount) };
  const annual = positiveAnnualValue(ctx.facts);
  return annual === undefined ? null : { per: 'year', amount: aboutMoney(ctx.fmt, annual) };
}

/** The older facts, as a table. */
function offerRows(ctx: Ctx, words: OfferWords, offer: Offer): TableRow[] {
  const { fmt } = ctx;
  const rows: TableRow[] = [{ label: words.table.offer, value: offerName(offer, ctx.locale) }];
  if (offer.price !== undefined) {
    const per = offer.component === undefined ? '' : ` ${words.per[offer.component]}`;
    rows.push({ label: words.table.price, value: `${fmt.price(offer.price)}${per}` });
  }
  if (offer.discountPercent !== undefined) {
    rows.push({ label: words.table.discount, value: fmt.percent(offer.discountPercent) });
  }
  if (offer.annualCost !== undefined) {
    rows.push({ label: words.table.annualCost, value: fmt.money(offer.annualCost) });
  }
  if (offer.annualSaving !== undefined && offer.annualSaving > 0) {
    rows.push({ label: words.table.annualSaving, value: fmt.money(offer.annualSaving), emphasis: true });
  }
  if (offer.bindingMonths !== undefined) {
    rows.push({
      label: words.table.binding,
      value: offer.bindingMonths === 0 ? words.table.noBinding : fmt.months(offer.bindingMonths),
    });
  }
  return rows;
}

/** How to take the offer: the button to the confirmation page, or without a link, by phone. */
function acceptBlocks(ctx: Ctx, words: OfferWords): Block[] {
  if (ctx.links.offer === undefined) {
    return [para(words.acceptByPhone(ctx.sender.phone, openingHoursText(ctx.sender, ctx.locale)))];
  }
  return [para(words.howToAccept), { type: 'button', text: words.accept, href: ctx.links.offer }];
}

function body(ctx: Ctx, words: OfferWords): Block[] {
  const { facts, fmt, sender } = ctx;
  const sentences = reasonSentences(ctx, words);
  const reasons = sentences.length === 0 ? null : sentences.join(' ');
  const offer = facts.offer;
  if (offer === undefined) {
    const contact = words.contact(sender.phone, openingHoursText(sender, ctx.locale), sender.web);
    return [para([reasons, words.noOffer, contact].filter((text) => text !== null).join(' '))];
  }
  const name = offerName(offer, ctx.locale);
  const blocks: Block[] = [words.offerLead(b(name), reasons)];
  const benefit = offer.benefit;
  if (benefit === undefined) {
    blocks.push({ type: 'table', caption: words.table.caption, rows: offerRows(ctx, words, offer) });
    if (offer.annualSaving !== undefined && offer.annualSaving > 0) {
      blocks.push(words.saving(name, b(fmt.money(offer.annualSaving))));
    } else {
      const annual = positiveAnnualValue(facts);
      if (annual !== undefined) blocks.push(words.worth.plain(b(aboutMoney(fmt, annual))));
    }
  } else {
    blocks.push(words.youGet(b(benefitText(ctx, words, benefit))));
    const worth = worthBlock(ctx, words, benefit);
    if (worth !== null) blocks.push(worth);
  }
  if (offer.validUntil !== undefined) blocks.push(para(words.validUntil(fmt.date(offer.validUntil))));
  blocks.push(...acceptBlocks(ctx, words), para(words.noChange));
  return blocks;
}

function sms(ctx: Ctx, words: OfferWords): SmsPart[] {
  const { facts, fmt } = ctx;
  const offer = facts.offer;
  if (offer === undefined)
    return [words.sms.greeting(ctx.smsName), words.sms.noOffer, smsOptOut(ctx, words.sms)];
  const worth = worthOf(ctx, offer.benefit);
  const saving =
    offer.benefit === undefined && offer.annualSaving !== undefined && offer.annualSaving > 0
      ? words.sms.saving(fmt.money(offer.annualSaving))
      : null;
  return [
    words.sms.greeting(ctx.smsName),
    words.sms.offer(quotableInSms(offerName(offer, ctx.locale))),
    saving ?? (worth !== null && words.sms.worth(worth)),
    optional(offer.validUntil !== undefined && words.sms.validUntil(fmt.date(offer.validUntil))),
    ctx.links.offer === undefined ? words.sms.call : words.sms.accept(ctx.links.offer),
    smsOptOut(ctx, words.sms),
  ];
}

/** The template of one locale: its words, rendered from the facts. */
export function localeTemplate(words: OfferWords): LocaleTemplate<RetentionOfferFacts> {
  return {
    subject: (ctx) => {
      const offer = ctx.facts.offer;
      if (offer === undefined) return words.subject(undefined, null);
      // The older facts' exact saving, or the value of the benefit.
      const saving = offer.benefit === undefined ? worthSaying(offer.annualSaving) : undefined;
      const worth =
        saving === undefined
          ? worthOf(ctx, offer.benefit)
          : ({ per: 'year', amount: aboutMoney(ctx.fmt, saving) } as const);
      return words.subject(offerName(offer, ctx.locale), worth);
    },
    body: (ctx) => body(ctx, words),
    sms: (ctx) => sms(ctx, words),
  };
}
