import { describe, expect, it } from 'vitest';
import {
  contractErrorMap,
  MESSAGE_KINDS,
  MESSAGE_STATUSES,
  MessageRecord,
  MessageRecordSchema,
  PURPOSES,
  SUPPRESSION_REASONS,
  toFieldErrors,
} from '#domain/contracts/index.ts';

function sentRecord(): Record<string, unknown> {
  return {
    messageId: 'm-1',
    dedupeKey: 'invoice-explanation#inv-2027-01-c-1001',
    customerId: 'c-1001',
    kind: 'invoice-explanation',
    purpose: 'service',
    status: 'sent',
    reason: null,
    channel: 'email',
    to: 'kari@example.no',
    locale: 'nb-NO',
    subject: 'Fakturaen din for desember',
    text: 'Fakturaen er 1240,50 kr.',
    html: '<p>Fakturaen er 1240,50 kr.</p>',
    sentAt: '2027-01-05T08:00:03Z',
    trigger: { detailType: 'Invoice Issued', id: 'inv-2027-01-c-1001' },
    facts: {
      invoiceId: 'inv-2027-01-c-1001',
      amount: 1240.5,
      causes: [{ code: 'consumption', amount: 310.2 }],
    },
  };
}

function pathsOf(record: unknown): string[] {
  const result = MessageRecordSchema.safeParse(record, { error: contractErrorMap });
  return result.success ? [] : toFieldErrors(result.error).map((e) => e.path);
}

describe('MessageRecord', () => {
  it('lists the kinds, purposes, statuses and reasons of the contract', () => {
    expect(MESSAGE_KINDS).toEqual([
      'price-change-notice',
      'invoice-explanation',
      'support-delay-notice',
      'survey-request',
      'retention-offer',
      'campaign-message',
    ]);
    expect(PURPOSES).toEqual(['service', 'survey', 'marketing']);
    expect(MESSAGE_STATUSES).toEqual(['sent', 'suppressed', 'failed']);
    expect(SUPPRESSION_REASONS).toEqual([
      'no-consent',
      'opted-out',
      'suppressed-address',
      'frequency-cap',
      'no-contact-point',
      'duplicate',
      'provider-error',
      'render-error',
      'sending-paused',
      'holdout',
      'campaign-cancelled',
    ]);
  });

  it('accepts a sent message and keeps its facts as they are', () => {
    const record = sentRecord();
    expect(MessageRecordSchema.parse(record)).toEqual(record);
    expect(MessageRecord).toBe(MessageRecordSchema);
  });

  it('accepts a suppressed message without channel, address or content, reading them as null', () => {
    const parsed = MessageRecordSchema.parse({
      messageId: 'm-2',
      dedupeKey: 'survey-request#sv-1#c-1001',
      customerId: 'c-1001',
      kind: 'survey-request',
      purpose: 'survey',
      status: 'suppressed',
      reason: 'no-consent',
      locale: 'sv-SE',
      trigger: { detailType: 'Support Ticket Resolved', id: 't-77' },
      facts: {},
    });
    expect(parsed).toMatchObject({
      channel: null,
      to: null,
      subject: null,
      text: null,
      html: null,
      sentAt: null,
    });
  });

  it('requires a reason for a message that was not sent, and none for a sent one', () => {
    expect(pathsOf({ ...sentRecord(), status: 'failed', reason: null })).toEqual(['reason']);
    expect(pathsOf({ ...sentRecord(), reason: 'duplicate' })).toEqual(['reason']);
    expect(pathsOf({ ...sentRecord(), status: 'failed', reason: 'provider-error' })).toEqual([]);
  });

  it('rejects unknown kinds, purposes and reasons', () => {
    expect(pathsOf({ ...sentRecord(), kind: 'newsletter', purpose: 'sales' })).toEqual(['kind', 'purpose']);
    expect(pathsOf({ ...sentRecord(), status: 'suppressed', reason: 'quiet-hours' })).toEqual(['reason']);
  });

  it('rejects a trigger without an id', () => {
    expect(pathsOf({ ...sentRecord(), trigger: { detailType: 'Invoice Issued' } })).toEqual(['trigger.id']);
  });
});
