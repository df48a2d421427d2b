import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MARKETS_CONFIG,
  type FrequencyCap,
  MAX_QUIET_HOURS_MINUTES,
  type MarketsConfig,
  parseMarketsConfig,
} from '#domain/config/markets.ts';
import { decideContact, type PolicyInput } from '#domain/contact-policy/index.ts';
import { MARKETS } from '#domain/contracts/common.ts';
import { MESSAGE_KINDS } from '#domain/contracts/messages.ts';
import type { Channel, CustomerContact, OptOut, Purpose } from '#domain/messaging/types.ts';
import { customer, DAY_MS, dstChanges, isQuietByWallClock, request, sent } from './fixtures.ts';

const RUNS = { numRuns: 2_000 };
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

const ZONES = [
  'Europe/Oslo',
  'Europe/Stockholm',
  'Europe/Helsinki',
  'Europe/Copenhagen',
  'America/New_York',
  'Asia/Tokyo',
] as const;
const EMAILS = ['kari@example.no', 'Ola.Nordmann@Example.SE', 'anna@example.fi'] as const;
const PHONES = ['+4791234567', '+46701234567', '+358401234567'] as const;
const CHANNELS = ['email', 'sms'] as const;

// ---------------------------------------------------------------------------------------------------
// Arbitraries

/** Instants over five years, half of them within 36 hours of a daylight-saving change. */
const instantMs = fc.oneof(
  fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2031-01-01T00:00:00Z') }),
  fc
    .tuple(
      fc.integer({ min: 2026, max: 2030 }),
      fc.integer({ min: 0, max: 3 }),
      fc.integer({ min: -36 * HOUR_MS, max: 36 * HOUR_MS }),
    )
    .map(([year, which, delta]) => (dstChanges(year)[which] ?? 0) + delta),
);

const clockTime = fc
  .oneof(
    fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })),
    // The hours clocks jump over or repeat, and the common settings.
    fc.tuple(fc.constantFrom(1, 2, 3, 8, 21), fc.constantFrom(0, 30, 59)),
  )
  .map(([hour, minute]) => `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`);

/** Quiet hours as the schema accepts them: 1 minute to 22 hours long. */
const quietHours = fc
  .tuple(clockTime, clockTime)
  .map(([start, end]) => ({ start, end }))
  .filter((hours) => {
    const length = windowMinutes(hours);
    return length > 0 && length <= MAX_QUIET_HOURS_MINUTES;
  });

const cap = fc.record({ max: fc.integer({ min: 1, max: 3 }), days: fc.integer({ min: 1, max: 120 }) });

/** The default configuration, or one with random quiet hours and caps (and some per-market caps). */
const config: fc.Arbitrary<MarketsConfig> = fc.oneof(
  fc.constant(DEFAULT_MARKETS_CONFIG),
  fc
    .record({
      quiet: fc.tuple(quietHours, quietHours, quietHours, quietHours),
      caps: fc.record({ survey: cap, marketing: cap }),
      overrides: fc.tuple(
        fc.option(fc.record({ survey: fc.option(cap, { nil: undefined }) }), { nil: undefined }),
        fc.option(fc.record({ marketing: fc.option(cap, { nil: undefined }) }), { nil: undefined }),
      ),
    })
    .map(({ quiet, caps, overrides }) => {
      const copy = structuredClone(DEFAULT_MARKETS_CONFIG);
      MARKETS.forEach((market, i) => {
        copy.markets[market].quietHours = quiet[i] ?? copy.markets[market].quietHours;
      });
      copy.caps = caps;
      copy.markets.SE.caps = overrides[0];
      copy.markets.FI.caps = overrides[1];
      // Through the schema, so every generated configuration is one ops could deploy.
      return parseMarketsConfig(copy);
    }),
);

