import { createHash, randomUUID } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  ExecutionError,
  type RunOptions,
  StateMachine,
  type StateMachineDefinition,
} from 'aws-local-stepfunctions';
import type { SimulatedClock } from '../clock.ts';
import type { PutEventsResponse } from '../eventbridge/put-events.ts';
import { type LocalLambda, StatesTaskError } from '../lambda/local-lambda.ts';
import { runDistributedMap } from './distributed-map.ts';
import { queryPath } from './payload-template.ts';
import { type AslDefinition, type PreparedDefinition, prepareDefinition, type WaitSpec } from './prepare.ts';
import { isValidated, validateDefinitions } from './validate.ts';

export type StateMachineType = 'STANDARD' | 'EXPRESS';

/** A state machine of the synthesized template. */
export interface LocalStateMachine {
  logicalId: string;
  name: string;
  arn: string;
  type: StateMachineType;
  definition: AslDefinition;
}

export interface ExecutionRecord {
  executionArn: string;
  stateMachine: string;
  type: StateMachineType;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  input: unknown;
  output?: unknown;
  error?: { Error: string; Cause: string };
  /** The states entered, in order, with the type they have in the synthesized definition. */
  states: Array<{ name: string; type: string }>;
  /** Retries of a state, by state name. */
  retries: Record<string, number>;
  startedAt: string;
  stoppedAt?: string;
  /** The execution whose `states:startExecution` task started this one. */
  parentExecutionArn?: string;
  /**
   * What the execution was started for (the id of the event a rule delivered), inherited by the
   * executions it starts, so a failure deep down can be traced to the event that caused it.
   */
  correlationId?: string;
}

/** How an execution is started. */
export interface StartExecutionOptions {
  /** The execution name; a UUID when absent. Named Standard executions are unique per state machine. */
  name?: string;
  correlationId?: string;
  parentExecutionArn?: string;
}

/** What `start` gives back: the execution's ARN and start date at once, its record when it ends. */
export interface StartedExecution {
  executionArn: string;
  /** Simulated epoch milliseconds. */
  startDate: number;
  done: Promise<ExecutionRecord>;
}

/** A running named Standard execution: a start with the same name and input gets it back. */
interface NamedExecution {
  inputHash: string;
  started: StartedExecution;
}

/** `StartExecution` of a state machine the app does not have (`StateMachineDoesNotExist`). */
export class StateMachineDoesNotExistError extends Error {
  override readonly name = 'StateMachineDoesNotExist';
}

/** `StartExecution` with a name already used by an execution of the same Standard state machine. */
export class ExecutionAlreadyExistsError extends Error {
  override readonly name = 'ExecutionAlreadyExists';
}

/** `StartExecution` with a name Step Functions refuses. */
export class InvalidExecutionNameError extends Error {
  override readonly name = 'InvalidName';
}

/** 1 to 80 characters, none of them whitespace, brackets, wildcards, the listed specials or control characters. */
const EXECUTION_NAME = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\p{Cc}]{1,80}$/u;
/** The largest execution input (256 KiB). */
const MAX_INPUT_BYTES = 256 * 1024;

/** What AWS bills for, counted as executions run. */
export interface StepFunctionsCounters {
  started: number;
  succeeded: number;
  failed: number;
  standardTransitions: number;
  expressExecutions: number;
  childExecutions: number;
  /** Simulated milliseconds Express executions spent in Wait states (billed as Express duration). */
  expressWaitMs: number;
}

export interface LocalStepFunctionsOptions {
  lambda: LocalLambda;
  clock: SimulatedClock;
  s3: S3Client;
  /** Executions running at once (sleeping ones do not count). Default 64. */
  maxRunningExecutions?: number;
  /** Keep a record (states passed, output) of every top-level execution. Default true. */
  recordExecutions?: boolean;
  /**
   * `PutEvents` on the local buses, for `events:putEvents` tasks: checks and routes the entries (with
   * `extraResources` appended to each) and answers per entry. Throws `PutEventsValidationError` when
   * the request as a whole is refused.
   */
  putEvents?: (entries: unknown, extraResources: string[]) => PutEventsResponse;
}

interface Registered {
  machine: LocalStateMachine;
  prepared: PreparedDefinition;
  engine: StateMachine;
}

type TaskHandler = (input: unknown) => Promise<unknown>;

/**
 * Step Functions for the embedded runtime: runs synthesized ASL with `aws-local-stepfunctions`, binds
 * Lambda tasks to in-process handlers, sleeps Wait states on the simulated clock, runs Distributed Map
 * through the local adapter, and counts what AWS would bill.
 */
