import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it } from 'vitest';
import type { CustomerRecord, ProfileSample, Repositories } from '#adapters/dynamo/index.ts';
import type { SentFacts } from '#adapters/dynamo/messages/reads.ts';
import type { EventPublisher } from '#adapters/event-publisher.ts';
import { DEFAULT_MARKETS_CONFIG, type MarketsConfig, parseMarketsConfig } from '#domain/config/markets.ts';
import type { Alert, CustomerUpserted, InvoiceIssued } from '#domain/contracts/index.ts';
import { TransientError } from '#domain/errors.ts';
import {
  byPeriod,
  explainCustomerInvoices,
  explainStoredInvoice,
  type InvoiceExplanationContext,
  isPastDue,
} from '#handlers/common/invoice-explanations.ts';
import { fixedClock } from '../../helpers/deps.ts';
import { customerUpserted } from '../../helpers/events.ts';
import { historyBefore, monthlyInvoice } from '../../helpers/invoice-history.ts';

/** Issued 2027-02-05, due 2027-02-20: the clock stands on the day it was issued. */
const ISSUED = '2027-02-05T08:00:00Z';

function customerRecord(detail: CustomerUpserted): CustomerRecord {
  const { products, ...profile } = detail;
  return {
    ...profile,
    updatedAt: '2027-01-01T00:00:00Z',
    products: products.map((product) => ({ ...product, customerId: detail.customerId })),
    optOuts: [],
  };
}

/** In-memory customers, invoices and sent price-change notices, counting the reads. */
function store(customers: CustomerUpserted[], invoices: InvoiceIssued[], notices: SentFacts[] = []) {
  const reads = { customers: 0, history: 0, notices: 0 };
  const samples = new Map<string, ProfileSample & { profileKey: string }>();
  const repositories = {
    customers: {
      get: async (customerId: string) => {
        reads.customers += 1;
        const found = customers.find((c) => c.customerId === customerId);
        return found && customerRecord(found);
      },
    },
    invoices: {
      history: async (customerId: string) => {
        reads.history += 1;
        return invoices.filter((invoice) => invoice.customerId === customerId);
      },
    },
    messages: {
      sentFacts: async (_customerId: string, kind: string, since: Date) => {
        reads.notices += 1;
        return kind === 'price-change-notice'
          ? notices.filter((sent) => sent.sentAt >= since.toISOString())
          : [];
      },
    },
    seasonalProfiles: {
      putSample: async (profileKey: string, sample: ProfileSample) => {
        samples.set(`${profileKey}|${sample.productId}`, { profileKey, ...sample });
      },
      samples: async (profileKey: string) => [...samples.values()].filter((s) => s.profileKey === profileKey),
    },
  } as unknown as Pick<Repositories, 'customers' | 'invoices' | 'messages' | 'seasonalProfiles'>;
  return { repositories, reads, samples };
}

/** A publisher that keeps what it was asked to publish; `failOn` makes that detail-type fail. */
function recordingPublisher(failOn?: string) {
  const published: { detailType: string; detail: Record<string, unknown> }[] = [];
  const publish = async (detailType: string, detail: Record<string, unknown>) => {
    if (detailType === failOn) throw new TransientError(`PutEvents ${detailType} failed`);
    published.push({ detailType, detail });
    return `evt-${published.length}`;
  };
  const publisher: EventPublisher = {
    publish,
    requestMessage: (request) => publish('Message Requested', { ...request }),
    requestMessages: async (requests) => {
      for (const request of requests) await publish('Message Requested', { ...request });
    },
    alert: (alert: Alert) => publish('Stille Alert', alert),
  };
  return {
    publisher,
    requests: () => published.filter((p) => p.detailType === 'Message Requested').map((p) => p.detail),
    alerts: () => published.filter((p) => p.detailType === 'Stille Alert').map((p) => p.detail),
  };
}

