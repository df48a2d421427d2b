import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Scenario, SimulationReport } from '#domain/contracts/index.ts';
import { reportPaths, runCli } from '#local/cli/main.ts';
import type { RunScenarioOptions } from '#local/scenario-runner.ts';
import { captureIO, reportFor, smallScenario, tempDir } from './fixtures.ts';

let tmp: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  tmp = await tempDir();
});
afterEach(async () => {
  await tmp.cleanup();
});

/** A runtime stand-in that returns a known report and remembers what it was asked. */
function fakeRuntime(build: (scenario: Scenario) => SimulationReport = reportFor) {
  const calls: Array<{ scenario: Scenario; options: RunScenarioOptions }> = [];
  const runScenario = async (scenario: Scenario, options: RunScenarioOptions) => {
    calls.push({ scenario, options });
    return build(scenario);
  };
  return { runScenario, calls };
}

async function scenarioFile(scenario: Scenario = smallScenario(), name = 'tiny.json'): Promise<string> {
  return tmp.write(name, JSON.stringify(scenario));
}

describe('command line', () => {
  it('prints the usage and exits 0 on --help', async () => {
    const io = captureIO();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.out()).toContain('stille simulate FILE');
    expect(io.err()).toBe('');
  });

  it('prints the version on --version', async () => {
    const io = captureIO();
    expect(await runCli(['--version'], io, { version: '9.8.7' })).toBe(0);
    expect(io.out()).toBe('9.8.7\n');
  });

  it.each([
    [[], 'no command given'],
    [['deploy'], 'unknown command "deploy"'],
    [['simulate'], 'needs a scenario file'],
    [['simulate', 'a.json', 'b.json'], 'unexpected argument "b.json"'],
    [['simulate', 'a.json', '--bogus'], '--bogus'],
    [['simulate', 'a.json', '--report'], '--report'],
    [['simulate', 'a.json', '--seed', 'abc'], '--seed must be an integer'],
    [['simulate', 'a.json', '--seed', '-1'], '--seed'],
  ])('rejects the command line %j with exit 2 and says why', async (argv, why) => {
    const io = captureIO();
    const runtime = fakeRuntime();
    expect(await runCli(argv, io, { runScenario: runtime.runScenario, cwd: tmp.dir })).toBe(2);
    expect(io.err()).toContain(why);
    expect(io.err()).toContain('stille --help');
    expect(io.out()).toBe('');
    expect(runtime.calls).toHaveLength(0);
  });

  it('passes the seed to the runtime and keeps the handlers silent', async () => {
    const file = await scenarioFile();
    const runtime = fakeRuntime();
    await runCli(['simulate', file, '--json', '--seed', '42'], captureIO(), {
      runScenario: runtime.runScenario,
      cwd: tmp.dir,
    });
    expect(runtime.calls[0]?.options.seed).toBe(42);
    expect(runtime.calls[0]?.options.logLevel).toBe('SILENT');
  });
});

describe('unusable scenario files', () => {
  it('exits 2 for a file that does not exist', async () => {
    const io = captureIO();
    const runtime = fakeRuntime();
    const code = await runCli(['simulate', 'missing.json'], io, {
      runScenario: runtime.runScenario,
      cwd: tmp.dir,
    });
    expect(code).toBe(2);
    expect(io.err()).toContain('missing.json');
    expect(io.err()).toContain('no such file');
    expect(runtime.calls).toHaveLength(0);
  });

  it('exits 2 for a file that is not JSON', async () => {
    const file = await tmp.write('broken.json', '{ "name": "half a scenario", ');
    const io = captureIO();
    const code = await runCli(['simulate', file], io, {
      runScenario: fakeRuntime().runScenario,
      cwd: tmp.dir,
    });
    expect(code).toBe(2);
    expect(io.err()).toContain('is not valid JSON');
  });

  it('exits 2 for a scenario that breaks the contract, listing every field error with its path', async () => {
    const scenario = smallScenario() as unknown as Record<string, unknown>;
    const events = [...(scenario.events as unknown[])];
    events[1] = { at: 'next tuesday', detailType: 'Invoice Issued', detail: {} };
    const file = await tmp.write(
      'invalid.json',
      JSON.stringify({ ...scenario, start: '2027-01-01', events }),
    );
    const io = captureIO();
    const runtime = fakeRuntime();
    const code = await runCli(['simulate', file], io, { runScenario: runtime.runScenario, cwd: tmp.dir });
    expect(code).toBe(2);
    expect(io.err()).toContain('not a valid scenario (2 problems)');
    expect(io.err()).toMatch(/^ {2}start: must be/m);
    expect(io.err()).toMatch(/^ {2}events\[1\]\.at: must be .*"next tuesday"/m);
    expect(io.out()).toBe('');
    expect(runtime.calls).toHaveLength(0);
  });

  it('exits 2 when the file holds JSON that is not an object', async () => {
    const file = await tmp.write('list.json', '[1, 2, 3]');
    const io = captureIO();
    expect(
      await runCli(['simulate', file], io, { runScenario: fakeRuntime().runScenario, cwd: tmp.dir }),
    ).toBe(2);
    expect(io.err()).toContain('scenario: must be a JSON object');
  });
});

