import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoriesFrom } from '#adapters/dynamo/index.ts';
import type { CustomerUpserted } from '#domain/contracts/index.ts';
import type { LocalRuntime } from '#local/runtime.ts';
import { customerUpserted, priceChangeAnnounced } from '../helpers/events.ts';
import { historyBefore } from '../helpers/invoice-history.ts';
import { publish, startRuntime, statesOf } from '../helpers/local-runtime.ts';

const NOTIFIED = [
  'ValidateAndStore',
  'PrepareNotices',
  'AnyoneAffected',
  'NotifyCustomers',
  'ReportNotices',
  'Notified',
];

/** A customer with one electricity product on `tariffId`. */
function onTariff(
  customerId: string,
  tariffId: string,
  overrides: Partial<CustomerUpserted> = {},
  contract: 'open-ended' | 'fixed-term' = 'open-ended',
): CustomerUpserted {
  return customerUpserted({
    customerId,
    email: `${customerId}@example.no`,
    products: [
      {
        productId: 'p-1',
        kind: 'electricity',
        tariffId,
        contract,
        bindingEndsOn: contract === 'fixed-term' ? '2027-12-31' : null,
      },
    ],
    ...overrides,
  });
}

describe('PriceChange workflow (synthesized, on the embedded runtime)', () => {
  let runtime: LocalRuntime;
  beforeAll(async () => {
    // Monday 11 January 2027, 10:00 in Oslo and Stockholm.
    runtime = await startRuntime({ start: '2027-01-11T09:00:00Z' });
  });
  afterAll(async () => {
    await runtime?.close();
  });

  const ledger = () => repositoriesFrom(runtime.deps).messages;

  it('notifies every open-ended customer on the tariff in their own numbers, and leaves fixed terms alone', async () => {
    const invoices = repositoriesFrom(runtime.deps).invoices;
    await publish(runtime, 'Customer Upserted', onTariff('c-year', 'var-no1'));
    for (const invoice of historyBefore('2027-01', 12, { customerId: 'c-year' })) await invoices.put(invoice);
    await publish(runtime, 'Customer Upserted', onTariff('c-short', 'var-no1'));
    for (const invoice of historyBefore('2027-01', 3, { customerId: 'c-short' })) await invoices.put(invoice);
    await publish(runtime, 'Customer Upserted', onTariff('c-new', 'var-no1'));
    await publish(runtime, 'Customer Upserted', onTariff('c-fixed', 'var-no1', {}, 'fixed-term'));
    await publish(runtime, 'Customer Upserted', onTariff('c-other', 'var-no2'));
    const { email: _email, phone: _phone, ...unreachable } = onTariff('c-nocontact', 'var-no1');
    await publish(runtime, 'Customer Upserted', unreachable);
    const transitionsBefore = runtime.stepFunctions.counters.standardTransitions;

    const [record] = await publish(
      runtime,
      'Price Change Announced',
      priceChangeAnnounced({
        priceChangeId: 'pc-2027-03-var-no1',
        effectiveDate: '2027-03-01',
        announcedAt: '2027-01-11T09:00:00Z',
      }),
    );
    await runtime.clock.whenIdle();

    expect(record?.type).toBe('STANDARD');
    expect(record?.status).toBe('SUCCEEDED');
    expect(statesOf(record)).toEqual(NOTIFIED);
    // A handful of Standard transitions for the whole change; the customers are handled in Express.
    expect(runtime.stepFunctions.counters.standardTransitions - transitionsBefore).toBeLessThanOrEqual(8);

    const year = await ledger().get('price-change-notice#pc-2027-03-var-no1#c-year#p-1');
    expect(year).toMatchObject({ status: 'sent', channel: 'email', to: 'c-year@example.no' });
    // 12 months of invoices, 16,300 kWh: 0.89 → 1.02 per kWh is 14,507 → 16,626 a year, 176.58 a month.
    expect(year?.facts).toMatchObject({
      priceChangeId: 'pc-2027-03-var-no1',
      oldPrice: 0.89,
      newPrice: 1.02,
      effectiveDate: '2027-03-01',
      effectiveDateMoved: false,
      noticeDate: '2027-01-11',
      noticeDays: 49,
      annualConsumption: 16_300,
      consumptionBasis: 'twelve-months',
      annualCostBefore: 14_507,
      annualCostAfter: 16_626,
      monthlyDifference: 176.58,
      terminationRight: true,
      alternatives: [
        expect.objectContaining({ tariffId: 'fix-12m', annualCost: 15_485, annualSaving: 1141 }),
      ],
    });
    expect(year?.text).toContain('16');

    const short = await ledger().get('price-change-notice#pc-2027-03-var-no1#c-short#p-1');
    expect(short?.status).toBe('sent');
    expect(short?.facts).toMatchObject({ consumptionBasis: 'short-history' });
    // Three winter months (4,800 kWh) are scaled by the season, not multiplied by four.
    expect(short?.facts.annualConsumption).toBeGreaterThan(12_000);
    expect(short?.facts.annualConsumption).toBeLessThan(4_800 * 4);

    const fresh = await ledger().get('price-change-notice#pc-2027-03-var-no1#c-new#p-1');
    expect(fresh?.facts).toMatchObject({ consumptionBasis: 'typical', annualConsumption: 16_000 });

    // Without a contact point the notice is recorded, not lost.
    expect(await ledger().get('price-change-notice#pc-2027-03-var-no1#c-nocontact#p-1')).toMatchObject({
      status: 'suppressed',
      reason: 'no-contact-point',
    });
    expect(await ledger().get('price-change-notice#pc-2027-03-var-no1#c-fixed#p-1')).toBeUndefined();
    expect(await ledger().get('price-change-notice#pc-2027-03-var-no1#c-other#p-1')).toBeUndefined();
    expect(runtime.alerts().filter((alert) => alert.priceChangeId === 'pc-2027-03-var-no1')).toEqual([]);
  });

  it('sends nobody a second notice when the announcement is replayed', async () => {
    const sentBefore = (await runtime.services.email.sent()).length;
    const [record] = await publish(
      runtime,
      'Price Change Announced',
      priceChangeAnnounced({
        priceChangeId: 'pc-2027-03-var-no1',
        effectiveDate: '2027-03-01',
        announcedAt: '2027-01-11T09:00:00Z',
      }),
      'evt-replayed',
    );
    await runtime.clock.whenIdle();
    expect(statesOf(record)).toEqual(NOTIFIED);
    expect((await runtime.services.email.sent()).length).toBe(sentBefore);
  });

  it('moves the effective date when the notice is late, and alerts ops once with the customers and dates', async () => {
    const swedish = { market: 'SE', locale: 'sv-SE', timeZone: 'Europe/Stockholm' } as const;
    await publish(runtime, 'Customer Upserted', onTariff('c-se-home', 'var-se4', swedish));
    await publish(
      runtime,
      'Customer Upserted',
      onTariff('c-se-shop', 'var-se4', { ...swedish, segment: 'business' }),
    );

    const [record] = await publish(
      runtime,
      'Price Change Announced',
      priceChangeAnnounced({
        priceChangeId: 'pc-2027-02-var-se4',
        tariffId: 'var-se4',
        market: 'SE',
        currency: 'SEK',
        component: 'subscription',
        oldPrice: 39,
        newPrice: 45,
        effectiveDate: '2027-02-01',
        announcedAt: '2027-01-11T09:00:00Z',
        alternatives: [],
      }),
    );
    await runtime.clock.whenIdle();

    expect(statesOf(record)).toEqual(NOTIFIED);
    // A consumer in Sweden is owed two calendar months: 11 January → 11 March.
    expect((await ledger().get('price-change-notice#pc-2027-02-var-se4#c-se-home#p-1'))?.facts).toMatchObject(
      {
        effectiveDate: '2027-03-11',
        announcedEffectiveDate: '2027-02-01',
        effectiveDateMoved: true,
        noticeDays: 59,
        annualCostBefore: 468,
        annualCostAfter: 540,
        monthlyDifference: 6,
      },
    );
    // A business is owed two weeks, which the announced date gives.
    expect((await ledger().get('price-change-notice#pc-2027-02-var-se4#c-se-shop#p-1'))?.facts).toMatchObject(
      {
        effectiveDate: '2027-02-01',
        effectiveDateMoved: false,
        noticeDays: 21,
      },
    );
    const alerts = runtime.alerts().filter((alert) => alert.priceChangeId === 'pc-2027-02-var-se4');
    expect(alerts).toEqual([
      expect.objectContaining({
        kind: 'late-price-notice',
        tariffId: 'var-se4',
        announcedEffectiveDate: '2027-02-01',
        customers: 1,
        notified: 2,
        dates: [{ effectiveDate: '2027-03-11', customers: 1 }],
      }),
    ]);
  });

  it('gives a Danish customer three months, as elleveringsbekendtgørelsen § 4 requires, and tells them in Danish', async () => {
    const danish = {
      market: 'DK',
      locale: 'da-DK',
      timeZone: 'Europe/Copenhagen',
      email: 'mette@example.dk',
    } as const;
    await publish(runtime, 'Customer Upserted', onTariff('c-dk-home', 'var-dk2', danish));
    await publish(
      runtime,
      'Customer Upserted',
      onTariff('c-dk-shop', 'var-dk2', { ...danish, email: 'butik@example.dk', segment: 'business' }),
    );

    const [record] = await publish(
      runtime,
      'Price Change Announced',
      priceChangeAnnounced({
        priceChangeId: 'pc-2027-03-var-dk2',
        tariffId: 'var-dk2',
        market: 'DK',
        currency: 'DKK',
        oldPrice: 2.05,
        newPrice: 2.24,
        effectiveDate: '2027-03-01',
        announcedAt: '2027-01-11T09:00:00Z',
        reasons: [{ code: 'tax' }],
        alternatives: [],
      }),
    );
    await runtime.clock.whenIdle();

    expect(statesOf(record)).toEqual(NOTIFIED);
    // Seven weeks' notice is too little in Denmark: 11 January + 3 months = 11 April, for both segments
    // (for a business the law is unclear, and the longer period is chosen).
    for (const customerId of ['c-dk-home', 'c-dk-shop']) {
      const message = await ledger().get(`price-change-notice#pc-2027-03-var-dk2#${customerId}#p-1`);
      expect(message?.facts).toMatchObject({
        effectiveDate: '2027-04-11',
        announcedEffectiveDate: '2027-03-01',
        effectiveDateMoved: true,
        noticeDays: 90,
        leadTime: { amount: 3, unit: 'months' },
      });
      expect(String((message?.facts.leadTime as { source?: string } | undefined)?.source)).toContain(
        'elleveringsbekendtgørelsen § 4',
      );
    }
    const sent = (await runtime.services.email.sent()).filter((mail) => mail.to.includes('mette@example.dk'));
    expect(sent.at(-1)?.subject).toBe('Din pris stiger fra den 11. april 2027');
    expect(sent.at(-1)?.text).toContain('Du får denne besked 90 dage, før ændringen træder i kraft.');
    expect(runtime.alerts().filter((alert) => alert.priceChangeId === 'pc-2027-03-var-dk2')).toEqual([
      expect.objectContaining({
        kind: 'late-price-notice',
        customers: 2,
        dates: [{ effectiveDate: '2027-04-11', customers: 2 }],
      }),
    ]);
  });

  it('ends without fanning out when no open-ended product is on the tariff', async () => {
    const [record] = await publish(
      runtime,
      'Price Change Announced',
      priceChangeAnnounced({ priceChangeId: 'pc-nobody', tariffId: 'var-nobody' }),
    );
    expect(record?.error).toBeUndefined();
    expect(record?.status).toBe('SUCCEEDED');
    expect(statesOf(record)).toEqual([
      'ValidateAndStore',
      'PrepareNotices',
      'AnyoneAffected',
      'NoOneAffected',
    ]);
  });

  it('notifies nobody when the new price is the old one', async () => {
    await publish(runtime, 'Customer Upserted', onTariff('c-same', 'var-same'));
    const change = priceChangeAnnounced({ priceChangeId: 'pc-same', tariffId: 'var-same' });
    const [record] = await publish(runtime, 'Price Change Announced', {
      ...change,
      newPrice: change.oldPrice,
    });
    expect(record?.status).toBe('SUCCEEDED');
    expect(statesOf(record)).toEqual([
      'ValidateAndStore',
      'PrepareNotices',
      'AnyoneAffected',
      'NoOneAffected',
    ]);
    expect((await ledger().recentSends('c-same', new Date('2020-01-01T00:00:00Z'))).length).toBe(0);
  });

  it('records an invalid announcement as rejected, with the field that is wrong', async () => {
    const [record] = await publish(runtime, 'Price Change Announced', {
      ...priceChangeAnnounced({ priceChangeId: 'pc-bad' }),
      reasons: [],
    });
    expect(statesOf(record)).toEqual(['ValidateAndStore', 'RecordRejection', 'Rejected']);
    const rejections = await repositoriesFrom(runtime.deps).rejections.list();
    expect(
      rejections.some((r) => r.detailType === 'Price Change Announced' && r.errors[0]?.path === 'reasons'),
    ).toBe(true);
  });
});
