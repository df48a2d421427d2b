/**
 * Valid event details, taken from the examples of docs/contracts.md. Each call returns a fresh copy so a
 * test can break one field without touching the others.
 */
import type { DetailType } from '#domain/contracts/index.ts';

export function customerUpserted(): Record<string, unknown> {
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
    customerSince: '2019-03-01',
    paymentMethod: 'paper-invoice',
    products: [
      {
        productId: 'p-1',
        kind: 'electricity',
        tariffId: 'var-no1',
        contract: 'open-ended',
        bindingEndsOn: null,
      },
    ],
  };
}

export function contactPreferencesChanged(): Record<string, unknown> {
  return {
    customerId: 'c-1001',
    channel: 'sms',
    purpose: 'marketing',
    optedOut: true,
    source: 'sms-stop',
    at: '2027-01-06T10:15:00+01:00',
  };
}

export function priceChangeAnnounced(): Record<string, unknown> {
  return {
    priceChangeId: 'pc-2027-02-var-no1',
    tariffId: 'var-no1',
    market: 'NO',
    currency: 'NOK',
    component: 'energy',
    oldPrice: 0.89,
    newPrice: 1.02,
    effectiveDate: '2027-02-01',
    announcedAt: '2026-12-20T09:00:00Z',
    reasons: [
      {
        code: 'grid-fee',
        text: { 'nb-NO': 'Nettleien øker.', 'sv-SE': 'Nätavgiften höjs.', 'en-GB': 'The grid fee goes up.' },
      },
    ],
    alternatives: [
      {
        tariffId: 'fix-12m',
        name: { 'nb-NO': 'Fastpris 12 mnd', 'en-GB': 'Fixed price 12 months' },
        component: 'energy',
        price: 0.95,
        bindingMonths: 12,
      },
    ],
  };
}

/** The docs/contracts.md invoice, with a grid line added so that the lines add up to the amount (1240.5). */
export function invoiceIssued(): Record<string, unknown> {
  return {
    invoiceId: 'inv-2027-01-c-1001',
    customerId: 'c-1001',
    productId: 'p-1',
    currency: 'NOK',
    amount: 1240.5,
    issuedAt: '2027-01-05T08:00:00Z',
    dueDate: '2027-01-20',
    period: { from: '2026-12-01', to: '2026-12-31' },
    consumption: { quantity: 1650, unit: 'kWh' },
    reading: 'actual',
    lines: [
      { kind: 'energy', description: 'Strøm', quantity: 1650, unitPrice: 0.62, amount: 1023.0 },
      { kind: 'grid', description: 'Nettleie', amount: 168.5 },
      { kind: 'subscription', description: 'Fastbeløp', amount: 49 },
    ],
  };
}

export function invoiceRunSubmitted(): Record<string, unknown> {
  return { runId: 'run-2027-01', location: 's3://bucket/runs/2027-01.jsonl', count: 250000 };
}

export function supportTicketOpened(): Record<string, unknown> {
  return {
    ticketId: 't-77',
    customerId: 'c-1001',
    category: 'billing',
    priority: 'normal',
    openedAt: '2027-01-07T12:00:00Z',
    responseDueAt: '2027-01-09T12:00:00Z',
  };
}

export function supportTicketUpdated(): Record<string, unknown> {
  return {
    ticketId: 't-77',
    customerId: 'c-1001',
    status: 'waiting-on-customer',
    at: '2027-01-08T09:30:00Z',
  };
}

export function supportTicketResolved(): Record<string, unknown> {
  return { ticketId: 't-77', customerId: 'c-1001', resolvedAt: '2027-01-10T16:45:00+01:00' };
}

export function contractRenewed(): Record<string, unknown> {
  return {
    customerId: 'c-1001',
    productId: 'p-1',
    renewedAt: '2027-01-15T10:00:00Z',
    bindingEndsOn: '2028-01-31',
  };
}

