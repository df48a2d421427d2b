import type { MessageKind } from '#domain/messaging/types.ts';
import type { RenderInput } from '#templates/index.ts';

/** The locales with templates. */
export const LOCALES = ['nb-NO', 'sv-SE', 'en-GB', 'fi-FI', 'sv-FI', 'da-DK'] as const;
/** The channels a message renders for. */
export const CHANNELS = ['email', 'sms'] as const;
/** Every kind of message. */
export const KINDS: readonly MessageKind[] = [
  'price-change-notice',
  'invoice-explanation',
  'support-delay-notice',
  'survey-request',
  'retention-offer',
  'campaign-message',
];

/** A Norwegian household customer who pays on paper. */
export function customer(overrides: Partial<RenderInput['customer']> = {}): RenderInput['customer'] {
  return {
    customerId: 'c-1001',
    name: 'Kari Nordmann',
    market: 'NO',
    timeZone: 'Europe/Oslo',
    paymentMethod: 'paper-invoice',
    ...overrides,
  };
}

/** One-click links for every CSAT and NPS score, and the survey page for the SMS. */
export function answerLinks(base = 'https://stille.example/s/svy-2027-01-c-1001'): Record<string, string> {
  const answers: Record<string, string> = { survey: base };
  for (let score = 0; score <= 10; score++) answers[String(score)] = `${base}?score=${score}`;
  return answers;
}

export const UNSUBSCRIBE = 'https://stille.example/unsubscribe?c=c-1001&t=3f9a';
export const OFFER_LINK = 'https://stille.example/offer/off-2027-02-c-1001';

/** The three split causes of {@link invoiceFacts}: 214,50 + 75,50 + 20 = 310 kr. */
export function splitCauses(): Record<string, unknown>[] {
  return [
    { code: 'consumption', amount: 214.5, quantity: 1650, expectedQuantity: 1230, unit: 'kWh' },
    { code: 'price', amount: 75.5, unitPrice: 0.62, expectedUnitPrice: 0.5675, unit: 'kWh' },
    { code: 'fees', amount: 20 },
  ];
}

/**
 * Realistic facts of an invoice explanation, as the invoice domain writes them: 310 kr above usual,
 * mostly consumption, compared with the same season last year.
 */
export function invoiceFacts(): Record<string, unknown> {
  return {
    invoiceId: 'inv-2027-01-c-1001',
    currency: 'NOK',
    amount: 1240.5,
    expectedAmount: 930.5,
    difference: 310,
    dueDate: '2027-01-20',
    period: { from: '2026-12-01', to: '2026-12-31' },
    estimatedReading: false,
    reasons: ['above-expected'],
    basis: 'same-season',
    causes: splitCauses(),
  };
}

/** {@link invoiceFacts} with more causes after the split ones, and other facts replaced. */
export function invoiceFactsWith(
  extraCauses: readonly Record<string, unknown>[],
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return { ...invoiceFacts(), causes: [...splitCauses(), ...extraCauses], ...overrides };
}

/** The older facts shape some producers still send: no reasons, basis, reading flag or cause details. */
export function legacyInvoiceFacts(): Record<string, unknown> {
  return {
    invoiceId: 'inv-2027-01-c-1001',
    amount: 1240.5,
    expectedAmount: 930.5,
    difference: 310,
    causes: [
      { code: 'consumption', amount: 290 },
      { code: 'fees', amount: 20 },
    ],
  };
}

/** Realistic facts of a price-change notice: energy price up from 0.89 to 1.02 per kWh. */
export function priceChangeFacts(): Record<string, unknown> {
  return {
    priceChangeId: 'pc-2027-02-var-no1',
    currency: 'NOK',
    component: 'energy',
    oldPrice: 0.89,
    newPrice: 1.0225,
    effectiveDate: '2027-02-01',
    annualConsumption: 16500,
    annualCostBefore: 14685,
    annualCostAfter: 16871.25,
    monthlyDifference: 182.19,
    noticeDays: 43,
    terminationRight: true,
    reasons: [{ code: 'grid-fee' }, { code: 'wholesale-cost' }],
    alternatives: [
      {
        tariffId: 'fix-12m',
        name: { 'nb-NO': 'Fastpris 12 mnd', 'sv-SE': 'Fast pris 12 mån', 'en-GB': 'Fixed price 12 months' },
        annualCost: 15675,
        annualSaving: 1196.25,
        price: 0.95,
        bindingMonths: 12,
      },
    ],
  };
}

/** Realistic facts of a support-delay notice: 26 hours past the promised response. */
export function supportDelayFacts(): Record<string, unknown> {
  return { ticketId: 'T-48213', responseDueAt: '2027-01-05T08:00:00Z', overdueHours: 26 };
}

/** Realistic facts of a survey request after a support case. */
export function surveyFacts(): Record<string, unknown> {
  return { surveyId: 'svy-2027-01-c-1001', trigger: 'ticket', scale: 'csat-5' };
}

/** Realistic facts of a retention offer: a fixed price that saves 1 196,25 a year. */
export function retentionFacts(): Record<string, unknown> {
  return {
    offerId: 'off-2027-02-c-1001',
    currency: 'NOK',
    reasons: ['price-increase', 'binding-ending'],
    offer: {
      name: { 'nb-NO': 'Fastpris 12 mnd', 'sv-SE': 'Fast pris 12 mån', 'en-GB': 'Fixed price 12 months' },
      component: 'energy',
      price: 0.95,
      annualCost: 15675,
      annualSaving: 1196.25,
      bindingMonths: 12,
      validUntil: '2027-03-31',
    },
  };
}

