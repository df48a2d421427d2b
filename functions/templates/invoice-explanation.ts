/**
 * `invoice-explanation`: an invoice is surprisingly high (or low). What it is, what a usual invoice is,
 * what the difference is made of (consumption, price, fees) and what the customer can do, all in the
 * numbers of the facts. Paper-invoice customers also hear how to get the invoice digitally.
 */
import * as z from 'zod';
import type { Market } from '../domain/messaging/types.ts';
import { type Block, b, type Inline, p, para, type TableRow } from './content.ts';
import { id, isoDate, money, quantity, unit, withCurrency } from './facts.ts';
import type { TemplateLocale } from './locale.ts';
import { optional, type SmsPart } from './sms.ts';
import type { KindTemplate, LocaleTemplate, TemplateContext } from './template.ts';

/** Causes whose amounts add up to the difference. */
export const SPLIT_CAUSES = ['consumption', 'price', 'fees'] as const;
/** Every cause an invoice explanation may name. */
export const INVOICE_CAUSES = [...SPLIT_CAUSES, 'estimated-reading', 'duplicate', 'new-charge'] as const;
type SplitCause = (typeof SPLIT_CAUSES)[number];

/** How far `amount − expectedAmount` may be from `difference`. */
const DIFFERENCE_TOLERANCE = 0.01;

/** One cause of the difference; the optional details are shown next to it when present. */
export const InvoiceCauseSchema = z
  .object({
    code: z.enum(INVOICE_CAUSES),
    amount: money.optional(),
    /** consumption: this invoice's quantity and the usual one, in `unit`. */
    quantity: quantity.optional(),
    expectedQuantity: quantity.optional(),
    unit: unit.optional(),
    /** price: this invoice's unit price and the usual one (per `unit`). */
    unitPrice: money.optional(),
    expectedUnitPrice: money.optional(),
  })
  .superRefine((cause, ctx) => {
    if (isSplitCause(cause.code) && cause.amount === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['amount'],
        input: cause.amount,
        message: `is required for a "${cause.code}" cause (a number)`,
      });
    }
  });
/** One cause of the difference. */
export type InvoiceCause = z.output<typeof InvoiceCauseSchema>;

/** The facts of an invoice explanation (CONTRACTS.md, facts by kind). */
export const InvoiceExplanationFactsSchema = z
  .object({
    ...withCurrency,
    invoiceId: id,
    amount: money,
    expectedAmount: money,
    /** `amount − expectedAmount`. */
    difference: money,
    causes: z.array(InvoiceCauseSchema).max(20),
    dueDate: isoDate.optional(),
    period: z.object({ from: isoDate, to: isoDate }).optional(),
    estimatedReading: z.boolean().optional(),
  })
  .superRefine((facts, ctx) => {
    const expected = facts.amount - facts.expectedAmount;
    if (Math.abs(expected - facts.difference) > DIFFERENCE_TOLERANCE + 1e-9) {
      ctx.addIssue({
        code: 'custom',
        path: ['difference'],
        input: facts.difference,
        message: `must be amount − expectedAmount (${Number(expected.toFixed(2))}), got ${facts.difference}`,
      });
    }
  });
/** The facts of an invoice explanation. */
export type InvoiceExplanationFacts = z.output<typeof InvoiceExplanationFactsSchema>;

type Ctx = TemplateContext<InvoiceExplanationFacts>;
type Direction = 'higher' | 'lower' | 'same';

function isSplitCause(code: string): code is SplitCause {
  return (SPLIT_CAUSES as readonly string[]).includes(code);
}

function directionOf(difference: number): Direction {
  // Below half a cent the invoice is as usual, whatever the rounding of the facts.
  if (difference >= 0.005) return 'higher';
  if (difference <= -0.005) return 'lower';
  return 'same';
}

