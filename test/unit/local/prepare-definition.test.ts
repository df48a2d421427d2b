import { describe, expect, it } from 'vitest';
import { prepareDefinition } from '#local/stepfunctions/prepare.ts';

const task = (extra: Record<string, unknown> = {}) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: 'arn:aws:lambda:eu-north-1:000000000000:function:f', 'Payload.$': '$' },
  End: true,
  ...extra,
});

describe('prepareDefinition', () => {
  it('lets a task without TimeoutSeconds run as long as on AWS, not the engine’s 60 seconds', () => {
    const prepared = prepareDefinition({ StartAt: 'Call', States: { Call: task() } });
    expect(prepared.definition.States.Call?.TimeoutSeconds).toBe(1_000_000);
  });

  it('keeps a timeout the workflow sets itself', () => {
    const prepared = prepareDefinition({
      StartAt: 'Call',
      States: { Call: task({ TimeoutSeconds: 30 }), Other: task({ TimeoutSecondsPath: '$.t' }) },
    });
    expect(prepared.definition.States.Call?.TimeoutSeconds).toBe(30);
    expect(prepared.definition.States.Other?.TimeoutSeconds).toBeUndefined();
  });

  it('caps an execution timeout longer than a real-time timer can wait (90 days → 24.8 days)', () => {
    const long = prepareDefinition({
      StartAt: 'Call',
      TimeoutSeconds: 90 * 86_400,
      States: { Call: task() },
    });
    const short = prepareDefinition({ StartAt: 'Call', TimeoutSeconds: 300, States: { Call: task() } });
    expect(long.definition.TimeoutSeconds).toBe(2_147_483);
    expect(short.definition.TimeoutSeconds).toBe(300);
  });
});
