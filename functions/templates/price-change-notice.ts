/**
 * `price-change-notice`: a price changes. From when, from what to what, why, what it means for this
 * customer a month and a year (in their consumption), their right to cancel, and the alternatives that
 * would cost them less, all in the numbers of the facts.
 */
import * as z from 'zod/mini';
import {
  httpsUrl,
  localizedText,
  PRICE_CHANGE_REASON_CODES,
  PRICE_COMPONENTS,
} from '../domain/contracts/index.ts';
import { type Block, b, type Inline, li, p, para, type TableRow } from './content.ts';
import {
  displayName,
  id,
  isoDate,
  money,
  nameFor,
  nonNegativeMoney,
  quantity,
  withCurrency,
} from './facts.ts';
import { pickLocalized, type TemplateLocale } from './locale.ts';
import { optional, quotableInSms, type SmsPart } from './sms.ts';
import type { KindTemplate, LocaleTemplate, TemplateContext } from './template.ts';

type Component = (typeof PRICE_COMPONENTS)[number];
type ReasonCode = (typeof PRICE_CHANGE_REASON_CODES)[number];

/** Why the price changes: a code, and the provider's own words per locale (required for `other`). */
export const PriceChangeReasonFactSchema = z.object({
  code: z.enum(PRICE_CHANGE_REASON_CODES),
  text: z.optional(localizedText(500)),
});

/** An agreement the customer could pick instead, and what it would cost them a year. */
export const PriceAlternativeFactSchema = z.object({
  tariffId: id,
  name: z.optional(displayName),
  annualCost: nonNegativeMoney,
  /** What the customer saves a year with it, compared with the new price; ≤ 0 is not called a saving. */
  annualSaving: money,
  price: z.optional(nonNegativeMoney),
  component: z.optional(z.enum(PRICE_COMPONENTS)),
  bindingMonths: z.optional(z.number().check(z.int(), z.gte(0), z.lte(60))),
  /** Where the customer takes it. */
  url: z.optional(httpsUrl),
});

/** The facts of a price-change notice (CONTRACTS.md, facts by kind). */
export const PriceChangeNoticeFactsSchema = z.object({
  ...withCurrency,
  priceChangeId: id,
  /** `energy`: prices per kWh; `subscription`: prices per month. */
  component: z.enum(PRICE_COMPONENTS),
  oldPrice: nonNegativeMoney,
  newPrice: nonNegativeMoney,
  /** When the new price applies to this customer. */
  effectiveDate: isoDate,
  /** The date announced for everyone, when the customer's own date had to move (the notice came late). */
  announcedEffectiveDate: z.optional(isoDate),
  effectiveDateMoved: z.optional(z.boolean()),
  /** kWh a year (energy). */
  annualConsumption: z.optional(quantity),
  /**
   * Where `annualConsumption` comes from: a full year of the customer's invoices, fewer months scaled by
   * the season, or (no invoice yet) a typical customer. The message says which, so no estimate passes for
   * a measurement.
   */
  consumptionBasis: z.optional(z.enum(['twelve-months', 'short-history', 'typical'])),
  annualCostBefore: money,
  annualCostAfter: money,
  monthlyDifference: money,
  /** Days between this notice and `effectiveDate`. */
  noticeDays: z.number().check(z.int(), z.gte(0), z.lte(3650)),
  /** Whether the customer may cancel because of the change. */
  terminationRight: z.boolean(),
  alternatives: z.array(PriceAlternativeFactSchema).check(z.maxLength(10)),
  reasons: z.optional(z.array(PriceChangeReasonFactSchema).check(z.maxLength(10))),
});
/** The facts of a price-change notice. */
export type PriceChangeNoticeFacts = z.output<typeof PriceChangeNoticeFactsSchema>;

type Ctx = TemplateContext<PriceChangeNoticeFacts>;
type Direction = 'up' | 'down' | 'same';
type Alternative = PriceChangeNoticeFacts['alternatives'][number];

function directionOf(facts: PriceChangeNoticeFacts): Direction {
  if (facts.newPrice > facts.oldPrice) return 'up';
  if (facts.newPrice < facts.oldPrice) return 'down';
  return 'same';
}

