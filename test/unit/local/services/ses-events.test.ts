import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterEach, describe, expect, it } from 'vitest';
import { PhysicalNames } from '#local/cfn/physical-names.ts';
import type { CloudFormationTemplate } from '#local/cfn/template.ts';
import { localClientConfig } from '#local/services/client-config.ts';
import { type LocalEmail, type SentEmail, startEmail } from '#local/services/email.ts';
import {
  type SesEventDestination,
  sesEventDestinationsFromTemplate,
  sesEventsFor,
  simulatorOutcome,
} from '#local/services/ses-events.ts';

const CONTEXT = { region: 'eu-north-1', account: '000000000000' };

/** A configuration set with an EventBridge destination as CDK synthesizes it, and one to SNS. */
const template: CloudFormationTemplate = {
  Resources: {
    Emails: { Type: 'AWS::SES::ConfigurationSet', Properties: { Name: 'stille-email' } },
    ToBus: {
      Type: 'AWS::SES::ConfigurationSetEventDestination',
      Properties: {
        ConfigurationSetName: { Ref: 'Emails' },
        EventDestination: {
          Enabled: true,
          EventBridgeDestination: {
            EventBusArn: {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':events:eu-north-1:',
                  { Ref: 'AWS::AccountId' },
                  ':event-bus/default',
                ],
              ],
            },
          },
          MatchingEventTypes: ['send', 'bounce', 'complaint', 'delivery'],
        },
      },
    },
    ToTopic: {
      Type: 'AWS::SES::ConfigurationSetEventDestination',
      Properties: {
        ConfigurationSetName: { Ref: 'Emails' },
        EventDestination: {
          Enabled: true,
          SnsDestination: { TopicArn: 'arn' },
          MatchingEventTypes: ['bounce'],
        },
      },
    },
  },
};

function destinations(): SesEventDestination[] {
  return sesEventDestinationsFromTemplate(
    template,
    new PhysicalNames(template, { region: 'eu-north-1', tableNames: new Map() }),
  );
}

function sent(to: string[], overrides: Partial<SentEmail> = {}): SentEmail {
  return {
    messageId: '0100abc-1234-000000',
    from: 'stille <varsel@stille.example>',
    to,
    cc: [],
    bcc: [],
    replyTo: [],
    subject: 'Strømprisen endres',
    headers: { 'List-Unsubscribe': '<https://stille.example/u>' },
    configurationSetName: 'stille-email',
    tags: { messageId: 'm-1', purpose: 'service' },
    at: '2027-01-05T08:00:00.000Z',
    ...overrides,
  };
}

