import { describe, expect, it } from 'vitest';
import { DEFAULT_MARKETS_CONFIG, type MarketsConfig } from '#domain/config/markets.ts';
import type { ContactDecision } from '#domain/messaging/types.ts';
import {
  configWithQuietHours,
  customer,
  DAY_MS,
  decide,
  OSLO_NOON,
  optOut,
  request,
  sent,
} from './fixtures.ts';

function reasonOf(decision: ContactDecision): string | undefined {
  return decision.action === 'suppress' ? decision.reason : undefined;
}

describe('decideContact: customer and consent', () => {
  it('suppresses a message to an unknown customer as no-contact-point, saying the customer is unknown', () => {
    const decision = decide({ request: request('invoice-explanation'), customer: undefined });
    expect(decision).toMatchObject({ action: 'suppress', reason: 'no-contact-point' });
    expect(decision.action === 'suppress' && decision.detail).toContain('c-1001 is unknown');
  });

  it('sends a service notice on the preferred channel without any consent', () => {
    const decision = decide({
      request: request('invoice-explanation'),
      customer: customer({ consents: { marketing: false, surveys: false } }),
    });
    expect(decision).toEqual({ action: 'send', channel: 'email', to: 'kari@example.no' });
  });

  it('suppresses a survey request without consent to surveys', () => {
    const decision = decide({
      request: request('survey-request'),
      customer: customer({ consents: { marketing: true, surveys: false } }),
    });
    expect(decision).toMatchObject({ action: 'suppress', reason: 'no-consent' });
  });

  it('sends a survey request when the customer consents to surveys', () => {
    const decision = decide({ request: request('survey-request') });
    expect(decision).toEqual({ action: 'send', channel: 'email', to: 'kari@example.no' });
  });

  it('suppresses a retention offer without marketing consent, even with survey consent', () => {
    const decision = decide({
      request: request('retention-offer'),
      customer: customer({ consents: { marketing: false, surveys: true } }),
    });
    expect(reasonOf(decision)).toBe('no-consent');
  });

  it('sends a retention offer without marketing consent only where the market allows the existing-customer basis', () => {
    const existing: MarketsConfig = structuredClone(DEFAULT_MARKETS_CONFIG);
    existing.markets.NO.marketingConsent = { existingCustomers: true };
    const noConsent = customer({ consents: { marketing: false, surveys: false } });
    expect(
      decide({ request: request('retention-offer'), customer: noConsent, config: existing }).action,
    ).toBe('send');
    // A campaign message is no offer of the provider's own similar products: consent still needed.
    expect(
      reasonOf(decide({ request: request('campaign-message'), customer: noConsent, config: existing })),
    ).toBe('no-consent');
    // An objection (a marketing opt-out) still stops it.
    const objected = customer({
      consents: { marketing: false, surveys: false },
      optOuts: [
        optOut('email', 'marketing', true, '2027-01-01T00:00:00Z'),
        optOut('sms', 'marketing', true, '2027-01-01T00:00:00Z'),
      ],
    });
    expect(
      reasonOf(decide({ request: request('retention-offer'), customer: objected, config: existing })),
    ).toBe('opted-out');
  });

  it('reports no-consent before any channel problem', () => {
    const decision = decide({
      request: request('retention-offer'),
      customer: customer({ email: undefined, phone: undefined }),
    });
    expect(reasonOf(decision)).toBe('no-consent');
  });
});

