import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import type { Handler } from '#handlers/common/lambda-entry.ts';

/** A function of the synthesized app, bound to its in-process handler. */
export interface LocalFunction {
  /** Logical ID of the `AWS::Lambda::Function` resource. */
  logicalId: string;
  /** Repo-relative path of the handler module (`functions/handlers/ingest-event.ts`). */
  entry: string;
  /** Physical name used locally (the logical ID). */
  functionName: string;
  arn: string;
  timeoutSeconds: number;
  memorySizeMb: number;
  handler: Handler<unknown, unknown>;
}

/** What the optimized `arn:aws:states:::lambda:invoke` integration gives back to a Task state. */
export interface LambdaInvokeResult {
  ExecutedVersion: string;
  Payload: unknown;
  SdkHttpMetadata: { HttpHeaders: Record<string, string>; HttpStatusCode: number };
  SdkResponseMetadata: { RequestId: string };
  StatusCode: number;
}

/**
 * An error as Step Functions sees it: `name` becomes the state's `Error`, `message` its `Cause`.
 * For a function error that is the error type and the JSON payload Lambda returns.
 */
export class StatesTaskError extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

export class UnknownFunctionError extends Error {
  override readonly name = 'UnknownFunctionError';
}

/** The payload limit of a Step Functions state (256 KiB). */
const STATES_PAYLOAD_LIMIT_BYTES = 256 * 1024;

export interface LocalLambdaOptions {
  /** Share of invocations answered with `Lambda.TooManyRequestsException`, as Lambda does when throttled. */
  throttleRate?: number;
  random?: () => number;
}

export interface LambdaCounters {
  invocations: number;
  throttled: number;
  functionErrors: number;
  byFunction: Record<string, number>;
}

/**
 * Lambda for the embedded runtime: invokes the in-process handler of the function a Task names, with
 * the same serialization, error shape and payload limit as the AWS integration, so `ResultSelector`,
 * `OutputPath`, `Retry` and `Catch` behave as they do on AWS.
 */
export class LocalLambda {
  private readonly byKey = new Map<string, LocalFunction>();
  private readonly throttleRate: number;
  private readonly random: () => number;
  private readonly scriptedFaults = new Map<string, Array<{ name: string; cause: string }>>();
  readonly counters: LambdaCounters = { invocations: 0, throttled: 0, functionErrors: 0, byFunction: {} };

  constructor(options: LocalLambdaOptions = {}) {
    this.throttleRate = options.throttleRate ?? 0;
    this.random = options.random ?? Math.random;
  }

  register(fn: LocalFunction): void {
    for (const key of [fn.arn, fn.functionName, fn.logicalId]) this.byKey.set(key, fn);
  }

  functions(): LocalFunction[] {
    return [...new Set(this.byKey.values())];
  }

  /** Finds a function by name, ARN (optionally qualified) or logical ID. */
  resolve(nameOrArn: string): LocalFunction {
    const direct = this.byKey.get(nameOrArn);
    if (direct) return direct;
    // arn:aws:lambda:region:account:function:name[:qualifier]
    const parts = nameOrArn.split(':');
    const name = parts[0] === 'arn' ? parts[6] : undefined;
    const byName = name ? this.byKey.get(name) : undefined;
    if (byName) return byName;
    throw new UnknownFunctionError(`No function named ${nameOrArn} in the synthesized app`);
  }

  /**
   * Makes the next `times` invocations of a function fail with the given error before its handler
   * runs, as the Lambda service does when it throttles (`Lambda.TooManyRequestsException`) or has an
   * outage (`Lambda.ServiceException`). For tests of Retry and Catch paths.
   */
  failNext(nameOrArn: string, times: number, errorName = 'Lambda.TooManyRequestsException'): void {
    const fn = this.resolve(nameOrArn);
    const queue = this.scriptedFaults.get(fn.logicalId) ?? [];
    for (let i = 0; i < times; i++)
      queue.push({ name: errorName, cause: `${errorName} injected by the test` });
    this.scriptedFaults.set(fn.logicalId, queue);
  }

