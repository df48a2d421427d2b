/** Renders an invoice explanation from its facts in one locale's words: what to say, in which order. */
import type { SplitCauseCode, SurpriseKind } from '#domain/invoices/types.ts';
import { type Block, b, type TableRow } from '../content.ts';
import { optional, quotableInSms, type SmsPart } from '../sms.ts';
import type { LocaleTemplate, TemplateContext } from '../template.ts';
import { type InvoiceCause, type InvoiceExplanationFacts, isSplitCause } from './facts.ts';
import type { Direction, InvoiceWords } from './words.ts';

type Ctx = TemplateContext<InvoiceExplanationFacts>;

/** Most names an SMS quotes (new charges, earlier invoices); with more, it names none. */
const MAX_SMS_ITEMS = 2;

/** Whether an amount shows as 0.00: such a cause is no part of the explanation. */
function roundsToZero(amount: number): boolean {
  return Math.abs(amount) < 0.005;
}

function directionOf(difference: number): Direction {
  // Below half a cent the invoice is as usual, whatever the rounding of the facts.
  if (roundsToZero(difference)) return 'same';
  return difference > 0 ? 'higher' : 'lower';
}

/** The split cause that explains most of the difference, in its direction. */
function mainCause(facts: InvoiceExplanationFacts): { code: SplitCauseCode; amount: number } | undefined {
  let main: { code: SplitCauseCode; amount: number } | undefined;
  for (const cause of facts.causes) {
    if (!isSplitCause(cause.code) || cause.amount === undefined || roundsToZero(cause.amount)) continue;
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

function hasReason(facts: InvoiceExplanationFacts, reason: SurpriseKind): boolean {
  return facts.reasons?.includes(reason) ?? false;
}

/** Text from billing on one line: a tab or newline in a description is a space in a sentence. */
function oneLine(text: string): string {
  return text.replace(/[\p{Cc}\p{Zl}\p{Zp}\s]+/gu, ' ').trim();
}

/** What the message is about, read from the facts (new shape or old). */
interface Situation {
  direction: Direction;
  /** The period was invoiced already: the customer must not pay it twice. */
  duplicate: { amount: number | undefined; invoiceIds: string[] } | undefined;
  /** The consumption is estimated: the customer is asked for a meter reading. */
  estimated: { amount: number | undefined } | undefined;
  /** Lines the customer never had before. */
  newCharge: { amount: number | undefined; descriptions: string[] } | undefined;
  /** A higher amount than usual: the customer may spread the payment. */
  spread: boolean;
  /** The usual amount is an estimate from a short history adjusted for the season. */
  seasonalProfile: boolean;
}

function situationOf(facts: InvoiceExplanationFacts): Situation {
  const direction = directionOf(facts.difference);
  const duplicateCause = causeOf(facts, 'duplicate');
  const duplicate =
    duplicateCause !== undefined || hasReason(facts, 'duplicate')
      ? { amount: duplicateCause?.amount, invoiceIds: duplicateCause?.invoiceIds ?? [] }
      : undefined;
  const estimatedCause = causeOf(facts, 'estimated-reading');
  const estimated =
    estimatedCause !== undefined || facts.estimatedReading === true || hasReason(facts, 'estimated-reading')
      ? { amount: estimatedCause?.amount }
      : undefined;
  const newChargeCause = causeOf(facts, 'new-charge');
  const newCharge =
    newChargeCause !== undefined || hasReason(facts, 'new-charge')
      ? {
          amount: newChargeCause?.amount,
          descriptions: (newChargeCause?.descriptions ?? []).map(oneLine).filter((text) => text !== ''),
        }
      : undefined;
  // A duplicated period is not to be paid at all, let alone in instalments. Older producers send no
  // reasons and only explained surprising invoices: there a higher amount is the surprise.
  const aboveExpected = facts.reasons === undefined || facts.reasons.includes('above-expected');
  return {
    direction,
    duplicate,
    estimated,
    newCharge,
    spread: duplicate === undefined && direction === 'higher' && aboveExpected,
    seasonalProfile: facts.basis === 'seasonal-profile',
  };
}

/** The invoice in numbers; `usual` adds the usual amount and the difference (not for a duplicate). */
function summaryRows(ctx: Ctx, words: InvoiceWords, usual: boolean): TableRow[] {
  const { facts, fmt } = ctx;
  const rows: TableRow[] = [{ label: words.summary.invoice, value: facts.invoiceId }];
  if (facts.period !== undefined) {
    rows.push({ label: words.summary.period, value: fmt.dateRange(facts.period.from, facts.period.to) });
  }
  rows.push({ label: words.summary.amount, value: fmt.money(facts.amount), emphasis: true });
  if (usual) {
    rows.push(
      { label: words.summary.usual, value: fmt.money(facts.expectedAmount) },
      { label: words.summary.difference, value: fmt.signedMoney(facts.difference) },
    );
  }
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

/** The split causes that moved the amount (a cause of 0.00 explains nothing), and their total. */
function breakdownRows(ctx: Ctx, words: InvoiceWords): TableRow[] {
  const rows: TableRow[] = [];
  for (const cause of ctx.facts.causes) {
    if (!isSplitCause(cause.code) || cause.amount === undefined || roundsToZero(cause.amount)) continue;
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

/** Whether a higher price per unit is part of what the customer is told: it raised the invoice, and it is the main cause or one we announced. */
function priceRaised(facts: InvoiceExplanationFacts): boolean {
  const price = causeOf(facts, 'price');
  if (price?.amount === undefined || price.amount < 0.005) return false;
  return facts.priceNotice !== undefined || mainCause(facts)?.code === 'price';
}

/** The sentence on a higher price: the unit prices in the customer's numbers, and our notice when we sent one. */
function priceRiseOf(ctx: Ctx, words: InvoiceWords): Block | undefined {
  const { facts, fmt } = ctx;
  if (situationOf(facts).duplicate !== undefined || !priceRaised(facts)) return undefined;
  const price = causeOf(facts, 'price');
  const per = price?.unit === undefined ? '' : ` ${words.per(price.unit)}`;
  const unitPrice = price?.unitPrice === undefined ? undefined : `${fmt.price(price.unitPrice)}${per}`;
  const usualPrice =
    price?.expectedUnitPrice === undefined ? undefined : `${fmt.price(price.expectedUnitPrice)}${per}`;
  const notice = facts.priceNotice;
  return words.priceRise(
    unitPrice,
    usualPrice,
    notice === undefined
      ? undefined
      : { noticeDate: fmt.date(notice.noticeDate), effectiveDate: fmt.date(notice.effectiveDate) },
  );
}

function optionalMoney(ctx: Ctx, amount: number | undefined): string | undefined {
  return amount === undefined ? undefined : ctx.fmt.money(Math.abs(amount));
}

function optionalDate(ctx: Ctx): string | undefined {
  return ctx.facts.dueDate === undefined ? undefined : ctx.fmt.date(ctx.facts.dueDate);
}

/** Items as the locale lists them, or undefined when there are none. */
function listOf(ctx: Ctx, items: readonly string[]): string | undefined {
  return items.length === 0 ? undefined : ctx.fmt.list(items);
}

function body(ctx: Ctx, words: InvoiceWords): Block[] {
  const { facts, fmt } = ctx;
  const situation = situationOf(facts);
  const dueDate = optionalDate(ctx);
  const blocks: Block[] = [];
  if (situation.duplicate !== undefined) {
    // Paying a period twice is the one mistake the customer can still avoid: the message leads with what
    // to do, and leaves out the comparison with the usual amount (it is not the point here).
    const { amount, invoiceIds } = situation.duplicate;
    blocks.push(
      words.duplicate(
        optionalMoney(ctx, amount),
        listOf(ctx, invoiceIds),
        invoiceIds.length,
        ctx.sender.phone,
      ),
      words.duplicateIntro(facts.invoiceId, b(fmt.money(facts.amount))),
      { type: 'table', caption: words.summary.caption, rows: summaryRows(ctx, words, false) },
    );
    const { original } = facts;
    if (original !== undefined) {
      blocks.push(
        words.original(
          original.invoiceId,
          fmt.money(original.amount),
          directionOf(original.difference),
          fmt.money(Math.abs(original.difference)),
          fmt.money(original.expectedAmount),
        ),
      );
    }
  } else {
    blocks.push(
      words.intro(
        situation.direction,
        facts.invoiceId,
        b(fmt.money(facts.amount)),
        b(fmt.money(Math.abs(facts.difference))),
        fmt.money(facts.expectedAmount),
      ),
      { type: 'table', caption: words.summary.caption, rows: summaryRows(ctx, words, true) },
    );
    if (facts.lastingChange !== undefined)
      blocks.push(words.lastingChange(fmt.monthOf(facts.lastingChange.since)));
    else if (situation.seasonalProfile)
      blocks.push(words.seasonalProfile(facts.profileSource === 'customers-like-you'));
    const breakdown = breakdownRows(ctx, words);
    if (breakdown.length > 0)
      blocks.push({ type: 'table', caption: words.breakdown.caption, rows: breakdown });
    const priceRise = priceRiseOf(ctx, words);
    if (priceRise !== undefined) blocks.push(priceRise);
  }
  if (situation.estimated !== undefined) {
    blocks.push(words.estimated(optionalMoney(ctx, situation.estimated.amount), dueDate));
  }
  if (situation.newCharge !== undefined) {
    const { amount, descriptions } = situation.newCharge;
    const names = listOf(ctx, descriptions.map(words.quote));
    blocks.push(words.newCharge(names, descriptions.length, optionalMoney(ctx, amount)));
  }
  if (situation.spread) blocks.push(words.spread(dueDate));
  const nothingToDo = situation.duplicate === undefined && situation.estimated === undefined;
  blocks.push(words.action(dueDate, nothingToDo));
  if (ctx.customer.paymentMethod === 'paper-invoice') blocks.push(words.paperInvoice(ctx.customer.market));
  return blocks;
}

/**
 * Names an SMS can quote (ids, new charges): all of them when there are few and each is short and
 * GSM-7, otherwise none (the email has them all).
 */
function smsList(ctx: Ctx, items: readonly string[], quote: (text: string) => string): string | undefined {
  if (items.length === 0 || items.length > MAX_SMS_ITEMS) return undefined;
  const quoted: string[] = [];
  for (const item of items) {
    const quotable = quotableInSms(item);
    if (quotable === null) return undefined;
    quoted.push(quote(quotable));
  }
  return ctx.fmt.list(quoted);
}

function sms(ctx: Ctx, words: InvoiceWords): SmsPart[] {
  const { facts, fmt } = ctx;
  const situation = situationOf(facts);
  const { direction, duplicate, estimated, newCharge } = situation;
  const main = direction === 'same' ? undefined : mainCause(facts);
  const mainSentence =
    main && words.sms.mainCause(words.sms.causeLabel(main.code, direction), fmt.signedMoney(main.amount));
  const dueDate = optionalDate(ctx);
  if (duplicate !== undefined) {
    // What to do first; the amount without the comparison; the split of the difference is not the point.
    return [
      words.sms.greeting(ctx.smsName),
      words.sms.duplicate(
        optionalMoney(ctx, duplicate.amount),
        smsList(ctx, duplicate.invoiceIds, (text) => text),
      ),
      words.sms.duplicateAmount(fmt.money(facts.amount)),
      optional(
        newCharge &&
          words.sms.newCharge(
            smsList(ctx, newCharge.descriptions, (text) => `"${text}"`),
            newCharge.descriptions.length,
            optionalMoney(ctx, newCharge.amount),
          ),
      ),
      estimated && words.sms.estimated,
    ];
  }
  return [
    words.sms.greeting(ctx.smsName),
    words.sms.amount(direction, fmt.money(facts.amount), fmt.money(Math.abs(facts.difference))),
    mainSentence,
    optional(
      facts.priceNotice !== undefined &&
        priceRaised(facts) &&
        words.sms.priceAnnounced(fmt.date(facts.priceNotice.noticeDate)),
    ),
    optional(
      newCharge &&
        words.sms.newCharge(
          smsList(ctx, newCharge.descriptions, (text) => `"${text}"`),
          newCharge.descriptions.length,
          optionalMoney(ctx, newCharge.amount),
        ),
    ),
    estimated && words.sms.estimated,
    optional(situation.spread ? words.sms.spread(dueDate) : dueDate !== undefined && words.sms.due(dueDate)),
    optional(!situation.spread && words.sms.questions),
  ];
}

/** The template of one locale: its words, rendered from the facts. */
export function localeTemplate(words: InvoiceWords): LocaleTemplate<InvoiceExplanationFacts> {
  return {
    subject: (ctx) => {
      const situation = situationOf(ctx.facts);
      return words.subject(
        situation.direction,
        ctx.fmt.money(ctx.facts.amount),
        situation.duplicate !== undefined,
      );
    },
    body: (ctx) => body(ctx, words),
    sms: (ctx) => sms(ctx, words),
  };
}