describe('decideContact: opt-outs', () => {
  const marketingCustomer = (optOuts: ReturnType<typeof optOut>[]) =>
    customer({ consents: { marketing: true, surveys: true }, optOuts });

  it('moves a marketing message to SMS when the customer opted out of marketing by email', () => {
    const decision = decide({
      request: request('retention-offer'),
      customer: marketingCustomer([optOut('email', 'marketing', true, '2027-01-01T10:00:00Z')]),
    });
    expect(decision).toEqual({ action: 'send', channel: 'sms', to: '+4791234567' });
  });

  it('keeps a service notice on email when the customer opted out of marketing by email', () => {
    const decision = decide({
      request: request('price-change-notice'),
      customer: marketingCustomer([optOut('email', 'marketing', true, '2027-01-01T10:00:00Z')]),
    });
    expect(decision).toEqual({ action: 'send', channel: 'email', to: 'kari@example.no' });
  });

  it('keeps marketing on email when the customer opted out only of surveys by email', () => {
    const decision = decide({
      request: request('retention-offer'),
      customer: marketingCustomer([optOut('email', 'surveys', true, '2027-01-01T10:00:00Z')]),
    });
    expect(decision).toEqual({ action: 'send', channel: 'email', to: 'kari@example.no' });
  });

  it('moves a service notice from SMS to email when the customer opted out of all SMS', () => {
    const decision = decide({
      request: request('support-delay-notice'),
      customer: customer({
        preferredChannel: 'sms',
        optOuts: [optOut('sms', 'all', true, '2027-01-01T10:00:00Z')],
      }),
    });
    expect(decision).toEqual({ action: 'send', channel: 'email', to: 'kari@example.no' });
  });

  it('suppresses a service notice as opted-out when every channel is opted out of all', () => {
    const decision = decide({
      request: request('invoice-explanation'),
      customer: customer({
        optOuts: [
          optOut('email', 'all', true, '2027-01-01T10:00:00Z'),
          optOut('sms', 'all', true, '2027-01-01T10:00:00Z'),
        ],
      }),
    });
    expect(reasonOf(decision)).toBe('opted-out');
  });

  it('re-opens a channel when a later change says optedOut: false', () => {
    const decision = decide({
      request: request('retention-offer'),
      customer: marketingCustomer([
        optOut('email', 'marketing', true, '2027-01-01T10:00:00Z'),
        optOut('email', 'marketing', false, '2027-01-03T10:00:00Z'),
      ]),
    });
    expect(decision).toEqual({ action: 'send', channel: 'email', to: 'kari@example.no' });
  });

  it('decides by the time of each change, not its place in the list', () => {
    const decision = decide({
      request: request('retention-offer'),
      customer: marketingCustomer([
        optOut('email', 'marketing', true, '2027-01-03T10:00:00Z'),
        // Older re-opening, stored later: it must not undo the newer opt-out.
        optOut('email', 'marketing', false, '2027-01-01T10:00:00Z'),
      ]),
    });
    expect(decision).toMatchObject({ action: 'send', channel: 'sms' });
  });

  it('compares change times as instants, whatever their offsets', () => {
    const decision = decide({
      request: request('retention-offer'),
      customer: marketingCustomer([
        // 10:30+02:00 is 08:30Z: earlier than the opt-out at 09:00Z.
        optOut('email', 'marketing', true, '2027-01-03T09:00:00Z'),
        optOut('email', 'marketing', false, '2027-01-03T10:30:00+02:00'),
      ]),
    });
    expect(decision).toMatchObject({ action: 'send', channel: 'sms' });
  });

  it('lets the later of two changes with the same time win', () => {
    const at = '2027-01-03T10:00:00Z';
    const decision = decide({
      request: request('retention-offer'),
      customer: marketingCustomer([
        optOut('email', 'marketing', true, at),
        optOut('email', 'marketing', false, at),
      ]),
    });
    expect(decision).toMatchObject({ action: 'send', channel: 'email' });
  });

  it('keeps a channel closed by all even when the specific purpose is re-opened', () => {
    const decision = decide({
      request: request('retention-offer'),
      customer: marketingCustomer([
        optOut('email', 'all', true, '2027-01-01T10:00:00Z'),
        optOut('email', 'marketing', false, '2027-01-02T10:00:00Z'),
      ]),
    });
    expect(decision).toMatchObject({ action: 'send', channel: 'sms' });
  });
});