export function surveyResponseReceived(): Record<string, unknown> {
  return {
    surveyId: 'sv-1',
    customerId: 'c-1001',
    scale: 'nps-10',
    score: 9,
    comment: 'Takk for beskjeden.',
    respondedAt: '2027-01-12T18:00:00Z',
  };
}

/** The contract's example campaign: Norwegian fixed price to customers whose binding ends within 60 days. */
export function campaignScheduled(): Record<string, unknown> {
  return {
    campaignId: 'cmp-2027-03-fixed',
    name: 'Spring fixed price',
    kind: 'campaign-message',
    audience: {
      all: [
        { attribute: 'market', in: ['NO'] },
        {
          product: {
            all: [
              { attribute: 'kind', in: ['electricity'] },
              { attribute: 'bindingEndsWithinDays', lte: 60 },
            ],
          },
        },
        { not: { attribute: 'paymentMethod', in: ['direct-debit'] } },
      ],
    },
    schedule: { date: '2027-03-02', localTime: '10:00' },
    holdoutPercent: 10,
    maxPerSecond: 20,
    fallbackLocale: 'nb-NO',
    content: {
      'nb-NO': {
        subject: 'Fastpris før bindingen din går ut',
        heading: 'Hei {firstName}, bindingen din går snart ut',
        paragraphs: ['Med fastpris i 24 måneder vet du hva strømmen koster.'],
        action: { text: 'Se tilbudet', url: 'https://stille.example/fastpris' },
        sms: 'Hei {firstName}! Bindingen din går snart ut. Se fastprisen vår: https://stille.example/fastpris',
      },
      'en-GB': {
        subject: 'A fixed price before your binding ends',
        heading: 'Hello {firstName}, your binding period ends soon',
        paragraphs: ['With a fixed price for 24 months you know what electricity costs.'],
      },
    },
  };
}

export function campaignCancelled(): Record<string, unknown> {
  return { campaignId: 'cmp-2027-03-fixed', at: '2027-03-01T12:00:00Z' };
}

export function offerCatalogPublished(): Record<string, unknown> {
  return {
    catalogId: '2027-03',
    holdoutPercent: 10,
    offers: [
      {
        offerId: 'fix-24m-no',
        name: { 'nb-NO': 'Fastpris 24 måneder', 'en-GB': 'Fixed price 24 months' },
        market: 'NO',
        eligibility: {
          segments: ['household'],
          productKinds: ['electricity'],
          tariffIds: ['var-no1'],
          minTenureMonths: 0,
          signals: ['binding-ending', 'price-increase'],
        },
        benefit: { type: 'tariff', tariffId: 'fix-24m', component: 'energy', price: 0.95, bindingMonths: 24 },
        validUntil: '2027-06-30',
        automatic: true,
      },
    ],
  };
}

export function contractEnded(): Record<string, unknown> {
  return {
    customerId: 'c-1001',
    productId: 'p-1',
    endedAt: '2027-04-02T10:00:00Z',
    reason: 'switched-supplier',
  };
}

/** One valid detail per detail type. */
export const VALID_DETAILS: Record<DetailType, () => Record<string, unknown>> = {
  'Customer Upserted': customerUpserted,
  'Contact Preferences Changed': contactPreferencesChanged,
  'Price Change Announced': priceChangeAnnounced,
  'Invoice Issued': invoiceIssued,
  'Invoice Run Submitted': invoiceRunSubmitted,
  'Support Ticket Opened': supportTicketOpened,
  'Support Ticket Updated': supportTicketUpdated,
  'Support Ticket Resolved': supportTicketResolved,
  'Contract Renewed': contractRenewed,
  'Survey Response Received': surveyResponseReceived,
  'Campaign Scheduled': campaignScheduled,
  'Campaign Cancelled': campaignCancelled,
  'Offer Catalog Published': offerCatalogPublished,
  'Contract Ended': contractEnded,
};
