/**
 * A CPU profile of one phase of a benchmark (the measured one), so setup and seeding do not drown it:
 * set `STILLE_BENCH_CPU_PROFILE=<file.cpuprofile>` and the phase between `start()` and `stop()` is
 * written there (open it in Chrome DevTools or any `.cpuprofile` viewer). Unset, both do nothing.
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';

export interface PhaseProfiler {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The profiler of the phase; `file` defaults to `STILLE_BENCH_CPU_PROFILE`. */
export function phaseProfiler(
  file: string | undefined = process.env.STILLE_BENCH_CPU_PROFILE,
): PhaseProfiler {
  if (!file) return { start: async () => {}, stop: async () => {} };
  let session: Session | undefined;
  return {
    async start() {
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    },
    async stop() {
      if (!session) return;
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      session = undefined;
      await writeFile(file, JSON.stringify(profile));
      process.stderr.write(`[cpu-profile] the measured phase's profile is in ${file}\n`);
    },
  };
}
