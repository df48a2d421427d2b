import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudFormationTemplate } from '#local/cfn/template.ts';
import { LocalRuntime } from '#local/runtime.ts';
import { putEventsThroughEndpoint } from '../helpers/local-runtime.ts';

const START = '2027-01-05T08:00:00Z';
const at = (seconds: number) => new Date(Date.parse(START) + seconds * 1000).toISOString();
const WORKER_ARN = { 'Fn::GetAtt': ['Worker', 'Arn'] };
const invokeWorker = (payload: Record<string, unknown>, extra: Record<string, unknown>) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: WORKER_ARN, Payload: payload },
  ...extra,
});

/**
 * A hand-made template with the send gate's kinds of resources: a custom bus and the default one, an
 * SES configuration set publishing bounces and complaints to the default bus, a generated secret, an
 * HTTP API, a Lambda function (test/unit/local/fixtures/runtime-handler.ts), and two state machines
 * linked by `states:startExecution` and announcing with `events:putEvents`.
 */
const template: CloudFormationTemplate = {
  Resources: {
    Bus: { Type: 'AWS::Events::EventBus', Properties: { Name: 'stille' } },
    LinkSecret: {
      Type: 'AWS::SecretsManager::Secret',
      Properties: { GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true } },
    },
    EmailSet: { Type: 'AWS::SES::ConfigurationSet', Properties: { Name: 'stille-email' } },
    EmailEvents: {
      Type: 'AWS::SES::ConfigurationSetEventDestination',
      Properties: {
        ConfigurationSetName: { Ref: 'EmailSet' },
        EventDestination: {
          Enabled: true,
          MatchingEventTypes: ['bounce', 'complaint'],
          EventBridgeDestination: {
            EventBusArn: {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':events:',
                  { Ref: 'AWS::Region' },
                  ':',
                  { Ref: 'AWS::AccountId' },
                  ':event-bus/default',
                ],
              ],
            },
          },
        },
      },
    },
    Worker: {
      Type: 'AWS::Lambda::Function',
      Properties: {
        Timeout: 10,
        Environment: {
          Variables: {
            EVENT_BUS_NAME: { Ref: 'Bus' },
            LINK_SECRET_ARN: { Ref: 'LinkSecret' },
            SES_CONFIGURATION_SET: { Ref: 'EmailSet' },
            PUBLIC_BASE_URL: {
              'Fn::Join': [
                '',
                [
                  'https://',
                  { Ref: 'Api' },
                  '.execute-api.',
                  { Ref: 'AWS::Region' },
                  '.',
                  { Ref: 'AWS::URLSuffix' },
                  '/',
                ],
              ],
            },
          },
        },
      },
    },
    Api: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'Links', ProtocolType: 'HTTP' } },
    ApiStage: {
      Type: 'AWS::ApiGatewayV2::Stage',
      Properties: { ApiId: { Ref: 'Api' }, StageName: '$default', AutoDeploy: true },
    },
    WorkerIntegration: {
      Type: 'AWS::ApiGatewayV2::Integration',
      Properties: {
        ApiId: { Ref: 'Api' },
        IntegrationType: 'AWS_PROXY',
        IntegrationUri: WORKER_ARN,
        PayloadFormatVersion: '2.0',
      },
    },
    UnsubscribeRoute: {
      Type: 'AWS::ApiGatewayV2::Route',
      Properties: {
        ApiId: { Ref: 'Api' },
        RouteKey: 'GET /unsubscribe',
        AuthorizationType: 'NONE',
        Target: { 'Fn::Join': ['', ['integrations/', { Ref: 'WorkerIntegration' }]] },
      },
    },
    Child: {
      Type: 'AWS::StepFunctions::StateMachine',
      Properties: {
        StateMachineType: 'STANDARD',
        Definition: {
          StartAt: 'Later',
          States: {
            Later: { Type: 'Wait', Seconds: 3600, Next: 'Report' },
            Report: invokeWorker({ action: 'alert', kind: 'child-ran' }, { End: true }),
          },
        },
      },
    },
    Main: {
      Type: 'AWS::StepFunctions::StateMachine',
      Properties: {
        StateMachineType: 'EXPRESS',
        Definition: {
          StartAt: 'Send',
          States: {
            Send: invokeWorker(
              { action: 'send', 'to.$': '$.detail.to' },
              { ResultPath: null, Next: 'StartChild' },
            ),
            StartChild: {
              Type: 'Task',
              Resource: 'arn:aws:states:::states:startExecution',
              Parameters: {
                StateMachineArn: { Ref: 'Child' },
                Input: {
                  'to.$': '$.detail.to',
                  'AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$': '$$.Execution.Id',
                },
              },
              ResultPath: '$.child',
              Next: 'Announce',
            },
            Announce: {
              Type: 'Task',
              Resource: 'arn:aws:states:::events:putEvents',
              Parameters: {
                Entries: [
                  {
                    EventBusName: { Ref: 'Bus' },
                    Source: 'stille.test',
                    DetailType: 'Stille Alert',
                    Detail: { kind: 'announced', 'at.$': '$.time', 'to.$': '$.detail.to' },
                  },
                ],
              },
              ResultPath: '$.announced',
              End: true,
            },
          },
        },
      },
    },
    SendRule: {
      Type: 'AWS::Events::Rule',
      Properties: {
        EventBusName: { Ref: 'Bus' },
        EventPattern: { 'detail-type': ['Send Test'] },
        Targets: [{ Id: 'Main', Arn: { Ref: 'Main' } }],
      },
    },
    SesRule: {
      Type: 'AWS::Events::Rule',
      Properties: {
        EventPattern: { source: ['aws.ses'], 'detail-type': ['Email Bounced', 'Email Complaint Received'] },
        Targets: [{ Id: 'Worker', Arn: WORKER_ARN }],
      },
    },
  },
};