export class LocalStepFunctions {
  private readonly machines = new Map<string, Registered>();
  private readonly records: ExecutionRecord[] = [];
  /**
   * Named Standard executions by state machine ARN and name: names are unique, and starting a running
   * one again with the same input is idempotent. A finished one leaves only its name (`closed`), so a
   * long run with many named executions keeps no records alive.
   */
  private readonly named = new Map<string, Map<string, NamedExecution | 'closed'>>();
  private readonly finishedListeners: Array<(record: ExecutionRecord) => void> = [];
  private readonly options: LocalStepFunctionsOptions;
  private readonly slots: Semaphore;
  readonly counters: StepFunctionsCounters = {
    started: 0,
    succeeded: 0,
    failed: 0,
    standardTransitions: 0,
    expressExecutions: 0,
    childExecutions: 0,
    expressWaitMs: 0,
  };

  constructor(options: LocalStepFunctionsOptions) {
    this.options = options;
    this.slots = new Semaphore(options.maxRunningExecutions ?? 64);
  }

  /** Registers one state machine; its definition is prepared and validated by the engine now. */
  register(machine: LocalStateMachine): void {
    this.registerAll([machine]);
  }

  /**
   * Registers state machines; their prepared definitions (and Distributed Map processors) are validated
   * by the engine's validator in one go, which is much faster than one by one.
   */
  registerAll(machines: readonly LocalStateMachine[]): void {
    const prepared = machines.map((machine) => ({
      machine,
      prepared: prepareDefinition(machine.definition),
    }));
    validateDefinitions(
      prepared.flatMap(({ machine, prepared: p }) =>
        definitionsOf(p).map((definition, i) => ({
          name: i === 0 ? machine.logicalId : `${machine.logicalId} (Distributed Map processor)`,
          definition,
        })),
      ),
    );
    for (const { machine, prepared: p } of prepared) {
      const registered: Registered = { machine, prepared: p, engine: createEngine(p.definition) };
      for (const key of [machine.arn, machine.name, machine.logicalId]) this.machines.set(key, registered);
    }
  }

  stateMachines(): LocalStateMachine[] {
    return [...new Set([...this.machines.values()].map((r) => r.machine))];
  }

  /** Finds a state machine by ARN, name or logical ID. */
  resolve(nameOrArn: string): LocalStateMachine {
    return this.lookup(nameOrArn).machine;
  }

  /**
   * Starts an execution, as `StartExecution` does. It runs as tracked work on the simulated clock;
   * `done` settles with its record when it ends (a failed execution resolves with status FAILED, it
   * does not reject). A named Standard execution is unique per state machine: starting it again with
   * the same input while it runs gives the same execution back, anything else throws
   * {@link ExecutionAlreadyExistsError}.
   *
   * @throws StateMachineDoesNotExistError, InvalidExecutionNameError, ExecutionAlreadyExistsError
   */
  start(nameOrArn: string, input: unknown, options: StartExecutionOptions = {}): StartedExecution {
    const registered = this.lookup(nameOrArn);
    const { machine } = registered;
    const name = options.name ?? randomUUID();
    if (options.name !== undefined && !EXECUTION_NAME.test(name)) {
      throw new InvalidExecutionNameError(`Invalid Name: '${name.slice(0, 100)}'`);
    }
    const startDate = this.options.clock.nowMs();
    const executionArn = `${machine.arn.replace(':stateMachine:', machine.type === 'EXPRESS' ? ':express:' : ':execution:')}:${name}`;
    let byName: Map<string, NamedExecution | 'closed'> | undefined;
    let inputHash = '';
    if (options.name !== undefined && machine.type === 'STANDARD') {
      byName = this.named.get(machine.arn) ?? new Map();
      this.named.set(machine.arn, byName);
      inputHash = createHash('sha256')
        .update(JSON.stringify(input ?? {}))
        .digest('base64');
      const existing = byName.get(name);
      if (existing !== undefined) {
        if (existing !== 'closed' && existing.inputHash === inputHash) return existing.started;
        throw new ExecutionAlreadyExistsError(`Execution Already Exists: '${executionArn}'`);
      }
    }
    const record: ExecutionRecord = {
      executionArn,
      stateMachine: machine.logicalId,
      type: machine.type,
      status: 'RUNNING',
      input,
      states: [],
      retries: {},
      startedAt: new Date(startDate).toISOString(),
      ...(options.parentExecutionArn ? { parentExecutionArn: options.parentExecutionArn } : {}),
      ...(options.correlationId ? { correlationId: options.correlationId } : {}),
    };
    this.counters.started++;
    if (machine.type === 'EXPRESS') this.counters.expressExecutions++;
    if (this.options.recordExecutions !== false) this.records.push(record);
    const done = this.options.clock.track(async () => {
      await this.slots.acquire();
      const slot = { held: true };
      try {
        await this.run(registered, input, record, slot);
      } finally {
        if (slot.held) this.slots.release();
      }
      if (record.status === 'SUCCEEDED') this.counters.succeeded++;
      else this.counters.failed++;
      byName?.set(name, 'closed');
      for (const listener of this.finishedListeners) listener(record);
      return record;
    });
    const started = { executionArn, startDate, done };
    byName?.set(name, { inputHash, started });
    return started;
  }

