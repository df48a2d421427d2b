import { randomUUID } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  ExecutionError,
  type RunOptions,
  StateMachine,
  type StateMachineDefinition,
} from 'aws-local-stepfunctions';
import type { SimulatedClock } from '../clock.ts';
import type { LocalLambda } from '../lambda/local-lambda.ts';
import { runDistributedMap } from './distributed-map.ts';
import { queryPath } from './payload-template.ts';
import { type AslDefinition, type PreparedDefinition, prepareDefinition, type WaitSpec } from './prepare.ts';

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
}

/** What AWS bills for, counted as executions run. */
export interface StepFunctionsCounters {
  started: number;
  succeeded: number;
  failed: number;
  standardTransitions: number;
  expressExecutions: number;
  childExecutions: number;
}

export interface LocalStepFunctionsOptions {
  lambda: LocalLambda;
  clock: SimulatedClock;
  s3: S3Client;
  /** Executions running at once (sleeping ones do not count). Default 64. */
  maxRunningExecutions?: number;
  /** Keep a record (states passed, output) of every top-level execution. Default true. */
  recordExecutions?: boolean;
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
  private readonly options: LocalStepFunctionsOptions;
  private readonly slots: Semaphore;
  readonly counters: StepFunctionsCounters = {
    started: 0,
    succeeded: 0,
    failed: 0,
    standardTransitions: 0,
    expressExecutions: 0,
    childExecutions: 0,
  };

  constructor(options: LocalStepFunctionsOptions) {
    this.options = options;
    this.slots = new Semaphore(options.maxRunningExecutions ?? 64);
  }

  register(machine: LocalStateMachine): void {
    const prepared = prepareDefinition(machine.definition);
    const registered: Registered = { machine, prepared, engine: createEngine(prepared.definition) };
    for (const key of [machine.arn, machine.name, machine.logicalId]) this.machines.set(key, registered);
  }

  stateMachines(): LocalStateMachine[] {
    return [...new Set([...this.machines.values()].map((r) => r.machine))];
  }

  /** Finds a state machine by ARN, name or logical ID. */
  resolve(nameOrArn: string): LocalStateMachine {
    return this.lookup(nameOrArn).machine;
  }

  /**
   * Starts an execution. It runs as tracked work on the simulated clock; `done` settles with its
   * record when it ends (a failed execution resolves with status FAILED, it does not reject).
   */
  start(
    nameOrArn: string,
    input: unknown,
    name: string = randomUUID(),
  ): { executionArn: string; done: Promise<ExecutionRecord> } {
    const registered = this.lookup(nameOrArn);
    const { machine } = registered;
    const executionArn = `${machine.arn.replace(':stateMachine:', machine.type === 'EXPRESS' ? ':express:' : ':execution:')}:${name}`;
    const record: ExecutionRecord = {
      executionArn,
      stateMachine: machine.logicalId,
      type: machine.type,
      status: 'RUNNING',
      input,
      states: [],
      retries: {},
      startedAt: this.options.clock.now().toISOString(),
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
      return record;
    });
    return { executionArn, done };
  }

  /** Records of the top-level executions started so far. */
  executions(): readonly ExecutionRecord[] {
    return this.records;
  }

  private lookup(nameOrArn: string): Registered {
    const found = this.machines.get(nameOrArn);
    if (!found) throw new Error(`No state machine ${nameOrArn} in the synthesized app`);
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
    const handlers = this.taskHandlers(prepared, context, slot);
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
    const logs = (async () => {
      for await (const event of execution.eventLogs) {
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
      await logs;
      record.stoppedAt = this.options.clock.now().toISOString();
    }
  }

  private taskHandlers(
    prepared: PreparedDefinition,
    context: Record<string, unknown>,
    slot: { held: boolean } | undefined,
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
        case 'wait':
          handlers[name] = async (input) => {
            const due = waitDue(binding.wait, input, context, clock.nowMs());
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
              runChild: (childInput) =>
                this.runChild(binding.map.processor, binding.map.executionType, childInput, context),
            });
          break;
      }
    }
    return handlers;
  }

  private async runChild(
    prepared: PreparedDefinition,
    type: StateMachineType,
    input: unknown,
    parentContext: Record<string, unknown>,
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
  // validated by CDK and is validated again by the engine here.
  return new StateMachine(definition as unknown as StateMachineDefinition, {
    validationOptions: { checkArn: false },
  });
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
