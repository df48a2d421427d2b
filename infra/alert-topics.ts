import { Duration } from 'aws-cdk-lib';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription, UrlSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { TEAMS, type Team } from '#domain/alerts/teams.ts';

/** Properties of {@link AlertTopics}. */
export interface AlertTopicsProps {
  /** Who each team's topic notifies: e-mail addresses and `https://` endpoints (deploy context). */
  readonly subscriptions?: Partial<Record<Team, readonly string[]>>;
}

/** The services that publish to stille's topics, and may therefore use their key. */
const PUBLISHERS = ['cloudwatch.amazonaws.com', 'events.amazonaws.com', 'sms-voice.amazonaws.com'];

/**
 * One SNS topic per team (ops, billing, support, CRM) for the `Stille Alert`s of its kinds and, on the
 * ops topic, every CloudWatch alarm; each with the e-mail and HTTPS subscriptions of the deploy
 * configuration (`stille:alertSubscriptions`). The topics are encrypted with a customer managed key
 * (rotated yearly) that CloudWatch, EventBridge and End User Messaging may use: an AWS managed SNS key
 * would refuse them, and alarms and alerts would be dropped unnoticed.
 */
export class AlertTopics extends Construct {
  /** The topic of each team. */
  readonly topics: Readonly<Record<Team, Topic>>;
  /** The key of stille's topics (also of the reputation and inbound SMS topics). */
  readonly key: Key;

  constructor(scope: Construct, id: string, props: AlertTopicsProps = {}) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: 'stille: encrypts the alert, alarm and inbound SMS topics',
      enableKeyRotation: true,
      pendingWindow: Duration.days(7),
    });
    for (const service of PUBLISHERS) {
      this.key.grant(new ServicePrincipal(service), 'kms:Decrypt', 'kms:GenerateDataKey*');
    }
    const topics: Partial<Record<Team, Topic>> = {};
    for (const team of TEAMS) {
      const topic = new Topic(this, topicId(team), {
        displayName: `stille ${team}`,
        masterKey: this.key,
        enforceSSL: true,
      });
      for (const endpoint of props.subscriptions?.[team] ?? []) {
        topic.addSubscription(
          endpoint.startsWith('https://') ? new UrlSubscription(endpoint) : new EmailSubscription(endpoint),
        );
      }
      topics[team] = topic;
    }
    this.topics = topics as Record<Team, Topic>;
  }
}

/** The construct id of a team's topic: `OpsTopic`, `CrmTopic`, … */
export function topicId(team: Team): string {
  return `${team.charAt(0).toUpperCase()}${team.slice(1)}Topic`;
}
