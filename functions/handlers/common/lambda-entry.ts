import type { Context } from 'aws-lambda';
import { type ClientFactories, type ClientName, type Deps, type DepsWith, depsWith } from '#adapters/deps.ts';

/** A handler as the embedded runtime and Lambda both call it. */
export type Handler<TEvent, TResult> = (event: TEvent, context?: Context) => Promise<TResult>;

/** Every handler module exports `createHandler(deps)`; the embedded runtime calls it with local deps. */
export type HandlerFactory<TEvent, TResult> = (deps: Deps) => Handler<TEvent, TResult>;

/**
 * What the embedded runtime reads of an entry point module: `createHandler(deps)` and `clients`, the
 * factories of the SDK clients its handler uses (the same ones its Lambda bundle carries).
 */
export interface EntryPointModule {
  createHandler: HandlerFactory<unknown, unknown>;
  clients: Partial<ClientFactories>;
}

/**
 * The Lambda entry point for a handler factory and the clients it uses: dependencies are built from
 * `process.env` on the first invocation and reused by every later one in the same execution
 * environment. A handler that needs a client `clients` does not name fails to compile.
 */
export function lambdaEntry<K extends ClientName, TEvent, TResult>(
  factory: (deps: DepsWith<K>) => Handler<TEvent, TResult>,
  clients: ClientFactories<K>,
): Handler<TEvent, TResult> {
  let handler: Handler<TEvent, TResult> | undefined;
  return (event, context) => {
    handler ??= factory(depsWith(process.env, clients));
    return handler(event, context);
  };
}
