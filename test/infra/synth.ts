import { CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildStilleApp, type StilleAppOptions } from '#infra/stille-app.ts';
import type { StilleStack } from '#infra/stille-stack.ts';

/** Context that skips asset bundling, so a synthesis takes about a second. */
export const SKIP_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

/** The stille stack and its template, synthesized without bundling and without cdk-nag. */
export function synthStille(options: StilleAppOptions = {}): { stack: StilleStack; template: Template } {
  const { stack } = buildStilleApp({
    nag: false,
    ...options,
    context: { ...SKIP_BUNDLING, ...options.context },
  });
  return { stack, template: Template.fromStack(stack) };
}

type CfnValue = unknown;

/** Flattens a CloudFormation reference into `${Logical.Attr}` / `${Logical}`, so ASL parses as JSON. */
function renderToken(token: CfnValue): string {
  if (token && typeof token === 'object') {
    const getAtt = (token as Record<string, unknown>)['Fn::GetAtt'];
    if (Array.isArray(getAtt)) return `\${${getAtt.join('.')}}`;
    const ref = (token as Record<string, unknown>).Ref;
    if (typeof ref === 'string') return `\${${ref}}`;
  }
  throw new Error(`Unexpected token in a state machine definition: ${JSON.stringify(token)}`);
}

/**
 * A CloudFormation value as text, references as `${Logical.Attr}` / `${Logical}` and joins joined:
 * `arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/stille.example`.
 */
export function flattenCfn(value: CfnValue): string {
  if (typeof value === 'string') return value;
  const join = (value as Record<string, unknown> | null)?.['Fn::Join'] as [string, CfnValue[]] | undefined;
  if (join) return join[1].map(flattenCfn).join(join[0]);
  return renderToken(value);
}

/** The Amazon States Language definition of a state machine resource, with references as `${...}`. */
export function definitionOf(template: Template, logicalId: string): AslStateMachine {
  const resource = template.toJSON().Resources[logicalId] as
    | { Type: string; Properties: { DefinitionString: unknown } }
    | undefined;
  if (resource?.Type !== 'AWS::StepFunctions::StateMachine') {
    throw new Error(`${logicalId} is not a state machine`);
  }
  const definition = resource.Properties.DefinitionString;
  if (typeof definition === 'string') return JSON.parse(definition) as AslStateMachine;
  const join = (definition as { 'Fn::Join': [string, CfnValue[]] })['Fn::Join'];
  const text = join[1].map((part) => (typeof part === 'string' ? part : renderToken(part))).join(join[0]);
  return JSON.parse(text) as AslStateMachine;
}

/** The parts of ASL the tests look at. */
export interface AslState {
  Type: string;
  Next?: string;
  End?: boolean;
  Resource?: string;
  Parameters?: Record<string, unknown>;
  ResultSelector?: Record<string, unknown>;
  ResultPath?: string;
  OutputPath?: string;
  InputPath?: string;
  Retry?: {
    ErrorEquals: string[];
    IntervalSeconds?: number;
    MaxAttempts?: number;
    BackoffRate?: number;
    MaxDelaySeconds?: number;
    JitterStrategy?: string;
  }[];
  Choices?: ({ Variable: string; Next: string } & Record<string, unknown>)[];
  Default?: string;
  TimestampPath?: string;
  Catch?: { ErrorEquals: string[]; ResultPath?: string; Next: string }[];
  ItemReader?: {
    Resource: string;
    ReaderConfig?: Record<string, unknown>;
    Parameters?: Record<string, unknown>;
  };
  ItemSelector?: Record<string, unknown>;
  ItemBatcher?: { MaxItemsPerBatch?: number; BatchInput?: Record<string, unknown> };
  ItemProcessor?: {
    ProcessorConfig?: { Mode?: string; ExecutionType?: string };
    StartAt: string;
    States: Record<string, AslState>;
  };
  MaxConcurrency?: number;
  ToleratedFailurePercentage?: number;
  ToleratedFailureCount?: number;
}

/** A state machine definition. */
export interface AslStateMachine {
  StartAt: string;
  States: Record<string, AslState>;
  QueryLanguage?: string;
  TimeoutSeconds?: number;
}

/** The CloudFormation logical ID of a construct's default child (its main resource). */
export function logicalIdOf(construct: { node: { defaultChild?: unknown } }, stack: StilleStack): string {
  const child = construct.node.defaultChild;
  if (!CfnElement.isCfnElement(child))
    throw new Error('the default child of this construct is not a resource');
  return stack.getLogicalId(child);
}

/** The partition, as `definitionOf` renders the `AWS::Partition` reference. */
export const PARTITION = `\${AWS::Partition}`;

/** The retry of Lambda service errors CDK adds to every Lambda task. */
export const LAMBDA_SERVICE_RETRY = {
  ErrorEquals: [
    'Lambda.ClientExecutionTimeoutException',
    'Lambda.ServiceException',
    'Lambda.AWSLambdaException',
    'Lambda.SdkClientException',
  ],
  IntervalSeconds: 2,
  MaxAttempts: 6,
  BackoffRate: 2,
};

/** stille's retry of transient errors and Lambda throttling (`retryTransientErrors`). */
export const TRANSIENT_RETRY = {
  ErrorEquals: ['TransientError', 'Lambda.TooManyRequestsException'],
  IntervalSeconds: 1,
  MaxAttempts: 5,
  BackoffRate: 2,
  JitterStrategy: 'FULL',
};

/** The state `name` of `states`, or an error listing the states there are. */
export function stateNamed(states: Record<string, AslState>, name: string): AslState {
  const found = states[name];
  if (!found) throw new Error(`no state ${name} among ${Object.keys(states).join(', ')}`);
  return found;
}
