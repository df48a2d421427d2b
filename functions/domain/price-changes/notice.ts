/**
 * One customer's price-change notice: whether they are affected, their own effective date, and the
 * facts of the message (docs/contracts.md, `price-change-notice`). Pure: time and data are arguments.
 */
import type { QuietHours } from '../config/markets.ts';
import { localTimeParts, quietHoursEnd } from '../contact-policy/index.ts';
import {
  type CustomerUpserted,
  DETAIL_TYPE,
  type InvoiceIssued,
  type Market,
  type MessageRequest,
  type PriceChangeAnnounced,
} from '../contracts/index.ts';
import { addDays } from './calendar.ts';
import { annualConsumption, personalImpact } from './impact.ts';
import {
  customerEffectiveDate,
  governingRule,
  type NoticeRule,
  noticeRulesFor,
  type Segment,
} from './lead-time.ts';
import type { LeadTimeSetting } from './settings.ts';

/** What the notice needs to know of the customer (the stored profile, or the market's defaults). */
export interface NoticeCustomer {
  customerId: string;
  market: Market;
  segment: Segment;
  timeZone: string;
  products: ReadonlyArray<
    Pick<CustomerUpserted['products'][number], 'productId' | 'kind' | 'tariffId' | 'contract'>
  >;
}

/** Why a customer found on the tariff gets no notice. */
export type NotAffectedReason =
  /** The product is no longer on the customer's profile. */
  | 'product-gone'
  /** The product is on another tariff now. */
  | 'other-tariff'
  /** A fixed-term contract: its price is fixed until the binding ends. */
  | 'fixed-term'
  /** The new price is the old one: there is nothing to tell. */
  | 'price-unchanged';

/** Whether an announcement changes the price at all (prices compared to a millionth, their precision). */
export function changesPrice(change: Pick<PriceChangeAnnounced, 'oldPrice' | 'newPrice'>): boolean {
  return Math.round(change.oldPrice * 1e6) !== Math.round(change.newPrice * 1e6);
}

/** The `Message Requested` detail of a price-change notice. */
export interface PriceChangeNoticeRequest extends MessageRequest {
  kind: 'price-change-notice';
  customerId: string;
  trigger: { detailType: typeof DETAIL_TYPE.priceChangeAnnounced; id: string };
  /** One notice per customer product: a customer with two meters on the tariff gets one for each. */
  dedupeKey: string;
  facts: Record<string, unknown>;
}

/** A customer's notice, or why there is none. */
export type CustomerNotice =
  | {
      affected: true;
      request: PriceChangeNoticeRequest;
      /** When the new price applies to this customer. */
      effectiveDate: string;
      /** The announced date was too soon for this customer and was moved. */
      moved: boolean;
    }
  | { affected: false; reason: NotAffectedReason };

/**
 * The date a notice reaches the customer: their local date now, or, during SMS quiet hours (when an SMS
 * waits for the morning), the local date the quiet hours end. Counting from then means the lead time holds
 * whichever channel the send gate picks.
 */
export function noticeDate(now: Date, timeZone: string, quietHours: QuietHours): string {
  const reachable = quietHoursEnd(now, timeZone, quietHours);
  const { year, month, day } = localTimeParts(reachable, timeZone);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The notice of `change` for one product of one customer: not affected unless the product is still on
 * the tariff with an open-ended contract; otherwise the customer's effective date (the later of the
 * announced date and the notice date plus the lead time for their market, segment and product kind), and
 * the facts: prices, dates, the personal impact from their invoices, alternatives, reasons and the right
 * to terminate.
 */
export function customerNotice(input: {
  change: PriceChangeAnnounced;
  customer: NoticeCustomer;
  productId: string;
  /** The customer's stored invoices (any product; only this product's count). */
  history: readonly InvoiceIssued[];
  now: Date;
  quietHours: QuietHours;
  /** Longer lead times of the provider's own for the customer's market (MARKETS_CONFIG). */
  ownLeadTimes?: readonly LeadTimeSetting[];
}): CustomerNotice {
  const { change, customer, productId } = input;
  if (!changesPrice(change)) return { affected: false, reason: 'price-unchanged' };
  const product = customer.products.find((candidate) => candidate.productId === productId);
  if (product === undefined) return { affected: false, reason: 'product-gone' };
  if (product.tariffId !== change.tariffId) return { affected: false, reason: 'other-tariff' };
  if (product.contract !== 'open-ended') return { affected: false, reason: 'fixed-term' };

  const notified = noticeDate(input.now, customer.timeZone, input.quietHours);
  const rule = governingRule(
    notified,
    noticeRulesFor(customer.market, customer.segment, product.kind, input.ownLeadTimes),
  );
  const dates = customerEffectiveDate(change.effectiveDate, notified, rule);
  const consumption =
    change.component === 'energy'
      ? annualConsumption({
          history: input.history,
          productId,
          asOf: addDays(notified, -1),
          market: customer.market,
          segment: customer.segment,
          productKind: product.kind,
        })
      : undefined;
  const impact = personalImpact(change, consumption);
  const facts = {
    priceChangeId: change.priceChangeId,
    productId,
    tariffId: change.tariffId,
    currency: change.currency,
    component: change.component,
    oldPrice: change.oldPrice,
    newPrice: change.newPrice,
    effectiveDate: dates.effectiveDate,
    announcedEffectiveDate: change.effectiveDate,
    effectiveDateMoved: dates.moved,
    noticeDate: notified,
    noticeDays: dates.noticeDays,
    leadTime: leadTimeFact(rule),
    ...impact,
    // Open-ended customers may leave when the price goes up (Directive (EU) 2019/944 art. 10(4), EECC
    // art. 105(4)); a change only to their benefit gives no such right.
    terminationRight: change.newPrice > change.oldPrice,
    reasons: change.reasons,
  };
  return {
    affected: true,
    effectiveDate: dates.effectiveDate,
    moved: dates.moved,
    request: {
      kind: 'price-change-notice',
      customerId: customer.customerId,
      trigger: { detailType: DETAIL_TYPE.priceChangeAnnounced, id: change.priceChangeId },
      dedupeKey: `price-change-notice#${change.priceChangeId}#${customer.customerId}#${productId}`,
      facts,
    },
  };
}

function leadTimeFact(rule: NoticeRule): { amount: number; unit: NoticeRule['unit']; source: string } {
  return { amount: rule.amount, unit: rule.unit, source: rule.source };
}
