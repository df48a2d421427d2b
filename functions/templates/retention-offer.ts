/**
 * `retention-offer` (marketing): a relevant offer to a customer at risk of leaving. Why we write (in
 * customer terms, only for reasons we can name honestly), what the offer is in its numbers, how to take
 * it, and that nothing changes if they do not.
 */
import * as z from 'zod/mini';
import { localizedText, PRICE_COMPONENTS } from '../domain/contracts/index.ts';
import { type Block, b, type Inline, p, para, type TableRow } from './content.ts';
import { displayName, id, isoDate, money, nameFor, nonNegativeMoney, withCurrency } from './facts.ts';
import { pickLocalized, type TemplateLocale } from './locale.ts';
import { optional, quotableInSms, type SmsPart } from './sms.ts';
import type { KindTemplate, LocaleTemplate, TemplateContext } from './template.ts';

type Component = (typeof PRICE_COMPONENTS)[number];

/**
 * Reason codes the template can put into words. Others are shown only with a text of their own: a
 * risk signal without customer-facing words stays internal.
 */
export const RETENTION_REASON_CODES = [
  'price-increase',
  'binding-ending',
  'high-invoice',
  'support-delay',
  'long-tenure',
] as const;
type KnownReason = (typeof RETENTION_REASON_CODES)[number];

const reasonCode = z.string().check(z.minLength(1), z.maxLength(64));

/** Why the customer gets the offer: a code, or a code with words per locale. */
export const RetentionReasonFactSchema = z.union([
  reasonCode,
  z.object({ code: reasonCode, text: z.optional(localizedText(500)) }),
]);

/** The offer, in its numbers. */
export const RetentionOfferDetailsSchema = z.object({
  name: displayName,
  tariffId: z.optional(id),
  /** `energy`: `price` is per kWh; `subscription`: per month. */
  component: z.optional(z.enum(PRICE_COMPONENTS)),
  price: z.optional(nonNegativeMoney),
  annualCost: z.optional(nonNegativeMoney),
  /** What the customer saves a year with the offer; ≤ 0 is not called a saving. */
  annualSaving: z.optional(money),
  discountPercent: z.optional(z.number().check(z.gt(0), z.lte(100))),
  bindingMonths: z.optional(z.number().check(z.int(), z.gte(0), z.lte(60))),
  /** The last day the offer can be accepted. */
  validUntil: z.optional(isoDate),
});

/** The facts of a retention offer (CONTRACTS.md, facts by kind). */
export const RetentionOfferFactsSchema = z.object({
  ...withCurrency,
  offerId: id,
  reasons: z.array(RetentionReasonFactSchema).check(z.maxLength(10)),
  offer: z.optional(RetentionOfferDetailsSchema),
});
/** The facts of a retention offer. */
export type RetentionOfferFacts = z.output<typeof RetentionOfferFactsSchema>;

type Ctx = TemplateContext<RetentionOfferFacts>;
type Offer = NonNullable<RetentionOfferFacts['offer']>;

function isKnownReason(code: string): code is KnownReason {
  return (RETENTION_REASON_CODES as readonly string[]).includes(code);
}

/** The words of the retention offer in one locale. */
interface OfferWords {
  subject(name: string | undefined): string;
  reasons: Readonly<Record<KnownReason, string>>;
  /** The reasons (a few sentences, or null) and the offer's name, as one paragraph. */
  offerLead(name: Inline, reasons: string | null): Block;
  noOffer: string;
  table: {
    caption: string;
    offer: string;
    price: string;
    discount: string;
    annualCost: string;
    annualSaving: string;
    binding: string;
    noBinding: string;
  };
  per: Readonly<Record<Component, string>>;
  saving(name: string, saving: Inline): Block;
  seeOffer: string;
  acceptByContact: string;
  validUntil(date: string): string;
  noChange: string;
  sms: {
    greeting(name: string | null): string;
    offer(name: string | null): string;
    saving(amount: string): string;
    validUntil(date: string): string;
    see(url: string): string;
    contact: string;
    noOffer: string;
    stop: string;
  };
}

