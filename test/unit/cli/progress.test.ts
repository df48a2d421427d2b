import { describe, expect, it } from 'vitest';
import { createProgressBar, formatProgress } from '#local/cli/progress.ts';

const at = (eventsStarted: number) => ({
  eventsStarted,
  eventsTotal: 10,
  clock: '2027-01-14T08:05:00Z',
  executionsRunning: 3,
});

function harness(enabled: boolean) {
  let t = 0;
  const writes: string[] = [];
  const bar = createProgressBar({
    stream: { write: (c: string) => writes.push(c) },
    enabled,
    now: () => t,
    delayMs: 500,
    intervalMs: 100,
  });
  return { bar, writes, tick: (ms: number) => (t += ms) };
}

describe('progress bar', () => {
  it('shows events started of the total, the simulated time and running executions', () => {
    expect(formatProgress(at(5), 10)).toBe(
      'Simulating [█████░░░░░] 5/10 events · 2027-01-14 08:05 UTC · 3 running',
    );
  });

  it('stays silent during the first moments of a run', () => {
    const { bar, writes, tick } = harness(true);
    tick(100);
    bar.update(at(1));
    bar.finish();
    expect(writes).toEqual([]);
  });

  it('redraws at most once per interval however often progress is reported', () => {
    const { bar, writes, tick } = harness(true);
    tick(600);
    for (let i = 0; i < 10; i++) {
      bar.update(at(i));
      tick(20);
    }
    expect(writes).toHaveLength(2);
    bar.finish();
    expect(writes.at(-1)).toBe('\r\u001b[2K');
  });

  it('draws nothing when disabled (not a terminal, or --quiet)', () => {
    const { bar, writes, tick } = harness(false);
    tick(10_000);
    bar.update(at(3));
    bar.finish();
    expect(writes).toEqual([]);
  });
});