  /** Drops every scripted fault not yet used. */
  clearFaults(): void {
    this.scriptedFaults.clear();
  }

  /**
   * Invokes a function synchronously and returns its result, or throws a `StatesTaskError` named after
   * the function's error type with Lambda's JSON error payload as cause. A result over
   * `resultLimitBytes` (by default the 256 KiB of a Step Functions state) fails with
   * `States.DataLimitExceeded`.
   */
  async invoke(
    nameOrArn: string,
    payload: unknown,
    options: { resultLimitBytes?: number } = {},
  ): Promise<unknown> {
    const fn = this.resolve(nameOrArn);
    const scripted = this.scriptedFaults.get(fn.logicalId)?.shift();
    if (scripted) {
      this.counters.throttled++;
      throw new StatesTaskError(scripted.name, scripted.cause);
    }
    if (this.throttleRate > 0 && this.random() < this.throttleRate) {
      this.counters.throttled++;
      throw new StatesTaskError(
        'Lambda.TooManyRequestsException',
        `Rate Exceeded. (Service: Lambda, Status Code: 429, Request ID: ${randomUUID()})`,
      );
    }
    this.counters.invocations++;
    this.counters.byFunction[fn.logicalId] = (this.counters.byFunction[fn.logicalId] ?? 0) + 1;
    // The event crosses a JSON boundary on AWS: the handler never shares objects with the caller.
    const event = payload === undefined ? {} : JSON.parse(JSON.stringify(payload));
    let result: unknown;
    try {
      result = await fn.handler(event, lambdaContext(fn));
    } catch (error) {
      this.counters.functionErrors++;
      throw toStatesTaskError(error);
    }
    const serialized = result === undefined ? 'null' : JSON.stringify(result);
    const limit = options.resultLimitBytes ?? STATES_PAYLOAD_LIMIT_BYTES;
    if (Buffer.byteLength(serialized) > limit) {
      throw new StatesTaskError(
        'States.DataLimitExceeded',
        `The result of ${fn.logicalId} is ${Buffer.byteLength(serialized)} bytes, over the ${limit}-byte limit`,
      );
    }
    return JSON.parse(serialized);
  }

  /** The optimized `lambda:invoke` integration: `{ FunctionName, Payload }` in, `{ Payload, StatusCode, … }` out. */
  async invokeForStates(parameters: unknown): Promise<LambdaInvokeResult> {
    if (typeof parameters !== 'object' || parameters === null || !('FunctionName' in parameters)) {
      throw new StatesTaskError('States.Runtime', 'lambda:invoke needs a FunctionName parameter');
    }
    const { FunctionName, Payload } = parameters as { FunctionName: unknown; Payload?: unknown };
    if (typeof FunctionName !== 'string') {
      throw new StatesTaskError('States.Runtime', 'lambda:invoke FunctionName must be a string');
    }
    const result = await this.invoke(FunctionName, Payload);
    const requestId = randomUUID();
    return {
      ExecutedVersion: '$LATEST',
      Payload: result,
      SdkHttpMetadata: {
        HttpHeaders: { 'Content-Type': 'application/json', 'X-Amz-Executed-Version': '$LATEST' },
        HttpStatusCode: 200,
      },
      SdkResponseMetadata: { RequestId: requestId },
      StatusCode: 200,
    };
  }
}

function toStatesTaskError(error: unknown): StatesTaskError {
  const err = error instanceof Error ? error : new Error(String(error));
  const errorType = err.name || 'Error';
  const cause = JSON.stringify({
    errorType,
    errorMessage: err.message,
    trace: (err.stack ?? '').split('\n').slice(0, 10),
  });
  return new StatesTaskError(errorType, cause);
}

function lambdaContext(fn: LocalFunction): Context {
  const deadline = Date.now() + fn.timeoutSeconds * 1000;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: fn.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: fn.arn,
    memoryLimitInMB: String(fn.memorySizeMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${fn.functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
