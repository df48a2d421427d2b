import { daysInMonth } from '#domain/invoices/dates.ts';
import type { InvoiceIssued } from '#domain/invoices/index.ts';
import { addMonths } from '../../helpers/invoice-history.ts';

/** Norwegian monthly household shape used to make seasonal test histories (January first). */
export const WINTER_HEAVY = [1.4, 1.28, 1.16, 0.95, 0.8, 0.69, 0.66, 0.71, 0.82, 0.98, 1.18, 1.37];

export interface MonthlyInvoiceOptions {
  customerId?: string;
  productId?: string;
  /** The month billed, `YYYY-MM`. */
  month: string;
  quantity: number;
  unitPrice?: number;
  gridPrice?: number;
  subscription?: number;
  extraLines?: InvoiceIssued['lines'];
  reading?: 'actual' | 'estimated';
  invoiceId?: string;
  period?: { from: string; to: string };
  metered?: boolean;
}

const cents = (n: number) => Math.round(n * 100);

/** A monthly electricity invoice whose lines add up to its amount to the cent. */
export function monthlyInvoice(options: MonthlyInvoiceOptions): InvoiceIssued {
  const [year, month] = options.month.split('-').map(Number) as [number, number];
  const period = options.period ?? {
    from: `${options.month}-01`,
    to: `${options.month}-${String(daysInMonth(year, month)).padStart(2, '0')}`,
  };
  const unitPrice = options.unitPrice ?? 0.9;
  const gridPrice = options.gridPrice ?? 0.35;
  const metered = options.metered ?? true;
  const lines: InvoiceIssued['lines'] = metered
    ? [
        {
          kind: 'energy',
          description: `Strøm ${options.month}`,
          quantity: options.quantity,
          unitPrice,
          amount: cents(options.quantity * unitPrice) / 100,
        },
        {
          kind: 'grid',
          description: 'Nettleie',
          quantity: options.quantity,
          unitPrice: gridPrice,
          amount: cents(options.quantity * gridPrice) / 100,
        },
        { kind: 'subscription', description: 'Fastbeløp', amount: options.subscription ?? 49 },
      ]
    : [{ kind: 'subscription', description: 'Fiber 500', amount: options.subscription ?? 599 }];
  lines.push(...(options.extraLines ?? []));
  const amount = lines.reduce((sum, line) => sum + cents(line.amount), 0) / 100;
  const next = addMonths(options.month, 1);
  return {
    invoiceId: options.invoiceId ?? `inv-${options.month}-${options.customerId ?? 'c-1'}`,
    customerId: options.customerId ?? 'c-1',
    productId: options.productId ?? 'p-1',
    currency: 'NOK',
    amount,
    issuedAt: `${next}-05T06:00:00Z`,
    dueDate: `${next}-20`,
    period,
    ...(metered ? { consumption: { quantity: options.quantity, unit: 'kWh' } } : {}),
    reading: options.reading ?? 'actual',
    lines,
  };
}

/** `YYYY-MM` months from `first`, `count` of them. */
export function months(first: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addMonths(first, i));
}

/** Monthly invoices over `count` months from `first`, consumption `annual / 12 × shape`. */
export function seasonalHistory(
  first: string,
  count: number,
  annual: number,
  shape = WINTER_HEAVY,
): InvoiceIssued[] {
  return months(first, count).map((month) => {
    const m = Number(month.slice(5, 7));
    return monthlyInvoice({ month, quantity: Math.round((annual / 12) * (shape[m - 1] ?? 1)) });
  });
}
