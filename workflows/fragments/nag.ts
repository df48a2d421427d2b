import { Stack, Validations } from 'aws-cdk-lib';
import type { Policy } from 'aws-cdk-lib/aws-iam';
// cdk-nag's own flattening of a CloudFormation reference into the finding id (`<Logical.Arn>/index/*`):
// using it keeps acknowledgments equal to the findings; if it moves, this import fails loudly.
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';

/**
 * The id cdk-nag gives the AwsSolutions-IAM5 finding for one wildcard resource, e.g.
 * `AwsSolutions-IAM5[Resource::<DataCustomersF252F19A.Arn>/index/*]` for `${table.tableArn}/index/*`.
 */
export function wildcardResourceFinding(scope: IConstruct, resource: string): string {
  return `AwsSolutions-IAM5[Resource::${flattenCfnReference(Stack.of(scope).resolve(resource))}]`;
}

/** Acknowledges, on `principal` (a role), the IAM5 finding for the wildcard `resource`, with a reason. */
export function acknowledgeWildcardResource(principal: IConstruct, resource: string, reason: string): void {
  Validations.of(principal).acknowledge({ id: wildcardResourceFinding(principal, resource), reason });
}

/**
 * Acknowledges every wildcard resource of a policy that CDK generates for one purpose (for example
 * the Distributed Map policy of a state machine), with one reason. Call it once the policy is complete.
 */
export function acknowledgeWildcardResourcesOf(policy: Policy, reason: string): void {
  const document = Stack.of(policy).resolve(policy.document.toJSON()) as {
    Statement?: { Effect?: string; Resource?: unknown }[];
  };
  const resources = new Set<string>();
  for (const statement of document.Statement ?? []) {
    if (statement.Effect !== 'Allow') continue;
    const listed = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
    for (const resource of listed) {
      const flat = flattenCfnReference(resource);
      if (flat.includes('*')) resources.add(flat);
    }
  }
  for (const resource of resources) {
    Validations.of(policy).acknowledge({ id: `AwsSolutions-IAM5[Resource::${resource}]`, reason });
  }
}

/**
 * Reason for the `Resource::*` finding on a role that writes X-Ray traces: PutTraceSegments and
 * PutTelemetryRecords support no resource-level permissions.
 */
export const XRAY_REASON =
  'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level ' +
  'permissions, so CDK grants them on "*".';