  /**
   * Calls `listener` with the record of every execution that ends (started by a rule, by
   * `states:startExecution` or directly; not Distributed Map children). Returns a function that
   * removes the listener.
   */
  onExecutionFinished(listener: (record: ExecutionRecord) => void): () => void {
    this.finishedListeners.push(listener);
    return () => {
      const at = this.finishedListeners.indexOf(listener);
      if (at !== -1) this.finishedListeners.splice(at, 1);
    };
  }

  /** Records of the top-level executions started so far. */
  executions(): readonly ExecutionRecord[] {
    return this.records;
  }

  private lookup(nameOrArn: string): Registered {
    const found = this.machines.get(nameOrArn);
    if (!found)
      throw new StateMachineDoesNotExistError(`No state machine ${nameOrArn} in the synthesized app`);
    return found;
  }

  private async run(
    registered: Pick<Registered, 'prepared' | 'engine'> & {
      machine: Pick<LocalStateMachine, 'arn' | 'name' | 'type'>;
    },
    input: unknown,
    record: ExecutionRecord,
    slot: { held: boolean } | undefined,
  ): Promise<void> {
    const { prepared, engine, machine } = registered;
    const context: Record<string, unknown> = {
      Execution: {
        Id: record.executionArn,
        Name: record.executionArn.split(':').pop(),
        StartTime: record.startedAt,
      },
      StateMachine: { Id: machine.arn, Name: machine.name },
    };
    const handlers = this.taskHandlers(prepared, context, slot, record);
    const retryIntervalOverrides = Object.fromEntries(prepared.retryStates.map((name) => [name, 0]));
    const execution = engine.run(input as Parameters<StateMachine['run']>[0], {
      // Handlers take and give JSON values; the engine's JSONValue type is narrower than `unknown`.
      overrides: {
        taskResourceLocalHandlers: handlers as NonNullable<
          RunOptions['overrides']
        >['taskResourceLocalHandlers'],
        retryIntervalOverrides,
      },
      context,
    });
    const events = execution.eventLogs[Symbol.asyncIterator]();
    const log = { stopped: false, seen: 0 };
    const logs = (async () => {
      while (!log.stopped) {
        const next = await events.next();
        if (next.done) break;
        const event = next.value;
        log.seen++;
        if (event.type === 'StateEntered') {
          record.states.push({
            name: event.state.name,
            type: prepared.originalTypes.get(event.state.name) ?? event.state.type,
          });
          if (machine.type === 'STANDARD') this.counters.standardTransitions++;
        } else if (event.type === 'StateRetried') {
          record.retries[event.state.name] = (record.retries[event.state.name] ?? 0) + 1;
          if (machine.type === 'STANDARD') this.counters.standardTransitions++;
        }
      }
    })();
    try {
      record.output = await execution.result;
      record.status = 'SUCCEEDED';
    } catch (error) {
      const cause = error instanceof ExecutionError ? error.cause : error;
      const err = cause instanceof Error ? cause : new Error(String(cause));
      record.status = 'FAILED';
      record.error = { Error: err.name, Cause: err.message };
    } finally {
      await untilLogSettles(logs, log);
      record.stoppedAt = this.options.clock.now().toISOString();
    }
  }

