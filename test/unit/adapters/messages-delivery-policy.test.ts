import { describe, expect, it } from 'vitest';
import {
  decideInFlight,
  IN_FLIGHT_LEASE_MS,
  inFlightClaimExpired,
  onInFlight,
} from '#domain/messaging/delivery-policy.ts';

describe('in-flight delivery policy', () => {
  it('sends a service notice again when an earlier attempt died with its outcome unknown', () => {
    expect(onInFlight('service')).toBe('send-again');
  });

  it.each(['survey', 'marketing'] as const)(
    'gives up on a %s message rather than risk sending it twice',
    (purpose) => {
      expect(onInFlight(purpose)).toBe('give-up');
    },
  );

  it('treats a claim as alive until its lease has passed', () => {
    const claimedAt = '2027-01-05T08:00:00.000Z';
    const claimed = Date.parse(claimedAt);

    expect(inFlightClaimExpired(claimedAt, new Date(claimed + IN_FLIGHT_LEASE_MS - 1))).toBe(false);
    expect(inFlightClaimExpired(claimedAt, new Date(claimed + IN_FLIGHT_LEASE_MS))).toBe(true);
  });

  it('compares instants, not text, whatever the offset of the claim', () => {
    // 09:00+01:00 is 08:00Z.
    expect(inFlightClaimExpired('2027-01-05T09:00:00+01:00', new Date('2027-01-05T08:01:00Z'), 120_000)).toBe(
      false,
    );
  });

  it('lets a damaged claim time expire at once rather than block the message forever', () => {
    expect(inFlightClaimExpired('not a time', new Date('2027-01-05T08:00:00Z'))).toBe(true);
  });

  describe('a claim found in flight', () => {
    const claimedAt = '2027-01-05T08:00:00.000Z';
    const live = new Date(Date.parse(claimedAt) + IN_FLIGHT_LEASE_MS - 1);
    const expired = new Date(Date.parse(claimedAt) + IN_FLIGHT_LEASE_MS);

    it('is left to the other execution that holds it while its lease runs: the replay is a duplicate', () => {
      expect(decideInFlight({ claimedAt, heldByThisExecution: false }, 'service', live)).toBe('leave');
      expect(decideInFlight({ claimedAt, heldByThisExecution: false }, 'marketing', live)).toBe('leave');
    });

    it('is waited for when an earlier attempt of this execution holds it and may still be running', () => {
      expect(decideInFlight({ claimedAt, heldByThisExecution: true }, 'service', live)).toBe('wait');
    });

    it.each([true, false])(
      'is taken over by the purpose’s rule once the lease has passed (held by this execution: %s)',
      (heldByThisExecution) => {
        expect(decideInFlight({ claimedAt, heldByThisExecution }, 'service', expired)).toBe('send-again');
        expect(decideInFlight({ claimedAt, heldByThisExecution }, 'survey', expired)).toBe('give-up');
      },
    );
  });
});
