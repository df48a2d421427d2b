/**
 * `invoice-explanation`: an invoice is surprising. What it is, what a usual invoice is, what the
 * difference is made of (consumption, price, fees), and what the customer can do about it, all in the
 * numbers of the facts: not pay a period twice, send a meter reading for an estimated one, spread a high
 * amount, ask about a new charge, and (on paper) get the invoice digitally.
 *
 * Every optional fact here may be missing: older producers send only amounts and causes.
 */
import * as z from 'zod/mini';
import { shortText } from '../domain/contracts/index.ts';
import {
  EXPECTATION_BASES,
  INVOICE_CAUSE_CODES,
  SPLIT_CAUSE_CODES,
  SURPRISE_KINDS,
  type SurpriseKind,
} from '../domain/invoices/types.ts';
import type { Market } from '../domain/messaging/types.ts';
import { type Block, b, type Inline, p, para, type TableRow } from './content.ts';
import { id, isoDate, money, quantity, unit, withCurrency } from './facts.ts';
import type { TemplateLocale } from './locale.ts';
import { optional, quotableInSms, type SmsPart } from './sms.ts';
import type { KindTemplate, LocaleTemplate, TemplateContext } from './template.ts';

// The vocabulary is the invoice domain's: its causes (`SPLIT_CAUSE_CODES` add up to the difference),
// its reasons for explaining an invoice (`SURPRISE_KINDS`) and how it found the usual amount.
type SplitCause = (typeof SPLIT_CAUSE_CODES)[number];

/** How far `amount − expectedAmount` may be from `difference`. */
const DIFFERENCE_TOLERANCE = 0.01;

/** Most new-charge descriptions and earlier invoice ids one cause may carry. */
const MAX_CAUSE_ITEMS = 20;

/** Most names an SMS quotes (new charges, earlier invoices); with more, it names none. */
const MAX_SMS_ITEMS = 2;

/** One cause of the difference; the optional details are shown next to it when present. */
export const InvoiceCauseSchema = z
  .object({
    code: z.enum(INVOICE_CAUSE_CODES),
    /** For `duplicate`, the amount the overlap affects; for `new-charge`, what the new lines cost. */
    amount: z.optional(money),
    /** consumption: this invoice's quantity and the usual one, in `unit`. */
    quantity: z.optional(quantity),
    expectedQuantity: z.optional(quantity),
    unit: z.optional(unit),
    /** price: this invoice's unit price and the usual one (per `unit`). */
    unitPrice: z.optional(money),
    expectedUnitPrice: z.optional(money),
    /** new-charge: the descriptions of the new invoice lines, as billing wrote them (blank ones are not shown). */
    descriptions: z.optional(z.array(shortText).check(z.maxLength(MAX_CAUSE_ITEMS))),
    /** duplicate: the earlier invoices whose periods this one overlaps. */
    invoiceIds: z.optional(z.array(id).check(z.maxLength(MAX_CAUSE_ITEMS))),
  })
  .check(
    z.superRefine((cause, ctx) => {
      if (isSplitCause(cause.code) && cause.amount === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['amount'],
          input: cause.amount,
          message: `is required for a "${cause.code}" cause (a number)`,
        });
      }
    }),
  );
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
    causes: z.array(InvoiceCauseSchema).check(z.maxLength(20)),
    dueDate: z.optional(isoDate),
    period: z.optional(z.object({ from: isoDate, to: isoDate })),
    estimatedReading: z.optional(z.boolean()),
    /** Why the message is sent. Absent from older producers: then the causes and the difference decide. */
    reasons: z.optional(z.array(z.enum(SURPRISE_KINDS)).check(z.maxLength(SURPRISE_KINDS.length * 2))),
    /** How the usual amount was found. */
    basis: z.optional(z.enum(EXPECTATION_BASES)),
  })
  .check(
    z.superRefine((facts, ctx) => {
      const expected = facts.amount - facts.expectedAmount;
      if (Math.abs(expected - facts.difference) > DIFFERENCE_TOLERANCE + 1e-9) {
        ctx.addIssue({
          code: 'custom',
          path: ['difference'],
          input: facts.difference,
          message: `must be amount − expectedAmount (${Number(expected.toFixed(2))}), got ${facts.difference}`,
        });
      }
    }),
  );
