import { Stack } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

/** Properties of {@link CampaignSchedules}. */
export interface CampaignSchedulesProps {
  /** What every campaign schedule starts: the CampaignRun state machine. */
  readonly campaignRun: IStateMachine;
}

/**
 * Where campaign schedules live in EventBridge Scheduler: the stack's schedule group (ops see and pause
 * every campaign there, in the console) and the role Scheduler assumes to start CampaignRun, which may
 * start nothing else.
 */
export class CampaignSchedules extends Construct {
  readonly group: ScheduleGroup;
  readonly role: Role;
  /** `arn:…:schedule/<group>/*`. */
  readonly schedulesArn: string;
  readonly targetArn: string;

  constructor(scope: Construct, id: string, props: CampaignSchedulesProps) {
    super(scope, id);
    this.group = new ScheduleGroup(this, 'Group', {});
    this.role = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'EventBridge Scheduler starts CampaignRun with this role, for the campaign schedules only',
    });
    props.campaignRun.grantStartExecution(this.role);
    this.schedulesArn = Stack.of(this).formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${this.group.scheduleGroupName}/*`,
    });
    this.targetArn = props.campaignRun.stateMachineArn;
  }
}
