import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  DefinitionBody,
  type IChainable,
  LogLevel,
  type LogOptions,
  QueryLanguage,
  StateMachine,
  StateMachineType,
} from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { acknowledgeWildcardResource, XRAY_REASON } from './nag.ts';

/**
 * The log group of a workflow, named under `/aws/vendedlogs/states/` so Step Functions log delivery
 * does not grow the account's CloudWatch Logs resource policy with every state machine.
 */
export function workflowLogGroup(
  scope: Construct,
  workflowName: string,
  retention?: RetentionDays,
): LogGroup {
  return new LogGroup(scope, 'Logs', {
    logGroupName: `/aws/vendedlogs/states/${Stack.of(scope).stackName}-${workflowName}`,
    retention: retention ?? RetentionDays.ONE_MONTH,
    // Named, so it must go with the stack or a redeploy after deletion would collide with it.
    removalPolicy: RemovalPolicy.DESTROY,
  });
}

/**
 * Logging of a workflow: errors only, without execution data (inputs and outputs carry names, e-mail
 * addresses and phone numbers; the error and its cause are logged all the same).
 */
export function workflowLogOptions(destination: LogGroup): LogOptions {
  return { destination, level: LogLevel.ERROR, includeExecutionData: false };
}

/** Acknowledges, on the state machine, that it logs errors only (AwsSolutions-SF1), with the reason. */
export function acknowledgeErrorLevelLogging(stateMachine: StateMachine): void {
  Validations.of(stateMachine).acknowledge({
    id: 'AwsSolutions-SF1',
    reason:
      'Logs ERROR events only: logging ALL events of every per-event Express execution (and every child ' +
      'of a Distributed Map) costs more in CloudWatch Logs ingestion than the work itself; X-Ray traces ' +
      'and Step Functions metrics cover the successful paths.',
  });
}

/**
 * Acknowledges the wildcard resources CDK grants a state machine's role: X-Ray and log delivery on
 * "*", and `lambda:InvokeFunction` on `<function arn>:*` for each function it invokes.
 */
export function acknowledgeStateMachineRole(
  stateMachine: StateMachine,
  invokedFunctions: readonly IFunction[],
): void {
  Validations.of(stateMachine.role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: `${XRAY_REASON} The same holds for the CloudWatch Logs delivery actions (logs:CreateLogDelivery, logs:PutResourcePolicy, ...) Step Functions logging needs.`,
  });
  for (const fn of invokedFunctions) {
    acknowledgeWildcardResource(
      stateMachine.role,
      `${fn.functionArn}:*`,
      `LambdaInvoke grants lambda:InvokeFunction on ${fn.node.path} and on its versions and aliases (<function arn>:*); the wildcard stays inside this one function.`,
    );
  }
}

/** Properties of {@link workflowStateMachine}. */
export interface WorkflowStateMachineProps {
  /** The first state of the definition. */
  readonly definition: IChainable;
  readonly type: StateMachineType;
  readonly comment: string;
  /** Longest an execution may run. @default 5 minutes, the Express maximum (required for Standard) */
  readonly timeout?: Duration;
  /** The functions its tasks invoke (their `<arn>:*` grant is acknowledged by name). */
  readonly invokedFunctions: readonly IFunction[];
  /** Retention of its log group. @default one month */
  readonly logRetention?: RetentionDays;
}

/**
 * A workflow's state machine as every stille workflow has it: JSONPath, X-Ray tracing, errors logged
 * to its own log group, and the cdk-nag acknowledgments that setup needs. The state machine is the
 * scope's default child (`Default`), which keeps that level out of its logical ID.
 */
export function workflowStateMachine(
  scope: Construct,
  workflowName: string,
  props: WorkflowStateMachineProps,
): { stateMachine: StateMachine; logGroup: LogGroup } {
  const timeout =
    props.timeout ?? (props.type === StateMachineType.EXPRESS ? Duration.minutes(5) : undefined);
  if (timeout === undefined) {
    throw new Error(`${workflowName}: a Standard workflow needs an explicit timeout`);
  }
  const logGroup = workflowLogGroup(scope, workflowName, props.logRetention);
  const stateMachine = new StateMachine(scope, 'Default', {
    comment: props.comment,
    stateMachineType: props.type,
    queryLanguage: QueryLanguage.JSON_PATH,
    definitionBody: DefinitionBody.fromChainable(props.definition),
    timeout,
    tracingEnabled: true,
    logs: workflowLogOptions(logGroup),
  });
  acknowledgeErrorLevelLogging(stateMachine);
  acknowledgeStateMachineRole(stateMachine, props.invokedFunctions);
  return { stateMachine, logGroup };
}