/** The split cause that explains most of the difference, in its direction. */
function mainCause(facts: InvoiceExplanationFacts): { code: SplitCause; amount: number } | undefined {
  let main: { code: SplitCause; amount: number } | undefined;
  for (const cause of facts.causes) {
    if (!isSplitCause(cause.code) || cause.amount === undefined) continue;
    if (Math.sign(cause.amount) !== Math.sign(facts.difference)) continue;
    if (main === undefined || Math.abs(cause.amount) > Math.abs(main.amount)) {
      main = { code: cause.code, amount: cause.amount };
    }
  }
  return main;
}

function causeOf(facts: InvoiceExplanationFacts, code: InvoiceCause['code']): InvoiceCause | undefined {
  return facts.causes.find((cause) => cause.code === code);
}

/** The words of the invoice explanation in one locale. */
interface InvoiceWords {
  subject(direction: Direction, amount: string): string;
  intro(direction: Direction, invoiceId: string, amount: Inline, difference: Inline, expected: string): Block;
  summary: {
    caption: string;
    invoice: string;
    period: string;
    amount: string;
    usual: string;
    difference: string;
    dueDate: string;
  };
  breakdown: { caption: string; total: string; labels: Readonly<Record<SplitCause, string>> };
  /** `1 650 kWh, usually 1 230 kWh`. */
  usually(now: string, usual: string): string;
  per(unitName: string): string;
  estimated(amount: string | undefined): Block;
  duplicate(amount: string | undefined): Block;
  newCharge(amount: string | undefined): Block;
  action(dueDate: string | undefined): Block;
  paperInvoice(market: Market): Block;
  sms: {
    greeting(name: string | null): string;
    amount(direction: Direction, amount: string, difference: string): string;
    mainCause(label: string, amount: string): string;
    causeLabel(code: SplitCause, direction: Direction): string;
    duplicate(amount: string | undefined): string;
    estimated: string;
    due(date: string): string;
    questions: string;
  };
}

const NB: InvoiceWords = {
  subject: (direction, amount) =>
    direction === 'higher'
      ? `Fakturaen din på ${amount} er høyere enn vanlig – her er forklaringen`
      : direction === 'lower'
        ? `Fakturaen din på ${amount} er lavere enn vanlig – her er forklaringen`
        : `Forklaring av fakturaen din på ${amount}`,
  intro: (direction, invoiceId, amount, difference, expected) =>
    direction === 'same'
      ? p`Fakturaen din ${invoiceId} er på ${amount}, omtrent som vanlig for deg (${expected}). Her er det den består av.`
      : p`Fakturaen din ${invoiceId} er på ${amount}. Det er ${difference} ${direction === 'higher' ? 'mer' : 'mindre'} enn en vanlig faktura for deg, som er rundt ${expected}. Her er forklaringen, så du vet hva du betaler for.`,
  summary: {
    caption: 'Fakturaen i tall',
    invoice: 'Faktura',
    period: 'Periode',
    amount: 'Beløp',
    usual: 'Vanlig for deg',
    difference: 'Forskjell',
    dueDate: 'Forfallsdato',
  },
  breakdown: {
    caption: 'Hva forskjellen består av',
    total: 'Til sammen',
    labels: { consumption: 'Forbruk', price: 'Pris', fees: 'Gebyrer' },
  },
  usually: (now, usual) => `${now}, vanligvis ${usual}`,
  per: (unitName) => `per ${unitName}`,
  estimated: (amount) =>
    p`Forbruket på denne fakturaen er stipulert, fordi vi ikke hadde en måleravlesning for hele perioden.${amount === undefined ? '' : ` Stipuleringen utgjør ${amount}.`} Blir den faktiske avlesningen en annen, blir det justert på en senere faktura.`,
  duplicate: (amount) =>
    p`Fakturaen ser ut til å ha samme post to ganger${amount === undefined ? '' : ` (${amount})`}. Ta kontakt med oss før du betaler, så retter vi det.`,
  newCharge: (amount) =>
    para(
      `Det er en ny post på fakturaen${amount === undefined ? '' : `: ${amount}`}. Den var ikke med på tidligere fakturaer.`,
    ),
  action: (dueDate) =>
    dueDate === undefined
      ? para('Stemmer dette, trenger du ikke gjøre noe. Lurer du på noe, er det bare å ta kontakt med oss.')
      : p`Stemmer dette, trenger du ikke gjøre noe. Fakturaen forfaller ${b(dueDate)}. Lurer du på noe, er det bare å ta kontakt med oss.`,
  paperInvoice: (market) =>
    para(
      market === 'NO'
        ? 'Du får fakturaen på papir i dag. Med eFaktura kommer den rett i nettbanken, og med AvtaleGiro blir den betalt automatisk på forfallsdatoen. Begge deler bestiller du i nettbanken.'
        : market === 'SE'
          ? 'Du får fakturaen på papir i dag. Med e-faktura kommer den rett i nettbanken, med autogiro blir den betalt automatisk på forfallsdatoen, og du kan også betale med Swish.'
          : 'Du får fakturaen på papir i dag. Med e-faktura kommer den rett i nettbanken, og med avtalegiro blir den betalt automatisk på forfallsdatoen.',
    ),
  sms: {
    greeting: (name) => (name === null ? 'Hei!' : `Hei ${name}!`),
    amount: (direction, amount, difference) =>
      direction === 'same'
        ? `Fakturaen din er på ${amount}, omtrent som vanlig.`
        : `Fakturaen din er på ${amount}, ${difference} ${direction === 'higher' ? 'mer' : 'mindre'} enn vanlig.`,
    mainCause: (label, amount) => `Største årsak: ${label} (${amount}).`,
    causeLabel: (code, direction) => {
      const more = direction === 'higher';
      if (code === 'consumption') return more ? 'høyere forbruk' : 'lavere forbruk';
      if (code === 'price') return more ? 'høyere pris' : 'lavere pris';
      return more ? 'høyere gebyrer' : 'lavere gebyrer';
    },
    duplicate: (amount) =>
      `En post ser ut til å stå to ganger${amount === undefined ? '' : ` (${amount})`}: kontakt oss før du betaler.`,
    estimated: 'Forbruket er stipulert.',
    due: (date) => `Forfall ${date}.`,
    questions: 'Spørsmål? Kontakt oss.',
  },
};