describe('decideContact: suppressed addresses and channel choice', () => {
  it('moves to SMS when the preferred email address is suppressed', () => {
    const decision = decide({
      request: request('invoice-explanation'),
      suppressedAddresses: new Set(['kari@example.no']),
    });
    expect(decision).toEqual({ action: 'send', channel: 'sms', to: '+4791234567' });
  });

  it('matches suppressed email addresses without regard to case', () => {
    const decision = decide({
      request: request('invoice-explanation'),
      customer: customer({ email: 'Kari@Example.NO' }),
      suppressedAddresses: new Set(['kari@example.no']),
    });
    expect(decision).toMatchObject({ action: 'send', channel: 'sms' });
  });

  it('matches a suppressed address given as the customer has it (as the suppression store returns it)', () => {
    const decision = decide({
      request: request('invoice-explanation'),
      customer: customer({ email: 'Kari@Example.NO' }),
      suppressedAddresses: new Set(['Kari@Example.NO']),
    });
    expect(decision).toMatchObject({ action: 'send', channel: 'sms' });
  });

  it('moves to email when the preferred phone number is suppressed', () => {
    const decision = decide({
      request: request('invoice-explanation'),
      customer: customer({ preferredChannel: 'sms' }),
      suppressedAddresses: new Set(['+4791234567']),
    });
    expect(decision).toEqual({ action: 'send', channel: 'email', to: 'kari@example.no' });
  });

  it('uses the other channel when the preferred one has no address', () => {
    const decision = decide({
      request: request('invoice-explanation'),
      customer: customer({ preferredChannel: 'sms', phone: undefined }),
    });
    expect(decision).toMatchObject({ action: 'send', channel: 'email' });
  });

  it('suppresses as no-contact-point a customer with neither email nor phone', () => {
    const decision = decide({
      request: request('invoice-explanation'),
      customer: customer({ email: undefined, phone: undefined }),
    });
    expect(reasonOf(decision)).toBe('no-contact-point');
  });

  it('keeps addresses out of the detail, which is logged', () => {
    const decision = decide({
      request: request('invoice-explanation'),
      customer: customer({ phone: undefined }),
      suppressedAddresses: new Set(['kari@example.no']),
    });
    expect(decision.action === 'suppress' && decision.detail).not.toContain('kari@example.no');
  });

  // Reason precedence when no channel is open: the channel that came closest to sending decides,
  // suppressed address before opt-out before missing address.
  it.each([
    { email: 'suppressed', sms: 'missing', reason: 'suppressed-address' },
    { email: 'missing', sms: 'suppressed', reason: 'suppressed-address' },
    { email: 'suppressed', sms: 'suppressed', reason: 'suppressed-address' },
    { email: 'opted-out', sms: 'suppressed', reason: 'suppressed-address' },
    { email: 'suppressed', sms: 'opted-out', reason: 'suppressed-address' },
    { email: 'opted-out', sms: 'opted-out', reason: 'opted-out' },
    { email: 'opted-out', sms: 'missing', reason: 'opted-out' },
    { email: 'missing', sms: 'opted-out', reason: 'opted-out' },
    { email: 'missing', sms: 'missing', reason: 'no-contact-point' },
  ] as const)('gives $reason when email is $email and sms is $sms', ({ email, sms, reason }) => {
    const optOuts = [
      ...(email === 'opted-out' ? [optOut('email', 'all', true, '2027-01-01T00:00:00Z')] : []),
      ...(sms === 'opted-out' ? [optOut('sms', 'all', true, '2027-01-01T00:00:00Z')] : []),
    ];
    const suppressed = new Set([
      ...(email === 'suppressed' ? ['kari@example.no'] : []),
      ...(sms === 'suppressed' ? ['+4791234567'] : []),
    ]);
    const decision = decide({
      request: request('invoice-explanation'),
      customer: customer({
        email: email === 'missing' ? undefined : 'kari@example.no',
        phone: sms === 'missing' ? undefined : '+4791234567',
        optOuts,
      }),
      suppressedAddresses: suppressed,
    });
    expect(reasonOf(decision)).toBe(reason);
  });

  it('reports an opt-out rather than a suppression on a channel that is both', () => {
    const decision = decide({
      request: request('invoice-explanation'),
      customer: customer({
        phone: undefined,
        optOuts: [optOut('email', 'all', true, '2027-01-01T00:00:00Z')],
      }),
      suppressedAddresses: new Set(['kari@example.no']),
    });
    expect(reasonOf(decision)).toBe('opted-out');
  });
});