/** The words of the price-change notice in one locale. */
interface PriceWords {
  subject(direction: Direction, date: string): string;
  /** `per kWh`, `per måned`. */
  per: Readonly<Record<Component, string>>;
  /** What changes, and (when given) why, as one paragraph. */
  intro(date: Inline, oldPrice: string, newPrice: Inline, reasons: string | null): Block;
  reasonPhrases: Readonly<Record<Exclude<ReasonCode, 'other'>, string>>;
  because(phrases: string): string;
  table: {
    caption: string;
    priceNow: string;
    priceFrom(date: string): string;
    annualConsumption: string;
    costNow: string;
    costAfter: string;
    perMonth: string;
  };
  meaning(
    direction: 'more' | 'less',
    monthly: Inline,
    after: string,
    before: string,
    consumption: string | undefined,
  ): Block;
  /** The notice came too late for the announced date, so the customer's own date is later. */
  moved(announced: string, effective: string): string;
  /** How the annual consumption was found, when it is not a full year of the customer's own invoices. */
  basis: { shortHistory: string; typical(consumption: string): string };
  notice(days: string): string;
  terminationRight: string;
  alternativesIntro: string;
  alternative(name: string, cost: string, saving: string | undefined, terms: string | undefined): Inline[];
  /** The text of the link to take one alternative. */
  choose: string;
  /** `0,95 kr per kWh, 12 måneders binding`. */
  terms(price: string | undefined, binding: string | undefined): string | undefined;
  binding(months: string): string;
  noBinding: string;
  seeAlternatives: string;
  switchByContact: string;
  questions: string;
  sms: {
    greeting(name: string | null): string;
    change(date: string, oldPrice: string, newPrice: string): string;
    monthly(direction: 'more' | 'less', amount: string): string;
    terminationRight: string;
    alternative(name: string | null, saving: string): string;
    seeAlternatives(url: string): string;
  };
}

const NB: PriceWords = {
  subject: (direction, date) =>
    direction === 'up'
      ? `Prisen din øker fra ${date}`
      : direction === 'down'
        ? `Prisen din går ned fra ${date}`
        : `Endring i prisen din fra ${date}`,
  per: { energy: 'per kWh', subscription: 'per måned' },
  intro: (date, oldPrice, newPrice, reasons) =>
    p`Fra ${date} endres prisen din fra ${oldPrice} til ${newPrice}.${reasons === null ? '' : ` ${reasons}`}`,
  reasonPhrases: {
    'grid-fee': 'endret nettleie',
    tax: 'endrede skatter og avgifter',
    'wholesale-cost': 'endrede innkjøpskostnader',
    inflation: 'generell prisstigning',
  },
  because: (phrases) => `Det skyldes ${phrases}.`,
  table: {
    caption: 'Hva endringen betyr for deg',
    priceNow: 'Pris i dag',
    priceFrom: (date) => `Ny pris fra ${date}`,
    annualConsumption: 'Årsforbruk',
    costNow: 'Kostnad per år i dag',
    costAfter: 'Kostnad per år med ny pris',
    perMonth: 'Forskjell per måned',
  },
  meaning: (direction, monthly, after, before, consumption) =>
    p`For deg betyr det omtrent ${monthly} ${direction === 'more' ? 'mer' : 'mindre'} i måneden, eller ${after} i året mot ${before} i dag${consumption === undefined ? '' : `, regnet med et årsforbruk på ${consumption}`}.`,
  moved: (announced, effective) =>
    `Endringen ble kunngjort fra ${announced}, men du skal ha varsel i god tid, så for deg gjelder den nye prisen først fra ${effective}.`,
  basis: {
    shortHistory:
      'Vi har ikke fakturert deg et helt år ennå, så årsforbruket er regnet ut fra månedene vi har, justert for årstiden.',
    typical: (consumption) =>
      `Vi har ikke målt forbruket ditt ennå, så tallene bygger på et typisk årsforbruk på ${consumption}.`,
  },
  notice: (days) => `Du får dette varselet ${days} før endringen gjelder.`,
  terminationRight:
    'Vil du ikke ha den nye prisen, har du rett til å si opp avtalen kostnadsfritt før den trer i kraft.',
  alternativesIntro: 'Vil du heller ha en annen avtale? Med samme forbruk ville disse kostet deg:',
  alternative: (name, cost, saving, terms) =>
    li`${b(name)}: ${cost} i året${saving === undefined ? '' : ` (du sparer ${saving} i året)`}${terms === undefined ? '' : `. ${terms}`}`,
  terms: (price, binding) => joinTerms(price, binding),
  binding: (months) => `bindingstid ${months}`,
  noBinding: 'ingen bindingstid',
  choose: 'Velg denne',
  seeAlternatives: 'Se alternativene',
  switchByContact: 'Ta kontakt med oss hvis du vil bytte.',
  questions: 'Har du spørsmål, er det bare å ta kontakt med oss.',
  sms: {
    greeting: (name) => (name === null ? 'Hei!' : `Hei ${name}!`),
    change: (date, oldPrice, newPrice) => `Fra ${date} går prisen din fra ${oldPrice} til ${newPrice}.`,
    monthly: (direction, amount) =>
      `For deg er det ca. ${amount} ${direction === 'more' ? 'mer' : 'mindre'} i måneden.`,
    terminationRight: 'Vil du ikke ha ny pris, kan du si opp gratis.',
    alternative: (name, saving) =>
      name === null
        ? `Med en annen avtale sparer du ca. ${saving} i året.`
        : `Med ${name} sparer du ca. ${saving} i året.`,
    seeAlternatives: (url) => `Se alternativene: ${url}`,
  },
};

