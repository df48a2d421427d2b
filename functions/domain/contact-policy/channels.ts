/**
 * Which of a customer's channels may carry a message of a purpose: the address must exist, the
 * customer must not have opted out of the purpose (or of everything) on that channel, and the address
 * must not be suppressed by a bounce or complaint.
 */
import type { Channel, CustomerContact, OptOut, Purpose } from '../messaging/types.ts';

/** The opt-out purposes of `Contact Preferences Changed`. */
export type OptOutPurpose = OptOut['purpose'];

/** The opt-out that closes a channel for a message purpose besides `all`; service has none. */
export const OPT_OUT_PURPOSE_OF: Readonly<Record<Purpose, OptOutPurpose | undefined>> = {
  service: undefined,
  survey: 'surveys',
  marketing: 'marketing',
};

/**
 * How an address is kept in the suppression list, as the suppression store normalizes it: trimmed, and
 * email addresses lowercased (mailbox providers treat them case-insensitively, so a bounce for
 * `Kari@Example.no` closes `kari@example.no`); phone numbers are E.164 text.
 */
export function suppressionKeyOf(channel: Channel, address: string): string {
  const trimmed = address.trim();
  return channel === 'email' ? trimmed.toLowerCase() : trimmed;
}

/** Whether an address is in the suppression set, given either normalized or as the customer has it. */
export function isSuppressedAddress(
  suppressedAddresses: ReadonlySet<string>,
  channel: Channel,
  address: string,
): boolean {
  return suppressedAddresses.has(suppressionKeyOf(channel, address)) || suppressedAddresses.has(address);
}

/** The address a customer has on a channel, if any. */
export function addressOn(customer: CustomerContact, channel: Channel): string | undefined {
  const address = channel === 'email' ? customer.email : customer.phone;
  return address === undefined || address === '' ? undefined : address;
}

/** The customer's channels, preferred first. */
export function channelsByPreference(customer: CustomerContact): readonly Channel[] {
  return customer.preferredChannel === 'sms' ? ['sms', 'email'] : ['email', 'sms'];
}

function instantOf(at: string): number {
  const time = Date.parse(at);
  // An unreadable time sorts before every readable one, so it never overrides a real change.
  return Number.isNaN(time) ? Number.NEGATIVE_INFINITY : time;
}

/**
 * The change in force for each channel and opt-out purpose: the latest by `at` (compared as instants,
 * so offsets do not matter); on equal `at` the one later in the list wins. Each channel+purpose pair is
 * its own switch: re-opening `all` does not re-open `marketing` if `marketing` was closed on its own.
 */
export function currentOptOuts(optOuts: readonly OptOut[]): OptOut[] {
  const latest = new Map<string, { change: OptOut; at: number }>();
  for (const change of optOuts) {
    const key = `${change.channel}#${change.purpose}`;
    const at = instantOf(change.at);
    const known = latest.get(key);
    if (known === undefined || at >= known.at) latest.set(key, { change, at });
  }
  return [...latest.values()].map((entry) => entry.change);
}

/**
 * The opt-out in force that closes `channel` for messages of `purpose`: `all` closes every purpose,
 * service included; `surveys` closes survey messages, `marketing` marketing messages. When both apply,
 * `all` is reported.
 */
export function optOutClosing(
  optOuts: readonly OptOut[],
  channel: Channel,
  purpose: Purpose,
): OptOut | undefined {
  const specific = OPT_OUT_PURPOSE_OF[purpose];
  const closing = currentOptOuts(optOuts).filter(
    (change) =>
      change.optedOut &&
      change.channel === channel &&
      (change.purpose === 'all' || change.purpose === specific),
  );
  return closing.find((change) => change.purpose === 'all') ?? closing[0];
}

/** Whether one channel can carry a message of a purpose, and if not, why. */
export type ChannelAssessment =
  | { channel: Channel; status: 'open'; to: string }
  /** The customer has no address on this channel. */
  | { channel: Channel; status: 'missing' }
  /** The customer opted out of this purpose (or of everything) on this channel. */
  | { channel: Channel; status: 'opted-out'; optOut: OptOut }
  /** The address bounced or drew a complaint. */
  | { channel: Channel; status: 'suppressed'; to: string };

/** A channel that can carry the message, with the address to send to. */
export interface OpenChannel {
  channel: Channel;
  to: string;
}

/**
 * Each channel of the customer, preferred first, with whether it can carry a message of `purpose`.
 * A channel is judged in this order: no address → `missing`; opted out → `opted-out`; address
 * suppressed → `suppressed`; otherwise `open`.
 */
export function assessChannels(
  customer: CustomerContact,
  purpose: Purpose,
  suppressedAddresses: ReadonlySet<string>,
): ChannelAssessment[] {
  return channelsByPreference(customer).map((channel): ChannelAssessment => {
    const to = addressOn(customer, channel);
    if (to === undefined) return { channel, status: 'missing' };
    const optOut = optOutClosing(customer.optOuts, channel, purpose);
    if (optOut !== undefined) return { channel, status: 'opted-out', optOut };
    if (isSuppressedAddress(suppressedAddresses, channel, to)) return { channel, status: 'suppressed', to };
    return { channel, status: 'open', to };
  });
}

/**
 * The channels that can carry a message of `purpose` to the customer, preferred first: an address, no
 * opt-out of the purpose or of `all` on that channel, and the address not suppressed.
 */
export function openChannels(
  customer: CustomerContact,
  purpose: Purpose,
  suppressedAddresses: ReadonlySet<string>,
): OpenChannel[] {
  const open: OpenChannel[] = [];
  for (const assessment of assessChannels(customer, purpose, suppressedAddresses)) {
    if (assessment.status === 'open') open.push({ channel: assessment.channel, to: assessment.to });
  }
  return open;
}