/** Realistic facts of every kind. */
export function factsOf(kind: MessageKind): Record<string, unknown> {
  switch (kind) {
    case 'invoice-explanation':
      return invoiceFacts();
    case 'price-change-notice':
      return priceChangeFacts();
    case 'support-delay-notice':
      return supportDelayFacts();
    case 'survey-request':
      return surveyFacts();
    case 'retention-offer':
      return retentionFacts();
    case 'campaign-message':
      return campaignFacts();
  }
}

/** A campaign message's words in each template locale. */
export const CAMPAIGN_WORDS = {
  'nb-NO': {
    subject: 'Fastpris for deg, {firstName}',
    heading: 'Bindingen din går ut snart',
    paragraphs: ['Hei igjen {firstName}! Med fastpris vet du hva strømmen koster de neste 12 månedene.'],
    action: { text: 'Se tilbudet', url: 'https://stille.example/tilbud/fastpris' },
    sms: 'Hei {firstName}! Bindingen din går ut snart. Se fastprisen: https://stille.example/tilbud/fastpris',
  },
  'sv-SE': {
    subject: 'Fast pris för dig, {firstName}',
    heading: 'Din bindningstid går snart ut',
    paragraphs: ['Hej igen {firstName}! Med fast pris vet du vad elen kostar de kommande 12 månaderna.'],
    action: { text: 'Se erbjudandet', url: 'https://stille.example/erbjudande/fastpris' },
    sms: 'Hej {firstName}! Din bindningstid går snart ut. Se fast pris: https://stille.example/erbjudande/fastpris',
  },
  'en-GB': {
    subject: 'A fixed price for you, {firstName}',
    heading: 'Your binding period ends soon',
    paragraphs: [
      'Hello again {firstName}! With a fixed price you know what electricity costs for 12 months.',
    ],
    action: { text: 'See the offer', url: 'https://stille.example/offer/fixed-price' },
    sms: 'Hi {firstName}! Your binding period ends soon. See the fixed price: https://stille.example/offer/fixed-price',
  },
  'fi-FI': {
    subject: 'Kiinteä hinta sinulle, {firstName}',
    heading: 'Sopimuksesi määräaika päättyy pian',
    paragraphs: [
      'Hei taas {firstName}! Kiinteällä hinnalla tiedät, mitä sähkö maksaa seuraavat 12 kuukautta.',
    ],
    action: { text: 'Katso tarjous', url: 'https://stille.example/tarjous/kiintea-hinta' },
    sms: 'Hei {firstName}! Sopimuksesi määräaika päättyy pian. Katso kiinteä hinta: https://stille.example/tarjous/kiintea-hinta',
  },
  'sv-FI': {
    subject: 'Fast pris för dig, {firstName}',
    heading: 'Din avtalsperiod går snart ut',
    paragraphs: ['Hej igen {firstName}! Med fast pris vet du vad elen kostar de kommande 12 månaderna.'],
    action: { text: 'Se erbjudandet', url: 'https://stille.example/erbjudande/fast-pris' },
    sms: 'Hej {firstName}! Din avtalsperiod går snart ut. Se fast pris: https://stille.example/erbjudande/fast-pris',
  },
  'da-DK': {
    subject: 'Fast pris til dig, {firstName}',
    heading: 'Din binding udløber snart',
    paragraphs: ['Hej igen {firstName}! Med fast pris ved du, hvad strømmen koster de næste 12 måneder.'],
    action: { text: 'Se tilbuddet', url: 'https://stille.example/tilbud/fast-pris' },
    sms: 'Hej {firstName}! Din binding udløber snart. Se den faste pris: https://stille.example/tilbud/fast-pris',
  },
} as const;

/** The facts of a campaign message in `locale` (its content is that locale's). */
export function campaignFacts(locale: keyof typeof CAMPAIGN_WORDS = 'nb-NO'): Record<string, unknown> {
  return {
    campaignId: 'cmp-2027-03-fixed',
    runAt: '2027-03-02',
    contentLocale: locale,
    content: CAMPAIGN_WORDS[locale],
  };
}

/** A complete render input for `kind`, with every link given. */
export function inputFor(kind: MessageKind, overrides: Partial<RenderInput> = {}): RenderInput {
  return {
    kind,
    locale: 'nb-NO',
    channel: 'email',
    customer: customer(),
    facts:
      kind === 'campaign-message'
        ? campaignFacts((overrides.locale ?? 'nb-NO') as keyof typeof CAMPAIGN_WORDS)
        : factsOf(kind),
    links: { unsubscribe: UNSUBSCRIBE, answers: answerLinks(), offer: OFFER_LINK },
    ...overrides,
  };
}

/** Intl's formatting of money, as the templates must show it. */
export function money(locale: string, currency: string, amount: number, signed = false): string {
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    ...(signed ? { signDisplay: 'exceptZero' as const } : {}),
  }).format(amount);
}

/** Intl's formatting of a unit price with 2–4 decimals. */
export function unitPrice(locale: string, currency: string, amount: number): string {
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: 2,
    maximumFractionDigits: 4,
  }).format(amount);
}

/** Intl's long formatting of a calendar date `YYYY-MM-DD` (as the date it names, in UTC). */
export function calendarDate(locale: string, isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
    Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1),
  );
}

/** Intl's formatting of an instant on the customer's wall clock. */
export function wallClock(locale: string, timeZone: string, instant: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone }).format(
    new Date(instant),
  );
}

/** Intl's formatting of a plain number. */
export function plainNumber(locale: string, value: number): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value);
}

/**
 * What an Intl string becomes in an SMS: no-break and thin spaces are spaces, the minus sign is a
 * hyphen (neither is in the GSM-7 alphabet).
 */
export function smsForm(text: string): string {
  return text.replace(/[\u00a0\u2007\u2009\u202f]/g, ' ').replace(/[\u2010-\u2015\u2212]/g, '-');
}