describe('decideContact: frequency caps', () => {
  const consenting = customer({ consents: { marketing: true, surveys: true } });

  it('allows a survey when the last one was sent exactly 90 days ago', () => {
    const decision = decide({
      request: request('survey-request'),
      customer: consenting,
      recentSends: [sent('survey-request', new Date(OSLO_NOON.getTime() - 90 * DAY_MS))],
    });
    expect(decision.action).toBe('send');
  });

  it('caps a survey when the last one was sent a second less than 90 days ago', () => {
    const decision = decide({
      request: request('survey-request'),
      customer: consenting,
      recentSends: [sent('survey-request', new Date(OSLO_NOON.getTime() - 90 * DAY_MS + 1_000))],
    });
    expect(decision).toMatchObject({ action: 'suppress', reason: 'frequency-cap' });
  });

  it('allows a second marketing message in 30 days and caps the third', () => {
    const tenDaysAgo = new Date(OSLO_NOON.getTime() - 10 * DAY_MS);
    const oneSend = decide({
      request: request('campaign-message'),
      customer: consenting,
      recentSends: [sent('campaign-message', tenDaysAgo)],
    });
    const twoSends = decide({
      request: request('campaign-message'),
      customer: consenting,
      recentSends: [sent('campaign-message', tenDaysAgo), sent('campaign-message', tenDaysAgo, 'sms')],
    });
    expect(oneSend.action).toBe('send');
    expect(reasonOf(twoSends)).toBe('frequency-cap');
  });

  it('caps retention offers at one in 90 days, whatever the marketing cap allows', () => {
    const eightyNineDaysAgo = new Date(OSLO_NOON.getTime() - 89 * DAY_MS);
    const ninetyDaysAgo = new Date(OSLO_NOON.getTime() - 90 * DAY_MS);
    const capped = decide({
      request: request('retention-offer'),
      customer: consenting,
      recentSends: [sent('retention-offer', eightyNineDaysAgo)],
    });
    expect(capped).toMatchObject({ action: 'suppress', reason: 'frequency-cap' });
    expect((capped as { detail: string }).detail).toContain('90 days');
    const allowed = decide({
      request: request('retention-offer'),
      customer: consenting,
      recentSends: [sent('retention-offer', ninetyDaysAgo), sent('campaign-message', eightyNineDaysAgo)],
    });
    expect(allowed.action).toBe('send');
  });

  it('counts only sends of the same purpose', () => {
    const yesterday = new Date(OSLO_NOON.getTime() - DAY_MS);
    const decision = decide({
      request: request('survey-request'),
      customer: consenting,
      recentSends: [
        sent('retention-offer', yesterday),
        sent('invoice-explanation', yesterday),
        sent('price-change-notice', yesterday),
      ],
    });
    expect(decision.action).toBe('send');
  });

  it('never caps a service notice, however many were sent', () => {
    const recentSends = Array.from({ length: 50 }, (_, i) =>
      sent('invoice-explanation', new Date(OSLO_NOON.getTime() - i * 3_600_000)),
    );
    const decision = decide({ request: request('invoice-explanation'), recentSends });
    expect(decision.action).toBe('send');
  });

  it('counts a send stamped after now against the cap', () => {
    const decision = decide({
      request: request('survey-request'),
      customer: consenting,
      recentSends: [sent('survey-request', new Date(OSLO_NOON.getTime() + 60_000))],
    });
    expect(reasonOf(decision)).toBe('frequency-cap');
  });

  it("applies a market's own cap over the global one", () => {
    const config: MarketsConfig = structuredClone(DEFAULT_MARKETS_CONFIG);
    config.markets.SE.caps = { survey: { max: 2, days: 30 } };
    const recentSends = [sent('survey-request', new Date(OSLO_NOON.getTime() - 5 * DAY_MS))];
    const swedish = customer({ market: 'SE', consents: { marketing: true, surveys: true } });
    expect(
      decide({ request: request('survey-request'), customer: swedish, recentSends, config }).action,
    ).toBe('send');
    expect(
      reasonOf(decide({ request: request('survey-request'), customer: consenting, recentSends, config })),
    ).toBe('frequency-cap');
  });

  it('reports a closed channel before the cap', () => {
    const decision = decide({
      request: request('survey-request'),
      customer: customer({ email: undefined, phone: undefined }),
      recentSends: [sent('survey-request', new Date(OSLO_NOON.getTime() - DAY_MS))],
    });
    expect(reasonOf(decision)).toBe('no-contact-point');
  });
});

