import { writeHeapSnapshot } from 'node:v8';

/** Peak of `process.memoryUsage().heapUsed`, sampled on a timer. */
export interface HeapSampler {
  /** The highest heap seen so far, in bytes (sampled once more on each call). */
  peak(): number;
  stop(): { peakHeapUsedBytes: number; samples: number };
}

/**
 * Samples the V8 heap every `intervalMs`. The timer runs on the event loop, so a long synchronous stretch
 * delays a sample: the peak is a lower bound. The timer is unref'd and never keeps the process alive.
 */
export function sampleHeap(intervalMs = 100): HeapSampler {
  let peakBytes = 0;
  let samples = 0;
  const sample = () => {
    samples++;
    peakBytes = Math.max(peakBytes, process.memoryUsage().heapUsed);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    peak: () => {
      sample();
      return peakBytes;
    },
    stop: () => {
      clearInterval(timer);
      sample();
      return { peakHeapUsedBytes: peakBytes, samples };
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
