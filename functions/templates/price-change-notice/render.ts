/** Renders a price-change notice from its facts in one locale's words: what to say, in which order. */
import { type Block, b, para, type TableRow } from '../content.ts';
import { nameFor } from '../facts.ts';
import { pickLocalized, type TemplateLocale } from '../locale.ts';
import { optional, quotableInSms, type SmsPart } from '../sms.ts';
import type { LocaleTemplate, TemplateContext } from '../template.ts';
import type { PriceChangeNoticeFacts } from './facts.ts';
import type { Component, Direction, PriceWords } from './words.ts';

type Ctx = TemplateContext<PriceChangeNoticeFacts>;
type Alternative = PriceChangeNoticeFacts['alternatives'][number];

function directionOf(facts: PriceChangeNoticeFacts): Direction {
  if (facts.newPrice > facts.oldPrice) return 'up';
  if (facts.newPrice < facts.oldPrice) return 'down';
  return 'same';
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

/** The template of one locale: its words, rendered from the facts. */
export function localeTemplate(words: PriceWords): LocaleTemplate<PriceChangeNoticeFacts> {
  return {
    subject: (ctx) => words.subject(directionOf(ctx.facts), ctx.fmt.date(ctx.facts.effectiveDate)),
    body: (ctx) => body(ctx, words),
    sms: (ctx) => sms(ctx, words),
  };
}
