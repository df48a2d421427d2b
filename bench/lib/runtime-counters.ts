/** What a benchmark reads off the embedded runtime's counters: executions, transitions, invocations, events. */
import type { LocalRuntime } from '../../local/runtime.ts';

/** A snapshot of the runtime's counters; benchmarks subtract two of them. */
export interface Counters {
  standardTransitions: number;
  expressExecutions: number;
  childExecutions: number;
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