/** The facts of an invoice explanation. */
export type InvoiceExplanationFacts = z.output<typeof InvoiceExplanationFactsSchema>;

type Ctx = TemplateContext<InvoiceExplanationFacts>;
type Direction = 'higher' | 'lower' | 'same';

function isSplitCause(code: string): code is SplitCause {
  return (SPLIT_CAUSE_CODES as readonly string[]).includes(code);
}

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
function mainCause(facts: InvoiceExplanationFacts): { code: SplitCause; amount: number } | undefined {
  let main: { code: SplitCause; amount: number } | undefined;
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

/** The words of the invoice explanation in one locale. */
interface InvoiceWords {
  subject(direction: Direction, amount: string, duplicate: boolean): string;
  intro(direction: Direction, invoiceId: string, amount: Inline, difference: Inline, expected: string): Block;
  /** A description of a new charge in quotation marks, as the locale writes them. */
  quote(text: string): string;
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
  /** Don't pay twice: `invoices` lists the earlier invoices (`count` of them) when known. */
  duplicate(amount: string | undefined, invoices: string | undefined, count: number): Block;
  seasonalProfile: Block;
  estimated(amount: string | undefined, dueDate: string | undefined): Block;
  /** `names` lists the new charges (`count` of them) when known. */
  newCharge(names: string | undefined, count: number, amount: string | undefined): Block;
  spread(dueDate: string | undefined): Block;
  action(dueDate: string | undefined, nothingToDo: boolean): Block;
  paperInvoice(market: Market): Block;
  sms: {
    greeting(name: string | null): string;
    amount(direction: Direction, amount: string, difference: string): string;
    duplicate(amount: string | undefined, invoices: string | undefined): string;
    mainCause(label: string, amount: string): string;
    causeLabel(code: SplitCause, direction: Direction): string;
    newCharge(names: string | undefined, count: number, amount: string | undefined): string;
    estimated: string;
    spread(dueDate: string | undefined): string;
    due(date: string): string;
    questions: string;
  };
}

const NB: InvoiceWords = {
  subject: (direction, amount, duplicate) =>
    duplicate
      ? `Fakturaen din på ${amount} gjelder en periode som allerede er fakturert`
      : direction === 'higher'
        ? `Fakturaen din på ${amount} er høyere enn vanlig – her er forklaringen`
        : direction === 'lower'
          ? `Fakturaen din på ${amount} er lavere enn vanlig – her er forklaringen`
          : `Forklaring av fakturaen din på ${amount}`,
  intro: (direction, invoiceId, amount, difference, expected) =>
    direction === 'same'
      ? p`Fakturaen din ${invoiceId} er på ${amount}, omtrent som vanlig for deg (${expected}). Her er det den består av.`
      : p`Fakturaen din ${invoiceId} er på ${amount}. Det er ${difference} ${direction === 'higher' ? 'mer' : 'mindre'} enn en vanlig faktura for deg, som er rundt ${expected}. Her er forklaringen, så du vet hva du betaler for.`,
  quote: (text) => `«${text}»`,
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
  duplicate: (amount, invoices, count) =>
    p`${b('Ikke betal for den samme perioden to ganger.')} Hele eller deler av perioden på denne fakturaen er allerede fakturert${invoices === undefined ? '' : count === 1 ? `, på faktura ${invoices}` : `, på fakturaene ${invoices}`}.${amount === undefined ? '' : ` Det gjelder ${amount} av fakturaen.`} Vi har sagt fra til faktureringsavdelingen vår. Ta kontakt med oss før du betaler, så sørger vi for at du bare betaler én gang.`,
  seasonalProfile: para(
    'Vi har ennå ikke fakturaer fra samme tid i fjor å sammenligne med. Derfor er «vanlig for deg» et anslag: forbruket ditt så langt, justert for årstiden.',
  ),
  estimated: (amount, dueDate) =>
    p`Forbruket på denne fakturaen er stipulert, fordi vi ikke hadde en måleravlesning for hele perioden.${amount === undefined ? '' : ` Stipuleringen utgjør ${amount}.`} ${b('Les av måleren og send oss avlesningen')}${dueDate === undefined ? '' : ` før ${dueDate}`}, så retter vi fakturaen etter det du faktisk har brukt.`,
  newCharge: (names, count, amount) =>
    count > 1
      ? p`Det er nye poster på fakturaen: ${names}${amount === undefined ? '' : ` (til sammen ${amount})`}. De har ikke vært på fakturaene dine før. Nye poster kan komme av en endring i avtalen din, en tjeneste du har bestilt eller nye avgifter. Kjenner du ikke igjen noen av dem, ta kontakt med oss, så ser vi på det.`
      : p`Det er en ny post på fakturaen${names === undefined ? '' : `: ${names}`}${amount === undefined ? '' : ` (${amount})`}. Den har ikke vært på fakturaene dine før. En ny post kan komme av en endring i avtalen din, en tjeneste du har bestilt eller en ny avgift. Kjenner du den ikke igjen, ta kontakt med oss, så ser vi på det.`,
  spread: (dueDate) =>
    p`Er det mye å betale på én gang, kan du dele opp betalingen (delbetaling). Ta kontakt med oss ${dueDate === undefined ? 'før forfallsdatoen' : `før ${dueDate}`}, så avtaler vi en plan.`,
  action: (dueDate, nothingToDo) => {
    const fine = nothingToDo ? 'Stemmer dette, trenger du ikke gjøre noe. ' : '';
    return dueDate === undefined
      ? p`${fine}Lurer du på noe, er det bare å ta kontakt med oss.`
      : p`${fine}Fakturaen forfaller ${b(dueDate)}. Lurer du på noe, er det bare å ta kontakt med oss.`;
  },
  paperInvoice: (market) =>
    para(
      market === 'NO'
        ? 'Du får fakturaen på papir i dag. Med eFaktura kommer den rett i nettbanken, og med AvtaleGiro blir den betalt automatisk på forfallsdatoen. Begge deler bestiller du i nettbanken.'
        : market === 'SE'
          ? 'Du får fakturaen på papir i dag. Med e-faktura kommer den rett i nettbanken, med autogiro blir den betalt automatisk på forfallsdatoen, og du kan også betale med Swish.'
          : 'Du får fakturaen på papir i dag. Med e-faktura kommer den rett i nettbanken, og med automatisk trekk blir den betalt på forfallsdatoen.',
    ),
  sms: {
    greeting: (name) => (name === null ? 'Hei!' : `Hei ${name}!`),
    amount: (direction, amount, difference) =>
      direction === 'same'
        ? `Fakturaen din er på ${amount}, omtrent som vanlig.`
        : `Fakturaen din er på ${amount}, ${difference} ${direction === 'higher' ? 'mer' : 'mindre'} enn vanlig.`,
    duplicate: (amount, invoices) =>
      `Ikke betal samme periode to ganger: ${amount === undefined ? 'fakturaen' : `${amount} av fakturaen`} gjelder en periode som allerede er fakturert${invoices === undefined ? '' : ` (${invoices})`}. Vi har sagt fra til faktureringen. Kontakt oss før du betaler.`,
    mainCause: (label, amount) => `Største årsak: ${label} (${amount}).`,
    causeLabel: (code, direction) => {
      const more = direction === 'higher';
      if (code === 'consumption') return more ? 'høyere forbruk' : 'lavere forbruk';
      if (code === 'price') return more ? 'høyere pris' : 'lavere pris';
      return more ? 'høyere gebyrer' : 'lavere gebyrer';
    },
    newCharge: (names, count, amount) =>
      `${count > 1 ? 'Nye poster' : 'Ny post'} på fakturaen${names === undefined ? '' : `: ${names}`}${amount === undefined ? '' : ` (${amount})`}.`,
    estimated: 'Forbruket er stipulert: send oss en måleravlesning, så retter vi fakturaen.',
    spread: (dueDate) =>
      `Vil du dele opp betalingen? Kontakt oss ${dueDate === undefined ? 'før forfall' : `før ${dueDate}`}.`,
    due: (date) => `Forfall ${date}.`,
    questions: 'Spørsmål? Kontakt oss.',
  },
};

const SV: InvoiceWords = {
  subject: (direction, amount, duplicate) =>
    duplicate
      ? `Din faktura på ${amount} gäller en period som redan är fakturerad`
      : direction === 'higher'
        ? `Din faktura på ${amount} är högre än vanligt – här är förklaringen`
        : direction === 'lower'
          ? `Din faktura på ${amount} är lägre än vanligt – här är förklaringen`
          : `Förklaring av din faktura på ${amount}`,
  intro: (direction, invoiceId, amount, difference, expected) =>
    direction === 'same'
      ? p`Din faktura ${invoiceId} är på ${amount}, ungefär som vanligt för dig (${expected}). Här är vad den består av.`
      : p`Din faktura ${invoiceId} är på ${amount}. Det är ${difference} ${direction === 'higher' ? 'mer' : 'mindre'} än en vanlig faktura för dig, som brukar ligga runt ${expected}. Här är förklaringen, så att du vet vad du betalar för.`,
  quote: (text) => `”${text}”`,
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
  duplicate: (amount, invoices, count) =>
    p`${b('Betala inte för samma period två gånger.')} Hela eller delar av perioden på den här fakturan har redan fakturerats${invoices === undefined ? '' : count === 1 ? `, på faktura ${invoices}` : `, på fakturorna ${invoices}`}.${amount === undefined ? '' : ` Det gäller ${amount} av fakturan.`} Vi har meddelat vår faktureringsavdelning. Kontakta oss innan du betalar, så ser vi till att du bara betalar en gång.`,
  seasonalProfile: para(
    'Vi har ännu inga fakturor från samma tid förra året att jämföra med. Därför är ”vanligt för dig” en uppskattning: din förbrukning hittills, justerad för årstiden.',
  ),
  estimated: (amount, dueDate) =>
    p`Förbrukningen på den här fakturan är uppskattad, eftersom vi inte hade någon mätaravläsning för hela perioden.${amount === undefined ? '' : ` Uppskattningen står för ${amount}.`} ${b('Läs av mätaren och skicka oss mätarställningen')}${dueDate === undefined ? '' : ` före ${dueDate}`}, så rättar vi fakturan efter vad du faktiskt har förbrukat.`,
  newCharge: (names, count, amount) =>
    count > 1
      ? p`Det finns nya poster på fakturan: ${names}${amount === undefined ? '' : ` (totalt ${amount})`}. De har inte funnits på dina fakturor tidigare. Nya poster kan bero på en ändring i ditt avtal, en tjänst du har beställt eller nya avgifter. Känner du inte igen någon av dem är du välkommen att kontakta oss, så tittar vi på det.`
      : p`Det finns en ny post på fakturan${names === undefined ? '' : `: ${names}`}${amount === undefined ? '' : ` (${amount})`}. Den har inte funnits på dina fakturor tidigare. En ny post kan bero på en ändring i ditt avtal, en tjänst du har beställt eller en ny avgift. Känner du inte igen den är du välkommen att kontakta oss, så tittar vi på det.`,
  spread: (dueDate) =>
    p`Är det mycket att betala på en gång kan du dela upp betalningen (avbetalning). Kontakta oss ${dueDate === undefined ? 'före förfallodagen' : `före ${dueDate}`}, så gör vi upp en plan.`,
  action: (dueDate, nothingToDo) => {
    const fine = nothingToDo ? 'Stämmer det här behöver du inte göra något. ' : '';
    return dueDate === undefined
      ? p`${fine}Undrar du något är du välkommen att kontakta oss.`
      : p`${fine}Fakturan förfaller ${b(dueDate)}. Undrar du något är du välkommen att kontakta oss.`;
  },
  paperInvoice: (market) =>
    para(
      market === 'NO'
        ? 'Du får fakturan på papper i dag. Med eFaktura kommer den direkt till din internetbank, och med AvtaleGiro betalas den automatiskt på förfallodagen. Båda ordnar du i internetbanken.'
        : market === 'SE'
          ? 'Du får fakturan på papper i dag. Med e-faktura kommer den direkt till din internetbank, med autogiro betalas den automatiskt på förfallodagen, och du kan också betala med Swish.'
          : 'Du får fakturan på papper i dag. Med e-faktura kommer den direkt till din internetbank, och med automatisk dragning betalas den på förfallodagen.',
    ),
  sms: {
    greeting: (name) => (name === null ? 'Hej!' : `Hej ${name}!`),
    amount: (direction, amount, difference) =>
      direction === 'same'
        ? `Din faktura är på ${amount}, ungefär som vanligt.`
        : `Din faktura är på ${amount}, ${difference} ${direction === 'higher' ? 'mer' : 'mindre'} än vanligt.`,
    duplicate: (amount, invoices) =>
      `Betala inte samma period två gånger: ${amount === undefined ? 'fakturan' : `${amount} av fakturan`} gäller en period som redan är fakturerad${invoices === undefined ? '' : ` (${invoices})`}. Vi har meddelat faktureringen. Kontakta oss innan du betalar.`,
    mainCause: (label, amount) => `Största orsaken: ${label} (${amount}).`,
    causeLabel: (code, direction) => {
      const more = direction === 'higher';
      if (code === 'consumption') return more ? 'högre förbrukning' : 'lägre förbrukning';
      if (code === 'price') return more ? 'högre pris' : 'lägre pris';
      return more ? 'högre avgifter' : 'lägre avgifter';
    },
    newCharge: (names, count, amount) =>
      `${count > 1 ? 'Nya poster' : 'Ny post'} på fakturan${names === undefined ? '' : `: ${names}`}${amount === undefined ? '' : ` (${amount})`}.`,
    estimated: 'Förbrukningen är uppskattad: skicka oss din mätarställning, så rättar vi fakturan.',
    spread: (dueDate) =>
      `Vill du dela upp betalningen? Kontakta oss ${dueDate === undefined ? 'före förfallodagen' : `före ${dueDate}`}.`,
    due: (date) => `Förfaller ${date}.`,
    questions: 'Frågor? Kontakta oss.',
  },
};

const EN: InvoiceWords = {
  subject: (direction, amount, duplicate) =>
    duplicate
      ? `Your invoice of ${amount} covers a period that was already invoiced`
      : direction === 'higher'
        ? `Your invoice of ${amount} is higher than usual – here is why`
        : direction === 'lower'
          ? `Your invoice of ${amount} is lower than usual – here is why`
          : `Your invoice of ${amount}, explained`,
  intro: (direction, invoiceId, amount, difference, expected) =>
    direction === 'same'
      ? p`Your invoice ${invoiceId} is ${amount}, about the same as usual for you (${expected}). Here is what it is made of.`
      : p`Your invoice ${invoiceId} is ${amount}. That is ${difference} ${direction === 'higher' ? 'more' : 'less'} than a usual invoice for you, which is around ${expected}. Here is why, so you know what you are paying for.`,
  quote: (text) => `‘${text}’`,
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
  duplicate: (amount, invoices, count) =>
    p`${b('Please do not pay for the same period twice.')} All or part of the period on this invoice has already been invoiced${invoices === undefined ? '' : count === 1 ? `, on invoice ${invoices}` : `, on invoices ${invoices}`}.${amount === undefined ? '' : ` That is ${amount} of this invoice.`} We have told our billing team. Please contact us before you pay, and we will make sure you only pay once.`,
  seasonalProfile: para(
    'We do not yet have invoices from the same time last year to compare with. So ‘usual for you’ is an estimate: your consumption so far, adjusted for the season.',
  ),
  estimated: (amount, dueDate) =>
    p`The consumption on this invoice is estimated, because we did not have a meter reading for the whole period.${amount === undefined ? '' : ` The estimate accounts for ${amount}.`} ${b('Please read your meter and send us the reading')}${dueDate === undefined ? '' : ` before ${dueDate}`}, and we will correct the invoice to what you actually used.`,
  newCharge: (names, count, amount) =>
    count > 1
      ? p`There are new items on the invoice: ${names}${amount === undefined ? '' : ` (${amount} in total)`}. They have not been on your invoices before. New items can come from a change to your agreement, a service you ordered or new fees. If you do not recognise one of them, please contact us and we will look into it.`
      : p`There is a new item on the invoice${names === undefined ? '' : `: ${names}`}${amount === undefined ? '' : ` (${amount})`}. It has not been on your invoices before. A new item can come from a change to your agreement, a service you ordered or a new fee. If you do not recognise it, please contact us and we will look into it.`,
  spread: (dueDate) =>
    p`If that is a lot to pay at once, you can spread the payment in instalments. Contact us ${dueDate === undefined ? 'before the due date' : `before ${dueDate}`} and we will agree a plan with you.`,
  action: (dueDate, nothingToDo) => {
    const fine = nothingToDo ? 'If this looks right, there is nothing you need to do. ' : '';
    return dueDate === undefined
      ? p`${fine}If you have any questions, just get in touch.`
      : p`${fine}The invoice is due on ${b(dueDate)}. If you have any questions, just get in touch.`;
  },
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
    duplicate: (amount, invoices) =>
      `Please do not pay for the same period twice: ${amount === undefined ? 'this invoice covers' : `${amount} of this invoice covers`} a period already invoiced${invoices === undefined ? '' : ` (${invoices})`}. We have told our billing team. Contact us before you pay.`,
    mainCause: (label, amount) => `Main reason: ${label} (${amount}).`,
    causeLabel: (code, direction) => {
      const more = direction === 'higher';
      if (code === 'consumption') return more ? 'higher consumption' : 'lower consumption';
      if (code === 'price') return more ? 'higher price' : 'lower price';
      return more ? 'higher fees' : 'lower fees';
    },
    newCharge: (names, count, amount) =>
      `${count > 1 ? 'New items' : 'New item'} on the invoice${names === undefined ? '' : `: ${names}`}${amount === undefined ? '' : ` (${amount})`}.`,
    estimated: 'The consumption is estimated: send us a meter reading and we will correct the invoice.',
    spread: (dueDate) =>
      `Want to spread the payment? Contact us ${dueDate === undefined ? 'before the due date' : `before ${dueDate}`}.`,
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
  const blocks: Block[] = [
    words.intro(
      situation.direction,
      facts.invoiceId,
      b(fmt.money(facts.amount)),
      b(fmt.money(Math.abs(facts.difference))),
      fmt.money(facts.expectedAmount),
    ),
  ];
  // Paying a period twice is the one mistake the customer can still avoid: it comes before anything else.
  if (situation.duplicate !== undefined) {
    const { amount, invoiceIds } = situation.duplicate;
    blocks.push(words.duplicate(optionalMoney(ctx, amount), listOf(ctx, invoiceIds), invoiceIds.length));
  }
  blocks.push({ type: 'table', caption: words.summary.caption, rows: summaryRows(ctx, words) });
  if (situation.seasonalProfile) blocks.push(words.seasonalProfile);
  const breakdown = breakdownRows(ctx, words);
  if (breakdown.length > 0) blocks.push({ type: 'table', caption: words.breakdown.caption, rows: breakdown });
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
  return [
    words.sms.greeting(ctx.smsName),
    words.sms.amount(direction, fmt.money(facts.amount), fmt.money(Math.abs(facts.difference))),
    duplicate &&
      words.sms.duplicate(
        optionalMoney(ctx, duplicate.amount),
        smsList(ctx, duplicate.invoiceIds, (text) => text),
      ),
    // With a duplicated period, the split of the difference matters less than not paying it twice.
    duplicate === undefined ? mainSentence : optional(mainSentence),
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
    optional(duplicate === undefined && !situation.spread && words.sms.questions),
  ];
}

function localeTemplate(words: InvoiceWords): LocaleTemplate<InvoiceExplanationFacts> {
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
