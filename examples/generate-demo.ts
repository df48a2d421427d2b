/**
 * Writes examples/demo.json, the scenario `npm start` plays: "Nordic demo".
 * Run with `npm run demo:generate` (or `npm exec -- node examples/generate-demo.ts`) and commit the output.
 */
import { writeFile } from 'node:fs/promises';
import { formatScenarioJson, generateScenarioDetailed } from '../bench/generate-scenario.ts';

const { scenario, invalid } = generateScenarioDetailed({
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