function context(
  repositories: InvoiceExplanationContext['repositories'],
  publisher: EventPublisher,
  options: { now?: string; config?: MarketsConfig } = {},
): InvoiceExplanationContext {
  return {
    repositories,
    publisher,
    config: options.config ?? DEFAULT_MARKETS_CONFIG,
    clock: fixedClock(options.now ?? ISSUED),
    logger: new Logger({ logLevel: 'SILENT' }),
  };
}

const kari = customerUpserted({ customerId: 'c-1001' });
const history = historyBefore('2027-01', 13);

describe('explainStoredInvoice', () => {
  it('requests an explanation of an invoice 60 % above the same month last year', async () => {
    const invoice = monthlyInvoice('2027-01', { kwh: 3200 });
    const { repositories } = store([kari], [...history, invoice]);
    const bus = recordingPublisher();

    const outcome = await explainStoredInvoice(context(repositories, bus.publisher), invoice);

    expect(outcome).toEqual({
      invoiceId: invoice.invoiceId,
      explained: true,
      reasons: ['above-expected'],
      duplicate: false,
      pastDue: false,
    });
    const [request] = bus.requests();
    expect(bus.requests()).toHaveLength(1);
    expect(request).toMatchObject({
      kind: 'invoice-explanation',
      customerId: 'c-1001',
      trigger: { detailType: 'Invoice Issued', id: invoice.invoiceId },
      facts: { invoiceId: invoice.invoiceId, amount: 3249, expectedAmount: 2049, difference: 1200 },
    });
    expect(bus.alerts()).toEqual([]);
  });

  it('explains a price spike, naming the price-change notice sent for the product when it took effect in the period', async () => {
    // The usual January consumption, the energy price up from 1.00 to 1.80 per kWh from 1 January.
    const invoice = monthlyInvoice('2027-01', { unitPrice: 1.8 });
    const notice: SentFacts = {
      sentAt: '2026-11-20T09:00:00Z',
      facts: { productId: 'p-1', tariffId: 'el-spot', effectiveDate: '2027-01-01', noticeDate: '2026-11-20' },
    };
    const older: SentFacts = {
      sentAt: '2026-03-01T09:00:00Z',
      facts: { productId: 'p-1', effectiveDate: '2026-04-01' },
    };
    const { repositories } = store([kari], [...history, invoice], [older, notice]);
    const bus = recordingPublisher();

    const outcome = await explainStoredInvoice(context(repositories, bus.publisher), invoice);

    expect(outcome.explained).toBe(true);
    expect(outcome.reasons).toEqual(['above-expected']);
    const [request] = bus.requests();
    expect(request?.facts).toMatchObject({
      priceNotice: { noticeDate: '2026-11-20', effectiveDate: '2027-01-01' },
    });
    const facts = request?.facts as { causes: { code: string; amount: number }[] };
    expect(facts.causes.find((cause) => cause.code === 'price')?.amount).toBeGreaterThan(0);
  });

  it('leaves a January invoice twice July’s alone when last January was the same', async () => {
    const invoice = monthlyInvoice('2027-01');
    const july = history.find((h) => h.period.from === '2026-07-01');
    expect(invoice.amount).toBeGreaterThan(1.9 * (july?.amount ?? 0));
    const { repositories } = store([kari], [...history, invoice]);
    const bus = recordingPublisher();

    const outcome = await explainStoredInvoice(context(repositories, bus.publisher), invoice);

    expect(outcome).toMatchObject({ explained: false, reasons: [], duplicate: false, pastDue: false });
    expect(bus.requests()).toEqual([]);
    expect(bus.alerts()).toEqual([]);
  });

  it('reads no price-change notices for an invoice it does not explain, and one read for several it does', async () => {
    const notice: SentFacts = {
      sentAt: '2026-11-20T09:00:00Z',
      facts: { productId: 'p-1', effectiveDate: '2027-01-01', noticeDate: '2026-11-20' },
    };
    const usual = monthlyInvoice('2027-01');
    const quiet = store([kari], [...history, usual], [notice]);
    await explainStoredInvoice(context(quiet.repositories, recordingPublisher().publisher), usual);
    expect(quiet.reads).toEqual({ customers: 1, history: 1, notices: 0 });

    const january = monthlyInvoice('2027-01', { unitPrice: 1.8 });
    const february = monthlyInvoice('2027-02', { kwh: 5200, unitPrice: 1.8 });
    const busy = store([kari], [...history, january, february], [notice]);
    const bus = recordingPublisher();
    const outcomes = await explainCustomerInvoices(context(busy.repositories, bus.publisher), 'c-1001', [
      january,
      february,
    ]);
    expect(outcomes.map((o) => o.explained)).toEqual([true, true]);
    expect(busy.reads).toEqual({ customers: 1, history: 1, notices: 1 });
    expect(bus.requests()[0]?.facts).toMatchObject({
      priceNotice: { noticeDate: '2026-11-20', effectiveDate: '2027-01-01' },
    });
  });

  it('alerts billing and explains an invoice for a period already invoiced', async () => {
    const first = monthlyInvoice('2027-01');
    const again = monthlyInvoice('2027-01', { invoiceId: 'inv-again', issuedAt: '2027-02-05T07:00:00Z' });
    const { repositories } = store([kari], [...history, first, again]);
    const bus = recordingPublisher();

    const outcome = await explainStoredInvoice(context(repositories, bus.publisher), again);

    expect(outcome).toMatchObject({ explained: true, duplicate: true, pastDue: false });
    expect(outcome.reasons).toContain('duplicate');
    expect(bus.requests().map((r) => (r.trigger as { id: string }).id)).toEqual(['inv-again']);
    expect(bus.alerts()).toEqual([
      expect.objectContaining({
        kind: 'duplicate-invoice',
        at: '2027-02-05T08:00:00.000Z',
        customerId: 'c-1001',
        productId: 'p-1',
        invoiceId: 'inv-again',
        period: again.period,
        duplicates: [{ invoiceId: first.invoiceId, period: first.period, amount: first.amount }],
      }),
    ]);
  });

  it('does not call the first of two overlapping invoices a duplicate', async () => {
    const first = monthlyInvoice('2027-01');
    const again = monthlyInvoice('2027-01', { invoiceId: 'inv-again', issuedAt: '2027-02-06T07:00:00Z' });
    const { repositories } = store([kari], [...history, first, again]);
    const bus = recordingPublisher();

    const outcome = await explainStoredInvoice(context(repositories, bus.publisher), first);

    expect(outcome).toMatchObject({ explained: false, duplicate: false });
    expect(bus.alerts()).toEqual([]);
  });

  it('skips the message once the due date has passed, but still alerts billing of a duplicate', async () => {
    const first = monthlyInvoice('2027-01');
    const again = monthlyInvoice('2027-01', { invoiceId: 'inv-late', kwh: 3200 });
    const { repositories } = store([kari], [...history, first, again]);
    const bus = recordingPublisher();

    const outcome = await explainStoredInvoice(
      context(repositories, bus.publisher, { now: '2027-02-21T08:00:00Z' }),
      again,
    );

    expect(outcome).toMatchObject({ explained: false, duplicate: true, pastDue: true });
    expect(outcome.reasons).toEqual(expect.arrayContaining(['duplicate', 'above-expected']));
    expect(bus.requests()).toEqual([]);
    expect(bus.alerts().map((a) => a.invoiceId)).toEqual(['inv-late']);
  });

  it('does not count an invoice that needs no explanation as past due', async () => {
    const invoice = monthlyInvoice('2027-01');
    const { repositories } = store([kari], [...history, invoice]);
    const bus = recordingPublisher();

    const outcome = await explainStoredInvoice(
      context(repositories, bus.publisher, { now: '2027-03-01T08:00:00Z' }),
      invoice,
    );

    expect(outcome).toMatchObject({ explained: false, pastDue: false });
  });

  it('takes the market of an unknown customer from the currency, and still requests and alerts', async () => {
    const sek = (invoice: InvoiceIssued): InvoiceIssued => ({
      ...invoice,
      customerId: 'c-gone',
      currency: 'SEK',
    });
    const old = historyBefore('2027-01', 13, { customerId: 'c-gone' }).map(sek);
    const first = sek(monthlyInvoice('2027-01', { customerId: 'c-gone' }));
    const again = sek(monthlyInvoice('2027-01', { customerId: 'c-gone', invoiceId: 'inv-x', kwh: 3200 }));
    const { repositories } = store([], [...old, first, again]);
    const strictSweden = parseMarketsConfig({
      ...DEFAULT_MARKETS_CONFIG,
      markets: {
        ...DEFAULT_MARKETS_CONFIG.markets,
        SE: { ...DEFAULT_MARKETS_CONFIG.markets.SE, invoiceExplanation: { surpriseRatio: 2 } },
      },
    });

    const byDefault = recordingPublisher();
    const outcome = await explainStoredInvoice(context(repositories, byDefault.publisher), again);
    expect(outcome.reasons).toEqual(['duplicate', 'above-expected']);
    expect(byDefault.requests()).toHaveLength(1);
    expect(byDefault.alerts()).toHaveLength(1);

    // 3,249 is 1.59 × 2,049: below Sweden's stricter ratio, so only the duplicate remains a reason.
    const inSweden = recordingPublisher();
    const swedish = await explainStoredInvoice(
      context(repositories, inSweden.publisher, { config: strictSweden }),
      again,
    );
    expect(swedish.reasons).toEqual(['duplicate']);
  });

  it('fails (so the workflow retries) when the request cannot be published, before alerting', async () => {
    const first = monthlyInvoice('2027-01');
    const again = monthlyInvoice('2027-01', { invoiceId: 'inv-again', issuedAt: '2027-02-05T07:00:00Z' });
    const { repositories } = store([kari], [...history, first, again]);
    const bus = recordingPublisher('Message Requested');

    await expect(explainStoredInvoice(context(repositories, bus.publisher), again)).rejects.toBeInstanceOf(
      TransientError,
    );
    expect(bus.alerts()).toEqual([]);
  });
});

