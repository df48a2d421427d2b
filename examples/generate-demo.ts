/**
 * Writes examples/demo.json, the scenario `npm start` plays: "Nordic demo".
 * Run with `npm run demo:generate` (or `npm exec -- node examples/generate-demo.ts`) and commit the output.
 */
import { writeFile } from 'node:fs/promises';
import { type Customer, formatScenarioJson, generateScenarioDetailed } from '../bench/generate-scenario.ts';

const generated = generateScenarioDetailed({
  name: 'Nordic demo',
  customers: 300,
  seed: 2027,
  start: '2027-01-01T00:00:00Z',
  months: 2,
  markets: ['NO', 'SE'],
  // January's invoices arrive one event each; February's as one billing run file.
  invoiceRunMonths: [1],
  priceChanges: true,
  includeInvalid: 3,
});
const { scenario } = generated;
type ScenarioEvent = (typeof scenario.events)[number];
// The generator's customers are `Customer Upserted` details; the scenario type only says "objects".
const customers = scenario.customers as Customer[];
const currencyOf = (customer: Customer) => (customer.market === 'SE' ? 'SEK' : 'NOK');

/**
 * The marketing campaign: a retention offer to every customer at 10:00 Oslo/Stockholm time. The send
 * gate sends it to those with marketing consent and an open channel, and records why it held back the
 * others (`no-consent`, `opted-out`, …).
 */
const CAMPAIGN_AT = '2027-02-10T09:00:00Z';
const campaign: ScenarioEvent[] = customers.map((customer) => ({
  at: CAMPAIGN_AT,
  source: 'crm',
  detailType: 'Message Requested',
  detail: {
    kind: 'retention-offer',
    purpose: 'marketing',
    customerId: customer.customerId,
    trigger: { detailType: 'Campaign Scheduled', id: 'winter-2027' },
    facts: {
      currency: currencyOf(customer),
      offerId: 'loyal-2027-02',
      reasons: ['long-tenure'],
      offer: {
        name: { 'nb-NO': 'Lojalitetsrabatt', 'sv-SE': 'Lojalitetsrabatt', 'en-GB': 'Loyalty discount' },
        discountPercent: 10,
        bindingMonths: 0,
        validUntil: '2027-03-31',
      },
    },
  },
}));

/**
 * Invoice explanations requested at 23:30 local time for the first few customers who prefer SMS: the
 * gate defers each to the end of the quiet hours (08:00 local) and sends it then.
 */
const NIGHT_REQUEST_AT = '2027-01-12T22:30:00Z';
const nightRequests: ScenarioEvent[] = customers
  .filter((customer) => customer.preferredChannel === 'sms' && customer.phone !== undefined)
  .slice(0, 4)
  .map((customer) => {
    const invoiceId = `inv-2027-01-${customer.customerId}-late`;
    return {
      at: NIGHT_REQUEST_AT,
      source: 'billing',
      detailType: 'Message Requested',
      detail: {
        kind: 'invoice-explanation',
        customerId: customer.customerId,
        trigger: { detailType: 'Invoice Issued', id: invoiceId },
        facts: {
          invoiceId,
          currency: currencyOf(customer),
          amount: 1240.5,
          expectedAmount: 930.5,
          difference: 310,
          dueDate: '2027-01-20',
          period: { from: '2026-12-01', to: '2026-12-31' },
          causes: [
            { code: 'consumption', amount: 214.5, quantity: 1650, expectedQuantity: 1230, unit: 'kWh' },
            { code: 'price', amount: 75.5, unitPrice: 0.62, expectedUnitPrice: 0.5675, unit: 'kWh' },
            { code: 'fees', amount: 20 },
          ],
        },
      },
    };
  });

// The invalid events keep their identity through the sort, so their new positions can be read off.
const invalidEvents = generated.invalid.map((note) => ({ note, event: scenario.events[note.index] }));
scenario.events = [...scenario.events, ...nightRequests, ...campaign]
  .map((event, i) => ({ event, i }))
  .sort((a, b) => a.event.at.localeCompare(b.event.at) || a.i - b.i)
  .map(({ event }) => event);
const invalid = invalidEvents.map(({ note, event }) => ({
  ...note,
  index: event === undefined ? -1 : scenario.events.indexOf(event),
}));

const target = new URL('./demo.json', import.meta.url);
const text = formatScenarioJson(scenario);
await writeFile(target, text);

const byType = new Map<string, number>();
for (const event of scenario.events) byType.set(event.detailType, (byType.get(event.detailType) ?? 0) + 1);
const lines = [
  `Wrote ${target.pathname} (${(Buffer.byteLength(text) / 1_048_576).toFixed(1)} MB)`,
  `  ${scenario.customers.length} customers, ${scenario.history?.invoices?.length ?? 0} history invoices`,
  ...[...byType].map(([type, count]) => `  ${count} × ${type}`),
  ...Object.entries(scenario.files ?? {}).map(([location, items]) => `  ${location}: ${items.length} lines`),
  ...invalid.map((note) => `  invalid on purpose: events[${note.index}] ${note.detailType} (${note.kind})`),
];
process.stdout.write(`${lines.join('\n')}\n`);
