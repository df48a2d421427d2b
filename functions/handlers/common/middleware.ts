import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { Deps } from '#adapters/deps.ts';
import type { Handler } from './lambda-entry.ts';

// Longest delay `setTimeout` honours; anything larger fires at once, which middy would report as a timeout.
const MAX_TIMER_MS = 2 ** 31 - 1;
// middy's default margin before the Lambda deadline at which it aborts the handler.
const TIMEOUT_EARLY_MS = 5;

/**
 * A complete Lambda `Context` from whatever the caller passed. Lambda passes a full one; the embedded
 * runtime and tests may pass a minimal object or none. `getRemainingTimeInMillis` is kept only when it
 * gives a usable deadline: a simulated clock can report a remaining time that is negative or huge, and
 * middy would then abort the handler at once.
 */
export function completeContext(context: Partial<Context> | undefined): Context {
  const remaining = context?.getRemainingTimeInMillis;
  const usable =
    typeof remaining === 'function' &&
    (() => {
      const ms = remaining.call(context);
      return Number.isFinite(ms) && ms > TIMEOUT_EARLY_MS && ms <= MAX_TIMER_MS;
    })();
  if (usable && typeof context?.awsRequestId === 'string' && typeof context.functionName === 'string') {
    // A real Lambda context: pass it through untouched (its properties may be accessors).
    return context as Context;
  }
  const complete = {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'local',
    functionVersion: '$LATEST',
    invokedFunctionArn: '',
    memoryLimitInMB: '128',
    awsRequestId: '',
    logGroupName: '',
    logStreamName: '',
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
    ...context,
  } as Context;
  if (!usable) {
    // middy only races the handler against a deadline when this function exists.
    delete (complete as Partial<Context>).getRemainingTimeInMillis;
  }
  return complete;
}

/**
 * Wraps a handler body in the middleware every stille function uses: middy with the Powertools logger
 * (Lambda context in every log line, keys reset between invocations). Works with a full Lambda context,
 * a minimal one, or none.
 */
export function withMiddleware<TEvent, TResult>(
  deps: Pick<Deps, 'logger'>,
  body: (event: TEvent, context: Context) => Promise<TResult>,
): Handler<TEvent, TResult> {
  const wrapped = middy<TEvent, TResult>(body, { timeoutEarlyInMillis: TIMEOUT_EARLY_MS }).use(
    injectLambdaContext(deps.logger, { resetKeys: true }),
  );
  return (event, context) => wrapped(event, completeContext(context));
}