describe('explainCustomerInvoices', () => {
  it('reads the customer and the history once, and explains in billing-period order', async () => {
    // January's rise is explained; February is surprising even against January's new level.
    const february = monthlyInvoice('2027-02', { kwh: 5200 });
    const january = monthlyInvoice('2027-01', { kwh: 3200 });
    const { repositories, reads } = store([kari], [...history, january, february]);
    const bus = recordingPublisher();

    const outcomes = await explainCustomerInvoices(context(repositories, bus.publisher), 'c-1001', [
      february,
      january,
    ]);

    expect(outcomes.map((o) => [o.invoiceId, o.explained])).toEqual([
      [january.invoiceId, true],
      [february.invoiceId, true],
    ]);
    expect(bus.requests().map((r) => (r.trigger as { id: string }).id)).toEqual([
      january.invoiceId,
      february.invoiceId,
    ]);
    expect(reads).toEqual({ customers: 1, history: 1, notices: 1 });
  });

  it('sends one message that tells the whole story when billing sent an invoice twice', async () => {
    // January 60 % above usual, issued on the 5th; billing sends the same invoice again an hour later.
    const original = monthlyInvoice('2027-01', { kwh: 3200 });
    const copy = { ...original, invoiceId: `${original.invoiceId}-2`, issuedAt: '2027-02-05T07:00:00Z' };
    const { repositories } = store([kari], [...history, original, copy]);
    const bus = recordingPublisher();

    const outcomes = await explainCustomerInvoices(context(repositories, bus.publisher), 'c-1001', [
      original,
      copy,
    ]);

    expect(outcomes.map((o) => [o.invoiceId, o.explained, o.foldedInto])).toEqual([
      [original.invoiceId, false, copy.invoiceId],
      [copy.invoiceId, true, undefined],
    ]);
    // One e-mail, not "higher than usual" for the original and "do not pay twice" for the copy.
    expect(bus.requests()).toHaveLength(1);
    const [request] = bus.requests();
    expect(request?.trigger).toEqual({ detailType: 'Invoice Issued', id: copy.invoiceId });
    expect(request?.facts).toMatchObject({
      reasons: expect.arrayContaining(['duplicate']),
      original: { invoiceId: original.invoiceId, amount: 3249, expectedAmount: 2049, difference: 1200 },
    });
    expect(bus.alerts()).toHaveLength(1);
  });

  it('still explains the original when the copy is past its due date (the copy would get no message)', async () => {
    const original = monthlyInvoice('2027-01', { kwh: 3200 });
    const copy = {
      ...original,
      invoiceId: `${original.invoiceId}-2`,
      issuedAt: '2027-02-05T07:00:00Z',
      dueDate: '2027-02-01',
    };
    const { repositories } = store([kari], [...history, original, copy]);
    const bus = recordingPublisher();
    const [outcome] = await explainCustomerInvoices(context(repositories, bus.publisher), 'c-1001', [
      original,
    ]);
    expect(outcome).toMatchObject({ explained: true });
    expect(outcome?.foldedInto).toBeUndefined();
  });

  it('reads nothing for no invoices, and refuses an invoice of another customer', async () => {
    const { repositories, reads } = store([kari], history);
    const bus = recordingPublisher();
    const ctx = context(repositories, bus.publisher);

    expect(await explainCustomerInvoices(ctx, 'c-1001', [])).toEqual([]);
    expect(reads).toEqual({ customers: 0, history: 0, notices: 0 });
    await expect(
      explainCustomerInvoices(ctx, 'c-1001', [monthlyInvoice('2027-01', { customerId: 'c-2' })]),
    ).rejects.toThrow(/not an invoice of customer c-1001/);
  });
});