  private taskHandlers(
    prepared: PreparedDefinition,
    context: Record<string, unknown>,
    slot: { held: boolean } | undefined,
    record: ExecutionRecord,
  ): Record<string, TaskHandler> {
    const { lambda, clock } = this.options;
    const handlers: Record<string, TaskHandler> = {};
    for (const [name, binding] of prepared.bindings) {
      switch (binding.kind) {
        case 'lambda-integration':
          handlers[name] = (input) => lambda.invokeForStates(input);
          break;
        case 'lambda-function':
          handlers[name] = (input) => lambda.invoke(binding.functionArn, input);
          break;
        case 'start-execution':
          handlers[name] = async (input) => this.startExecutionTask(input, record);
          break;
        case 'put-events':
          handlers[name] = async (input) =>
            this.putEventsTask(input, record, (context.StateMachine as { Id: string }).Id);
          break;
        case 'wait':
          handlers[name] = async (input) => {
            const due = waitDue(binding.wait, input, context, clock.nowMs());
            if (record.type === 'EXPRESS') this.counters.expressWaitMs += Math.max(0, due - clock.nowMs());
            // A sleeping execution gives up its slot so thousands of long waits never block the rest.
            if (slot?.held) {
              slot.held = false;
              this.slots.release();
            }
            await clock.sleepUntil(due);
            if (slot) {
              await this.slots.acquire();
              slot.held = true;
            }
            return input;
          };
          break;
        case 'distributed-map':
          handlers[name] = (input) =>
            runDistributedMap(binding.map, input, context, {
              s3: this.options.s3,
              // Each child is tracked work of its own, and the map hands its turn to them: a child
              // that waits (a paced batch) lets the clock move while its siblings and parent wait.
              runChildren: (work) => clock.handOff(work),
              runChild: (childInput) =>
                clock.track(() =>
                  this.runChild(
                    binding.map.processor,
                    binding.map.executionType,
                    childInput,
                    context,
                    record,
                  ),
                ),
            });
          break;
      }
    }
    return handlers;
  }

  /**
   * The request-response `states:startExecution` integration: `{ StateMachineArn, Input?, Name? }` in,
   * `{ ExecutionArn, StartDate }` out (the date in epoch milliseconds, as the integration serializes
   * dates). Errors are named as the integration names them (`StepFunctions.<Exception>`).
   */
  private startExecutionTask(
    parameters: unknown,
    parent: ExecutionRecord,
  ): { ExecutionArn: string; StartDate: number } {
    const { StateMachineArn, Input, Name } = (parameters ?? {}) as Record<string, unknown>;
    if (typeof StateMachineArn !== 'string') {
      throw new StatesTaskError('States.Runtime', 'states:startExecution needs a StateMachineArn parameter');
    }
    if (Name !== undefined && typeof Name !== 'string') {
      throw new StatesTaskError('StepFunctions.InvalidNameException', 'Name must be a string');
    }
    let input: unknown = Input ?? {};
    if (typeof Input === 'string') {
      try {
        input = JSON.parse(Input);
      } catch {
        throw new StatesTaskError('StepFunctions.InvalidExecutionInputException', 'Input is not valid JSON');
      }
    }
    if (Buffer.byteLength(JSON.stringify(input)) > MAX_INPUT_BYTES) {
      throw new StatesTaskError(
        'StepFunctions.InvalidExecutionInputException',
        `Input is over the ${MAX_INPUT_BYTES}-byte limit`,
      );
    }
    try {
      const started = this.start(StateMachineArn, input, {
        ...(Name !== undefined ? { name: Name } : {}),
        parentExecutionArn: parent.executionArn,
        ...(parent.correlationId ? { correlationId: parent.correlationId } : {}),
      });
      return { ExecutionArn: started.executionArn, StartDate: started.startDate };
    } catch (error) {
      if (
        error instanceof StateMachineDoesNotExistError ||
        error instanceof ExecutionAlreadyExistsError ||
        error instanceof InvalidExecutionNameError
      ) {
        throw new StatesTaskError(`StepFunctions.${error.name}Exception`, error.message);
      }
      throw error;
    }
  }

  /**
   * The request-response `events:putEvents` integration: `{ Entries }` in, the PutEvents response out;
   * the execution's and state machine's ARNs are appended to each entry's `Resources`, and a failed
   * entry fails the task with `EventBridge.FailedEntry`, as on AWS.
   */
  private putEventsTask(
    parameters: unknown,
    record: ExecutionRecord,
    stateMachineArn: string,
  ): PutEventsResponse {
    const { putEvents } = this.options;
    if (!putEvents) {
      throw new StatesTaskError('States.Runtime', 'events:putEvents has no event bus in this runtime');
    }
    const entries = (parameters as { Entries?: unknown } | null)?.Entries;
    let response: PutEventsResponse;
    try {
      response = putEvents(entries, [record.executionArn, stateMachineArn]);
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      throw new StatesTaskError(`EventBridge.${err.name}`, err.message);
    }
    if (response.FailedEntryCount > 0) {
      throw new StatesTaskError('EventBridge.FailedEntry', JSON.stringify(response));
    }
    return response;
  }