const SV: PriceWords = {
  subject: (direction, date) =>
    direction === 'up'
      ? `Ditt pris höjs från ${date}`
      : direction === 'down'
        ? `Ditt pris sänks från ${date}`
        : `Ändring av ditt pris från ${date}`,
  per: { energy: 'per kWh', subscription: 'per månad' },
  intro: (date, oldPrice, newPrice, reasons) =>
    p`Från ${date} ändras ditt pris från ${oldPrice} till ${newPrice}.${reasons === null ? '' : ` ${reasons}`}`,
  reasonPhrases: {
    'grid-fee': 'ändrade nätavgifter',
    tax: 'ändrade skatter och avgifter',
    'wholesale-cost': 'ändrade inköpskostnader',
    inflation: 'allmänna prisökningar',
  },
  because: (phrases) => `Det beror på ${phrases}.`,
  table: {
    caption: 'Vad ändringen betyder för dig',
    priceNow: 'Pris i dag',
    priceFrom: (date) => `Nytt pris från ${date}`,
    annualConsumption: 'Årsförbrukning',
    costNow: 'Kostnad per år i dag',
    costAfter: 'Kostnad per år med nytt pris',
    perMonth: 'Skillnad per månad',
  },
  meaning: (direction, monthly, after, before, consumption) =>
    p`För dig blir det ungefär ${monthly} ${direction === 'more' ? 'mer' : 'mindre'} i månaden, eller ${after} per år mot ${before} i dag${consumption === undefined ? '' : `, räknat på en årsförbrukning på ${consumption}`}.`,
  moved: (announced, effective) =>
    `Ändringen aviserades från ${announced}, men du ska få beskedet i god tid, så för dig gäller det nya priset först från ${effective}.`,
  basis: {
    shortHistory:
      'Vi har inte fakturerat dig ett helt år än, så årsförbrukningen är beräknad på de månader vi har, justerad för årstiden.',
    typical: (consumption) =>
      `Vi har inte mätt din förbrukning än, så siffrorna bygger på en typisk årsförbrukning på ${consumption}.`,
  },
  notice: (days) => `Du får det här beskedet ${days} innan ändringen gäller.`,
  terminationRight:
    'Vill du inte ha det nya priset har du rätt att säga upp avtalet utan kostnad innan det börjar gälla.',
  alternativesIntro: 'Vill du hellre ha ett annat avtal? Med samma förbrukning skulle de här kosta dig:',
  alternative: (name, cost, saving, terms) =>
    li`${b(name)}: ${cost} per år${saving === undefined ? '' : ` (du sparar ${saving} per år)`}${terms === undefined ? '' : `. ${terms}`}`,
  terms: (price, binding) => joinTerms(price, binding),
  binding: (months) => `bindningstid ${months}`,
  noBinding: 'ingen bindningstid',
  choose: 'Välj det här',
  seeAlternatives: 'Se alternativen',
  switchByContact: 'Hör av dig till oss om du vill byta.',
  questions: 'Har du frågor är du välkommen att kontakta oss.',
  sms: {
    greeting: (name) => (name === null ? 'Hej!' : `Hej ${name}!`),
    change: (date, oldPrice, newPrice) => `Från ${date} ändras ditt pris från ${oldPrice} till ${newPrice}.`,
    monthly: (direction, amount) =>
      `För dig blir det ca ${amount} ${direction === 'more' ? 'mer' : 'mindre'} i månaden.`,
    terminationRight: 'Vill du inte ha det nya priset kan du säga upp avtalet utan kostnad.',
    alternative: (name, saving) =>
      name === null
        ? `Med ett annat avtal sparar du ca ${saving} per år.`
        : `Med ${name} sparar du ca ${saving} per år.`,
    seeAlternatives: (url) => `Se alternativen: ${url}`,
  },
};

