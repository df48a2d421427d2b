/**
 * Typed, valid event details for handler and adapter tests. Each call returns a fresh object, so a test
 * may change a field without affecting another test.
 */
import type {
  ContactPreferencesChanged,
  ContractRenewed,
  CustomerUpserted,
  InvoiceIssued,
  InvoiceRunSubmitted,
  PriceChangeAnnounced,
  SupportTicketOpened,
  SupportTicketResolved,
  SupportTicketUpdated,
  SurveyResponseReceived,
} from '#domain/contracts/index.ts';

export function customerUpserted(overrides: Partial<CustomerUpserted> = {}): CustomerUpserted {
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
      {
        productId: 'p-2',
        kind: 'broadband',
        tariffId: 'bb-500',
        contract: 'fixed-term',
        bindingEndsOn: '2027-06-30',
      },
    ],
    ...overrides,
  };
}

/**
 * The `i`-th customer of a generated batch: Norway and Sweden in turn, an e-mail address and a phone
 * number of its own, no products, no consents unless `overrides` gives them.
 */
export function batchCustomer(i: number, overrides: Partial<CustomerUpserted> = {}): CustomerUpserted {
  const norway = i % 2 === 1;
  return customerUpserted({
    customerId: `c-${i}`,
    name: norway ? 'Kari Nordmann' : 'Åsa Lindqvist',
    market: norway ? 'NO' : 'SE',
    locale: norway ? 'nb-NO' : 'sv-SE',
    timeZone: norway ? 'Europe/Oslo' : 'Europe/Stockholm',
    email: `c-${i}@example.org`,
    phone: `+4790000${String(i).padStart(3, '0')}`,
    consents: { marketing: false, surveys: false },
    customerSince: '2020-01-01',
    paymentMethod: 'e-invoice',
    products: [],
    ...overrides,
  });
}

export function contactPreferencesChanged(
  overrides: Partial<ContactPreferencesChanged> = {},
): ContactPreferencesChanged {
  return {
    customerId: 'c-1001',
    channel: 'sms',
    purpose: 'marketing',
    optedOut: true,
    source: 'sms-stop',
    at: '2027-01-06T10:15:00+01:00',
    ...overrides,
  };
}

export function priceChangeAnnounced(overrides: Partial<PriceChangeAnnounced> = {}): PriceChangeAnnounced {
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
    reasons: [{ code: 'grid-fee', text: { 'nb-NO': 'Nettleien øker.', 'en-GB': 'The grid fee goes up.' } }],
    alternatives: [
      {
        tariffId: 'fix-12m',
        name: { 'nb-NO': 'Fastpris 12 mnd', 'en-GB': 'Fixed price 12 months' },
        component: 'energy',
        price: 0.95,
        bindingMonths: 12,
      },
    ],
    ...overrides,
  };
}

export function invoiceIssued(overrides: Partial<InvoiceIssued> = {}): InvoiceIssued {
  return {
    invoiceId: 'inv-2027-01-c-1001',
    customerId: 'c-1001',
    productId: 'p-1',
    currency: 'NOK',
    amount: 1072,
    issuedAt: '2027-01-05T08:00:00Z',
    dueDate: '2027-01-20',
    period: { from: '2026-12-01', to: '2026-12-31' },
    consumption: { quantity: 1650, unit: 'kWh' },
    reading: 'actual',
    lines: [
      { kind: 'energy', description: 'Strøm', quantity: 1650, unitPrice: 0.62, amount: 1023 },
      { kind: 'subscription', description: 'Fastbeløp', amount: 49 },
    ],
    ...overrides,
  };
}

export function invoiceRunSubmitted(overrides: Partial<InvoiceRunSubmitted> = {}): InvoiceRunSubmitted {
  return { runId: 'run-2027-01', location: 's3://stille-runs/runs/2027-01.jsonl', count: 3, ...overrides };
}

export function supportTicketOpened(overrides: Partial<SupportTicketOpened> = {}): SupportTicketOpened {
  return {
    ticketId: 't-77',
    customerId: 'c-1001',
    category: 'billing',
    priority: 'high',
    openedAt: '2027-01-10T09:00:00Z',
    responseDueAt: '2027-01-11T09:00:00Z',
    ...overrides,
  };
}

export function supportTicketUpdated(overrides: Partial<SupportTicketUpdated> = {}): SupportTicketUpdated {
  return {
    ticketId: 't-77',
    customerId: 'c-1001',
    status: 'answered',
    at: '2027-01-10T15:00:00Z',
    ...overrides,
  };
}

export function supportTicketResolved(overrides: Partial<SupportTicketResolved> = {}): SupportTicketResolved {
  return { ticketId: 't-77', customerId: 'c-1001', resolvedAt: '2027-01-12T12:00:00Z', ...overrides };
}

export function contractRenewed(overrides: Partial<ContractRenewed> = {}): ContractRenewed {
  return {
    customerId: 'c-1001',
    productId: 'p-1',
    renewedAt: '2027-01-15T10:00:00Z',
    bindingEndsOn: '2028-01-31',
    ...overrides,
  };
}

export function surveyResponseReceived(
  overrides: Partial<SurveyResponseReceived> = {},
): SurveyResponseReceived {
  return {
    surveyId: 's-9',
    customerId: 'c-1001',
    scale: 'csat-5',
    score: 4,
    comment: 'Quick answer, thanks.',
    respondedAt: '2027-01-14T18:30:00+01:00',
    ...overrides,
  };
}

/** An EventBridge event around `detail`, as a rule delivers it to `StartExecution`. */
export function eventBridgeEvent(detailType: string, detail: unknown, id = 'evt-0001') {
  return {
    version: '0',
    id,
    'detail-type': detailType,
    source: 'billing',
    account: '123456789012',
    time: '2027-01-05T08:00:00Z',
    region: 'eu-north-1',
    resources: [],
    detail,
  };
}
