import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoriesFrom } from '#adapters/dynamo/index.ts';
import { isHeldOut } from '#domain/campaigns/holdout.ts';
import type { CustomerUpserted, MessageRecord } from '#domain/contracts/index.ts';
import type { LocalRuntime } from '#local/runtime.ts';
import { customerUpserted } from '../helpers/events.ts';
import { historyBefore } from '../helpers/invoice-history.ts';
import { publish, startRuntime } from '../helpers/local-runtime.ts';

const DAY_MS = 86_400_000;
const CATALOG_ID = '2027-03';
const HOLDOUT_PERCENT = 20;

/** A household customer with one electricity product. */
function customer(
  customerId: string,
  product: Partial<CustomerUpserted['products'][number]>,
  overrides: Partial<CustomerUpserted> = {},
): CustomerUpserted {
  return customerUpserted({
    customerId,
    name: `Kari ${customerId}`,
    email: `${customerId}@example.no`,
    phone: undefined,
    consents: { marketing: true, surveys: true },
    customerSince: '2023-01-01',
    products: [
      {
        productId: 'p-1',
        kind: 'electricity',
        tariffId: 'var-no1',
        contract: 'open-ended',
        bindingEndsOn: null,
        ...product,
      },
    ],
    ...overrides,
  });
}

const CATALOG = {
  catalogId: CATALOG_ID,
  holdoutPercent: HOLDOUT_PERCENT,
  offers: [
    {
      offerId: 'fix-24m-no',
      name: { 'nb-NO': 'Fastpris 24 måneder', 'en-GB': 'Fixed price 24 months' },
      market: 'NO',
      eligibility: { productKinds: ['electricity'], tariffIds: ['var-no1'], signals: ['price-increase'] },
      benefit: { type: 'tariff', tariffId: 'fix-24m', component: 'energy', price: 0.95, bindingMonths: 24 },
      validUntil: '2027-06-30',
    },
    {
      offerId: 'loyal-10-no',
      name: { 'nb-NO': '10 % lojalitetsrabatt', 'en-GB': '10 % loyalty discount' },
      market: 'NO',
      eligibility: { productKinds: ['electricity'], signals: ['binding-ending', 'detractor'] },
      benefit: { type: 'discount', percent: 10, months: 12 },
      validUntil: '2027-06-30',
    },
    {
      offerId: 'bonus-dk',
      name: { 'da-DK': 'Loyalitetsbonus', 'en-GB': 'Loyalty bonus' },
      market: 'DK',
      benefit: { type: 'bonus', amount: 300 },
      validUntil: '2027-06-30',
      automatic: false,
    },
    {
      offerId: 'old-se',
      name: { 'sv-SE': 'Vinterrabatt', 'en-GB': 'Winter discount' },
      market: 'SE',
      benefit: { type: 'bonus', amount: 200 },
      validUntil: '2027-02-28',
    },
  ],
};