const SV: InvoiceWords = {
  subject: (direction, amount) =>
    direction === 'higher'
      ? `Din faktura på ${amount} är högre än vanligt – här är förklaringen`
      : direction === 'lower'
        ? `Din faktura på ${amount} är lägre än vanligt – här är förklaringen`
        : `Förklaring av din faktura på ${amount}`,
  intro: (direction, invoiceId, amount, difference, expected) =>
    direction === 'same'
      ? p`Din faktura ${invoiceId} är på ${amount}, ungefär som vanligt för dig (${expected}). Här är vad den består av.`
      : p`Din faktura ${invoiceId} är på ${amount}. Det är ${difference} ${direction === 'higher' ? 'mer' : 'mindre'} än en vanlig faktura för dig, som brukar ligga runt ${expected}. Här är förklaringen, så att du vet vad du betalar för.`,
  summary: {
    caption: 'Fakturan i siffror',
    invoice: 'Faktura',
    period: 'Period',
    amount: 'Belopp',
    usual: 'Vanligt för dig',
    difference: 'Skillnad',
    dueDate: 'Förfallodag',
  },
  breakdown: {
    caption: 'Vad skillnaden består av',
    total: 'Totalt',
    labels: { consumption: 'Förbrukning', price: 'Pris', fees: 'Avgifter' },
  },
  usually: (now, usual) => `${now}, vanligtvis ${usual}`,
  per: (unitName) => `per ${unitName}`,
  estimated: (amount) =>
    p`Förbrukningen på den här fakturan är uppskattad, eftersom vi inte hade någon mätaravläsning för hela perioden.${amount === undefined ? '' : ` Uppskattningen står för ${amount}.`} Blir den faktiska avläsningen en annan justeras det på en senare faktura.`,
  duplicate: (amount) =>
    p`Fakturan verkar innehålla samma post två gånger${amount === undefined ? '' : ` (${amount})`}. Kontakta oss innan du betalar, så rättar vi det.`,
  newCharge: (amount) =>
    para(
      `Det finns en ny post på fakturan${amount === undefined ? '' : `: ${amount}`}. Den fanns inte med på tidigare fakturor.`,
    ),
  action: (dueDate) =>
    dueDate === undefined
      ? para('Stämmer det här behöver du inte göra något. Undrar du något är du välkommen att kontakta oss.')
      : p`Stämmer det här behöver du inte göra något. Fakturan förfaller ${b(dueDate)}. Undrar du något är du välkommen att kontakta oss.`,
  paperInvoice: (market) =>
    para(
      market === 'NO'
        ? 'Du får fakturan på papper i dag. Med eFaktura kommer den direkt till din internetbank, och med AvtaleGiro betalas den automatiskt på förfallodagen. Båda ordnar du i internetbanken.'
        : market === 'SE'
          ? 'Du får fakturan på papper i dag. Med e-faktura kommer den direkt till din internetbank, med autogiro betalas den automatiskt på förfallodagen, och du kan också betala med Swish.'
          : 'Du får fakturan på papper i dag. Med e-faktura kommer den direkt till din internetbank, och med autogiro betalas den automatiskt på förfallodagen.',
    ),
  sms: {
    greeting: (name) => (name === null ? 'Hej!' : `Hej ${name}!`),
    amount: (direction, amount, difference) =>
      direction === 'same'
        ? `Din faktura är på ${amount}, ungefär som vanligt.`
        : `Din faktura är på ${amount}, ${difference} ${direction === 'higher' ? 'mer' : 'mindre'} än vanligt.`,
    mainCause: (label, amount) => `Största orsaken: ${label} (${amount}).`,
    causeLabel: (code, direction) => {
      const more = direction === 'higher';
      if (code === 'consumption') return more ? 'högre förbrukning' : 'lägre förbrukning';
      if (code === 'price') return more ? 'högre pris' : 'lägre pris';
      return more ? 'högre avgifter' : 'lägre avgifter';
    },
    duplicate: (amount) =>
      `En post verkar stå två gånger${amount === undefined ? '' : ` (${amount})`}: kontakta oss innan du betalar.`,
    estimated: 'Förbrukningen är uppskattad.',
    due: (date) => `Förfaller ${date}.`,
    questions: 'Frågor? Kontakta oss.',
  },
};