describe('byPeriod', () => {
  it('orders by period start, then issue time, then id', () => {
    const a = monthlyInvoice('2027-01', { invoiceId: 'b', issuedAt: '2027-02-05T06:00:00Z' });
    const b = monthlyInvoice('2027-01', { invoiceId: 'a', issuedAt: '2027-02-05T07:00:00Z' });
    const c = monthlyInvoice('2027-01', { invoiceId: 'c', issuedAt: '2027-02-05T07:00:00Z' });
    const d = monthlyInvoice('2026-12', { invoiceId: 'z' });
    expect([c, b, a, d].sort(byPeriod).map((i) => i.invoiceId)).toEqual(['z', 'b', 'a', 'c']);
  });
});

describe('isPastDue', () => {
  it('is false on the due date and true the day after, on the customer’s calendar', () => {
    expect(isPastDue('2027-02-20', new Date('2027-02-20T22:30:00Z'), 'Atlantic/Reykjavik', 'NO')).toBe(false);
    // 23:30Z on the 20th is already the 21st in Oslo.
    expect(isPastDue('2027-02-20', new Date('2027-02-20T23:30:00Z'), 'Europe/Oslo', 'NO')).toBe(true);
    expect(isPastDue('2027-02-20', new Date('2027-02-20T23:30:00Z'), 'Atlantic/Reykjavik', 'NO')).toBe(false);
  });

  it('uses the market’s time zone when the customer’s is unknown or unusable', () => {
    const justAfterMidnightInHelsinki = new Date('2027-02-20T22:30:00Z');
    expect(isPastDue('2027-02-20', justAfterMidnightInHelsinki, undefined, 'FI')).toBe(true);
    expect(isPastDue('2027-02-20', justAfterMidnightInHelsinki, 'Not/AZone', 'FI')).toBe(true);
    expect(isPastDue('2027-02-20', justAfterMidnightInHelsinki, undefined, 'NO')).toBe(false);
  });
});