describe('decideContact: SMS quiet hours', () => {
  const smsCustomer = (overrides: Parameters<typeof customer>[0] = {}) =>
    customer({ preferredChannel: 'sms', ...overrides });

  it('defers an SMS at 22:00 in Oslo to 08:00 the next morning', () => {
    const decision = decide({
      request: request('invoice-explanation'),
      customer: smsCustomer(),
      now: new Date('2027-01-05T21:00:00Z'),
    });
    expect(decision).toEqual({
      action: 'defer',
      channel: 'sms',
      to: '+4791234567',
      sendAt: '2027-01-06T07:00:00.000Z',
    });
  });

  it('sends an email at 22:00 in Oslo at once', () => {
    const decision = decide({
      request: request('invoice-explanation'),
      now: new Date('2027-01-05T21:00:00Z'),
    });
    expect(decision).toEqual({ action: 'send', channel: 'email', to: 'kari@example.no' });
  });

  it.each([
    { local: '20:59', utc: '2027-01-05T19:59:00Z', action: 'send' },
    { local: '21:00', utc: '2027-01-05T20:00:00Z', action: 'defer' },
    { local: '07:59', utc: '2027-01-06T06:59:00Z', action: 'defer' },
    { local: '08:00', utc: '2027-01-06T07:00:00Z', action: 'send' },
  ])('treats an SMS at $local in Oslo as $action (the window is [21:00, 08:00))', ({ utc, action }) => {
    const decision = decide({
      request: request('invoice-explanation'),
      customer: smsCustomer(),
      now: new Date(utc),
    });
    expect(decision.action).toBe(action);
  });

  it('defers a service SMS too', () => {
    const decision = decide({
      request: request('support-delay-notice'),
      customer: smsCustomer(),
      now: new Date('2027-01-05T23:00:00Z'),
    });
    expect(decision.action).toBe('defer');
  });

  it('suppresses a capped survey in quiet hours instead of deferring it', () => {
    const now = new Date('2027-01-05T23:00:00Z');
    const decision = decide({
      request: request('survey-request'),
      customer: smsCustomer(),
      now,
      recentSends: [sent('survey-request', new Date(now.getTime() - DAY_MS))],
    });
    expect(reasonOf(decision)).toBe('frequency-cap');
  });

  it('defers to 08:00 CEST (06:00Z) from 23:30 on the night Oslo moves its clocks forward', () => {
    const decision = decide({
      request: request('invoice-explanation'),
      customer: smsCustomer(),
      now: new Date('2027-03-27T22:30:00Z'), // 23:30 CET
    });
    expect(decision).toMatchObject({ action: 'defer', sendAt: '2027-03-28T06:00:00.000Z' });
  });

  it('defers to 08:00 CET (07:00Z) from 23:30 on the night Oslo moves its clocks back', () => {
    const decision = decide({
      request: request('invoice-explanation'),
      customer: smsCustomer(),
      now: new Date('2027-10-30T21:30:00Z'), // 23:30 CEST
    });
    expect(decision).toMatchObject({ action: 'defer', sendAt: '2027-10-31T07:00:00.000Z' });
  });

  it('defers to 08:00 CEST from just before the jump in Oslo (01:59 CET)', () => {
    const decision = decide({
      request: request('invoice-explanation'),
      customer: smsCustomer(),
      now: new Date('2027-03-28T00:59:00Z'),
    });
    expect(decision).toMatchObject({ action: 'defer', sendAt: '2027-03-28T06:00:00.000Z' });
  });

  it('defers to 08:00 CET from the repeated hour in Oslo (02:30 CET, the second time)', () => {
    const decision = decide({
      request: request('invoice-explanation'),
      customer: smsCustomer(),
      now: new Date('2027-10-31T01:30:00Z'),
    });
    expect(decision).toMatchObject({ action: 'defer', sendAt: '2027-10-31T07:00:00.000Z' });
  });

  it('defers in Stockholm to 08:00 local across both transitions', () => {
    const swede = smsCustomer({ market: 'SE', timeZone: 'Europe/Stockholm', phone: '+46701234567' });
    const spring = decide({
      request: request('invoice-explanation'),
      customer: swede,
      now: new Date('2027-03-27T22:30:00Z'),
    });
    const autumn = decide({
      request: request('invoice-explanation'),
      customer: swede,
      now: new Date('2027-10-30T21:30:00Z'),
    });
    expect(spring).toMatchObject({ action: 'defer', sendAt: '2027-03-28T06:00:00.000Z' });
    expect(autumn).toMatchObject({ action: 'defer', sendAt: '2027-10-31T07:00:00.000Z' });
  });

  it('defers in Helsinki (UTC+2, +3 in summer) to 08:00 local across both transitions', () => {
    const finn = smsCustomer({ market: 'FI', timeZone: 'Europe/Helsinki', phone: '+358401234567' });
    // 23:30 EET is 21:30Z; 08:00 EEST is 05:00Z. 23:30 EEST is 20:30Z; 08:00 EET is 06:00Z.
    const spring = decide({
      request: request('invoice-explanation'),
      customer: finn,
      now: new Date('2027-03-27T21:30:00Z'),
    });
    const autumn = decide({
      request: request('invoice-explanation'),
      customer: finn,
      now: new Date('2027-10-30T20:30:00Z'),
    });
    expect(spring).toMatchObject({ action: 'defer', sendAt: '2027-03-28T05:00:00.000Z' });
    expect(autumn).toMatchObject({ action: 'defer', sendAt: '2027-10-31T06:00:00.000Z' });
  });

  it('uses the customer time zone, not the market: a Norwegian customer in Tokyo gets SMS in Tokyo daytime', () => {
    const abroad = smsCustomer({ timeZone: 'Asia/Tokyo' });
    // 22:00 in Oslo (CET) is 06:00 the next day in Tokyo: quiet there until 08:00 JST = 23:00Z.
    const decision = decide({
      request: request('invoice-explanation'),
      customer: abroad,
      now: new Date('2027-01-05T21:00:00Z'),
    });
    expect(decision).toMatchObject({ action: 'defer', sendAt: '2027-01-05T23:00:00.000Z' });
  });

  it('applies a quiet window that does not wrap midnight (12:00–13:00)', () => {
    const config = configWithQuietHours('12:00', '13:00');
    const at = (utc: string) =>
      decide({
        request: request('invoice-explanation'),
        customer: smsCustomer(),
        config,
        now: new Date(utc),
      });
    expect(at('2027-01-05T11:30:00Z')).toMatchObject({ action: 'defer', sendAt: '2027-01-05T12:00:00.000Z' });
    expect(at('2027-01-05T10:59:00Z').action).toBe('send');
    expect(at('2027-01-05T12:00:00Z').action).toBe('send');
    expect(at('2027-01-05T22:00:00Z').action).toBe('send');
  });
});
