import { Annotations, ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { type IGrantable, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnConfigurationSet } from 'aws-cdk-lib/aws-smsvoice';
import { Construct } from 'constructs';

/**
 * What the SMS configuration set logs: every text message event (delivered, blocked, unreachable, …).
 * `TEXT_SENT` alone is not accepted by the service; `TEXT_ALL` covers it.
 */
export const SMS_EVENT_TYPES = ['TEXT_ALL'] as const;

/** Properties of {@link SmsSending}. */
export interface SmsSendingProps {
  /**
   * ARNs of the origination identities (phone pools, phone numbers, sender IDs) stille sends from,
   * provisioned outside this stack (they need registrations and carrier approval). With none, the
   * functions may not send through any origination identity on AWS.
   */
  readonly originationIdentityArns: readonly string[];
  /** The opt-out list the origination identities use (STOP replies land there). */
  readonly optOutListName: string;
  /** How long the SMS event log is kept. @default one month */
  readonly logRetention?: RetentionDays;
}

/**
 * SMS through AWS End User Messaging: the configuration set every message is sent with, and its event
 * destination. End User Messaging configuration sets publish to CloudWatch Logs, Firehose or SNS, not
 * to EventBridge, so the events (delivery receipts, blocks, carrier errors) go to a log group through a
 * role the service assumes.
 */
export class SmsSending extends Construct {
  /** The configuration set (`SMS_CONFIGURATION_SET`). */
  readonly configurationSet: CfnConfigurationSet;
  /** The log group the SMS events are written to. */
  readonly eventLog: LogGroup;
  /** The role End User Messaging assumes to write to {@link eventLog}. */
  readonly eventLogRole: Role;
  /** The origination identities stille may send from. */
  readonly originationIdentityArns: readonly string[];
  /** The opt-out list of the origination identities. */
  readonly optOutListName: string;

  constructor(scope: Construct, id: string, props: SmsSendingProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.originationIdentityArns = [...props.originationIdentityArns];
    this.optOutListName = props.optOutListName;

    this.eventLog = new LogGroup(this, 'Events', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      // Delivery receipts with phone numbers: bounded by the retention, of no use after the stack.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.eventLogRole = new Role(this, 'EventsRole', {
      description: 'Lets AWS End User Messaging write the SMS events of stille to their log group',
      // Only on behalf of configuration sets of this account (confused-deputy protection). The set's own
      // ARN would make the role and the set depend on each other.
      assumedBy: new ServicePrincipal('sms-voice.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: {
          'aws:SourceArn': stack.formatArn({
            service: 'sms-voice',
            resource: 'configuration-set',
            resourceName: '*',
          }),
        },
      }),
    });
    this.eventLogRole.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
        resources: [this.eventLog.logGroupArn],
      }),
    );

    this.configurationSet = new CfnConfigurationSet(this, 'ConfigurationSet', {
      eventDestinations: [
        {
          eventDestinationName: 'stille-sms-events',
          enabled: true,
          matchingEventTypes: [...SMS_EVENT_TYPES],
          cloudWatchLogsDestination: {
            iamRoleArn: this.eventLogRole.roleArn,
            // The log group's ARN without the trailing `:*` of its Arn attribute.
            logGroupArn: stack.formatArn({
              service: 'logs',
              resource: 'log-group',
              resourceName: this.eventLog.logGroupName,
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      ],
    });
    // The destination is validated when the set is created: the role's policy must exist by then.
    const rolePolicy = this.eventLogRole.node.tryFindChild('DefaultPolicy');
    if (rolePolicy) this.configurationSet.node.addDependency(rolePolicy);

    if (this.originationIdentityArns.length === 0) {
      Annotations.of(this).addInfo(
        'No stille:smsOriginationIdentities in the context: the functions may not send SMS from any ' +
          'origination identity on AWS until the pools, phone numbers or sender IDs are listed there.',
      );
    }
  }

  /** The name of the configuration set. */
  get configurationSetName(): string {
    return this.configurationSet.ref;
  }

  /** The ARN of the configuration set. */
  get configurationSetArn(): string {
    return this.configurationSet.attrArn;
  }

  /** The ARN of the opt-out list. */
  get optOutListArn(): string {
    return Stack.of(this).formatArn({
      service: 'sms-voice',
      resource: 'opt-out-list',
      resourceName: this.optOutListName,
    });
  }

  /** Lets `grantee` add numbers to the opt-out list (`sms-voice:PutOptedOutNumber`), and nothing else. */
  grantOptOut(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['sms-voice:PutOptedOutNumber'], resources: [this.optOutListArn] }),
    );
  }

  /**
   * Lets `grantee` send text messages (`sms-voice:SendTextMessage`) through the configuration set, from
   * the configured origination identities and with their opt-out list, and nothing else.
   */
  grantSend(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['sms-voice:SendTextMessage'],
        resources: [this.configurationSetArn, this.optOutListArn, ...this.originationIdentityArns],
      }),
    );
  }
}
