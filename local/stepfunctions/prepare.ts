/**
 * Prepares a synthesized ASL definition for `aws-local-stepfunctions`.
 *
 * The engine runs the definition as synthesized. These kinds of state need the embedded runtime's
 * help, and only those are touched:
 * - Lambda tasks (`arn:aws:states:::lambda:invoke` and plain function ARNs) are bound to in-process
 *   handlers by state name;
 * - the request-response integrations `arn:aws:states:::states:startExecution` (starts an execution
 *   on the local engine) and `arn:aws:states:::events:putEvents` (routes the entries on the local
 *   buses) are bound the same way;
 * - Wait states become adapter tasks that sleep on the simulated clock (same InputPath/OutputPath,
 *   so the data flow is unchanged) — the engine itself would sleep in real time;
 * - Distributed Map states (ItemReader/ItemBatcher, which the engine lacks) become adapter tasks that
 *   keep the Map's InputPath, ResultSelector, ResultPath, OutputPath, Retry and Catch.
 * Anything else the runtime cannot run as AWS would is refused up front with a clear error.
 */

/** A state of an ASL definition, kept loose: the engine validates the full grammar. */
export type StateDefinition = Record<string, unknown> & { Type: string };

export interface AslDefinition {
  StartAt: string;
  States: Record<string, StateDefinition>;
  Comment?: string;
  TimeoutSeconds?: number;
  QueryLanguage?: string;
}

export class UnsupportedDefinitionError extends Error {
  override readonly name = 'UnsupportedDefinitionError';
}

export type TaskBinding =
  | { kind: 'lambda-integration' }
  | { kind: 'lambda-function'; functionArn: string }
  | { kind: 'start-execution' }
  | { kind: 'put-events' }
  | { kind: 'wait'; wait: WaitSpec }
  | { kind: 'distributed-map'; map: DistributedMapSpec };

export interface WaitSpec {
  Seconds?: number;
  SecondsPath?: string;
  Timestamp?: string;
  TimestampPath?: string;
}

export interface DistributedMapSpec {
  /** The original Map state, for its ItemReader, ItemSelector, ItemBatcher and failure tolerance. */
  state: StateDefinition;
  processor: PreparedDefinition;
  executionType: 'STANDARD' | 'EXPRESS';
}

export interface PreparedDefinition {
  definition: AslDefinition;
  /** What each adapted task state runs, by state name (names are unique in a CDK state machine). */
  bindings: Map<string, TaskBinding>;
  /** The type each state had in the synthesized definition, for execution histories. */
  originalTypes: Map<string, string>;
  /** States with a Retry field: the runtime skips the real-time backoff between attempts. */
  retryStates: string[];
}

/** An ARN the engine accepts for adapter tasks; never invoked, the bindings run instead. */
export const adapterArn = (name: string) =>
  `arn:aws:lambda:eu-north-1:000000000000:function:stille-local-${name}`;

/** Longer than any simulated wait can take in real time; the engine's default task timeout is 60 s. */
const ADAPTER_TIMEOUT_SECONDS = 1_000_000;
/**
 * Stands in for AWS's default task timeout (99,999,999 s): the engine's timer is a `setTimeout`, which
 * fires at once for more than 2^31 − 1 ms, so the longest safe value, 11.5 days, is used instead.
 */
const AWS_DEFAULT_TASK_TIMEOUT_SECONDS = 1_000_000;

const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
/** Request-response `StartExecution` of another state machine. */
export const START_EXECUTION = 'arn:aws:states:::states:startExecution';
/** Request-response `PutEvents` on EventBridge. */
export const PUT_EVENTS = 'arn:aws:states:::events:putEvents';
/** Integration patterns the runtime does not run: they would wait for another execution or a callback. */
const WAITING_PATTERN =
  /^(arn:aws:states:::(?:states:startExecution|events:putEvents))\.(sync(?::2)?|waitForTaskToken)$/;
