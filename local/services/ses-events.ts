import { randomBytes, randomUUID } from 'node:crypto';
import { type ResolveContext, resolveIntrinsics } from '../cfn/intrinsics.ts';
import { type CloudFormationTemplate, resourcesOfType } from '../cfn/template.ts';
import type { SentEmail } from './email.ts';

/**
 * SES event publishing for the embedded runtime: the template's configuration set event destinations
 * to EventBridge, and the events SES publishes for an email sent through such a set — `Email Sent` for
 * every send; for the mailbox simulator's addresses what SES does with them (delivery, bounce,
 * complaint, suppression-list bounce); and a delivery for any other address, which the local inbox
 * did receive. Shapes follow SES's event records (`eventType`, `mail`, and the
 * `bounce`/`complaint`/`delivery`/`send` object).
 */

/** An SES event type, as `MatchingEventTypes` names it (lowercased, without underscores). */
export type SesEventType =
  | 'send'
  | 'reject'
  | 'bounce'
  | 'complaint'
  | 'delivery'
  | 'open'
  | 'click'
  | 'renderingfailure'
  | 'deliverydelay'
  | 'subscription';

/** A configuration set event destination that publishes to an EventBridge bus. */
export interface SesEventDestination {
  logicalId: string;
  configurationSetName: string;
  eventTypes: ReadonlySet<SesEventType>;
  /** The bus ARN or name the destination names (SES allows only the `default` bus). */
  eventBus: string;
}

/**
 * Reads every enabled `AWS::SES::ConfigurationSetEventDestination` with an `EventBridgeDestination`.
 * Destinations to SNS, CloudWatch or Firehose are not simulated and are skipped.
 */
export function sesEventDestinationsFromTemplate(
  template: CloudFormationTemplate,
  names: ResolveContext,
): SesEventDestination[] {
  const destinations: SesEventDestination[] = [];
  for (const [logicalId, resource] of resourcesOfType(
    template,
    'AWS::SES::ConfigurationSetEventDestination',
  )) {
    const props = resolveIntrinsics(resource.Properties ?? {}, names, {
      path: `Resources.${logicalId}.Properties`,
    }) as {
      ConfigurationSetName?: unknown;
      EventDestination?: {
        Enabled?: unknown;
        MatchingEventTypes?: unknown;
        EventBridgeDestination?: { EventBusArn?: unknown };
      };
    };
    const destination = props.EventDestination;
    const eventBus = destination?.EventBridgeDestination?.EventBusArn;
    if (!destination || destination.Enabled === false || typeof eventBus !== 'string') continue;
    const types = Array.isArray(destination.MatchingEventTypes) ? destination.MatchingEventTypes : [];
    destinations.push({
      logicalId,
      configurationSetName: String(props.ConfigurationSetName),
      eventTypes: new Set(
        types.map((type) => String(type).toLowerCase().replaceAll('_', '') as SesEventType),
      ),
      eventBus,
    });
  }
  return destinations;
}

/** What the mailbox simulator does with an address (`bounce@simulator.amazonses.com`, also with a `+label`). */
export type SimulatorOutcome = 'success' | 'bounce' | 'complaint' | 'suppressionlist' | 'ooto';

const SIMULATOR = /^(success|bounce|complaint|suppressionlist|ooto)(\+[^@]*)?@simulator\.amazonses\.com$/i;

/** The simulator outcome of a recipient (`Name <address>` allowed), or undefined for any other address. */
export function simulatorOutcome(recipient: string): SimulatorOutcome | undefined {
  const address = /<([^>]+)>/.exec(recipient)?.[1] ?? recipient;
  return SIMULATOR.exec(address.trim())?.[1]?.toLowerCase() as SimulatorOutcome | undefined;
}

/** One event to put on a bus some simulated seconds after the send. */
export interface SesEventToPublish {
  /** Seconds after the email was accepted. */
  delaySeconds: number;
  /** The destination's bus (name or ARN). */
  eventBus: string;
  detailType: 'Email Sent' | 'Email Delivered' | 'Email Bounced' | 'Email Complaint Received';
  detail: Record<string, unknown>;
}

/** Simulated seconds from the send to each kind of event (SES reports them within seconds). */
export const SES_EVENT_DELAYS = { send: 0, delivery: 2, bounce: 2, complaint: 5 } as const;

const REPORTING_MTA = 'a8-70.smtp-out.amazonses.com';

/**
 * The events SES publishes for one accepted email through the destinations of its configuration set:
 * `Send` for every email; `Delivery` for the simulator's success, ooto and complaint addresses and for
 * any address that is not the simulator's (the local inbox received it); a `Permanent`/`General`
 * `Bounce` for bounce@, a `Permanent`/`Suppressed` `Bounce` for suppressionlist@, and a `Complaint`
 * after the delivery for complaint@.
 */
