import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoriesFrom } from '#adapters/dynamo/index.ts';
import { messageIdFor } from '#adapters/dynamo/messages.ts';
import type { LocalRuntime } from '#local/runtime.ts';
import { customerUpserted } from '../helpers/events.ts';
import { publish, startRuntime } from '../helpers/local-runtime.ts';

const START = '2027-03-02T09:00:00Z'; // 10:00 in Oslo
const KEY = 'retention-offer#offer-run-1#c-accept';

describe('Accepting a retention offer through its link (synthesized, on the embedded runtime)', () => {
  let runtime: LocalRuntime;
  const ledger = () => repositoriesFrom(runtime.deps).messages.get(KEY);
  const accepted = () =>
    runtime.events
      .recent()
      .filter((seen) => seen.event['detail-type'] === 'Offer Accepted')
      .map((seen) => ({ source: seen.event.source, detail: seen.event.detail }));

  beforeAll(async () => {
    runtime = await startRuntime({ start: START });
    await publish(
      runtime,
      'Customer Upserted',
      customerUpserted({
        customerId: 'c-accept',
        email: 'c-accept@example.no',
        consents: { marketing: true, surveys: true },
        products: [],
      }),
    );
    await publish(runtime, 'Message Requested', {
      kind: 'retention-offer',
      customerId: 'c-accept',
      trigger: { detailType: 'Test', id: 'offer-run-1' },
      facts: {
        offerId: 'fix-24m-no',
        productId: 'p-el-1',
        currency: 'NOK',
        reasons: ['binding-ending'],
        annualValue: 1240,
        offer: {
          name: { 'nb-NO': 'Fastpris 24 måneder', 'en-GB': 'Fixed price 24 months' },
          validUntil: '2027-06-30',
          benefit: {
            type: 'tariff',
            tariffId: 'fix-24m',
            component: 'energy',
            price: 0.95,
            bindingMonths: 24,
          },
        },
      },
    });
  });
  afterAll(async () => {
    await runtime?.close();
  });

  it('sends the offer with its link; the link shows the offer and changes nothing; its button accepts once', async () => {
    const email = (await runtime.services.email.sent()).find((e) => e.to.includes('c-accept@example.no'));
    const link = /href="([^"]*\/offer\?token=[^"]+)"/.exec(email?.html ?? '')?.[1];
    expect(link).toBeDefined();
    const before = await ledger();
    expect(before?.status).toBe('sent');

    // A mail scanner, then the customer, open the link.
    const page = await fetch(link ?? '');
    const body = await page.text();
    await runtime.clock.whenIdle();
    expect(page.status).toBe(200);
    expect(body).toContain('Fastpris 24 måneder');
    expect(await ledger()).toEqual(before);
    expect(accepted()).toEqual([]);

    const action = /<form method="post" action="([^"]+)">/.exec(body)?.[1] ?? '';
    const token = /<input type="hidden" name="token" value="([^"]+)">/.exec(body)?.[1] ?? '';
    const press = async () => {
      const response = await fetch(new URL(action, link), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token }).toString(),
      });
      const text = await response.text();
      await runtime.clock.whenIdle();
      return { status: response.status, text };
    };

    const first = await press();
    expect(first.status).toBe(200);
    expect(first.text).toContain('Takk! Vi har registrert at du takker ja til Fastpris 24 måneder.');
    const second = await press();
    expect(second.text).toContain('Du takket ja til Fastpris 24 måneder');

    expect(accepted()).toEqual([
      {
        source: 'stille',
        detail: {
          offerId: 'fix-24m-no',
          customerId: 'c-accept',
          productId: 'p-el-1',
          messageId: messageIdFor(KEY),
          acceptedAt: expect.any(String),
        },
      },
    ]);
    expect((await ledger())?.facts).toMatchObject({ acceptancePublished: true });
  });
});
