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
  // A few surprising invoices, each kind of surprise at least once: consumption spikes, late fees (a
  // new charge), two invoices billing sends twice in February's run, and four SMS customers whose
  // January invoice arrives at 23:30 local time, so the explanation waits for 08:00.
  surprises: { spikeRate: 0.03, lateFeeRate: 0.015, duplicates: 2, nightInvoices: 4 },
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

// The invalid events keep their identity through the sort, so their new positions can be read off.
const invalidEvents = generated.invalid.map((note) => ({ note, event: scenario.events[note.index] }));
scenario.events = [...scenario.events, ...campaign]
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
