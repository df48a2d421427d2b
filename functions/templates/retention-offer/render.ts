/** Renders a retention offer from its facts in one locale's words: what to say, in which order. */
import { type Block, b, para, type TableRow } from '../content.ts';
import { nameFor } from '../facts.ts';
import { pickLocalized, type TemplateLocale } from '../locale.ts';
import { optional, quotableInSms, type SmsPart, smsOptOut } from '../sms.ts';
import type { LocaleTemplate, TemplateContext } from '../template.ts';
import type { RetentionOfferFacts } from './facts.ts';
import { type KnownReason, type OfferWords, RETENTION_REASON_CODES } from './words.ts';

type Ctx = TemplateContext<RetentionOfferFacts>;
type Offer = NonNullable<RetentionOfferFacts['offer']>;

function isKnownReason(code: string): code is KnownReason {
  return (RETENTION_REASON_CODES as readonly string[]).includes(code);
}

/** The reasons the customer is told: known codes in our words, others only in their own. */
function reasonSentences(ctx: Ctx, words: OfferWords): string[] {
  const sentences: string[] = [];
  for (const reason of ctx.facts.reasons) {
    const code = typeof reason === 'string' ? reason : reason.code;
    const own = typeof reason === 'string' ? undefined : pickLocalized(reason.text, ctx.locale, true);
    const sentence = own ?? (isKnownReason(code) ? words.reasons[code] : undefined);
    if (sentence !== undefined && !sentences.includes(sentence)) sentences.push(sentence);
  }
  return sentences;
}

function offerName(offer: Offer, locale: TemplateLocale): string {
  // The schema requires a name; a text per locale with none for this locale falls back to any.
  return nameFor(offer.name, locale) ?? offer.tariffId ?? '';
}

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

function body(ctx: Ctx, words: OfferWords): Block[] {
  const { facts, fmt } = ctx;
  const sentences = reasonSentences(ctx, words);
  const reasons = sentences.length === 0 ? null : sentences.join(' ');
  const offer = facts.offer;
  if (offer === undefined) return [para(reasons === null ? words.noOffer : `${reasons} ${words.noOffer}`)];
  const name = offerName(offer, ctx.locale);
  const blocks: Block[] = [
    words.offerLead(b(name), reasons),
    { type: 'table', caption: words.table.caption, rows: offerRows(ctx, words, offer) },
  ];
  if (offer.annualSaving !== undefined && offer.annualSaving > 0) {
    blocks.push(words.saving(name, b(fmt.money(offer.annualSaving))));
  }
  if (offer.validUntil !== undefined) blocks.push(para(words.validUntil(fmt.date(offer.validUntil))));
  blocks.push(
    ctx.links.offer === undefined
      ? para(words.acceptByContact)
      : { type: 'button', text: words.seeOffer, href: ctx.links.offer },
  );
  blocks.push(para(words.noChange));
  return blocks;
}

function sms(ctx: Ctx, words: OfferWords): SmsPart[] {
  const { facts, fmt } = ctx;
  const offer = facts.offer;
  if (offer === undefined)
    return [words.sms.greeting(ctx.smsName), words.sms.noOffer, smsOptOut(ctx, words.sms)];
  const saving = offer.annualSaving !== undefined && offer.annualSaving > 0 ? offer.annualSaving : undefined;
  return [
    words.sms.greeting(ctx.smsName),
    words.sms.offer(quotableInSms(offerName(offer, ctx.locale))),
    saving !== undefined && words.sms.saving(fmt.money(saving)),
    optional(offer.validUntil !== undefined && words.sms.validUntil(fmt.date(offer.validUntil))),
    ctx.links.offer === undefined ? words.sms.contact : words.sms.see(ctx.links.offer),
    smsOptOut(ctx, words.sms),
  ];
}

/** The template of one locale: its words, rendered from the facts. */
export function localeTemplate(words: OfferWords): LocaleTemplate<RetentionOfferFacts> {
  return {
    subject: (ctx) =>
      words.subject(ctx.facts.offer === undefined ? undefined : offerName(ctx.facts.offer, ctx.locale)),
    body: (ctx) => body(ctx, words),
    sms: (ctx) => sms(ctx, words),
  };
}