/** Opt-out changes at a few distinct times, so that ties happen. */
const optOut: fc.Arbitrary<OptOut> = fc.record({
  channel: fc.constantFrom(...CHANNELS),
  purpose: fc.constantFrom('marketing', 'surveys', 'all'),
  optedOut: fc.boolean(),
  at: fc.integer({ min: 0, max: 5 }).map((day) => new Date(Date.UTC(2026, 0, 1 + day)).toISOString()),
});

const customerArb: fc.Arbitrary<CustomerContact> = fc
  .record({
    market: fc.constantFrom(...MARKETS),
    timeZone: fc.constantFrom(...ZONES),
    email: fc.option(fc.constantFrom(...EMAILS), { nil: undefined, freq: 4 }),
    phone: fc.option(fc.constantFrom(...PHONES), { nil: undefined, freq: 4 }),
    preferredChannel: fc.constantFrom(...CHANNELS),
    consents: fc.record({ marketing: fc.boolean(), surveys: fc.boolean() }),
    optOuts: fc.array(optOut, { maxLength: 6 }),
  })
  .map((fields) => customer(fields));

/** One in four. */
const sometimes = fc.integer({ min: 0, max: 3 }).map((n) => n === 0);

const sendAge = fc.oneof(
  fc.integer({ min: -DAY_MS, max: 130 * DAY_MS }),
  // Right at the edges of the default windows.
  fc.constantFrom(0, 30 * DAY_MS, 30 * DAY_MS - 1_000, 90 * DAY_MS, 90 * DAY_MS - 1_000, 90 * DAY_MS + 1_000),
);

const policyInput: fc.Arbitrary<PolicyInput> = fc
  .record({
    customer: fc.option(customerArb, { nil: undefined, freq: 20 }),
    kind: fc.constantFrom(...MESSAGE_KINDS),
    now: instantMs,
    config,
    suppressEmail: sometimes,
    suppressPhone: sometimes,
    unrelated: fc.subarray(['someone@example.no', '+4799999999']),
    sends: fc.array(
      fc.record({
        // Capped kinds twice as often as each service kind, so caps are hit.
        kind: fc.constantFrom(...MESSAGE_KINDS, 'survey-request', 'retention-offer'),
        channel: fc.constantFrom(...CHANNELS),
        age: sendAge,
      }),
      { maxLength: 8 },
    ),
  })
  .map(
    ({ customer: contact, kind, now, config: markets, suppressEmail, suppressPhone, unrelated, sends }) => {
      const suppressed = new Set<string>(unrelated);
      if (suppressEmail && contact?.email !== undefined) suppressed.add(contact.email.toLowerCase());
      if (suppressPhone && contact?.phone !== undefined) suppressed.add(contact.phone);
      return {
        request: request(kind),
        customer: contact,
        suppressedAddresses: suppressed,
        recentSends: sends.map((send) => sent(send.kind, new Date(now - send.age), send.channel)),
        now: new Date(now),
        config: markets,
      };
    },
  );

// ---------------------------------------------------------------------------------------------------
// Oracles: the rules restated plainly, independently of the implementation

/** The change in force for a channel and opt-out purpose: sort by time (stable), take the last. */
function changeInForce(
  optOuts: readonly OptOut[],
  channel: Channel,
  purpose: OptOut['purpose'],
): OptOut | undefined {
  const matching = optOuts.filter((change) => change.channel === channel && change.purpose === purpose);
  return [...matching].sort((a, b) => Date.parse(a.at) - Date.parse(b.at)).at(-1);
}

function closedByOptOut(contact: CustomerContact, channel: Channel, purpose: Purpose): boolean {
  if (changeInForce(contact.optOuts, channel, 'all')?.optedOut === true) return true;
  if (purpose === 'survey') return changeInForce(contact.optOuts, channel, 'surveys')?.optedOut === true;
  if (purpose === 'marketing') return changeInForce(contact.optOuts, channel, 'marketing')?.optedOut === true;
  return false;
}