describe('Retention offers (the automatic program on CampaignRun, synthesized, on the embedded runtime)', () => {
  let runtime: LocalRuntime;
  const repositories = () => repositoriesFrom(runtime.deps);
  const offersTo = async (customerId: string): Promise<MessageRecord[]> =>
    (await repositories().messages.list()).filter(
      (record) => record.kind === 'retention-offer' && record.customerId === customerId,
    );
  const heldOut = (customerId: string) => isHeldOut(CATALOG_ID, customerId, HOLDOUT_PERCENT);

  // Customers whose hash does not hold them out of this catalog, so what they get can be checked.
  let ids: Record<'price' | 'binding' | 'detractor' | 'noConsent' | 'denmark' | 'sweden', string>;

  beforeAll(async () => {
    runtime = await startRuntime({ start: '2027-03-01T06:00:00Z' });
    const pick = (prefix: string) => {
      for (let i = 0; ; i++) if (!heldOut(`${prefix}-${i}`)) return `${prefix}-${i}`;
    };
    ids = {
      price: pick('ret-price'),
      binding: pick('ret-binding'),
      detractor: pick('ret-detractor'),
      noConsent: pick('ret-noconsent'),
      denmark: pick('ret-dk'),
      sweden: pick('ret-se'),
    };
    const invoices = [ids.price, ids.binding, ids.detractor, ids.noConsent].flatMap((customerId) =>
      historyBefore('2027-03', 12, { customerId, productId: 'p-1', unitPrice: 0.89, subscription: 49 }),
    );
    for (const invoice of invoices) await repositories().invoices.put(invoice);
    await publish(runtime, 'Customer Upserted', customer(ids.price, {}));
    await publish(
      runtime,
      'Customer Upserted',
      customer(ids.binding, { tariffId: 'fix-no', contract: 'fixed-term', bindingEndsOn: '2027-04-20' }),
    );
    await publish(runtime, 'Customer Upserted', customer(ids.detractor, { tariffId: 'var-no2' }));
    await publish(
      runtime,
      'Customer Upserted',
      customer(
        ids.noConsent,
        { tariffId: 'fix-no', contract: 'fixed-term', bindingEndsOn: '2027-04-20' },
        { consents: { marketing: false, surveys: true } },
      ),
    );
    await publish(
      runtime,
      'Customer Upserted',
      customer(
        ids.denmark,
        { tariffId: 'fix-dk', contract: 'fixed-term', bindingEndsOn: '2027-04-01' },
        { market: 'DK', locale: 'da-DK', timeZone: 'Europe/Copenhagen', customerSince: '2018-01-01' },
      ),
    );
    await publish(
      runtime,
      'Customer Upserted',
      customer(
        ids.sweden,
        { tariffId: 'fix-se', contract: 'fixed-term', bindingEndsOn: '2027-04-01' },
        { market: 'SE', locale: 'sv-SE', timeZone: 'Europe/Stockholm' },
      ),
    );
    // A price increase for the open-ended var-no1 customers: the notice goes today.
    await publish(runtime, 'Price Change Announced', {
      priceChangeId: 'pc-2027-04-var-no1',
      tariffId: 'var-no1',
      market: 'NO',
      currency: 'NOK',
      component: 'energy',
      oldPrice: 0.89,
      newPrice: 1.02,
      effectiveDate: '2027-04-15',
      announcedAt: '2027-03-01T06:00:00Z',
      reasons: [{ code: 'grid-fee' }],
      alternatives: [],
    });
    await publish(runtime, 'Survey Response Received', {
      surveyId: 'srv-detractor',
      customerId: ids.detractor,
      scale: 'nps-10',
      score: 3,
      respondedAt: '2027-03-01T06:00:00Z',
    });
    await runtime.runUntil(Date.parse('2027-03-01T10:00:00Z'));
    await publish(runtime, 'Offer Catalog Published', CATALOG);
    await runtime.runUntil(Date.parse('2027-03-03T00:00:00Z'));
  }, 120_000);

  afterAll(async () => {
    await runtime?.close();
  });

  it('offers a customer whose price went up the fixed price, worth their own consumption, within two days', async () => {
    const notices = (await repositories().messages.list()).filter(
      (record) => record.kind === 'price-change-notice' && record.customerId === ids.price,
    );
    expect(notices).toHaveLength(1);
    const [notice] = notices;
    // The notice stays a service message: no offer rides inside it.
    expect(notice?.purpose).toBe('service');
    expect(notice?.html).not.toContain('/offer?token=');

    const [offer, ...more] = await offersTo(ids.price);
    expect(more).toEqual([]);
    expect(offer).toMatchObject({
      status: 'sent',
      purpose: 'marketing',
      trigger: { detailType: 'Offer Catalog Published', id: CATALOG_ID },
      dedupeKey: `retention-offer#retention-program#2027-03-02T05:00:00Z#${ids.price}`,
      facts: {
        offerId: 'fix-24m-no',
        catalogId: CATALOG_ID,
        productId: 'p-1',
        currency: 'NOK',
        reasons: ['price-increase'],
        offer: { validUntil: '2027-06-30', benefit: { type: 'tariff', price: 0.95 } },
      },
    });
    // (1.02 − 0.95) × the customer's annual consumption from their invoices.
    const facts = offer?.facts as { annualValue: number; value: { annualConsumption: number } };
    expect(facts.annualValue).toBeCloseTo(0.07 * facts.value.annualConsumption, 1);
    expect(facts.annualValue).toBeGreaterThan(0);
    // At 10:00 on the customer's clock the next morning.
    expect(offer?.sentAt).toBe('2027-03-02T09:00:00.000Z');
    expect(Date.parse(offer?.sentAt ?? '') - Date.parse(notice?.sentAt ?? '')).toBeLessThan(2 * DAY_MS);
    expect(offer?.html).toContain('/offer?token=');
    expect(offer?.html).toContain('Fastpris 24 måneder');
  });

  it('offers a customer whose binding ends soon the discount worth most to them', async () => {
    const [offer] = await offersTo(ids.binding);
    expect(offer).toMatchObject({
      status: 'sent',
      facts: { offerId: 'loyal-10-no', reasons: ['binding-ending'] },
    });
    const facts = offer?.facts as { annualValue: number; value: { invoicedLast12Months: number } };
    expect(facts.annualValue).toBeCloseTo(facts.value.invoicedLast12Months * 0.1, 1);
    expect(offer?.text).toContain('20. april 2027');
  });

  it('offers a detractor an offer that names why', async () => {
    const [offer] = await offersTo(ids.detractor);
    expect(offer).toMatchObject({
      status: 'sent',
      facts: { offerId: 'loyal-10-no', reasons: ['detractor'] },
    });
  });

  it('sends nothing to a customer without marketing consent, and records why', async () => {
    const records = await offersTo(ids.noConsent);
    expect(records.map((record) => [record.status, record.reason])).toEqual([['suppressed', 'no-consent']]);
  });

  it('never sends a campaign-only offer automatically, nor an expired one', async () => {
    expect(await offersTo(ids.denmark)).toEqual([]);
    expect(await offersTo(ids.sweden)).toEqual([]);
  });

  it('holds out the catalog’s share, recorded as holdout, and keeps the churn risk per customer', async () => {
    const records = (await repositories().messages.list()).filter(
      (record) => record.kind === 'retention-offer',
    );
    for (const record of records) {
      if (heldOut(record.customerId)) expect(record.reason).toBe('holdout');
      else expect(record.reason).not.toBe('holdout');
    }
    const stored = await repositories().customers.get(ids.binding);
    expect(stored?.risk).toMatchObject({
      churnRisk: 'low',
      catalogId: CATALOG_ID,
      signalKeys: ['binding-ending#p-1'],
    });
  });

  it('offers no one twice: the next day’s run finds no new signal', async () => {
    await runtime.runUntil(Date.parse('2027-03-04T00:00:00Z'));
    for (const customerId of [ids.price, ids.binding, ids.detractor, ids.noConsent]) {
      expect(await offersTo(customerId)).toHaveLength(1);
    }
    const runs = await repositories().campaigns.runs('retention-program');
    expect(runs.map((run) => run.runAt)).toEqual(['2027-03-02T05:00:00Z', '2027-03-03T05:00:00Z']);
    // Every member's outcome counted: the first run's offers and suppressions, nobody in the second.
    const [first, second] = runs;
    expect(first?.status).toBe('completed');
    expect(first?.result?.suppressed.undecided).toBeUndefined();
    expect(first?.result?.sent).toBeGreaterThanOrEqual(3);
    expect(first?.result?.suppressed['no-consent']).toBe(1);
    expect(first?.result?.audience).toBe(
      (first?.result?.holdout ?? 0) +
        (first?.result?.sent ?? 0) +
        (first?.result?.failed ?? 0) +
        Object.values(first?.result?.suppressed ?? {}).reduce((sum, n) => sum + n, 0),
    );
    expect(second?.result?.audience).toBe(0);
  });

  it('sends a campaign-only offer through a retention-offer campaign, to the customers it suits', async () => {
    await publish(runtime, 'Campaign Scheduled', {
      campaignId: 'cmp-bonus-dk',
      name: 'Loyalty bonus Denmark',
      kind: 'retention-offer',
      offerId: 'bonus-dk',
      audience: { attribute: 'market', in: ['DK'] },
      schedule: { at: '2027-03-04T09:00:00Z' },
      fallbackLocale: 'da-DK',
    });
    await runtime.runUntil(Date.parse('2027-03-04T12:00:00Z'));
    const [offer] = await offersTo(ids.denmark);
    expect(offer).toMatchObject({
      status: 'sent',
      trigger: { detailType: 'Campaign Scheduled', id: 'cmp-bonus-dk' },
      facts: { offerId: 'bonus-dk', annualValue: 300, currency: 'DKK' },
    });
  });

  it('rejects a retention-offer campaign naming an offer the catalog does not have', async () => {
    await publish(runtime, 'Campaign Scheduled', {
      campaignId: 'cmp-unknown-offer',
      name: 'Unknown',
      kind: 'retention-offer',
      offerId: 'no-such-offer',
      audience: { everyone: true },
      schedule: { at: '2027-03-05T09:00:00Z' },
      fallbackLocale: 'nb-NO',
    });
    const rejections = await repositories().rejections.list();
    const rejected = rejections.find((rejection) =>
      rejection.errors.some((error) => error.path === 'offerId' && error.message.includes('fix-24m-no')),
    );
    expect(rejected).toBeDefined();
  });
});
