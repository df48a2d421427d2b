import { describe, expect, it } from 'vitest';
import { validateMessageRequest } from '#domain/contracts/index.ts';

const NOW = new Date('2027-01-05T08:00:00Z');
const request = {
  kind: 'invoice-explanation',
  customerId: 'c-1001',
  trigger: { detailType: 'Invoice Issued', id: 'inv-2027-01-c-1001' },
  facts: { invoiceId: 'inv-2027-01-c-1001', amount: 1240.5 },
};

describe('Message Requested', () => {
  it('fills in the purpose of the kind, the dedupe key and the request time', () => {
    const result = validateMessageRequest(request, NOW);
    expect(result).toEqual({
      ok: true,
      value: {
        ...request,
        purpose: 'service',
        dedupeKey: 'invoice-explanation#inv-2027-01-c-1001#c-1001',
        requestedAt: '2027-01-05T08:00:00.000Z',
      },
    });
  });

  it('keeps a dedupe key the caller chose', () => {
    const result = validateMessageRequest({ ...request, dedupeKey: 'campaign-7#c-1001' }, NOW);
    expect(result.ok && result.value.dedupeKey).toBe('campaign-7#c-1001');
  });

  it('refuses a purpose that is not the purpose of the kind', () => {
    const result = validateMessageRequest({ ...request, kind: 'retention-offer', purpose: 'service' }, NOW);
    expect(result).toEqual({
      ok: false,
      errors: [{ path: 'purpose', message: 'must be "marketing" for retention-offer, got "service"' }],
    });
  });

  it('refuses an unknown kind and a missing trigger id, field by field', () => {
    const result = validateMessageRequest(
      { ...request, kind: 'newsletter', trigger: { detailType: 'x' } },
      NOW,
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => e.path)).toEqual(['kind', 'trigger.id']);
  });

  it('refuses facts larger than 32 KB', () => {
    const result = validateMessageRequest({ ...request, facts: { blob: 'x'.repeat(40_000) } }, NOW);
    expect(!result.ok && result.errors[0]?.path).toBe('facts');
  });

  it('refuses a detail that is not an object', () => {
    expect(validateMessageRequest('send it', NOW)).toEqual({
      ok: false,
      errors: [{ path: 'detail', message: 'must be a JSON object, got "send it"' }],
    });
  });
});
