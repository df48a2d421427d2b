import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulationReportSchema } from '#domain/contracts/index.ts';
import { stille } from '../helpers/cli.ts';
import { customerUpserted, invoiceIssued } from '../unit/contracts/fixtures.ts';

/** `levels` objects, each holding the next, as JSON text. */
const nestedText = (levels: number) => `${'{"n":'.repeat(levels - 1)}{"leaf":1}${'}'.repeat(levels - 1)}`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'stille-hostile-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs a scenario of `events` (JSON texts) and returns the report's rejections by event index. */
async function rejections(name: string, events: string[]) {
  // A byte order mark first, as an editor on Windows may write it.
  const text = `\uFEFF{"name":"${name}","start":"2027-01-05T07:00:00Z","until":"2027-01-05T12:00:00Z","customers":[],"events":[${events.join(',')}]}`;
  const file = path.join(dir, `${name}.json`);
  await writeFile(file, text);
  const { code, stdout, stderr } = await stille(['simulate', file, '--json'], dir);
  expect(code, stderr).toBe(0);
  const report = SimulationReportSchema.parse(JSON.parse(stdout));
  expect(report.executions.failed).toBe(0);
  return new Map(report.rejected.map((r) => [r.index, r.errors]));
}

const event = (detailType: string, detail: string) =>
  `{"at":"2027-01-05T08:00:00Z","source":"crm","detailType":"${detailType}","detail":${detail}}`;
const upsert = (customerId: string, extra: string) =>
  JSON.stringify({ ...customerUpserted(), customerId }).replace(/}$/, `,"extra":${extra}}`);
const fine = () => event('Customer Upserted', JSON.stringify({ ...customerUpserted(), customerId: 'c-ok' }));

describe('stille simulate with hostile events', () => {
  it('rejects events nested too deep with a field error, processes the rest, and never hangs', async () => {
    const rejected = await rejections('deep', [
      event('Customer Upserted', upsert('c-deep', nestedText(5_000))), // past what EventBridge reads
      event('Customer Upserted', upsert('c-nested', nestedText(40))), // past what a contract takes
      fine(),
    ]);
    expect(rejected.get(0)?.[0]?.message).toMatch(/at most 1000 levels deep/);
    expect(rejected.get(1)).toEqual([
      {
        path: 'detail',
        message: expect.stringMatching(/^must nest objects and arrays at most 32 levels deep/),
      },
    ]);
    expect(rejected.has(2)).toBe(false);
  }, 120_000);

  it('names a number no JavaScript number holds as it was written', async () => {
    const invoice = JSON.stringify({ ...invoiceIssued(), customerId: 'c-ok' }).replace(
      /"amount":[0-9.]+,"issuedAt"/,
      '"amount":1e309,"issuedAt"',
    );
    const rejected = await rejections('numbers', [event('Invoice Issued', invoice), fine()]);
    expect(rejected.get(0)).toEqual([
      { path: 'amount', message: 'must be a number JSON and DynamoDB can carry, got 1e309' },
    ]);
    expect(rejected.has(1)).toBe(false);
  }, 120_000);
});