describe('--json', () => {
  it('prints exactly one JSON document on stdout: the report', async () => {
    const scenario = smallScenario();
    const file = await scenarioFile(scenario);
    const io = captureIO(true);
    const runtime = fakeRuntime((s) => {
      const report = reportFor(s);
      return report;
    });
    const code = await runCli(['simulate', file, '--json'], io, {
      runScenario: runtime.runScenario,
      cwd: tmp.dir,
    });
    expect(code).toBe(0);
    const stdout = io.out();
    expect(stdout.endsWith('\n')).toBe(true);
    expect(stdout.trimEnd().split('\n')).toHaveLength(1);
    const parsed: unknown = JSON.parse(stdout);
    expect(parsed).toEqual(JSON.parse(JSON.stringify(reportFor(scenario))));
  });

  it('writes no report files unless --report is given', async () => {
    const file = await scenarioFile();
    await runCli(['simulate', file, '--json'], captureIO(), {
      runScenario: fakeRuntime().runScenario,
      cwd: tmp.dir,
    });
    expect(existsSync(path.join(tmp.dir, '.stille'))).toBe(false);
  });

  it('writes the reports when --report is given, and tells where on stderr only', async () => {
    const file = await scenarioFile();
    const io = captureIO();
    const target = path.join(tmp.dir, 'out', 'run.html');
    await runCli(['simulate', file, '--json', '--report', target], io, {
      runScenario: fakeRuntime().runScenario,
      cwd: tmp.dir,
    });
    expect(() => JSON.parse(io.out())).not.toThrow();
    expect(existsSync(target)).toBe(true);
    expect(existsSync(path.join(tmp.dir, 'out', 'run.json'))).toBe(true);
    expect(io.err()).toContain(target);
  });
});

describe('the readable run', () => {
  it('prints a summary with the counts and writes the HTML and JSON reports to .stille/reports', async () => {
    const scenario = smallScenario(4);
    const file = await scenarioFile(scenario, 'nordic.json');
    const io = captureIO();
    const code = await runCli(['simulate', file], io, {
      runScenario: fakeRuntime().runScenario,
      cwd: tmp.dir,
    });
    expect(code).toBe(0);
    const report = reportFor(scenario);
    const sent = report.messages.filter((m) => m.status === 'sent').length;
    expect(io.out()).toContain(scenario.name);
    expect(io.out()).toContain(`${report.messages.length} (${sent} sent, 1 suppressed, 1 failed)`);
    expect(io.out()).toContain(path.join('.stille', 'reports', 'nordic-report.html'));
    expect(io.out()).toContain(path.join('.stille', 'reports', 'nordic-report.json'));

    const html = await readFile(path.join(tmp.dir, '.stille', 'reports', 'nordic-report.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    const json: unknown = JSON.parse(
      await readFile(path.join(tmp.dir, '.stille', 'reports', 'nordic-report.json'), 'utf8'),
    );
    expect(json).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it('exits 0 when the scenario ran, even with rejected events', async () => {
    const file = await scenarioFile();
    const io = captureIO();
    const code = await runCli(['simulate', file], io, {
      runScenario: fakeRuntime().runScenario,
      cwd: tmp.dir,
    });
    expect(code).toBe(0);
    expect(io.out()).toContain('Rejected events: 2');
  });

  it('prints one line and the report paths with --quiet', async () => {
    const file = await scenarioFile();
    const io = captureIO(true);
    await runCli(['simulate', file, '--quiet'], io, { runScenario: fakeRuntime().runScenario, cwd: tmp.dir });
    const lines = io.out().trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^Report \(HTML\): /);
    expect(io.err()).toBe('');
  });

  it('exits 1 and explains an unexpected error of the runtime, with its cause', async () => {
    const file = await scenarioFile();
    const io = captureIO();
    const failing = async () => {
      throw new Error('the state machine could not start', { cause: new Error('dynalite is not listening') });
    };
    const code = await runCli(['simulate', file], io, { runScenario: failing, cwd: tmp.dir });
    expect(code).toBe(1);
    expect(io.err()).toContain('the state machine could not start');
    expect(io.err()).toContain('caused by Error: dynalite is not listening');
    expect(io.out()).toBe('');
  });

  it('draws progress on stderr only when stderr is a terminal', async () => {
    const file = await scenarioFile();
    vi.useFakeTimers({ toFake: ['performance'] });
    try {
      const slow = async (scenario: Scenario, options: RunScenarioOptions) => {
        for (let i = 1; i <= 5; i++) {
          vi.advanceTimersByTime(1_000);
          options.onProgress?.({
            eventsStarted: i,
            eventsTotal: 5,
            clock: '2027-01-05T08:00:00Z',
            executionsRunning: 1,
          });
        }
        return reportFor(scenario);
      };
      const tty = captureIO(true);
      await runCli(['simulate', file], tty, { runScenario: slow, cwd: tmp.dir });
      expect(tty.err()).toContain('5/5 events');
      expect(tty.out()).not.toContain('Simulating [');

      const piped = captureIO(false);
      await runCli(['simulate', file], piped, { runScenario: slow, cwd: tmp.dir });
      expect(piped.err()).toBe('');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('report paths', () => {
  it('puts the reports in .stille/reports, named after the scenario file', () => {
    expect(reportPaths('examples/demo.json', undefined)).toEqual({
      html: path.join('.stille', 'reports', 'demo-report.html'),
      json: path.join('.stille', 'reports', 'demo-report.json'),
    });
  });

  it('writes the JSON report next to an explicit --report path', () => {
    expect(reportPaths('x.json', 'out/run.html').json).toBe('out/run.json');
    expect(reportPaths('x.json', 'out/run').json).toBe('out/run.json');
  });
});