export function sesEventsFor(
  email: SentEmail,
  destinations: readonly SesEventDestination[],
  context: { region: string; account: string },
): SesEventToPublish[] {
  const mine = destinations.filter((d) => d.configurationSetName === email.configurationSetName);
  if (mine.length === 0) return [];
  const sentAt = Date.parse(email.at);
  const at = (seconds: number) => new Date(sentAt + seconds * 1000).toISOString();
  const recipients = [...email.to, ...email.cc, ...email.bcc];
  const byOutcome = new Map<SimulatorOutcome, string[]>();
  for (const recipient of recipients) {
    const outcome = simulatorOutcome(recipient) ?? 'success';
    byOutcome.set(outcome, [...(byOutcome.get(outcome) ?? []), addressOf(recipient)]);
  }
  const mail = mailObject(email, context);
  const delivered = [
    ...(byOutcome.get('success') ?? []),
    ...(byOutcome.get('ooto') ?? []),
    ...(byOutcome.get('complaint') ?? []),
  ];
  const bounced = byOutcome.get('bounce') ?? [];
  const suppressed = byOutcome.get('suppressionlist') ?? [];
  const complained = byOutcome.get('complaint') ?? [];

  const events: Array<Omit<SesEventToPublish, 'eventBus'> & { type: SesEventType }> = [
    {
      type: 'send',
      delaySeconds: SES_EVENT_DELAYS.send,
      detailType: 'Email Sent',
      detail: { eventType: 'Send', mail, send: {} },
    },
  ];
  if (delivered.length > 0) {
    events.push({
      type: 'delivery',
      delaySeconds: SES_EVENT_DELAYS.delivery,
      detailType: 'Email Delivered',
      detail: {
        eventType: 'Delivery',
        mail,
        delivery: {
          timestamp: at(SES_EVENT_DELAYS.delivery),
          processingTimeMillis: SES_EVENT_DELAYS.delivery * 1000,
          recipients: delivered,
          smtpResponse: '250 2.6.0 Message received',
          reportingMTA: REPORTING_MTA,
          remoteMtaIp: '127.0.0.1',
        },
      },
    });
  }
  const bounce = (recipientsOf: string[], subType: 'General' | 'Suppressed', diagnosticCode: string) => ({
    type: 'bounce' as const,
    delaySeconds: SES_EVENT_DELAYS.bounce,
    detailType: 'Email Bounced' as const,
    detail: {
      eventType: 'Bounce',
      mail,
      bounce: {
        bounceType: 'Permanent',
        bounceSubType: subType,
        bouncedRecipients: recipientsOf.map((emailAddress) => ({
          emailAddress,
          action: 'failed',
          status: '5.1.1',
          diagnosticCode,
        })),
        timestamp: at(SES_EVENT_DELAYS.bounce),
        feedbackId: feedbackId(),
        reportingMTA: `dsn; ${REPORTING_MTA}`,
      },
    },
  });
  if (bounced.length > 0) events.push(bounce(bounced, 'General', 'smtp; 550 5.1.1 user unknown'));
  if (suppressed.length > 0) {
    events.push(
      bounce(
        suppressed,
        'Suppressed',
        'Amazon SES has suppressed sending to this address because it has a recent history of bouncing as an invalid address.',
      ),
    );
  }
  if (complained.length > 0) {
    events.push({
      type: 'complaint',
      delaySeconds: SES_EVENT_DELAYS.complaint,
      detailType: 'Email Complaint Received',
      detail: {
        eventType: 'Complaint',
        mail,
        complaint: {
          complainedRecipients: complained.map((emailAddress) => ({ emailAddress })),
          timestamp: at(SES_EVENT_DELAYS.complaint),
          feedbackId: feedbackId(),
          userAgent: 'Amazon SES Mailbox Simulator',
          complaintFeedbackType: 'abuse',
          arrivalDate: at(SES_EVENT_DELAYS.complaint),
        },
      },
    });
  }
  return mine.flatMap((destination) =>
    events
      .filter((event) => destination.eventTypes.has(event.type))
      .map(({ type: _type, ...event }) => ({ ...event, eventBus: destination.eventBus })),
  );
}

/** The `mail` object of an SES event record, with the configuration set and message tags as SES adds them. */
function mailObject(email: SentEmail, context: { region: string; account: string }): Record<string, unknown> {
  const from = addressOf(email.from);
  const domain = from.split('@')[1] ?? from;
  const destination = [...email.to, ...email.cc, ...email.bcc].map(addressOf);
  const headers = [
    { name: 'From', value: email.from },
    { name: 'To', value: email.to.join(', ') },
    { name: 'Subject', value: email.subject },
    ...Object.entries(email.headers).map(([name, value]) => ({ name, value })),
  ];
  const tags: Record<string, string[]> = {
    'ses:operation': ['SendEmail'],
    'ses:configuration-set': [email.configurationSetName ?? ''],
    'ses:source-ip': ['127.0.0.1'],
    'ses:from-domain': [domain],
    'ses:caller-identity': ['local'],
  };
  for (const [name, value] of Object.entries(email.tags)) tags[name] = [value];
  return {
    timestamp: email.at,
    source: email.from,
    sourceArn: `arn:aws:ses:${context.region}:${context.account}:identity/${domain}`,
    sendingAccountId: context.account,
    messageId: email.messageId,
    destination,
    headersTruncated: false,
    headers,
    commonHeaders: {
      from: [email.from],
      to: email.to,
      messageId: email.messageId,
      subject: email.subject,
    },
    tags,
  };
}

function addressOf(recipient: string): string {
  return (/<([^>]+)>/.exec(recipient)?.[1] ?? recipient).trim();
}

function feedbackId(): string {
  return `0100${randomBytes(6).toString('hex')}-${randomUUID()}-000000`;
}
