import { DEFAULT_MARKETS_CONFIG, type MarketsConfig } from '#domain/config/markets.ts';
import { decideContact, type PolicyInput } from '#domain/contact-policy/index.ts';
import {
  type ContactDecision,
  type CustomerContact,
  dedupeKeyOf,
  type MessageKind,
  type MessageRequest,
  type OptOut,
  PURPOSE_OF_KIND,
  type SentMessage,
} from '#domain/messaging/types.ts';

export const DAY_MS = 86_400_000;

/** A customer in Oslo with both addresses, email preferred, surveys consented, marketing not. */
export function customer(overrides: Partial<CustomerContact> = {}): CustomerContact {
  return {
    customerId: 'c-1001',
    name: 'Kari Nordmann',
    market: 'NO',
    segment: 'household',
    locale: 'nb-NO',
    timeZone: 'Europe/Oslo',
    email: 'kari@example.no',
    phone: '+4791234567',
    preferredChannel: 'email',
    consents: { marketing: false, surveys: true },
    paymentMethod: 'paper-invoice',
    optOuts: [],
    ...overrides,
  };
}

/** A request of `kind` for customer c-1001, with the kind's purpose. */
export function request(kind: MessageKind, overrides: Partial<MessageRequest> = {}): MessageRequest {
  const trigger = { detailType: 'Invoice Issued', id: 'inv-2027-01-c-1001' };
  return {
    kind,
    purpose: PURPOSE_OF_KIND[kind],
    customerId: 'c-1001',
    trigger,
    facts: {},
    dedupeKey: dedupeKeyOf({ kind, trigger, customerId: 'c-1001' }),
    requestedAt: '2027-01-05T11:00:00Z',
    ...overrides,
  };
}

/** An opt-out change. */
export function optOut(
  channel: OptOut['channel'],
  purpose: OptOut['purpose'],
  optedOut: boolean,
  at: string,
): OptOut {
  return { channel, purpose, optedOut, at };
}

/** A message of `kind` sent at `sentAt`. */
export function sent(
  kind: MessageKind,
  sentAt: Date | string,
  channel: SentMessage['channel'] = 'email',
): SentMessage {
  return {
    kind,
    purpose: PURPOSE_OF_KIND[kind],
    channel,
    sentAt: typeof sentAt === 'string' ? sentAt : sentAt.toISOString(),
  };
}

/** 12:00 in Oslo on a winter weekday: outside quiet hours. */
export const OSLO_NOON = new Date('2027-01-05T11:00:00Z');

/** Runs the policy with sensible defaults for whatever the test does not care about. */
export function decide(input: Partial<PolicyInput> & Pick<PolicyInput, 'request'>): ContactDecision {
  return decideContact({
    customer: customer(),
    suppressedAddresses: new Set<string>(),
    recentSends: [],
    now: OSLO_NOON,
    config: DEFAULT_MARKETS_CONFIG,
    ...input,
  });
}

/** A copy of the default configuration with the same quiet hours in every market. */
export function configWithQuietHours(start: string, end: string): MarketsConfig {
  const copy = structuredClone(DEFAULT_MARKETS_CONFIG);
  for (const market of Object.values(copy.markets)) market.quietHours = { start, end };
  return copy;
}

const wallFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The hour and minute a wall clock in `timeZone` shows at `instant`, as minutes after midnight. Computed
 * with its own formatter, independently of the code under test.
 */
export function wallMinute(instant: Date, timeZone: string): number {
  let formatter = wallFormatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    wallFormatters.set(timeZone, formatter);
  }
  const text = formatter.format(instant);
  const [hours, minutes] = text.split(':').map(Number);
  return (hours ?? Number.NaN) * 60 + (minutes ?? Number.NaN);
}

/** Whether `instant` is quiet in `timeZone` for `HH:MM` bounds, by an independent reading of the clock. */
export function isQuietByWallClock(instant: Date, timeZone: string, start: string, end: string): boolean {
  const minute = wallMinute(instant, timeZone);
  const from = toMinutes(start);
  const to = toMinutes(end);
  return from < to ? minute >= from && minute < to : minute >= from || minute < to;
}

function toMinutes(clock: string): number {
  const [hours, minutes] = clock.split(':').map(Number);
  return (hours ?? Number.NaN) * 60 + (minutes ?? Number.NaN);
}

/** The Sunday on or after a UTC date (`Date.UTC` arguments). */
function sundayOnOrAfter(year: number, monthIndex: number, day: number): number {
  const date = new Date(Date.UTC(year, monthIndex, day));
  return Date.UTC(year, monthIndex, day + ((7 - date.getUTCDay()) % 7));
}

/**
 * The instants of the daylight-saving changes of a year in the EU (last Sundays of March and October,
 * 01:00Z) and in the US (second Sunday of March, 02:00 EST; first Sunday of November, 02:00 EDT), from
 * the published rules, to aim generated instants at them.
 */
export function dstChanges(year: number): number[] {
  const HOUR = 3_600_000;
  return [
    sundayOnOrAfter(year, 2, 25) + HOUR,
    sundayOnOrAfter(year, 9, 25) + HOUR,
    sundayOnOrAfter(year, 2, 8) + 7 * HOUR,
    sundayOnOrAfter(year, 10, 1) + 6 * HOUR,
  ];
}
