/**
 * Monthly electricity invoices with a Nordic seasonal pattern, for tests of invoice explanations: a
 * customer's history and the new invoice to compare with it.
 */
import type { InvoiceIssued } from '#domain/contracts/index.ts';

/** kWh a month of a household using 1,000 kWh in July: January twice July, as in the Nordics. */
export const MONTHLY_KWH = [2000, 1800, 1500, 1200, 1000, 900, 1000, 1000, 1100, 1300, 1600, 1900] as const;

/** The usual consumption of `month` (`YYYY-MM`), scaled by `scale`. */
export function usualKwh(month: string, scale = 1): number {
  return (MONTHLY_KWH[Number(month.slice(5, 7)) - 1] ?? 0) * scale;
}

/** `YYYY-MM` of `month` plus `months` (may be negative). */
export function addMonths(month: string, months: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function lastDay(month: string): string {
  const [year, monthNumber] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return `${month}-${String(new Date(Date.UTC(year, monthNumber, 0)).getUTCDate()).padStart(2, '0')}`;
}

/** What a monthly invoice looks like; everything has a default. */
export interface MonthlyInvoiceOptions {
  customerId?: string;
  productId?: string;
  /** Defaults to `inv-<customerId>-<month>`. */
  invoiceId?: string;
  /** kWh in the month; defaults to {@link usualKwh}. */
  kwh?: number;
  /** NOK per kWh. @default 1 */
  unitPrice?: number;
  /** The monthly fixed charge. @default 49 */
  subscription?: number;
  reading?: 'actual' | 'estimated';
  /** Defaults to the 5th of the next month, 06:00Z. */
  issuedAt?: string;
  /** Defaults to the 20th of the next month. */
  dueDate?: string;
}

/** The invoice of one calendar month (`YYYY-MM`): an energy line and a fixed charge, in NOK. */
export function monthlyInvoice(month: string, options: MonthlyInvoiceOptions = {}): InvoiceIssued {
  const customerId = options.customerId ?? 'c-1001';
  const kwh = options.kwh ?? usualKwh(month);
  const unitPrice = options.unitPrice ?? 1;
  const subscription = options.subscription ?? 49;
  const energy = Math.round(kwh * unitPrice * 100) / 100;
  const next = addMonths(month, 1);
  return {
    invoiceId: options.invoiceId ?? `inv-${customerId}-${month}`,
    customerId,
    productId: options.productId ?? 'p-1',
    currency: 'NOK',
    amount: Math.round((energy + subscription) * 100) / 100,
    issuedAt: options.issuedAt ?? `${next}-05T06:00:00Z`,
    dueDate: options.dueDate ?? `${next}-20`,
    period: { from: `${month}-01`, to: lastDay(month) },
    consumption: { quantity: kwh, unit: 'kWh' },
    reading: options.reading ?? 'actual',
    lines: [
      { kind: 'energy', description: 'Strøm', quantity: kwh, unitPrice, amount: energy },
      { kind: 'subscription', description: 'Fastbeløp', amount: subscription },
    ],
  };
}

/** The usual invoices of the `months` months before `month` (oldest first). */
export function historyBefore(
  month: string,
  months: number,
  options: Omit<MonthlyInvoiceOptions, 'kwh' | 'invoiceId' | 'issuedAt' | 'dueDate'> = {},
): InvoiceIssued[] {
  return Array.from({ length: months }, (_, i) => monthlyInvoice(addMonths(month, i - months), options));
}