describe('SES event publishing', () => {
  it('reads the EventBridge destinations of the template and skips the others', () => {
    expect(destinations()).toEqual([
      {
        logicalId: 'ToBus',
        configurationSetName: 'stille-email',
        eventTypes: new Set(['send', 'bounce', 'complaint', 'delivery']),
        eventBus: 'arn:aws:events:eu-north-1:000000000000:event-bus/default',
      },
    ]);
  });

  it('knows the mailbox simulator addresses, with labels and display names', () => {
    expect(simulatorOutcome('bounce@simulator.amazonses.com')).toBe('bounce');
    expect(simulatorOutcome('Kari <complaint+kari@simulator.amazonses.com>')).toBe('complaint');
    expect(simulatorOutcome('SUPPRESSIONLIST@simulator.amazonses.com')).toBe('suppressionlist');
    expect(simulatorOutcome('success@simulator.amazonses.com')).toBe('success');
    expect(simulatorOutcome('kari@example.no')).toBeUndefined();
    expect(simulatorOutcome('bounce@simulator.amazonses.com.evil.example')).toBeUndefined();
  });

  it('publishes a permanent bounce for bounce@ with the mail object and its tags', () => {
    const events = sesEventsFor(sent(['bounce@simulator.amazonses.com']), destinations(), CONTEXT);
    expect(events.map((e) => [e.detailType, e.delaySeconds])).toEqual([
      ['Email Sent', 0],
      ['Email Bounced', 2],
    ]);
    const bounced = events[1];
    expect(bounced?.eventBus).toBe('arn:aws:events:eu-north-1:000000000000:event-bus/default');
    expect(bounced?.detail).toMatchObject({
      eventType: 'Bounce',
      bounce: {
        bounceType: 'Permanent',
        bounceSubType: 'General',
        bouncedRecipients: [
          { emailAddress: 'bounce@simulator.amazonses.com', action: 'failed', status: '5.1.1' },
        ],
        timestamp: '2027-01-05T08:00:02.000Z',
      },
      mail: {
        timestamp: '2027-01-05T08:00:00.000Z',
        messageId: '0100abc-1234-000000',
        source: 'stille <varsel@stille.example>',
        sourceArn: 'arn:aws:ses:eu-north-1:000000000000:identity/stille.example',
        destination: ['bounce@simulator.amazonses.com'],
        tags: {
          'ses:configuration-set': ['stille-email'],
          messageId: ['m-1'],
          purpose: ['service'],
        },
        commonHeaders: { subject: 'Strømprisen endres' },
      },
    });
  });

  it('publishes delivery then complaint for complaint@, a suppressed bounce for suppressionlist@', () => {
    const complaint = sesEventsFor(sent(['complaint@simulator.amazonses.com']), destinations(), CONTEXT);
    expect(complaint.map((e) => e.detailType)).toEqual([
      'Email Sent',
      'Email Delivered',
      'Email Complaint Received',
    ]);
    expect(complaint[2]?.detail).toMatchObject({
      eventType: 'Complaint',
      complaint: {
        complainedRecipients: [{ emailAddress: 'complaint@simulator.amazonses.com' }],
        complaintFeedbackType: 'abuse',
      },
    });
    expect((complaint[2]?.delaySeconds ?? 0) > (complaint[1]?.delaySeconds ?? 0)).toBe(true);
    const suppressed = sesEventsFor(
      sent(['suppressionlist@simulator.amazonses.com']),
      destinations(),
      CONTEXT,
    );
    expect(suppressed[1]?.detail).toMatchObject({
      bounce: { bounceType: 'Permanent', bounceSubType: 'Suppressed' },
    });
    const success = sesEventsFor(sent(['success@simulator.amazonses.com']), destinations(), CONTEXT);
    expect(success.map((e) => e.detailType)).toEqual(['Email Sent', 'Email Delivered']);
  });

  it('publishes only what the destination matches, a delivery for other addresses, nothing without a set', () => {
    const onlyBounces = destinations().map((d) => ({ ...d, eventTypes: new Set(['bounce'] as const) }));
    expect(
      sesEventsFor(sent(['complaint@simulator.amazonses.com']), onlyBounces, CONTEXT).map(
        (e) => e.detailType,
      ),
    ).toEqual([]);
    // Any other address was received by the local inbox: delivered.
    const delivered = sesEventsFor(sent(['kari@example.no']), destinations(), CONTEXT);
    expect(delivered.map((e) => e.detailType)).toEqual(['Email Sent', 'Email Delivered']);
    expect(delivered[1]?.detail).toMatchObject({ delivery: { recipients: ['kari@example.no'] } });
    const { configurationSetName: _none, ...withoutSet } = sent(['bounce@simulator.amazonses.com']);
    expect(sesEventsFor(withoutSet, destinations(), CONTEXT)).toEqual([]);
  });
});

describe('local SES v2 onAccepted', () => {
  let email: LocalEmail | undefined;
  afterEach(async () => {
    await email?.close();
  });

  it('hands each accepted email to onAccepted before SendEmail answers', async () => {
    const accepted: SentEmail[] = [];
    let answered = false;
    email = await startEmail({
      now: () => new Date('2027-01-05T08:00:00Z'),
      onAccepted: (message) => {
        expect(answered).toBe(false);
        accepted.push(message);
      },
    });
    const client = new SESv2Client({ ...localClientConfig(email.endpoint), maxAttempts: 1 });
    const { MessageId } = await client.send(
      new SendEmailCommand({
        FromEmailAddress: 'varsel@stille.example',
        Destination: { ToAddresses: ['bounce@simulator.amazonses.com'] },
        ConfigurationSetName: 'stille-email',
        EmailTags: [{ Name: 'messageId', Value: 'm-1' }],
        Content: { Simple: { Subject: { Data: 'Hei' }, Body: { Text: { Data: 'Hei' } } } },
      }),
    );
    answered = true;
    client.destroy();
    expect(accepted).toHaveLength(1);
    expect(accepted[0]).toMatchObject({
      messageId: MessageId,
      to: ['bounce@simulator.amazonses.com'],
      configurationSetName: 'stille-email',
      tags: { messageId: 'm-1' },
      at: '2027-01-05T08:00:00.000Z',
    });
    expect(sesEventsFor(accepted[0] as SentEmail, destinations(), CONTEXT).map((e) => e.detailType)).toEqual([
      'Email Sent',
      'Email Bounced',
    ]);
  });
});
