/** What a benchmark reads off the embedded runtime's counters: executions, transitions, invocations, events. */
import type { LocalRuntime } from '#local/runtime.ts';

/** A snapshot of the runtime's counters; benchmarks subtract two of them. */
export interface Counters {
  standardTransitions: number;
  expressExecutions: number;
  childExecutions: number;
  /** Simulated ms Express executions waited (a paced campaign's batches): billed Express duration. */
  expressWaitMs: number;
  started: number;
  failed: number;
  lambdaByFunction: Record<string, number>;
  customBusEvents: number;
}

export function countersOf(runtime: LocalRuntime): Counters {
  const sfn = runtime.stepFunctions.counters;
  return {
    standardTransitions: sfn.standardTransitions,
    expressExecutions: sfn.expressExecutions,
    childExecutions: sfn.childExecutions,
    expressWaitMs: sfn.expressWaitMs,
    started: sfn.started,
    failed: sfn.failed,
    lambdaByFunction: { ...runtime.lambda.counters.byFunction },
    // Events on the app's buses are billed; AWS services' events on `default` are free.
    customBusEvents: runtime.bus.log
      .counts()
      .filter((entry) => entry.bus !== 'default')
      .reduce((sum, entry) => sum + entry.count, 0),
  };
}

/** The last segment of a state machine's name or ARN, without CDK's hash suffix where it has one. */
export function machineLabel(stateMachine: string): string {
  const name = stateMachine.split(':').pop() ?? stateMachine;
  return name.replace(/[A-F0-9]{8}$/, '').replace(/-[A-Za-z0-9]{12,}$/, '');
}

/**
 * Counts the Standard transitions of every execution that finishes from now on, by state machine
 * (states entered plus retries, as Step Functions bills them). The record fills in as executions end.
 */
export function trackStandardTransitions(runtime: LocalRuntime): Record<string, number> {
  const byMachine: Record<string, number> = {};
  runtime.stepFunctions.onExecutionFinished((record) => {
    if (record.type !== 'STANDARD') return;
    const retries = Object.values(record.retries).reduce((sum, n) => sum + n, 0);
    const label = machineLabel(record.stateMachine);
    byMachine[label] = (byMachine[label] ?? 0) + record.states.length + retries;
  });
  return byMachine;
}

/** Lambda invocations between two snapshots, by function with its configured memory, most first. */
export function lambdaUsage(
  runtime: LocalRuntime,
  before: Counters,
  after: Counters,
): Array<{ function: string; invocations: number; memoryMb: number }> {
  const memoryMb = Object.fromEntries(
    runtime.lambda.functions().map((fn) => [fn.logicalId, fn.memorySizeMb]),
  );
  return Object.entries(after.lambdaByFunction)
    .map(([fn, count]) => ({
      function: fn,
      invocations: count - (before.lambdaByFunction[fn] ?? 0),
      memoryMb: memoryMb[fn] ?? 128,
    }))
    .filter((fn) => fn.invocations > 0)
    .sort((a, b) => b.invocations - a.invocations);
}

/** What {@link orchestrationRows} reports: the counts of a run, per item of `unit`. */
export interface OrchestrationCounts {
  /** `notices`, `messages`: what "per 1,000" counts. */
  unit: string;
  items: number;
  standardTransitions: number;
  transitionsByMachine: Record<string, number>;
  /** Distributed Map child executions (AWS bills a transition for each). */
  mapChildren: number;
  expressExecutions: number;
  lambda: ReadonlyArray<{ function: string; invocations: number; memoryMb: number }>;
}

/** The report rows every workflow benchmark shares: transitions (by machine, per 1,000), Express, Lambda. */
export function orchestrationRows(counts: OrchestrationCounts): Array<[string, number | string, string]> {
  const per1000 = (value: number) => Number(((value / Math.max(1, counts.items)) * 1000).toFixed(3));
  const invocations = counts.lambda.reduce((sum, fn) => sum + fn.invocations, 0);
  return [
    ['Standard transitions', counts.standardTransitions, ''],
    ...Object.entries(counts.transitionsByMachine)
      .sort(([, a], [, b]) => b - a)
      .map(([machine, n]): [string, number, string] => [`  ${machine}`, n, '']),
    [`Standard transitions per 1,000 ${counts.unit}`, per1000(counts.standardTransitions), 'counted'],
    [
      `Standard transitions per 1,000 ${counts.unit} on AWS`,
      per1000(counts.standardTransitions + counts.mapChildren),
      'counted + 1 per Map child',
    ],
    ['Express executions', counts.expressExecutions, ''],
    ['  of which Distributed Map batches', counts.mapChildren, ''],
    ['Lambda invocations', invocations, ''],
    ...counts.lambda.map((fn): [string, number, string] => [
      `  ${fn.function}`,
      fn.invocations,
      `${fn.memoryMb} MB`,
    ]),
  ];
}