const EN: InvoiceWords = {
  subject: (direction, amount) =>
    direction === 'higher'
      ? `Your invoice of ${amount} is higher than usual – here is why`
      : direction === 'lower'
        ? `Your invoice of ${amount} is lower than usual – here is why`
        : `Your invoice of ${amount}, explained`,
  intro: (direction, invoiceId, amount, difference, expected) =>
    direction === 'same'
      ? p`Your invoice ${invoiceId} is ${amount}, about the same as usual for you (${expected}). Here is what it is made of.`
      : p`Your invoice ${invoiceId} is ${amount}. That is ${difference} ${direction === 'higher' ? 'more' : 'less'} than a usual invoice for you, which is around ${expected}. Here is why, so you know what you are paying for.`,
  summary: {
    caption: 'Your invoice in numbers',
    invoice: 'Invoice',
    period: 'Period',
    amount: 'Amount',
    usual: 'Usual for you',
    difference: 'Difference',
    dueDate: 'Due date',
  },
  breakdown: {
    caption: 'What makes up the difference',
    total: 'Total',
    labels: { consumption: 'Consumption', price: 'Price', fees: 'Fees' },
  },
  usually: (now, usual) => `${now}, usually ${usual}`,
  per: (unitName) => `per ${unitName}`,
  estimated: (amount) =>
    p`The consumption on this invoice is estimated, because we did not have a meter reading for the whole period.${amount === undefined ? '' : ` The estimate accounts for ${amount}.`} If the actual reading turns out different, it is adjusted on a later invoice.`,
  duplicate: (amount) =>
    p`The invoice seems to include the same item twice${amount === undefined ? '' : ` (${amount})`}. Please contact us before you pay, and we will correct it.`,
  newCharge: (amount) =>
    para(
      `There is a new item on the invoice${amount === undefined ? '' : `: ${amount}`}. It was not on your earlier invoices.`,
    ),
  action: (dueDate) =>
    dueDate === undefined
      ? para(
          'If this looks right, there is nothing you need to do. If you have any questions, just get in touch.',
        )
      : p`If this looks right, there is nothing you need to do. The invoice is due on ${b(dueDate)}. If you have any questions, just get in touch.`,
  paperInvoice: (market) =>
    para(
      market === 'NO'
        ? 'You currently get your invoice on paper. With eFaktura it arrives straight in your online bank, and with AvtaleGiro it is paid automatically on the due date. You can set up both in your online bank.'
        : market === 'SE'
          ? 'You currently get your invoice on paper. With e-faktura it arrives straight in your online bank, with autogiro it is paid automatically on the due date, and you can also pay with Swish.'
          : 'You currently get your invoice on paper. With an e-invoice it arrives straight in your online bank, and with direct debit it is paid automatically on the due date.',
    ),
  sms: {
    greeting: (name) => (name === null ? 'Hello!' : `Hi ${name}!`),
    amount: (direction, amount, difference) =>
      direction === 'same'
        ? `Your invoice is ${amount}, about the same as usual.`
        : `Your invoice is ${amount}, ${difference} ${direction === 'higher' ? 'more' : 'less'} than usual.`,
    mainCause: (label, amount) => `Main reason: ${label} (${amount}).`,
    causeLabel: (code, direction) => {
      const more = direction === 'higher';
      if (code === 'consumption') return more ? 'higher consumption' : 'lower consumption';
      if (code === 'price') return more ? 'higher price' : 'lower price';
      return more ? 'higher fees' : 'lower fees';
    },
    duplicate: (amount) =>
      `An item seems to be there twice${amount === undefined ? '' : ` (${amount})`}: please contact us before you pay.`,
    estimated: 'The consumption is estimated.',
    due: (date) => `Due ${date}.`,
    questions: 'Questions? Contact us.',
  },
};

