import { writeHeapSnapshot } from 'node:v8';
import { type Cell, MB } from './report.ts';

/** Peak of `process.memoryUsage().heapUsed` (and of its `rss`), sampled on a timer. */
export interface HeapSampler {
  /** The highest heap seen so far, in bytes (sampled once more on each call). */
  peak(): number;
  /**
   * Starts a phase: from now on {@link HeapSampler.stop} also reports the highest RSS sampled since, and
   * the RSS at this moment (what earlier phases left committed), so a benchmark can tell the peak of
   * its measured phase from that of its own preparation. `maxRSS` covers the whole process.
   */
  mark(): void;
  stop(): {
    peakHeapUsedBytes: number;
    samples: number;
    /** RSS when {@link HeapSampler.mark} was called, and the highest sampled after it (0 without a mark). */
    rssAtMarkBytes: number;
    peakRssSinceMarkBytes: number;
  };
}

/**
 * Samples the V8 heap every `intervalMs`. The timer runs on the event loop, so a long synchronous stretch
 * delays a sample: the peak is a lower bound. The timer is unref'd and never keeps the process alive.
 */
export function sampleHeap(intervalMs = 100): HeapSampler {
  let peakBytes = 0;
  let samples = 0;
  let marked = false;
  let rssAtMarkBytes = 0;
  let peakRssSinceMarkBytes = 0;
  const sample = () => {
    samples++;
    const usage = process.memoryUsage();
    peakBytes = Math.max(peakBytes, usage.heapUsed);
    if (marked) peakRssSinceMarkBytes = Math.max(peakRssSinceMarkBytes, usage.rss);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    peak: () => {
      sample();
      return peakBytes;
    },
    mark: () => {
      marked = true;
      rssAtMarkBytes = process.memoryUsage.rss();
      peakRssSinceMarkBytes = rssAtMarkBytes;
    },
    stop: () => {
      clearInterval(timer);
      sample();
      return { peakHeapUsedBytes: peakBytes, samples, rssAtMarkBytes, peakRssSinceMarkBytes };
    },
  };
}

/** Peak resident set size of this process so far (`maxRSS` is in KiB). */
export function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

/**
 * Writes a heap snapshot of this moment to `STILLE_BENCH_HEAP_SNAPSHOT` when that is set (to see what a
 * benchmark holds at the end of its measured phase); does nothing otherwise.
 */
export function writeHeapSnapshotIfAsked(
  file: string | undefined = process.env.STILLE_BENCH_HEAP_SNAPSHOT,
): void {
  if (!file) return;
  writeHeapSnapshot(file);
  process.stderr.write(`[heap-snapshot] written to ${file}\n`);
}

/**
 * The two rows of a measured phase's memory: the RSS when it began (what the preparation left committed)
 * and the highest RSS sampled during it, for a phase named like `the submission`.
 */
export function phaseRssRows(
  memory: { rssAtMarkBytes: number; peakRssSinceMarkBytes: number },
  start: string,
): Cell[][] {
  return [
    [
      `RSS at ${start} (what generation and seeding left committed)`,
      Math.round(memory.rssAtMarkBytes / MB),
      'MB',
    ],
    [`peak RSS from ${start} on (sampled every 100 ms)`, Math.round(memory.peakRssSinceMarkBytes / MB), 'MB'],
  ];
}
