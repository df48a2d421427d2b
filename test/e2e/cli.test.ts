import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulationReportSchema } from '#domain/contracts/index.ts';
import { generateScenarioDetailed } from '../../bench/generate-scenario.ts';
import { stille } from '../helpers/cli.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'stille-e2e-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('stille simulate (the whole platform, black box)', () => {
  it('runs a small Nordic scenario through the real workflows and reports it as one JSON object', async () => {
    const { scenario, invalid } = generateScenarioDetailed({
      name: 'e2e: 20 customers, January',
      customers: 20,
      seed: 2027,
      start: '2027-01-01T00:00:00Z',
      months: 1,
      includeInvalid: 1,
    });
    const file = path.join(dir, 'small.json');
    await writeFile(file, JSON.stringify(scenario));

    const { code, stdout, stderr } = await stille(['simulate', file, '--json', '--seed', '1'], dir);
    expect(code, stderr).toBe(0);

    const report = SimulationReportSchema.parse(JSON.parse(stdout));
    const [bad] = invalid;
    expect(bad?.path).toBe('amount');
    const rejected = report.rejected.find(
      (r) => (r.source ?? 'events') === 'events' && r.index === bad?.index,
    );
    expect(rejected?.detailType).toBe('Invoice Issued');
    expect(rejected?.errors.map((e) => e.path)).toContain('amount');

    expect(report.executions.started).toBeGreaterThan(0);
    expect(report.executions.failed).toBe(0);
    expect(report.executions.lambdaInvocations).toBeGreaterThan(0);
    const known = new Set(scenario.customers.map((c) => c.customerId));
    for (const message of report.messages) expect(known.has(message.customerId)).toBe(true);
  }, 300_000);

  it('exits 2 with the field paths on stderr for a scenario file that breaks the contract', async () => {
    const file = path.join(dir, 'invalid.json');
    await writeFile(
      file,
      JSON.stringify({
        name: 'broken',
        start: '2027-01-01T00:00:00Z',
        until: '2027-02-01T00:00:00Z',
        events: [{ at: '05.01.2027 08:00', detailType: 'Invoice Issued', detail: {} }],
      }),
    );
    const { code, stdout, stderr } = await stille(['simulate', file, '--json'], dir);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('events[0].at: must be');
  }, 60_000);

  it('exits 2 for a scenario file that does not exist', async () => {
    const { code, stdout, stderr } = await stille(['simulate', 'no-such-scenario.json'], dir);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('no-such-scenario.json');
  }, 60_000);
});
