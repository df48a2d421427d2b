/**
 * The contact policy: the first step of the send gate. A pure function of the request, the customer,
 * the suppression list, the customer's recent sends, the time and the configuration.
 */
import { type MarketsConfig, settingsForMarket } from '../config/markets.ts';
import type {
  Channel,
  ContactDecision,
  CustomerContact,
  MessageRequest,
  Purpose,
  SentMessage,
} from '../messaging/types.ts';
import { RETENTION_OFFER_CAP_DAYS } from '../retention/program.ts';
import { capFor, sendsInWindow } from './caps.ts';
import { assessChannels, type ChannelAssessment } from './channels.ts';
import { isWithinQuietHours, quietHoursEnd } from './quiet-hours.ts';

/** Everything the contact policy looks at to decide one request. */
export interface PolicyInput {
  request: MessageRequest;
  customer: CustomerContact | undefined;
  /** Addresses (lowercased email, E.164 phone) closed by bounces/complaints. An address written as the customer has it matches too. */
  suppressedAddresses: ReadonlySet<string>;
  /** The customer's messages already sent (any kind), newest first is fine; the policy filters by purpose and window. */
  recentSends: readonly SentMessage[];
  now: Date;
  config: MarketsConfig;
  /**
   * Marketing and survey sends are paused (the SES reputation breaker tripped, docs/operations.md):
   * when the pause began, or undefined when sends are not paused. Service messages are never paused.
   */
  sendsPausedSince?: string | undefined;
}

const CONSENT_OF: Readonly<Record<Purpose, 'surveys' | 'marketing' | undefined>> = {
  service: undefined,
  survey: 'surveys',
  marketing: 'marketing',
};

/**
 * Decides whether, where and when one message may go to one customer. The rules, in the order they
 * are applied (the first that stops the message gives the reason; docs/contact-policy.md):
 *
 * 1. unknown customer → suppress `no-contact-point`;
 * 1b. survey or marketing while sends are paused (the reputation breaker) → suppress `sending-paused`;
 * 2. survey or marketing without the matching consent → suppress `no-consent` (service needs none; a
 *    retention offer needs none where the market allows the existing-customer basis);
 * 3. channel: the preferred channel if open for the purpose, else the other one if open; if neither,
 *    suppress with the reason of the channel that came closest to sending: an address that is
 *    suppressed (`suppressed-address`) before an opt-out (`opted-out`) before no address
 *    (`no-contact-point`);
 * 4. survey or marketing with `max` sends of the purpose in the cap's window → suppress `frequency-cap`;
 * 4b. a retention offer when one was sent in the last 90 days → suppress `frequency-cap`;
 * 5. SMS while the customer's clock is in the market's quiet hours → defer to the end of the window
 *    (service included; email is never deferred);
 * 6. otherwise send.
 *
 * `request.purpose` decides the rules (it is always the kind's purpose, `PURPOSE_OF_KIND`). Details
 * never contain an address: they are logged.
 * @throws RangeError when the customer's time zone is unknown to the runtime (contracts reject those).
 */
export function decideContact(input: PolicyInput): ContactDecision {
  const { request, customer, suppressedAddresses, recentSends, now, config } = input;
  const purpose = request.purpose;
  if (customer === undefined) {
    return suppress(
      'no-contact-point',
      `customer ${request.customerId} is unknown: no Customer Upserted has been received for it`,
    );
  }

  if (purpose !== 'service' && input.sendsPausedSince !== undefined) {
    return suppress(
      'sending-paused',
      `${purpose} sends are paused since ${input.sendsPausedSince} (SES reputation alarm); service messages go on`,
    );
  }

  const consent = CONSENT_OF[purpose];
  if (
    consent !== undefined &&
    !customer.consents[consent] &&
    !existingCustomerBasis(request, customer, config)
  ) {
    return suppress(
      'no-consent',
      `${purpose} messages need consent to ${consent}, which the customer has not given`,
    );
  }

  const channels = assessChannels(customer, purpose, suppressedAddresses);
  const chosen = channels.find((assessment) => assessment.status === 'open');
  if (chosen?.status !== 'open') return suppressForChannels(channels, purpose);

  const settings = settingsForMarket(config, customer.market);
  const cap = capFor(settings.caps, purpose);
  if (cap !== undefined) {
    const counted = sendsInWindow(recentSends, purpose, cap.days, now).length;
    if (counted >= cap.max) {
      return suppress(
        'frequency-cap',
        `${counted} ${purpose} message${counted === 1 ? '' : 's'} sent in the last ${cap.days} days (cap: ${cap.max} in ${cap.days} days)`,
      );
    }
  }

  if (request.kind === 'retention-offer') {
    const offers = recentSends.filter(
      (sent) =>
        sent.kind === 'retention-offer' &&
        Date.parse(sent.sentAt) > now.getTime() - RETENTION_OFFER_CAP_DAYS * 86_400_000,
    ).length;
    if (offers > 0) {
      return suppress(
        'frequency-cap',
        `a retention offer was sent in the last ${RETENTION_OFFER_CAP_DAYS} days (at most one in ${RETENTION_OFFER_CAP_DAYS} days)`,
      );
    }
  }

  if (chosen.channel === 'sms' && isWithinQuietHours(now, customer.timeZone, settings.quietHours)) {
    const sendAt = quietHoursEnd(now, customer.timeZone, settings.quietHours);
    return { action: 'defer', channel: chosen.channel, to: chosen.to, sendAt: sendAt.toISOString() };
  }

  return { action: 'send', channel: chosen.channel, to: chosen.to };
}

/**
 * Whether a marketing message may go without marketing consent on the existing-customer exception of
 * the market's law (functions/domain/config/marketing-basis.ts): only a retention offer (the provider's
 * own similar products, to a customer of theirs), only where the market's configuration turns the
 * exception on. Opt-outs still stop it (the channel check below), and every such message carries the
 * opt-out (the template's existing-customer footer).
 */
export function existingCustomerBasis(
  request: Pick<MessageRequest, 'kind' | 'purpose'>,
  customer: Pick<CustomerContact, 'market'>,
  config: MarketsConfig,
): boolean {
  return (
    request.purpose === 'marketing' &&
    request.kind === 'retention-offer' &&
    settingsForMarket(config, customer.market).marketingConsent.existingCustomers
  );
}

function suppress(
  reason: Extract<ContactDecision, { action: 'suppress' }>['reason'],
  detail: string,
): ContactDecision {
  return { action: 'suppress', reason, detail };
}

const NO_ADDRESS: Readonly<Record<Channel, string>> = { email: 'no email address', sms: 'no phone number' };

function describeChannel(assessment: ChannelAssessment, purpose: Purpose): string {
  switch (assessment.status) {
    case 'missing':
      return `${assessment.channel}: ${NO_ADDRESS[assessment.channel]}`;
    case 'opted-out':
      return `${assessment.channel}: opted out of ${assessment.optOut.purpose} (${assessment.optOut.at})`;
    case 'suppressed':
      return `${assessment.channel}: address suppressed after a bounce or complaint`;
    case 'open':
      return `${assessment.channel}: open for ${purpose}`;
  }
}

function suppressForChannels(channels: readonly ChannelAssessment[], purpose: Purpose): ContactDecision {
  const detail = `no channel can carry a ${purpose} message (${channels
    .map((assessment) => describeChannel(assessment, purpose))
    .join('; ')})`;
  if (channels.some((assessment) => assessment.status === 'suppressed'))
    return suppress('suppressed-address', detail);
  if (channels.some((assessment) => assessment.status === 'opted-out')) return suppress('opted-out', detail);
  return suppress('no-contact-point', detail);
}
