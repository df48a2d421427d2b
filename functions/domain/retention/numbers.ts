/**
 * A product's own numbers, which an offer's value is computed from (docs/retention.md "Value"): the
 * price the customer pays from now on, their annual consumption and what they were invoiced in the last
 * twelve months. From the invoices stille stored and the price-change notices it sent. Pure.
 */
import type { Market } from '../contracts/common.ts';
import type { InvoiceIssued } from '../contracts/events.ts';
import { dayNumber } from '../invoices/dates.ts';
import { addMonths } from '../price-changes/calendar.ts';
import { annualConsumption } from '../price-changes/impact.ts';
import type { ProductKind, Segment } from '../price-changes/lead-time.ts';
import type { ProductNumbers } from './offers.ts';
import type { SentWithFacts } from './signals.ts';

/** Average days of a month, to turn an invoice's subscription line into a price per month. */
const DAYS_PER_MONTH = 365.25 / 12;

/** What the numbers of one product are worked out from. */
export interface NumbersInputs {
  productId: string;
  kind: ProductKind;
  market: Market;
  segment: Segment;
  /** The customer's invoices (any product; only this one's count). */
  invoices: readonly InvoiceIssued[];
  /** Messages sent to the customer, with their facts (the price-change notices count). */
  sent: readonly SentWithFacts[];
  /** `YYYY-MM-DD` today on the customer's clock. */
  today: string;
}

/**
 * The product's numbers: the current price of each component (the latest price-change notice about
 * the product, else its latest invoice's line), the annual consumption of a metered product (never a
 * typical one: an offer is valued on the customer's own consumption or not at all), and its invoiced
 * amounts of the twelve months up to today.
 */
export function productNumbers(inputs: NumbersInputs): ProductNumbers {
  const own = inputs.invoices
    .filter((invoice) => invoice.productId === inputs.productId && invoice.period.from <= inputs.today)
    .sort((a, b) => a.issuedAt.localeCompare(b.issuedAt) || a.invoiceId.localeCompare(b.invoiceId));
  const currentPrice: ProductNumbers['currentPrice'] = {};
  const latest = [...own].reverse();
  const energyLine = latest
    .flatMap((invoice) => invoice.lines)
    .find((line) => line.kind === 'energy' && line.unitPrice !== undefined);
  if (energyLine?.unitPrice !== undefined) currentPrice.energy = energyLine.unitPrice;
  for (const invoice of latest) {
    const subscription = invoice.lines.filter((line) => line.kind === 'subscription');
    if (subscription.length === 0) continue;
    const days = dayNumber(invoice.period.to) - dayNumber(invoice.period.from) + 1;
    const amount = subscription.reduce((sum, line) => sum + line.amount, 0);
    currentPrice.subscription = Math.round(((amount * DAYS_PER_MONTH) / Math.max(days, 1)) * 100) / 100;
    break;
  }
  // An announced change overrides what the invoices say: it is the price the customer pays from now on.
  const notices = inputs.sent
    .filter(
      (message) => message.kind === 'price-change-notice' && message.facts.productId === inputs.productId,
    )
    .sort((a, b) => a.sentAt.localeCompare(b.sentAt));
  for (const notice of notices) {
    const { component, newPrice } = notice.facts;
    if ((component === 'energy' || component === 'subscription') && typeof newPrice === 'number') {
      currentPrice[component] = newPrice;
    } else if (component === undefined && typeof newPrice === 'number') {
      currentPrice.energy = newPrice;
    }
  }
  const numbers: ProductNumbers = { currentPrice };
  if (inputs.kind === 'electricity') {
    const consumption = annualConsumption({
      history: own,
      productId: inputs.productId,
      asOf: inputs.today,
      market: inputs.market,
      segment: inputs.segment,
      productKind: inputs.kind,
    });
    if (consumption.basis !== 'typical') numbers.consumption = consumption;
  }
  const from = addMonths(inputs.today, -12);
  const seen = new Set<string>();
  let invoiced = 0;
  let any = false;
  for (const invoice of own) {
    const issuedOn = invoice.issuedAt.slice(0, 10);
    if (issuedOn <= from || issuedOn > inputs.today || seen.has(invoice.invoiceId)) continue;
    seen.add(invoice.invoiceId);
    invoiced += invoice.amount;
    any = true;
  }
  if (any) numbers.invoicedLast12Months = Math.round(invoiced * 100) / 100;
  return numbers;
}