function addressOf(contact: CustomerContact, channel: Channel): string | undefined {
  return channel === 'email' ? contact.email : contact.phone;
}

function isSuppressed(input: PolicyInput, channel: Channel, address: string): boolean {
  return input.suppressedAddresses.has(channel === 'email' ? address.toLowerCase() : address);
}

function isOpen(input: PolicyInput, contact: CustomerContact, channel: Channel): boolean {
  const address = addressOf(contact, channel);
  return (
    address !== undefined &&
    !isSuppressed(input, channel, address) &&
    !closedByOptOut(contact, channel, input.request.purpose)
  );
}

function hasConsent(contact: CustomerContact, purpose: Purpose): boolean {
  if (purpose === 'survey') return contact.consents.surveys;
  if (purpose === 'marketing') return contact.consents.marketing;
  return true;
}

function capOf(input: PolicyInput, contact: CustomerContact): FrequencyCap | undefined {
  const purpose = input.request.purpose;
  if (purpose === 'service') return undefined;
  return input.config.markets[contact.market].caps?.[purpose] ?? input.config.caps[purpose];
}

/** Sends of the request's purpose within (now − days, now]. */
function sendsInWindow(input: PolicyInput, days: number): number {
  const now = input.now.getTime();
  return input.recentSends.filter((send) => {
    const at = Date.parse(send.sentAt);
    return send.purpose === input.request.purpose && at > now - days * DAY_MS && at <= now;
  }).length;
}

function quietHoursOf(input: PolicyInput, contact: CustomerContact): { start: string; end: string } {
  return input.config.markets[contact.market].quietHours;
}

function windowMinutes({ start, end }: { start: string; end: string }): number {
  const toMinutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
  return (((toMinutes(end) - toMinutes(start)) % 1_440) + 1_440) % 1_440;
}

// ---------------------------------------------------------------------------------------------------
// Properties