function summaryRows(ctx: Ctx, words: InvoiceWords): TableRow[] {
  const { facts, fmt } = ctx;
  const rows: TableRow[] = [{ label: words.summary.invoice, value: facts.invoiceId }];
  if (facts.period !== undefined) {
    rows.push({ label: words.summary.period, value: fmt.dateRange(facts.period.from, facts.period.to) });
  }
  rows.push(
    { label: words.summary.amount, value: fmt.money(facts.amount), emphasis: true },
    { label: words.summary.usual, value: fmt.money(facts.expectedAmount) },
    { label: words.summary.difference, value: fmt.signedMoney(facts.difference) },
  );
  if (facts.dueDate !== undefined)
    rows.push({ label: words.summary.dueDate, value: fmt.date(facts.dueDate) });
  return rows;
}

function causeDetail(cause: InvoiceCause, ctx: Ctx, words: InvoiceWords): string | undefined {
  const { fmt } = ctx;
  if (cause.code === 'consumption' && cause.quantity !== undefined && cause.expectedQuantity !== undefined) {
    const suffix = cause.unit === undefined ? '' : ` ${cause.unit}`;
    return words.usually(
      `${fmt.number(cause.quantity, 2)}${suffix}`,
      `${fmt.number(cause.expectedQuantity, 2)}${suffix}`,
    );
  }
  if (cause.code === 'price' && cause.unitPrice !== undefined && cause.expectedUnitPrice !== undefined) {
    const suffix = cause.unit === undefined ? '' : ` ${words.per(cause.unit)}`;
    return words.usually(`${fmt.price(cause.unitPrice)}${suffix}`, fmt.price(cause.expectedUnitPrice));
  }
  return undefined;
}