describe('the embedded runtime with the send gate integrations (hand-made template)', () => {
  let runtime: LocalRuntime;
  beforeAll(async () => {
    runtime = await LocalRuntime.start({
      start: START,
      seed: 11,
      app: {
        template,
        functions: [{ logicalId: 'Worker', entry: 'test/unit/local/fixtures/runtime-handler.ts' }],
      },
    });
  });
  afterAll(async () => {
    await runtime?.close();
  });

  it('resolves the API URL, the secret and the configuration set in function environments', () => {
    expect(runtime.environment.PUBLIC_BASE_URL).toBe(`${runtime.apiUrl()}/`);
    expect(runtime.environment.PUBLIC_BASE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(runtime.environment.LINK_SECRET_ARN).toBe(runtime.secrets[0]?.arn);
    expect(runtime.environment.SES_CONFIGURATION_SET).toBe('stille-email');
    expect(runtime.bus.busNames().sort()).toEqual(['default', 'stille']);
  });

  it('sends, starts the child and announces; SES bounces and the child report on the simulated clock', async () => {
    const started = runtime.putEvent({
      source: 'test',
      detailType: 'Send Test',
      detail: { to: 'bounce@simulator.amazonses.com' },
      id: 'evt-bounce',
    });
    const [main] = await Promise.all(started.executions.map((e) => e.done));
    expect(main?.status).toBe('SUCCEEDED');
    expect(main?.states.map((s) => s.name)).toEqual(['Send', 'StartChild', 'Announce']);
    const output = main?.output as {
      child: { ExecutionArn: string; StartDate: number };
      announced: { FailedEntryCount: number };
    };
    expect(output.child.ExecutionArn).toMatch(/:execution:Child:/);
    expect(output.child.StartDate).toBe(Date.parse(START));
    expect(output.announced.FailedEntryCount).toBe(0);

    await runtime.runUntil(Date.parse(START) + 2 * 3600 * 1000);

    expect(runtime.alerts()).toEqual([
      // No rule of this template takes alerts: each says it went nowhere.
      { kind: 'announced', at: START, to: 'bounce@simulator.amazonses.com', routedTo: [] },
      { kind: 'email-bounced', at: at(2), recipient: 'bounce@simulator.amazonses.com', routedTo: [] },
      { kind: 'child-ran', at: at(3600), routedTo: [] },
    ]);
    const child = runtime.stepFunctions.executions().find((r) => r.stateMachine === 'Child');
    expect(child).toMatchObject({
      status: 'SUCCEEDED',
      parentExecutionArn: main?.executionArn,
      correlationId: 'evt-bounce',
      input: {
        to: 'bounce@simulator.amazonses.com',
        AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: main?.executionArn,
      },
    });
    // Main and Child; the worker sent, handled the bounce, and reported for the child.
    expect(runtime.counts()).toMatchObject({
      started: 2,
      succeeded: 2,
      failed: 0,
      expressExecutions: 1,
      lambdaInvocations: 3,
    });
    expect(runtime.events.countOf('Email Bounced', 'default')).toBe(1);
  });

  it('retries a rule target function that fails, then reports the delivery as failed', async () => {
    const before = runtime.lambda.counters.invocations;
    runtime.putEvent({
      source: 'test',
      detailType: 'Send Test',
      detail: { to: 'complaint@simulator.amazonses.com' },
    });
    await runtime.runUntil(runtime.clock.nowMs() + 3 * 3600 * 1000);
    expect(runtime.deliveryFailures).toHaveLength(1);
    expect(runtime.deliveryFailures[0]).toMatchObject({
      rule: 'SesRule',
      detailType: 'Email Complaint Received',
      error: 'UnhandledEventError',
    });
    // Send, three attempts at the complaint, the child's report.
    expect(runtime.lambda.counters.invocations - before).toBe(5);
  });

  it('serves the HTTP API through the function, which reads the generated secret', async () => {
    const before = runtime.lambda.counters.invocations;
    const response = await fetch(`${runtime.apiUrl('Links')}/unsubscribe?t=abc`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      publicBaseUrl: runtime.environment.PUBLIC_BASE_URL,
      secret: runtime.secrets[0]?.secretString,
      query: { t: 'abc' },
    });
    expect(runtime.secrets[0]?.secretString).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(runtime.lambda.counters.invocations - before).toBe(1);
  });

  it('takes PutEvents from the real EventBridge client on its endpoint, checking entries as EventBridge does', async () => {
    const answer = await putEventsThroughEndpoint(runtime, [
      {
        EventBusName: 'stille',
        Source: 'crm',
        DetailType: 'Stille Alert',
        Detail: '{"kind":"from-crm","at":"2027-01-06T00:00:00Z"}',
      },
      { EventBusName: 'stille', Source: 'crm', DetailType: 'Stille Alert', Detail: 'oops' },
    ]);
    expect(answer.FailedEntryCount).toBe(1);
    expect(answer.Entries?.[1]?.ErrorCode).toBe('MalformedDetail');
    // Put and seen on the bus, but another system's Stille Alert is never reported as stille's.
    expect(runtime.events.recent().some((seen) => seen.event.detail.kind === 'from-crm')).toBe(true);
    expect(runtime.alerts().map((a) => a.kind)).not.toContain('from-crm');
  });

  it('refuses to start a template whose rule targets something it cannot run', async () => {
    const broken: CloudFormationTemplate = {
      Resources: {
        Queue: { Type: 'AWS::SQS::Queue', Properties: {} },
        ToQueue: {
          Type: 'AWS::Events::Rule',
          Properties: {
            EventPattern: { source: ['x'] },
            Targets: [{ Id: 'Q', Arn: { 'Fn::GetAtt': ['Queue', 'Arn'] } }],
          },
        },
      },
    };
    await expect(
      LocalRuntime.start({ start: START, app: { template: broken, functions: [] } }),
    ).rejects.toThrow(/only state machines, Lambda functions and the app's SNS topics/);
  });
});