describe('new customers are compared with customers like them', () => {
  /** Per-day consumption of a home heated by electricity, by month: January four times July. */
  const HEATED = [2.0, 1.8, 1.4, 1.0, 0.7, 0.5, 0.5, 0.55, 0.75, 1.0, 1.4, 1.8];
  const days = (month: string) =>
    new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
  const heatedKwh = (month: string, perDay = 40) =>
    Math.round(perDay * (HEATED[Number(month.slice(5, 7)) - 1] ?? 1) * days(month));
  const months = (first: string, count: number) =>
    Array.from({ length: count }, (_, i) => {
      const index = Number(first.slice(0, 4)) * 12 + Number(first.slice(5, 7)) - 1 + i;
      return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
    });
  /** Moved in in June 2026: six summer and autumn months, then a January. */
  const newcomer = customerUpserted({ customerId: 'c-new' });
  const summer = months('2026-06', 6).map((month) =>
    monthlyInvoice(month, { customerId: 'c-new', kwh: heatedKwh(month) }),
  );
  const january = monthlyInvoice('2027-01', { customerId: 'c-new', kwh: heatedKwh('2027-01') });

  /** Forty customers of the same product with a full year, each a little different (one an outlier). */
  async function learnFromFortyHomes(repositories: InvoiceExplanationContext['repositories']) {
    for (let i = 0; i < 40; i++) {
      const wobble = i === 0 ? 3 : 1 + ((i % 5) - 2) / 50;
      const shape = HEATED.map((w, m) => (m === 6 ? w * wobble : w));
      await repositories.seasonalProfiles.putSample('NO#electricity', {
        productId: `p-home-${i}`,
        shape,
        updatedAt: '2027-01-01T00:00:00Z',
      });
    }
  }

  it('does not call a heated home’s first January surprising when customers like them use that much', async () => {
    const { repositories } = store([newcomer], [...summer, january]);
    await learnFromFortyHomes(repositories);
    const bus = recordingPublisher();
    const outcome = await explainStoredInvoice(context(repositories, bus.publisher), january);
    expect(outcome.explained).toBe(false);

    // The facts say the expectation rests on customers like them.
    const spike = monthlyInvoice('2027-01', {
      customerId: 'c-new',
      kwh: Math.round(heatedKwh('2027-01') * 1.8),
    });
    const spiky = store([newcomer], [...summer, spike]);
    await learnFromFortyHomes(spiky.repositories);
    const spikeBus = recordingPublisher();
    expect(
      (await explainStoredInvoice(context(spiky.repositories, spikeBus.publisher), spike)).explained,
    ).toBe(true);
    expect(spikeBus.requests()[0]?.facts).toMatchObject({
      basis: 'seasonal-profile',
      profileSource: 'customers-like-you',
    });
  });

  it('falls back to the national profile when too few customers have a full year, and says so', async () => {
    const { repositories } = store([newcomer], [...summer, january]);
    const bus = recordingPublisher();
    // (Without the lasting-change rule: under the national curve November already looked like a change.)
    const config = parseMarketsConfig({
      ...structuredClone(DEFAULT_MARKETS_CONFIG),
      invoiceExplanation: { lastingChangeMonths: 0 },
    });
    const outcome = await explainStoredInvoice(context(repositories, bus.publisher, { config }), january);
    // The national curve (January about twice July) underestimates a home heated by electricity.
    expect(outcome.explained).toBe(true);
    expect(bus.requests()[0]?.facts).toMatchObject({ basis: 'seasonal-profile', profileSource: 'national' });
  });

  it('refreshes the sample of a product as its invoices arrive, once it has a full year', async () => {
    const year = months('2026-01', 12).map((month) =>
      monthlyInvoice(month, { customerId: 'c-new', kwh: heatedKwh(month) }),
    );
    const latest = year.at(-1) as InvoiceIssued;
    const { repositories, samples } = store([newcomer], year);
    await explainStoredInvoice(
      context(repositories, recordingPublisher().publisher, { now: '2027-01-05T08:00:00Z' }),
      latest,
    );
    const sample = samples.get('NO#electricity|p-1');
    expect(sample?.shape).toHaveLength(12);
    expect((sample?.shape[0] ?? 0) / (sample?.shape[6] ?? 1)).toBeCloseTo(4, 1);
    // Eleven months are no year: nothing is stored.
    const short = store([newcomer], year.slice(1));
    await explainStoredInvoice(context(short.repositories, recordingPublisher().publisher), latest);
    expect(short.samples.size).toBe(0);
  });
});