const NB: OfferWords = {
  subject: (name) =>
    name === undefined ? 'Passer avtalen din fortsatt for deg?' : `Et tilbud til deg: ${name}`,
  reasons: {
    'price-increase': 'Prisen din har nylig gått opp.',
    'binding-ending': 'Bindingstiden på avtalen din går snart ut.',
    'high-invoice': 'Du har nylig fått en høyere faktura enn vanlig.',
    'support-delay': 'Du har nylig måttet vente lenger enn lovet på svar fra oss.',
    'long-tenure': 'Du har vært kunde hos oss lenge, og det setter vi pris på.',
  },
  offerLead: (name, reasons) =>
    reasons === null
      ? p`Vi har et tilbud til deg: ${name}.`
      : p`${reasons} Derfor har vi et tilbud til deg: ${name}.`,
  noOffer:
    'Vi vil gjerne at du har den avtalen som passer deg best. Ta kontakt med oss, så ser vi på avtalen din sammen.',
  table: {
    caption: 'Tilbudet',
    offer: 'Avtale',
    price: 'Pris',
    discount: 'Rabatt',
    annualCost: 'Kostnad per år',
    annualSaving: 'Du sparer per år',
    binding: 'Bindingstid',
    noBinding: 'Ingen',
  },
  per: { energy: 'per kWh', subscription: 'per måned' },
  saving: (name, saving) => p`Med ${name} sparer du ${saving} i året.`,
  seeOffer: 'Se tilbudet',
  acceptByContact: 'Ta kontakt med oss hvis du vil ha tilbudet.',
  validUntil: (date) => `Tilbudet gjelder til og med ${date}.`,
  noChange: 'Vil du ikke ha tilbudet, trenger du ikke gjøre noe – avtalen din fortsetter som før.',
  sms: {
    greeting: (name) => (name === null ? 'Hei!' : `Hei ${name}!`),
    offer: (name) => (name === null ? 'Vi har et tilbud til deg.' : `Vi har et tilbud til deg: ${name}.`),
    saving: (amount) => `Du sparer ${amount} i året.`,
    validUntil: (date) => `Gjelder til og med ${date}.`,
    see: (url) => `Se tilbudet: ${url}`,
    contact: 'Ta kontakt hvis du vil ha det.',
    noOffer: 'Vi vil gjerne at du har avtalen som passer deg best. Ta kontakt, så ser vi på den sammen.',
    stop: 'Svar STOP for å melde deg av.',
  },
};

const SV: OfferWords = {
  subject: (name) =>
    name === undefined ? 'Passar ditt avtal fortfarande dig?' : `Ett erbjudande till dig: ${name}`,
  reasons: {
    'price-increase': 'Ditt pris har nyligen höjts.',
    'binding-ending': 'Bindningstiden på ditt avtal går snart ut.',
    'high-invoice': 'Du har nyligen fått en högre faktura än vanligt.',
    'support-delay': 'Du har nyligen fått vänta längre än utlovat på svar från oss.',
    'long-tenure': 'Du har varit kund hos oss länge, och det uppskattar vi.',
  },
  offerLead: (name, afterReasons) =>
    afterReasons
      ? p`Därför har vi ett erbjudande till dig: ${name}.`
      : p`Vi har ett erbjudande till dig: ${name}.`,
  noOffer:
    'Vi vill gärna att du har det avtal som passar dig bäst. Kontakta oss, så går vi igenom ditt avtal tillsammans.',
  table: {
    caption: 'Erbjudandet',
    offer: 'Avtal',
    price: 'Pris',
    discount: 'Rabatt',
    annualCost: 'Kostnad per år',
    annualSaving: 'Du sparar per år',
    binding: 'Bindningstid',
    noBinding: 'Ingen',
  },
  per: { energy: 'per kWh', subscription: 'per månad' },
  saving: (name, saving) => p`Med ${name} sparar du ${saving} per år.`,
  seeOffer: 'Se erbjudandet',
  acceptByContact: 'Kontakta oss om du vill ta erbjudandet.',
  validUntil: (date) => `Erbjudandet gäller till och med ${date}.`,
  noChange: 'Vill du inte ha erbjudandet behöver du inte göra något – ditt avtal fortsätter som förut.',
  sms: {
    greeting: (name) => (name === null ? 'Hej!' : `Hej ${name}!`),
    offer: (name) =>
      name === null ? 'Vi har ett erbjudande till dig.' : `Vi har ett erbjudande till dig: ${name}.`,
    saving: (amount) => `Du sparar ${amount} per år.`,
    validUntil: (date) => `Gäller till och med ${date}.`,
    see: (url) => `Se erbjudandet: ${url}`,
    contact: 'Kontakta oss om du vill ha det.',
    noOffer:
      'Vi vill gärna att du har det avtal som passar dig bäst. Kontakta oss så går vi igenom det tillsammans.',
    stop: 'Svara STOP för att avregistrera dig.',
  },
};