const RUNS_LOCALLY = `Lambda tasks (${LAMBDA_INVOKE} or a function ARN), ${START_EXECUTION} and ${PUT_EVENTS}`;
const LAMBDA_FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:[^:]+:\d{12}:function:[^:]+(:[^:]+)?$/;
const PASS_THROUGH_FIELDS = ['Comment', 'InputPath', 'OutputPath', 'Next', 'End'] as const;
const MAP_RESULT_FIELDS = ['ResultSelector', 'ResultPath', 'Retry', 'Catch'] as const;

export function prepareDefinition(definition: AslDefinition): PreparedDefinition {
  const prepared: PreparedDefinition = {
    definition: { ...definition, ...executionTimeoutOf(definition), States: {} },
    bindings: new Map(),
    originalTypes: new Map(),
    retryStates: [],
  };
  if (definition.QueryLanguage && definition.QueryLanguage !== 'JSONPath') {
    throw new UnsupportedDefinitionError(
      `QueryLanguage ${definition.QueryLanguage} is not supported locally: write workflows in JSONPath`,
    );
  }
  prepared.definition.States = prepareStates(definition.States, prepared, false);
  return prepared;
}

/**
 * The engine times an execution with a real-time `setTimeout`, which fires at once for more than
 * 2^31 − 1 ms (24.8 days): a Standard workflow allowed 90 days would time out immediately. Waits are
 * simulated and take no real time, so the longest safe timer keeps the limit's meaning locally.
 */
function executionTimeoutOf(definition: AslDefinition): { TimeoutSeconds?: number } {
  const timeout = definition.TimeoutSeconds;
  if (timeout === undefined) return {};
  return { TimeoutSeconds: Math.min(timeout, MAX_TIMER_SECONDS) };
}

/** The longest real-time timer Node honours, in whole seconds. */
const MAX_TIMER_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

function prepareStates(
  states: Record<string, StateDefinition>,
  prepared: PreparedDefinition,
  insideIteration: boolean,
): Record<string, StateDefinition> {
  const out: Record<string, StateDefinition> = {};
  for (const [name, state] of Object.entries(states)) {
    if (prepared.originalTypes.has(name)) {
      throw new UnsupportedDefinitionError(
        `State name ${name} is used twice; the runtime binds tasks by name`,
      );
    }
    prepared.originalTypes.set(name, state.Type);
    if (Array.isArray(state.Retry)) prepared.retryStates.push(name);
    if (typeof state.QueryLanguage === 'string' && state.QueryLanguage !== 'JSONPath') {
      throw new UnsupportedDefinitionError(
        `State ${name} uses ${state.QueryLanguage}; write workflows in JSONPath`,
      );
    }
    out[name] = prepareState(name, state, prepared, insideIteration);
  }
  return out;
}

function prepareState(
  name: string,
  state: StateDefinition,
  prepared: PreparedDefinition,
  insideIteration: boolean,
): StateDefinition {
  switch (state.Type) {
    case 'Task':
      return prepareTask(name, state, prepared);
    case 'Wait': {
      if (insideIteration) {
        // A sleeping iteration would stop the whole execution from counting as running while its
        // siblings still run; the simulated clock could then move too early.
        throw new UnsupportedDefinitionError(
          `Wait state ${name} inside an inline Map or Parallel branch is not supported by the simulated clock`,
        );
      }
      const wait: WaitSpec = pick(state, ['Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath']);
      prepared.bindings.set(name, { kind: 'wait', wait });
      return adapterTask('wait', state, PASS_THROUGH_FIELDS);
    }
    case 'Map':
      return prepareMap(name, state, prepared);
    case 'Parallel': {
      const branches = state.Branches as AslDefinition[];
      return {
        ...state,
        Branches: branches.map((branch) => ({
          ...branch,
          States: prepareStates(branch.States, prepared, true),
        })),
      };
    }
    default:
      return state;
  }
}

