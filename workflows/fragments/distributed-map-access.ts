import { Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { acknowledgeWildcardResource, acknowledgeWildcardResourcesOf } from './nag.ts';

/** What a Distributed Map's `ItemReader` reads, and why its key is known only at run time. */
export interface ItemReaderAccess {
  /** The bucket the files are in. */
  readonly bucket: IBucket;
  /** The key pattern the role may read (`*`, `price-changes/*`). */
  readonly keyPattern: string;
  /** Why the key is a wildcard, for the cdk-nag acknowledgment. */
  readonly reason: string;
}

/**
 * The permissions of a state machine with one Distributed Map that reads its items from S3 by a bucket
 * and key taken from the state (`bucketNamePath`), for which CDK grants nothing: `s3:GetObject` on the
 * given keys only. Also acknowledges, with the reason, the wildcards of the policy CDK creates for the
 * Map itself (start, describe, stop and redrive its own child executions, named at run time).
 */
export function grantDistributedMapAccess(stateMachine: StateMachine, reader: ItemReaderAccess): void {
  const objects = reader.bucket.arnForObjects(reader.keyPattern);
  stateMachine.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [objects] }));
  acknowledgeWildcardResource(stateMachine.role, objects, reader.reason);

  const distributedMapPolicy = stateMachine.node.tryFindChild('DistributedMapPolicy');
  if (!(distributedMapPolicy instanceof Policy)) {
    throw new Error(`Expected CDK to create a DistributedMapPolicy for ${stateMachine.node.path}`);
  }
  acknowledgeWildcardResourcesOf(
    distributedMapPolicy,
    'CDK grants the Distributed Map states:DescribeExecution, states:StopExecution and ' +
      'states:RedriveExecution on the executions of this state machine only (execution:<name>:* and ' +
      'its child runs): execution names are generated at run time.',
  );
}
