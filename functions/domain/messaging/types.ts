/**
 * The send gate's shared vocabulary. Every message of every workflow is a `MessageRequest`; the
 * contact policy turns it into a `ContactDecision`; the ledger records what became of it.
 */
import type { Channel, CustomerUpserted, Market } from '../contracts/index.ts';
import type { MessageKind, Purpose, SuppressionReason } from '../contracts/messages.ts';

/** A request to send one message to one customer: the input of the send gate (the validated contract). */
export type { ValidMessageRequest as MessageRequest } from '../contracts/message-requested.ts';
/** The purpose each kind of message serves (defined with the `Message Requested` contract). */
export { dedupeKeyOf, PURPOSE_OF_KIND } from '../contracts/message-requested.ts';
export type { Channel, Market, MessageKind, Purpose, SuppressionReason };

/** An opt-out as the customer store keeps it (from `Contact Preferences Changed`). */
export interface OptOut {
  channel: Channel;
  purpose: 'marketing' | 'surveys' | 'all';
  optedOut: boolean;
  at: string;
}

/** What the policy needs to know of a customer. */
export type CustomerContact = Pick<
  CustomerUpserted,
  | 'customerId'
  | 'name'
  | 'market'
  | 'segment'
  | 'locale'
  | 'timeZone'
  | 'email'
  | 'phone'
  | 'preferredChannel'
  | 'consents'
  | 'paymentMethod'
> & { optOuts: OptOut[] };

/** A message already sent to the customer, for frequency caps. */
export interface SentMessage {
  kind: MessageKind;
  purpose: Purpose;
  channel: Channel;
  sentAt: string;
}

/** What the contact policy decided for one request at one instant. */
export type ContactDecision =
  | { action: 'send'; channel: Channel; to: string }
  /** SMS inside quiet hours: wait in the workflow until `sendAt`, then decide again. */
  | { action: 'defer'; channel: Channel; to: string; sendAt: string }
  | { action: 'suppress'; reason: SuppressionReason; detail: string };
