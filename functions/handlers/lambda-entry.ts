import type { Context } from 'aws-lambda';
import { type Deps, depsFromEnv } from '../adapters/deps.ts';

/** A handler as the embedded runtime and Lambda both call it. */
export type Handler<TEvent, TResult> = (event: TEvent, context?: Context) => Promise<TResult>;

/** Every handler module exports `createHandler(deps)`; the embedded runtime calls it with local deps. */
export type HandlerFactory<TEvent, TResult> = (deps: Deps) => Handler<TEvent, TResult>;

/**
 * The Lambda entry point for a handler factory: dependencies are built from `process.env` on the first
 * invocation and reused by every later one in the same execution environment.
 */
export function lambdaEntry<TEvent, TResult>(
  factory: HandlerFactory<TEvent, TResult>,
): Handler<TEvent, TResult> {
  let handler: Handler<TEvent, TResult> | undefined;
  return (event, context) => {
    handler ??= factory(depsFromEnv(process.env));
    return handler(event, context);
  };
}