const EN: PriceWords = {
  subject: (direction, date) =>
    direction === 'up'
      ? `Your price goes up from ${date}`
      : direction === 'down'
        ? `Your price goes down from ${date}`
        : `A change to your price from ${date}`,
  per: { energy: 'per kWh', subscription: 'per month' },
  intro: (date, oldPrice, newPrice, reasons) =>
    p`From ${date} your price changes from ${oldPrice} to ${newPrice}.${reasons === null ? '' : ` ${reasons}`}`,
  reasonPhrases: {
    'grid-fee': 'changed grid fees',
    tax: 'changed taxes and duties',
    'wholesale-cost': 'changed purchase costs',
    inflation: 'general price increases',
  },
  because: (phrases) => `This is because of ${phrases}.`,
  table: {
    caption: 'What the change means for you',
    priceNow: 'Price today',
    priceFrom: (date) => `New price from ${date}`,
    annualConsumption: 'Annual consumption',
    costNow: 'Cost per year today',
    costAfter: 'Cost per year at the new price',
    perMonth: 'Difference per month',
  },
  meaning: (direction, monthly, after, before, consumption) =>
    p`For you that is about ${monthly} ${direction === 'more' ? 'more' : 'less'} a month, or ${after} a year instead of ${before} today${consumption === undefined ? '' : `, based on an annual consumption of ${consumption}`}.`,
  moved: (announced, effective) =>
    `The change was announced from ${announced}, but you are owed notice in good time, so for you the new price applies only from ${effective}.`,
  basis: {
    shortHistory:
      'We have not invoiced you for a whole year yet, so your annual consumption is worked out from the months we have, adjusted for the season.',
    typical: (consumption) =>
      `We have not measured your consumption yet, so these figures use a typical annual consumption of ${consumption}.`,
  },
  notice: (days) => `You are getting this notice ${days} before the change takes effect.`,
  terminationRight:
    'If you do not want the new price, you have the right to cancel your agreement free of charge before it applies.',
  alternativesIntro:
    'Would another agreement suit you better? With the same consumption, these would cost you:',
  alternative: (name, cost, saving, terms) =>
    li`${b(name)}: ${cost} a year${saving === undefined ? '' : ` (you save ${saving} a year)`}${terms === undefined ? '' : `. ${terms}`}`,
  terms: (price, binding) => joinTerms(price, binding),
  binding: (months) => `commitment of ${months}`,
  noBinding: 'no commitment',
  choose: 'Choose this',
  seeAlternatives: 'See the alternatives',
  switchByContact: 'Get in touch if you would like to switch.',
  questions: 'If you have any questions, just get in touch.',
  sms: {
    greeting: (name) => (name === null ? 'Hello!' : `Hi ${name}!`),
    change: (date, oldPrice, newPrice) => `From ${date} your price changes from ${oldPrice} to ${newPrice}.`,
    monthly: (direction, amount) =>
      `For you that is about ${amount} ${direction === 'more' ? 'more' : 'less'} a month.`,
    terminationRight: 'If you do not want the new price, you can cancel free of charge.',
    alternative: (name, saving) =>
      name === null
        ? `Another agreement would save you about ${saving} a year.`
        : `${name} would save you about ${saving} a year.`,
    seeAlternatives: (url) => `See the alternatives: ${url}`,
  },
};

