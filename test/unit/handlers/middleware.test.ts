import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { completeContext, withMiddleware } from '#handlers/common/middleware.ts';
import { testDeps } from '../../helpers/deps.ts';

describe('completeContext', () => {
  it('passes a full Lambda context through untouched', () => {
    const lambda = {
      functionName: 'stille-IngestEvent',
      awsRequestId: 'req-1',
      getRemainingTimeInMillis: () => 29_000,
    } as Context;

    expect(completeContext(lambda)).toBe(lambda);
  });

  it('fills in a minimal context and drops a deadline that has already passed', () => {
    const context = completeContext({
      functionName: 'IngestEvent',
      getRemainingTimeInMillis: () => -1,
    } as Partial<Context>);

    expect(context.functionName).toBe('IngestEvent');
    expect(context.awsRequestId).toBe('');
    expect(context.getRemainingTimeInMillis).toBeUndefined();
  });

  it('drops a deadline too far away for a timer', () => {
    const context = completeContext({
      awsRequestId: 'r',
      functionName: 'f',
      getRemainingTimeInMillis: () => 2 ** 40,
    });

    expect(context.getRemainingTimeInMillis).toBeUndefined();
  });

  it('builds a context when there is none', () => {
    expect(completeContext(undefined).functionName).toBe('local');
  });
});

describe('withMiddleware', () => {
  it('hands the body the event and a context, and returns its result', async () => {
    const seen: { event?: unknown; context?: Context } = {};
    const handler = withMiddleware(testDeps(), async (event: { n: number }, context) => {
      seen.event = event;
      seen.context = context;
      return event.n * 2;
    });

    expect(await handler({ n: 21 })).toBe(42);
    expect(seen.event).toEqual({ n: 21 });
    expect(seen.context?.functionName).toBe('local');
  });

  it('rethrows the body error unchanged, so its name reaches the workflow', async () => {
    class CustomError extends Error {
      override readonly name = 'CustomError';
    }
    const failure = new CustomError('nope');
    const handler = withMiddleware(testDeps(), async () => {
      throw failure;
    });

    await expect(handler({})).rejects.toBe(failure);
  });
});
