import type { ScenarioProgress } from '../scenario-runner.ts';

/** Anything with a `write(text)`: `process.stderr`, or a test's collector. */
export interface TextSink {
  write(chunk: string): unknown;
}

/** Options of {@link createProgressBar}. */
export interface ProgressBarOptions {
  stream: TextSink;
  /** Draw at all: only when the stream is an interactive terminal and the user did not ask for quiet. */
  enabled: boolean;
  /** Monotonic milliseconds; `performance.now` by default. */
  now?: () => number;
  /** Draw nothing before the run has lasted this long, so short runs stay silent. 800 ms by default. */
  delayMs?: number;
  /** Redraw at most this often. 100 ms by default. */
  intervalMs?: number;
  /** Width of the bar in characters. 24 by default. */
  width?: number;
}

/** A one-line progress bar on a terminal. */
export interface ProgressBar {
  update(progress: ScenarioProgress): void;
  /** Clears the line, if anything was drawn. */
  finish(): void;
}

// Carriage return, then "erase line": the bar redraws in place.
const CLEAR_LINE = '\r\u001b[2K';

/** `Simulating [████████░░░░] 312/650 events · 2027-01-14 08:05 UTC · 12 running` */
export function formatProgress(progress: ScenarioProgress, width = 24): string {
  const total = Math.max(0, progress.eventsTotal);
  const done = Math.min(Math.max(0, progress.eventsStarted), total);
  const ratio = total === 0 ? 1 : done / total;
  const filled = Math.round(ratio * width);
  const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
  const clock = Number.isFinite(Date.parse(progress.clock))
    ? `${new Date(progress.clock).toISOString().slice(0, 16).replace('T', ' ')} UTC`
    : progress.clock;
  const running = progress.executionsRunning > 0 ? ` · ${progress.executionsRunning} running` : '';
  return `Simulating [${bar}] ${done}/${total} events · ${clock}${running}`;
}

/**
 * A progress bar that only appears on a terminal, only once a run lasts long enough to need one, and
 * redraws at most every `intervalMs` however often the runtime reports.
 */
export function createProgressBar(options: ProgressBarOptions): ProgressBar {
  const now = options.now ?? (() => performance.now());
  const delayMs = options.delayMs ?? 800;
  const intervalMs = options.intervalMs ?? 100;
  const startedAt = now();
  let lastDrawAt = Number.NEGATIVE_INFINITY;
  let drawn = false;
  return {
    update(progress) {
      if (!options.enabled) return;
      const t = now();
      if (t - startedAt < delayMs || t - lastDrawAt < intervalMs) return;
      lastDrawAt = t;
      drawn = true;
      options.stream.write(CLEAR_LINE + formatProgress(progress, options.width));
    },
    finish() {
      if (drawn) options.stream.write(CLEAR_LINE);
      drawn = false;
    },
  };
}
