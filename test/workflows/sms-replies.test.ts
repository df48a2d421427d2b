import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoriesFrom } from '#adapters/dynamo/index.ts';
import type { CustomerUpserted } from '#domain/contracts/index.ts';
import type { LocalRuntime } from '#local/runtime.ts';
import { customerUpserted } from '../helpers/events.ts';
import { publish, startRuntime } from '../helpers/local-runtime.ts';
import { retentionFacts, surveyFacts } from '../unit/templates/fixtures.ts';

const START = '2027-01-05T10:00:00Z'; // 11:00 in Oslo, outside quiet hours
/** The number customers reply to (a two-way number; the default markets send from a sender ID). */
const OUR_NUMBER = '+4759440000';

function customer(customerId: string, phone: string, overrides: Partial<CustomerUpserted> = {}) {
  const { email: _none, ...base } = customerUpserted({ customerId });
  return {
    ...base,
    phone,
    preferredChannel: 'sms' as const,
    consents: { marketing: true, surveys: true },
    products: [],
    ...overrides,
  };
}

describe('SMS replies: STOP through the inbound SNS topic (synthesized, on the embedded runtime)', () => {
  let runtime: LocalRuntime;
  const ledger = (dedupeKey: string) => repositoriesFrom(runtime.deps).messages.get(dedupeKey);
  const request = (kind: string, customerId: string, facts: Record<string, unknown>, id: string) =>
    publish(runtime, 'Message Requested', { kind, customerId, trigger: { detailType: 'Test', id }, facts });
  const textsTo = (phone: string) => runtime.services.sms.sent().filter((sms) => sms.to === phone);

  beforeAll(async () => {
    runtime = await startRuntime({ start: START });
    await publish(runtime, 'Customer Upserted', customer('c-stop', '+4790000001'));
    await publish(
      runtime,
      'Customer Upserted',
      customer('c-both', '+4790000002', {
        email: 'c-both@example.no',
        locale: 'sv-SE',
        market: 'SE',
        timeZone: 'Europe/Stockholm',
      }),
    );
    await publish(runtime, 'Customer Upserted', customer('c-chatty', '+4790000003'));
  });
  afterAll(async () => {
    await runtime?.close();
  });

  it('sends a survey SMS from the sender ID with the opt-out link, never "reply STOP"', async () => {
    await request('survey-request', 'c-stop', { ...surveyFacts(), surveyId: 'svy-before' }, 'svy-before');
    expect(await ledger('survey-request#svy-before#c-stop')).toMatchObject({
      status: 'sent',
      channel: 'sms',
    });
    const [text] = textsTo('+4790000001');
    expect(text?.originationIdentity).toBe('STILLE');
    expect(text?.body).toMatch(/\/unsubscribe\?token=/);
    expect(text?.body).not.toContain('STOP');
  });

  it('turns a STOP reply into an SMS opt-out: the next survey and marketing SMS are suppressed', async () => {
    await runtime.receiveSms({ from: '+4790000001', to: OUR_NUMBER, body: ' Stopp! ' });
    await runtime.clock.whenIdle();

    const stored = await repositoriesFrom(runtime.deps).customers.get('c-stop');
    expect(stored?.optOuts).toContainEqual(
      expect.objectContaining({ channel: 'sms', purpose: 'all', optedOut: true, source: 'sms-stop' }),
    );
    // The End User Messaging opt-out list agrees (PutOptedOutNumber through the real SMS client).
    expect(runtime.services.sms.optedOut()).toContainEqual(
      expect.objectContaining({ optOutListName: 'Default', number: '+4790000001' }),
    );

    const sentBefore = textsTo('+4790000001').length;
    await request('survey-request', 'c-stop', { ...surveyFacts(), surveyId: 'svy-after' }, 'svy-after');
    await request('retention-offer', 'c-stop', retentionFacts(), 'offer-after');
    expect(await ledger('survey-request#svy-after#c-stop')).toMatchObject({
      status: 'suppressed',
      reason: 'opted-out',
    });
    expect(await ledger('retention-offer#offer-after#c-stop')).toMatchObject({
      status: 'suppressed',
      reason: 'opted-out',
    });
    expect(textsTo('+4790000001')).toHaveLength(sentBefore);
  });

  it('understands the market’s own word (SLUTA in Sweden), and sends what is left by e-mail', async () => {
    await runtime.receiveSms({ from: '+4790000002', to: OUR_NUMBER, body: 'sluta' });
    await runtime.clock.whenIdle();
    await request('survey-request', 'c-both', { ...surveyFacts(), surveyId: 'svy-both' }, 'svy-both');
    expect(await ledger('survey-request#svy-both#c-both')).toMatchObject({
      status: 'sent',
      channel: 'email',
    });
    expect(textsTo('+4790000002')).toHaveLength(0);
  });

  it('opts out by the short link of the text as the page’s button does (a GET only asks)', async () => {
    await publish(runtime, 'Customer Upserted', customer('c-link', '+4790000004'));
    await request('survey-request', 'c-link', { ...surveyFacts(), surveyId: 'svy-link-1' }, 'svy-link-1');
    const [text] = textsTo('+4790000004');
    const link = /(http\S+\/unsubscribe\?token=\S+)/.exec(text?.body ?? '')?.[1] ?? '';
    expect(new URL(link).searchParams.get('token')?.length).toBeLessThanOrEqual(45);
    expect((await fetch(link)).status).toBe(200);
    expect((await repositoriesFrom(runtime.deps).customers.get('c-link'))?.optOuts).toEqual([]);
    const confirmed = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(confirmed.status).toBe(200);
    await runtime.clock.whenIdle();
    await request('survey-request', 'c-link', { ...surveyFacts(), surveyId: 'svy-link-2' }, 'svy-link-2');
    expect(await ledger('survey-request#svy-link-2#c-link')).toMatchObject({
      status: 'suppressed',
      reason: 'opted-out',
    });
  });

  it('leaves any other reply alone', async () => {
    await runtime.receiveSms({ from: '+4790000003', to: OUR_NUMBER, body: 'Takk, ikke stopp dette!' });
    await runtime.clock.whenIdle();
    expect((await repositoriesFrom(runtime.deps).customers.get('c-chatty'))?.optOuts).toEqual([]);
    await request('survey-request', 'c-chatty', { ...surveyFacts(), surveyId: 'svy-chatty' }, 'svy-chatty');
    expect(await ledger('survey-request#svy-chatty#c-chatty')).toMatchObject({
      status: 'sent',
      channel: 'sms',
    });
    expect(runtime.services.sms.optedOut().map((entry) => entry.number)).not.toContain('+4790000003');
  });
});
