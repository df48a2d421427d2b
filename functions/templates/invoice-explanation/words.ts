/** What the invoice explanation says, sentence by sentence; each locale's words are an {@link InvoiceWords}. */
import type { SplitCauseCode } from '#domain/invoices/types.ts';
import type { Market } from '#domain/messaging/types.ts';
import type { Block, Inline } from '../content.ts';

/** Whether the invoice is higher or lower than usual, or about the same. */
export type Direction = 'higher' | 'lower' | 'same';

/** The words of the invoice explanation in one locale. */
export interface InvoiceWords {
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
  breakdown: { caption: string; total: string; labels: Readonly<Record<SplitCauseCode, string>> };
  /** `1 650 kWh, usually 1 230 kWh`. */
  usually(now: string, usual: string): string;
  per(unitName: string): string;
  /**
   * Don't pay twice, the first thing the message says: `invoices` lists the earlier invoices (`count` of
   * them) when known; `phone` is customer service's.
   */
  duplicate(amount: string | undefined, invoices: string | undefined, count: number, phone: string): Block;
  /** After the warning, what this invoice is, without comparing it with the usual amount (not the point). */
  duplicateIntro(invoiceId: string, amount: Inline): Block;
  /**
   * The rest of the story when billing sent the invoice twice: the first one, `invoiceId` of `amount`, and
   * how it compares with the usual amount for the period (`difference` in `direction`).
   */
  original(
    invoiceId: string,
    amount: string,
    direction: Direction,
    difference: string,
    expected: string,
  ): Block;
  /** "Usual" is estimated from a short history, scaled by the seasons of customers like them or the national curve. */
  seasonalProfile(likeYou: boolean): Block;
  /** The consumption changed for good in `sinceMonth` (`desember 2026`): "usual" is the new level now. */
  lastingChange(sinceMonth: string): Block;
  /**
   * The price per unit made the invoice higher: this time's `unitPrice` against the `usualPrice` of the
   * season (both with their unit, when known); with `announced`, the notice we sent about it.
   */
  priceRise(
    unitPrice: string | undefined,
    usualPrice: string | undefined,
    announced: { noticeDate: string; effectiveDate: string } | undefined,
  ): Block;
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
    /** A duplicate's amount, with no comparison. */
    duplicateAmount(amount: string): string;
    mainCause(label: string, amount: string): string;
    /** After a higher price: we told them on `noticeDate`. */
    priceAnnounced(noticeDate: string): string;
    causeLabel(code: SplitCauseCode, direction: Direction): string;
    newCharge(names: string | undefined, count: number, amount: string | undefined): string;
    estimated: string;
    spread(dueDate: string | undefined): string;
    due(date: string): string;
    questions: string;
  };
}
