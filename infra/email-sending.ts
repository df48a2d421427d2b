import { Annotations, Stack } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  CfnContactList,
  ConfigurationSet,
  ConfigurationSetTlsPolicy,
  EmailSendingEvent,
  EventDestination,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

/**
 * The SES events stille reacts to, published to the default EventBridge bus (the only bus SES v2 can
 * publish to): bounces and complaints close an address. Deliveries, sends, opens and clicks are left
 * out: stille records sends itself, tracks no opens, and every published event costs an execution.
 */
export const EMAIL_EVENTS: readonly EmailSendingEvent[] = [
  EmailSendingEvent.BOUNCE,
  EmailSendingEvent.COMPLAINT,
];

/**
 * The `detail-type` SES gives each of {@link EMAIL_EVENTS} on EventBridge (source `aws.ses`), as the
 * EventBridge events reference lists them.
 */
export const SES_EVENT_DETAIL_TYPES = ['Email Bounced', 'Email Complaint Received'] as const;

/** The topics of the SES contact list, one per purpose that needs consent. */
export const CONTACT_LIST_TOPICS = ['surveys', 'marketing'] as const;

/** Properties of {@link EmailSending}. */
export interface EmailSendingProps {
  /**
   * The SES identities (domains, verified in SES outside this stack) stille sends from. Sending is
   * allowed from these only; with none, the functions may not send e-mail at all on AWS.
   */
  readonly identities: readonly string[];
  /**
   * Create the SES contact list with the consent topics. SES allows one per account and region: a
   * second stack in the account would fail to deploy. @default false
   */
  readonly contactList?: boolean;
}

/**
 * E-mail through SES v2: the configuration set every message is sent with (reputation metrics, TLS
 * required, SES's account suppression for bounces and complaints on top of stille's own), its event
 * destination on the default EventBridge bus, and the contact list with the consent topics.
 */
export class EmailSending extends Construct {
  /** The configuration set (`SES_CONFIGURATION_SET`). */
  readonly configurationSet: ConfigurationSet;
  /** The contact list with the topics `surveys` and `marketing`, when asked for (`stille:sesContactList`). */
  readonly contactList: CfnContactList | undefined;
  /** The domains stille may send from. */
  readonly identities: readonly string[];

  constructor(scope: Construct, id: string, props: EmailSendingProps) {
    super(scope, id);
    this.identities = [...props.identities];

    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.configurationSet.addEventDestination('ToEventBridge', {
      destination: EventDestination.eventBus(EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      events: [...EMAIL_EVENTS],
    });

    // Consent itself is stille's: it comes from the CRM (`Customer Upserted` consents) and from
    // `Contact Preferences Changed`, and DecideMessage checks it before every message. The topics
    // default to OPT_IN so that the list can only ever veto (a contact who unsubscribed through SES
    // itself), never contradict, what stille decided; stille sends without list management, with its
    // own one-click unsubscribe link. SES allows one contact list per account and region.
    // Off by default: nothing of stille reads it, and a second one in the account fails the deployment.
    this.contactList = !props.contactList
      ? undefined
      : new CfnContactList(this, 'ContactList', {
          description: 'stille: consent topics of the customers (stille keeps the consents themselves)',
          topics: [
            {
              topicName: 'surveys',
              displayName: 'Surveys',
              description: 'Short questions about a recent contact with us',
              defaultSubscriptionStatus: 'OPT_IN',
            },
            {
              topicName: 'marketing',
              displayName: 'Offers',
              description: 'Offers that may suit you better than what you have today',
              defaultSubscriptionStatus: 'OPT_IN',
            },
          ],
        });

    if (this.identities.length === 0) {
      Annotations.of(this).addInfo(
        'No stille:emailIdentities in the context: the functions may not send e-mail on AWS until the ' +
          'verified sending domains are listed there.',
      );
    }
  }

  /** The ARN of the configuration set. */
  get configurationSetArn(): string {
    return Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });
  }

  /** The ARNs of the sending identities. */
  get identityArns(): string[] {
    const stack = Stack.of(this);
    return this.identities.map((domain) =>
      stack.formatArn({ service: 'ses', resource: 'identity', resourceName: domain }),
    );
  }

  /**
   * Lets `grantee` send e-mail (`ses:SendEmail`, which SES v2 `SendEmail` authorizes) from the
   * configured identities through the configuration set, and nothing else.
   */
  grantSend(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [this.configurationSetArn, ...this.identityArns],
      }),
    );
  }
}