function prepareTask(name: string, task: StateDefinition, prepared: PreparedDefinition): StateDefinition {
  const state = withAwsDefaultTimeout(task);
  const resource = state.Resource;
  if (resource === LAMBDA_INVOKE) {
    prepared.bindings.set(name, { kind: 'lambda-integration' });
    return state;
  }
  if (typeof resource === 'string' && LAMBDA_FUNCTION_ARN.test(resource)) {
    prepared.bindings.set(name, { kind: 'lambda-function', functionArn: resource });
    return state;
  }
  if (resource === START_EXECUTION) {
    prepared.bindings.set(name, { kind: 'start-execution' });
    return state;
  }
  if (resource === PUT_EVENTS) {
    prepared.bindings.set(name, { kind: 'put-events' });
    return state;
  }
  const waiting = typeof resource === 'string' ? WAITING_PATTERN.exec(resource) : null;
  if (waiting) {
    // A task waiting for another execution or a task token would hold its execution "running" while
    // what it waits for may sleep on the simulated clock: the clock could never move.
    throw new UnsupportedDefinitionError(
      `Task ${name} uses ${resource}: the .${waiting[2]} integration pattern is not supported locally; use the request-response ${waiting[1]}`,
    );
  }
  throw new UnsupportedDefinitionError(
    `Task ${name} uses ${String(resource)}; the embedded runtime runs ${RUNS_LOCALLY} only`,
  );
}

/**
 * A task without `TimeoutSeconds` waits as long as AWS lets it (a Lambda task is bounded
 * by its function's own timeout there). The local engine follows the ASL specification's 60 s instead,
 * in wall-clock time: a batch of a large billing run sharing this one process with 30 others can take
 * longer than that, and would fail with States.Timeout where AWS would not.
 */
function withAwsDefaultTimeout(state: StateDefinition): StateDefinition {
  if (state.TimeoutSeconds !== undefined || state.TimeoutSecondsPath !== undefined) return state;
  return { ...state, TimeoutSeconds: AWS_DEFAULT_TASK_TIMEOUT_SECONDS };
}

function prepareMap(name: string, state: StateDefinition, prepared: PreparedDefinition): StateDefinition {
  const processor = (state.ItemProcessor ?? state.Iterator) as
    | (AslDefinition & { ProcessorConfig?: { Mode?: string; ExecutionType?: string } })
    | undefined;
  if (!processor) throw new UnsupportedDefinitionError(`Map ${name} has no ItemProcessor`);
  if (processor.ProcessorConfig?.Mode !== 'DISTRIBUTED') {
    return {
      ...state,
      ItemProcessor: { ...processor, States: prepareStates(processor.States, prepared, true) },
    };
  }
  if (state.ResultWriter !== undefined) {
    throw new UnsupportedDefinitionError(`Distributed Map ${name}: ResultWriter is not supported locally`);
  }
  const { ProcessorConfig, ...childDefinition } = processor;
  const executionType = ProcessorConfig?.ExecutionType === 'EXPRESS' ? 'EXPRESS' : 'STANDARD';
  prepared.bindings.set(name, {
    kind: 'distributed-map',
    // Each child is an execution of its own, tracked on the clock, so it may sleep in a Wait state.
    map: { state, processor: prepareDefinition(childDefinition), executionType },
  });
  return adapterTask('distributed-map', state, [...PASS_THROUGH_FIELDS, ...MAP_RESULT_FIELDS]);
}

function adapterTask(adapter: string, state: StateDefinition, fields: readonly string[]): StateDefinition {
  return {
    ...pick(state, fields),
    Type: 'Task',
    Resource: adapterArn(adapter),
    TimeoutSeconds: ADAPTER_TIMEOUT_SECONDS,
  };
}

function pick<T extends object>(source: Record<string, unknown>, fields: readonly string[]): T {
  const out: Record<string, unknown> = {};
  for (const field of fields) if (source[field] !== undefined) out[field] = source[field];
  return out as T;
}
