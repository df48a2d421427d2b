import type { Clock } from '#adapters/clock.ts';

interface Timer {
  at: number;
  seq: number;
  wake: () => void;
}

/**
 * Simulated time for the embedded runtime, and the discrete-event scheduler that moves it.
 *
 * Work (an execution, a scenario event) is *tracked*: while any tracked work is running, time stands
 * still. Work that waits (a Wait state) calls `sleepUntil` and stops counting as running. When nothing
 * runs any more, the runner moves the clock to the next due timer or scenario event. So a two-day Wait
 * takes no real time, and every sleeper wakes at exactly its simulated instant, in order.
 */
export class SimulatedClock implements Clock {
  private current: number;
  private readonly timers: Timer[] = [];
  private seq = 0;
  private running = 0;
  private idleWaiters: Array<() => void> = [];
  private idleCheckScheduled = false;

  constructor(start: Date | string | number) {
    this.current = new Date(start).getTime();
    if (Number.isNaN(this.current)) {
      throw new RangeError(`Invalid start time for the simulated clock: ${String(start)}`);
    }
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Milliseconds since the epoch, simulated. */
  nowMs(): number {
    return this.current;
  }

  /** Moves the clock forward (never backwards). */
  advanceTo(at: number): void {
    if (at > this.current) this.current = at;
  }

  /** Runs `work` as tracked work: the clock will not move while it runs (except while it sleeps). */
  async track<T>(work: () => Promise<T>): Promise<T> {
    this.running++;
    try {
      return await work();
    } finally {
      this.running--;
      this.checkIdle();
    }
  }

  /**
   * Called from tracked work that hands its turn to other tracked work it starts and then waits for
   * (a Distributed Map and its children): `start` must begin that work before it returns, each piece
   * tracked itself; while it runs, the caller stops counting as running, so a child that sleeps lets the
   * clock move. The caller counts again before anything can see the clock idle.
   */
  async handOff<T>(start: () => Promise<T>): Promise<T> {
    const work = start();
    this.running--;
    this.checkIdle();
    try {
      return await work;
    } finally {
      this.running++;
    }
  }

  /**
   * Called from tracked work: resolves when the simulated clock reaches `at`. A due time in the past
   * resolves at once (as a Wait with a past timestamp does on AWS).
   */
  sleepUntil(at: number): Promise<void> {
    if (at <= this.current) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.push({ at, seq: this.seq++, wake: resolve });
      this.running--;
      this.checkIdle();
    });
  }

  /** The instant of the earliest pending timer, if any. */
  nextTimerAt(): number | undefined {
    return this.timers[0]?.at;
  }

  /** Number of sleepers that have not woken yet. */
  pendingTimers(): number {
    return this.timers.length;
  }

  /** Number of tracked work items currently running (not sleeping). */
  runningCount(): number {
    return this.running;
  }

  /** Advances the clock to `at` and wakes every sleeper due by then, earliest first. */
  fireTimersUntil(at: number): number {
    let woken = 0;
    for (let timer = this.timers[0]; timer !== undefined && timer.at <= at; timer = this.timers[0]) {
      this.pop();
      this.advanceTo(timer.at);
      this.running++;
      timer.wake();
      woken++;
    }
    this.advanceTo(at);
    return woken;
  }

  /** Resolves once no tracked work is running (everything finished or asleep). */
  whenIdle(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.idleWaiters.push(resolve);
      this.checkIdle();
    });
  }

  private checkIdle(): void {
    if (this.running > 0 || this.idleWaiters.length === 0 || this.idleCheckScheduled) return;
    this.idleCheckScheduled = true;
    // Promise continuations run before setImmediate: a sleeper woken or work resumed in a microtask
    // shows up in `running` before we decide the system is idle.
    setImmediate(() => {
      this.idleCheckScheduled = false;
      if (this.running > 0) return;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    });
  }

  // A binary min-heap on (at, seq) keeps wake-ups ordered and stable for many sleepers.
  private push(timer: Timer): void {
    const heap = this.timers;
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as Timer;
      if (before(p, timer)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = timer;
  }

  private pop(): Timer | undefined {
    const heap = this.timers;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      let candidate = last;
      const l = heap[left];
      if (l !== undefined && before(l, candidate)) {
        smallest = left;
        candidate = l;
      }
      const r = heap[right];
      if (r !== undefined && before(r, candidate)) {
        smallest = right;
        candidate = r;
      }
      if (smallest === i) break;
      heap[i] = candidate;
      i = smallest;
    }
    heap[i] = last;
    return top;
  }
}

function before(a: Timer, b: Timer): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