function joinTerms(price: string | undefined, binding: string | undefined): string | undefined {
  const terms = [price, binding].filter((term): term is string => term !== undefined);
  if (terms.length === 0) return undefined;
  const sentence = terms.join(', ');
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
}

function pricePer(ctx: Ctx, words: PriceWords, price: number, component: Component): string {
  return `${ctx.fmt.price(price)} ${words.per[component]}`;
}

/** The reasons as one sentence of phrases (for codes) followed by the provider's own sentences. */
function reasonSentences(ctx: Ctx, words: PriceWords): string[] {
  const phrases: string[] = [];
  const texts: string[] = [];
  for (const reason of ctx.facts.reasons ?? []) {
    // The provider's own words in the customer's language beat a generic phrase; for `other` they are
    // all there is, so any language will do.
    const own = pickLocalized(reason.text, ctx.locale, reason.code !== 'other');
    if (own !== undefined) texts.push(own);
    else if (reason.code !== 'other') phrases.push(words.reasonPhrases[reason.code]);
  }
  const unique = [...new Set(phrases)];
  return [...(unique.length === 0 ? [] : [words.because(ctx.fmt.list(unique))]), ...texts];
}

function alternativeName(alternative: Alternative, locale: TemplateLocale): string {
  return nameFor(alternative.name, locale) ?? alternative.tariffId;
}

/** The alternative that saves the most, if any saves anything. */
function bestAlternative(facts: PriceChangeNoticeFacts): Alternative | undefined {
  let best: Alternative | undefined;
  for (const alternative of facts.alternatives) {
    if (alternative.annualSaving <= 0) continue;
    if (best === undefined || alternative.annualSaving > best.annualSaving) best = alternative;
  }
  return best;
}

function tableRows(ctx: Ctx, words: PriceWords): TableRow[] {
  const { facts, fmt } = ctx;
  const rows: TableRow[] = [
    { label: words.table.priceNow, value: pricePer(ctx, words, facts.oldPrice, facts.component) },
    {
      label: words.table.priceFrom(fmt.date(facts.effectiveDate)),
      value: pricePer(ctx, words, facts.newPrice, facts.component),
      emphasis: true,
    },
  ];
  if (facts.annualConsumption !== undefined) {
    rows.push({ label: words.table.annualConsumption, value: `${fmt.number(facts.annualConsumption)} kWh` });
  }
  rows.push(
    { label: words.table.costNow, value: fmt.money(facts.annualCostBefore) },
    { label: words.table.costAfter, value: fmt.money(facts.annualCostAfter) },
    { label: words.table.perMonth, value: fmt.signedMoney(facts.monthlyDifference), emphasis: true },
  );
  return rows;
}