function breakdownRows(ctx: Ctx, words: InvoiceWords): TableRow[] {
  const rows: TableRow[] = [];
  for (const cause of ctx.facts.causes) {
    if (!isSplitCause(cause.code) || cause.amount === undefined) continue;
    const detail = causeDetail(cause, ctx, words);
    rows.push({
      label: words.breakdown.labels[cause.code],
      value: ctx.fmt.signedMoney(cause.amount),
      ...(detail === undefined ? {} : { detail }),
    });
  }
  if (rows.length === 0) return rows;
  rows.push({
    label: words.breakdown.total,
    value: ctx.fmt.signedMoney(ctx.facts.difference),
    emphasis: true,
  });
  return rows;
}

function optionalMoney(ctx: Ctx, amount: number | undefined): string | undefined {
  return amount === undefined ? undefined : ctx.fmt.money(Math.abs(amount));
}

function body(ctx: Ctx, words: InvoiceWords): Block[] {
  const { facts, fmt } = ctx;
  const direction = directionOf(facts.difference);
  const blocks: Block[] = [
    words.intro(
      direction,
      facts.invoiceId,
      b(fmt.money(facts.amount)),
      b(fmt.money(Math.abs(facts.difference))),
      fmt.money(facts.expectedAmount),
    ),
    { type: 'table', caption: words.summary.caption, rows: summaryRows(ctx, words) },
  ];
  const breakdown = breakdownRows(ctx, words);
  if (breakdown.length > 0) blocks.push({ type: 'table', caption: words.breakdown.caption, rows: breakdown });
  const estimated = causeOf(facts, 'estimated-reading');
  if (estimated !== undefined || facts.estimatedReading === true) {
    blocks.push(words.estimated(optionalMoney(ctx, estimated?.amount)));
  }
  const duplicate = causeOf(facts, 'duplicate');
  if (duplicate !== undefined) blocks.push(words.duplicate(optionalMoney(ctx, duplicate.amount)));
  const newCharge = causeOf(facts, 'new-charge');
  if (newCharge !== undefined) blocks.push(words.newCharge(optionalMoney(ctx, newCharge.amount)));
  blocks.push(words.action(facts.dueDate === undefined ? undefined : fmt.date(facts.dueDate)));
  if (ctx.customer.paymentMethod === 'paper-invoice') blocks.push(words.paperInvoice(ctx.customer.market));
  return blocks;
}

function sms(ctx: Ctx, words: InvoiceWords): SmsPart[] {
  const { facts, fmt } = ctx;
  const direction = directionOf(facts.difference);
  const main = direction === 'same' ? undefined : mainCause(facts);
  const duplicate = causeOf(facts, 'duplicate');
  const estimated = facts.estimatedReading === true || causeOf(facts, 'estimated-reading') !== undefined;
  return [
    words.sms.greeting(ctx.smsName),
    words.sms.amount(direction, fmt.money(facts.amount), fmt.money(Math.abs(facts.difference))),
    main && words.sms.mainCause(words.sms.causeLabel(main.code, direction), fmt.signedMoney(main.amount)),
    duplicate && words.sms.duplicate(optionalMoney(ctx, duplicate.amount)),
    optional(estimated && words.sms.estimated),
    optional(facts.dueDate !== undefined && words.sms.due(fmt.date(facts.dueDate))),
    optional(words.sms.questions),
  ];
}

function localeTemplate(words: InvoiceWords): LocaleTemplate<InvoiceExplanationFacts> {
  return {
    subject: (ctx) => words.subject(directionOf(ctx.facts.difference), ctx.fmt.money(ctx.facts.amount)),
    body: (ctx) => body(ctx, words),
    sms: (ctx) => sms(ctx, words),
  };
}

const TEXTS: Readonly<Record<TemplateLocale, LocaleTemplate<InvoiceExplanationFacts>>> = {
  'nb-NO': localeTemplate(NB),
  'sv-SE': localeTemplate(SV),
  'en-GB': localeTemplate(EN),
};

/** The invoice explanation template. */
export const invoiceExplanation: KindTemplate<typeof InvoiceExplanationFactsSchema> = {
  kind: 'invoice-explanation',
  facts: InvoiceExplanationFactsSchema,
  texts: TEXTS,
};