const EN: OfferWords = {
  subject: (name) =>
    name === undefined ? 'Does your agreement still suit you?' : `An offer for you: ${name}`,
  reasons: {
    'price-increase': 'Your price went up recently.',
    'binding-ending': 'The commitment period of your agreement ends soon.',
    'high-invoice': 'You recently had a higher invoice than usual.',
    'support-delay': 'You recently had to wait longer than promised for a reply from us.',
    'long-tenure': 'You have been with us for a long time, and we appreciate it.',
  },
  offerLead: (name, reasons) =>
    reasons === null
      ? p`We have an offer for you: ${name}.`
      : p`${reasons} That is why we have an offer for you: ${name}.`,
  noOffer:
    'We would like you to have the agreement that suits you best. Get in touch, and we will go through your agreement together.',
  table: {
    caption: 'The offer',
    offer: 'Agreement',
    price: 'Price',
    discount: 'Discount',
    annualCost: 'Cost per year',
    annualSaving: 'You save per year',
    binding: 'Commitment',
    noBinding: 'None',
  },
  per: { energy: 'per kWh', subscription: 'per month' },
  saving: (name, saving) => p`With ${name} you save ${saving} a year.`,
  seeOffer: 'See the offer',
  acceptByContact: 'Get in touch if you would like the offer.',
  validUntil: (date) => `The offer is valid until ${date}.`,
  noChange:
    'If you do not want the offer, there is nothing you need to do – your agreement continues as before.',
  sms: {
    greeting: (name) => (name === null ? 'Hello!' : `Hi ${name}!`),
    offer: (name) => (name === null ? 'We have an offer for you.' : `We have an offer for you: ${name}.`),
    saving: (amount) => `You save ${amount} a year.`,
    validUntil: (date) => `Valid until ${date}.`,
    see: (url) => `See the offer: ${url}`,
    contact: 'Get in touch if you would like it.',
    noOffer:
      'We would like you to have the agreement that suits you best. Get in touch and we will go through it together.',
    stop: 'Reply STOP to opt out.',
  },
};

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
  if (offer === undefined) return [words.sms.greeting(ctx.smsName), words.sms.noOffer, words.sms.stop];
  const saving = offer.annualSaving !== undefined && offer.annualSaving > 0 ? offer.annualSaving : undefined;
  return [
    words.sms.greeting(ctx.smsName),
    words.sms.offer(quotableInSms(offerName(offer, ctx.locale))),
    saving !== undefined && words.sms.saving(fmt.money(saving)),
    optional(offer.validUntil !== undefined && words.sms.validUntil(fmt.date(offer.validUntil))),
    ctx.links.offer === undefined ? words.sms.contact : words.sms.see(ctx.links.offer),
    words.sms.stop,
  ];
}

function localeTemplate(words: OfferWords): LocaleTemplate<RetentionOfferFacts> {
  return {
    subject: (ctx) =>
      words.subject(ctx.facts.offer === undefined ? undefined : offerName(ctx.facts.offer, ctx.locale)),
    body: (ctx) => body(ctx, words),
    sms: (ctx) => sms(ctx, words),
  };
}

/** The retention offer template. */
export const retentionOffer: KindTemplate<typeof RetentionOfferFactsSchema> = {
  kind: 'retention-offer',
  facts: RetentionOfferFactsSchema,
  texts: { 'nb-NO': localeTemplate(NB), 'sv-SE': localeTemplate(SV), 'en-GB': localeTemplate(EN) },
};