function body(ctx: Ctx, words: PriceWords): Block[] {
  const { facts, fmt } = ctx;
  const direction = directionOf(facts);
  const reasons = reasonSentences(ctx, words);
  const blocks: Block[] = [
    words.intro(
      b(fmt.date(facts.effectiveDate)),
      pricePer(ctx, words, facts.oldPrice, facts.component),
      b(pricePer(ctx, words, facts.newPrice, facts.component)),
      reasons.length === 0 ? null : reasons.join(' '),
    ),
  ];
  blocks.push({ type: 'table', caption: words.table.caption, rows: tableRows(ctx, words) });
  if (facts.monthlyDifference !== 0) {
    blocks.push(
      words.meaning(
        facts.monthlyDifference > 0 ? 'more' : 'less',
        b(fmt.money(Math.abs(facts.monthlyDifference))),
        fmt.money(facts.annualCostAfter),
        fmt.money(facts.annualCostBefore),
        facts.annualConsumption === undefined ? undefined : `${fmt.number(facts.annualConsumption)} kWh`,
      ),
    );
  }
  if (facts.annualConsumption !== undefined && facts.consumptionBasis === 'short-history') {
    blocks.push(para(words.basis.shortHistory));
  } else if (facts.annualConsumption !== undefined && facts.consumptionBasis === 'typical') {
    blocks.push(para(words.basis.typical(`${fmt.number(facts.annualConsumption)} kWh`)));
  }
  const notice = [words.notice(fmt.days(facts.noticeDays))];
  if (facts.effectiveDateMoved === true && facts.announcedEffectiveDate !== undefined) {
    notice.push(words.moved(fmt.date(facts.announcedEffectiveDate), fmt.date(facts.effectiveDate)));
  }
  if (facts.terminationRight && direction !== 'down') notice.push(words.terminationRight);
  blocks.push(para(notice.join(' ')));
  if (facts.alternatives.length > 0) {
    blocks.push(para(words.alternativesIntro));
    blocks.push({
      type: 'list',
      items: facts.alternatives.map((alternative) => {
        const component = alternative.component ?? facts.component;
        const price =
          alternative.price === undefined ? undefined : pricePer(ctx, words, alternative.price, component);
        const binding =
          alternative.bindingMonths === undefined
            ? undefined
            : alternative.bindingMonths === 0
              ? words.noBinding
              : words.binding(fmt.months(alternative.bindingMonths));
        const item = words.alternative(
          alternativeName(alternative, ctx.locale),
          fmt.money(alternative.annualCost),
          alternative.annualSaving > 0 ? fmt.money(alternative.annualSaving) : undefined,
          words.terms(price, binding),
        );
        return alternative.url === undefined
          ? item
          : [...item, ' ', { href: alternative.url, text: words.choose }];
      }),
    });
    if (ctx.links.offer !== undefined) {
      blocks.push({ type: 'button', text: words.seeAlternatives, href: ctx.links.offer });
    } else if (facts.alternatives.some((alternative) => alternative.url === undefined)) {
      blocks.push(para(words.switchByContact));
    }
  }
  blocks.push(para(words.questions));
  return blocks;
}

function sms(ctx: Ctx, words: PriceWords): SmsPart[] {
  const { facts, fmt } = ctx;
  const direction = directionOf(facts);
  const best = bestAlternative(facts);
  const offer = best?.url ?? ctx.links.offer;
  return [
    words.sms.greeting(ctx.smsName),
    words.sms.change(
      fmt.date(facts.effectiveDate),
      fmt.price(facts.oldPrice),
      pricePer(ctx, words, facts.newPrice, facts.component),
    ),
    facts.monthlyDifference !== 0 &&
      words.sms.monthly(
        facts.monthlyDifference > 0 ? 'more' : 'less',
        fmt.money(Math.abs(facts.monthlyDifference)),
      ),
    facts.terminationRight && direction !== 'down' && words.sms.terminationRight,
    optional(
      best !== undefined &&
        words.sms.alternative(quotableInSms(alternativeName(best, ctx.locale)), fmt.money(best.annualSaving)),
    ),
    optional(best !== undefined && offer !== undefined && words.sms.seeAlternatives(offer)),
  ];
}

function localeTemplate(words: PriceWords): LocaleTemplate<PriceChangeNoticeFacts> {
  return {
    subject: (ctx) => words.subject(directionOf(ctx.facts), ctx.fmt.date(ctx.facts.effectiveDate)),
    body: (ctx) => body(ctx, words),
    sms: (ctx) => sms(ctx, words),
  };
}

/** The price-change notice template. */
export const priceChangeNotice: KindTemplate<typeof PriceChangeNoticeFactsSchema> = {
  kind: 'price-change-notice',
  facts: PriceChangeNoticeFactsSchema,
  texts: { 'nb-NO': localeTemplate(NB), 'sv-SE': localeTemplate(SV), 'en-GB': localeTemplate(EN) },
};