  private async runChild(
    prepared: PreparedDefinition,
    type: StateMachineType,
    input: unknown,
    parentContext: Record<string, unknown>,
    parentRecord: ExecutionRecord,
  ): Promise<unknown> {
    this.counters.childExecutions++;
    if (type === 'EXPRESS') this.counters.expressExecutions++;
    const parent = parentContext.StateMachine as { Id: string; Name: string };
    const record: ExecutionRecord = {
      executionArn: `${parent.Id}/${randomUUID()}`,
      stateMachine: parent.Name,
      type,
      status: 'RUNNING',
      input,
      states: [],
      retries: {},
      startedAt: this.options.clock.now().toISOString(),
      ...(parentRecord.correlationId ? { correlationId: parentRecord.correlationId } : {}),
    };
    await this.run(
      { prepared, engine: childEngine(prepared), machine: { arn: parent.Id, name: parent.Name, type } },
      input,
      record,
      undefined,
    );
    if (record.status === 'FAILED' && record.error) {
      const failure = new Error(record.error.Cause);
      failure.name = record.error.Error;
      throw failure;
    }
    return record.output;
  }
}

const childEngines = new WeakMap<PreparedDefinition, StateMachine>();
function childEngine(prepared: PreparedDefinition): StateMachine {
  let engine = childEngines.get(prepared);
  if (!engine) {
    engine = createEngine(prepared.definition);
    childEngines.set(prepared, engine);
  }
  return engine;
}

function createEngine(definition: AslDefinition): StateMachine {
  // The engine's definition type is stricter than our loose ASL type; the synthesized definition was
  // validated by CDK and is validated again by the engine (in `validateDefinitions`, or here).
  return new StateMachine(definition as unknown as StateMachineDefinition, {
    validationOptions: isValidated(definition) ? { noValidate: true } : { checkArn: false },
  });
}

/** A prepared definition and those of its Distributed Map processors, at any depth. */
function definitionsOf(prepared: PreparedDefinition): AslDefinition[] {
  const definitions = [prepared.definition];
  for (const binding of prepared.bindings.values()) {
    if (binding.kind === 'distributed-map') definitions.push(...definitionsOf(binding.map.processor));
  }
  return definitions;
}

/** When a Wait state ends, in simulated milliseconds. */
export function waitDue(wait: WaitSpec, input: unknown, context: unknown, now: number): number {
  if (wait.Seconds !== undefined) return now + wait.Seconds * 1000;
  if (wait.Timestamp !== undefined) return parseTimestamp(wait.Timestamp);
  if (wait.SecondsPath !== undefined) {
    const seconds = queryPath(wait.SecondsPath, input, context);
    if (typeof seconds !== 'number' || seconds < 0) {
      throw Object.assign(new Error(`${wait.SecondsPath} must be a non-negative number`), {
        name: 'States.Runtime',
      });
    }
    return now + seconds * 1000;
  }
  if (wait.TimestampPath !== undefined) {
    const timestamp = queryPath(wait.TimestampPath, input, context);
    if (typeof timestamp !== 'string') {
      throw Object.assign(new Error(`${wait.TimestampPath} must be a timestamp string`), {
        name: 'States.Runtime',
      });
    }
    return parseTimestamp(timestamp);
  }
  throw Object.assign(new Error('A Wait state needs Seconds, SecondsPath, Timestamp or TimestampPath'), {
    name: 'States.Runtime',
  });
}

function parseTimestamp(value: string): number {
  const at = Date.parse(value);
  if (Number.isNaN(at)) {
    throw Object.assign(new Error(`${value} is not an ISO 8601 timestamp`), { name: 'States.Runtime' });
  }
  return at;
}

/** A counting semaphore with FIFO waiters. */
class Semaphore {
  private available: number;
  private readonly waiters: Array<() => void> = [];

  constructor(size: number) {
    this.available = size;
  }

  acquire(): Promise<void> {
    if (this.available > 0) {
      this.available--;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.available++;
  }
}

/** Event-loop turns without a new event after which an ended execution's log is taken as finished. */
const QUIET_LOG_TURNS = 64;

/**
 * Waits for an execution's event log once its result is in. The engine's log normally ends with the
 * execution; when it does not (the engine failed outside its own handling, e.g. a stack overflow on a
 * deeply nested input), stop waiting once no event has come for {@link QUIET_LOG_TURNS} turns of the
 * event loop, rather than waiting forever and losing every result of the run.
 */
async function untilLogSettles(logs: Promise<void>, log: { stopped: boolean; seen: number }): Promise<void> {
  let ended = false;
  const end = () => {
    ended = true;
  };
  void logs.then(end, end);
  let quiet = 0;
  let seen = log.seen;
  while (!ended && quiet < QUIET_LOG_TURNS) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (log.seen === seen) quiet++;
    else {
      seen = log.seen;
      quiet = 0;
    }
  }
  log.stopped = true;
  if (ended) await logs;
}