describe('decideContact properties', () => {
  it('never sends or defers to a channel that is missing, suppressed, or opted out for the purpose or for all', () => {
    fc.assert(
      fc.property(policyInput, (input) => {
        const decision = decideContact(input);
        if (decision.action === 'suppress') return;
        const contact = input.customer;
        expect(contact).toBeDefined();
        if (contact === undefined) return;
        const address = addressOf(contact, decision.channel);
        expect(address).toBeDefined();
        expect(decision.to).toBe(address);
        expect(isSuppressed(input, decision.channel, decision.to)).toBe(false);
        expect(closedByOptOut(contact, decision.channel, input.request.purpose)).toBe(false);
        expect(changeInForce(contact.optOuts, decision.channel, 'all')?.optedOut).not.toBe(true);
      }),
      RUNS,
    );
  });

  it('never sends or defers a survey or marketing message without the matching consent', () => {
    fc.assert(
      fc.property(policyInput, (input) => {
        const decision = decideContact(input);
        if (decision.action === 'suppress' || input.customer === undefined) return;
        expect(hasConsent(input.customer, input.request.purpose)).toBe(true);
      }),
      RUNS,
    );
  });

  it('never sends or defers a survey or marketing message beyond the cap in its window', () => {
    fc.assert(
      fc.property(policyInput, (input) => {
        const decision = decideContact(input);
        if (decision.action === 'suppress' || input.customer === undefined) return;
        const cap = capOf(input, input.customer);
        if (cap === undefined) return;
        expect(sendsInWindow(input, cap.days) + 1).toBeLessThanOrEqual(cap.max);
      }),
      RUNS,
    );
  });

  it("never sends an SMS inside quiet hours on the customer's clock", () => {
    fc.assert(
      fc.property(policyInput, (input) => {
        const decision = decideContact(input);
        if (decision.action !== 'send' || decision.channel !== 'sms' || input.customer === undefined) return;
        const { start, end } = quietHoursOf(input, input.customer);
        expect(isQuietByWallClock(input.now, input.customer.timeZone, start, end)).toBe(false);
      }),
      RUNS,
    );
  });

  it('defers only SMS, from inside quiet hours to the first instant after them, within the window length', () => {
    fc.assert(
      fc.property(policyInput, (input) => {
        const decision = decideContact(input);
        if (decision.action !== 'defer' || input.customer === undefined) return;
        const zone = input.customer.timeZone;
        const hours = quietHoursOf(input, input.customer);
        const now = input.now.getTime();
        const sendAt = Date.parse(decision.sendAt);
        expect(decision.channel).toBe('sms');
        expect(sendAt).toBeGreaterThan(now);
        expect(isQuietByWallClock(input.now, zone, hours.start, hours.end)).toBe(true);
        expect(isQuietByWallClock(new Date(sendAt), zone, hours.start, hours.end)).toBe(false);
        expect(
          isQuietByWallClock(new Date(Math.max(now, sendAt - 1_000)), zone, hours.start, hours.end),
        ).toBe(true);
        // At most the window's length plus the hour a clock may go back during it: always within a day.
        expect(sendAt - now).toBeLessThanOrEqual(windowMinutes(hours) * MINUTE_MS + HOUR_MS);
        expect(sendAt - now).toBeLessThan(24 * HOUR_MS);
      }),
      RUNS,
    );
  });

  it('never suppresses a service message for frequency-cap or no-consent', () => {
    fc.assert(
      fc.property(policyInput, (input) => {
        const decision = decideContact(input);
        if (input.request.purpose !== 'service' || decision.action !== 'suppress') return;
        expect(['frequency-cap', 'no-consent']).not.toContain(decision.reason);
      }),
      RUNS,
    );
  });

  it('decides the same input the same way every time', () => {
    fc.assert(
      fc.property(policyInput, (input) => {
        const copy: PolicyInput = {
          ...structuredClone({ ...input, suppressedAddresses: [...input.suppressedAddresses] }),
          suppressedAddresses: new Set(input.suppressedAddresses),
          now: new Date(input.now.getTime()),
        };
        expect(decideContact(copy)).toEqual(decideContact(input));
      }),
      RUNS,
    );
  });

  it('suppresses only for a reason that holds, and otherwise uses the preferred channel when it is open', () => {
    fc.assert(
      fc.property(policyInput, (input) => {
        const decision = decideContact(input);
        const contact = input.customer;
        if (contact === undefined) {
          expect(decision).toMatchObject({ action: 'suppress', reason: 'no-contact-point' });
          return;
        }
        const purpose = input.request.purpose;
        const anyOpen = CHANNELS.some((channel) => isOpen(input, contact, channel));
        const cap = capOf(input, contact);
        if (decision.action === 'suppress') {
          switch (decision.reason) {
            case 'no-consent':
              expect(hasConsent(contact, purpose)).toBe(false);
              break;
            case 'frequency-cap': {
              expect(cap).toBeDefined();
              // Sends stamped after now also count: compare with the window extended to the future.
              const capped =
                input.recentSends.filter(
                  (send) =>
                    send.purpose === purpose &&
                    Date.parse(send.sentAt) > input.now.getTime() - (cap?.days ?? 0) * DAY_MS,
                ).length >= (cap?.max ?? 0);
              // A retention offer is also capped at one in 90 days.
              const retentionCapped =
                input.request.kind === 'retention-offer' &&
                input.recentSends.some(
                  (send) =>
                    send.kind === 'retention-offer' &&
                    Date.parse(send.sentAt) > input.now.getTime() - 90 * DAY_MS,
                );
              expect(capped || retentionCapped).toBe(true);
              break;
            }
            default:
              expect(anyOpen).toBe(false);
          }
          return;
        }
        expect(isOpen(input, contact, decision.channel)).toBe(true);
        if (isOpen(input, contact, contact.preferredChannel))
          expect(decision.channel).toBe(contact.preferredChannel);
      }),
      RUNS,
    );
  });
});
