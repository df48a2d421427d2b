/**
 * Retention offer acceptance links: a short signed token (short-token.ts) naming the message by its
 * dedupe key and the customer's locale, valid until the end of the offer's last day. What the offer is
 * (its name, benefit, worth and owner) is read from the message's own facts on use, so the link can
 * accept nothing but the offer that message made, and only for the customer it was sent to. A link only
 * opens the confirmation page; the page's form posts the token, and only the POST accepts.
 */
import { isCalendarDate } from '../contracts/common.ts';
import { signShortToken, verifyShortToken } from './short-token.ts';
import type { TokenRejection } from './signed-token.ts';

/** The path of the acceptance endpoint. */
export const OFFER_PATH = '/offer';

/** How long a link works after sending when the offer names no last day. */
export const OFFER_LINK_DAYS = 30;

/** What an acceptance link carries. */
export interface OfferClaims {
  /** The retention offer message's dedupe key (the Messages table's key). */
  dedupeKey: string;
  /** The locale of the pages (the message's). */
  locale: string;
  /** Epoch seconds after which the link stops working. */
  exp: number;
}

/** The result of {@link parseOfferToken}. */
export type OfferTokenVerification =
  | { ok: true; claims: OfferClaims }
  | { ok: false; reason: TokenRejection };

/** The token's `use`: a survey, click or unsubscribe token signed with the same secret accepts no offer. */
const USE = 'offer';

const DAY_SECONDS = 24 * 60 * 60;

/**
 * The instant an offer's last day (`validUntil`, `YYYY-MM-DD`) ends, as epoch seconds: 24:00 UTC of that
 * day (the start of the next UTC day). In every Nordic market that is 01:00–03:00 local time the next
 * morning, so the customer can accept through the whole of the last day on their own clock, and no one
 * for more than three hours after it. Undefined for a value that is not a real calendar date.
 */
export function endOfOfferDay(validUntil: unknown): number | undefined {
  if (typeof validUntil !== 'string' || !isCalendarDate(validUntil)) return undefined;
  return Date.parse(`${validUntil}T00:00:00Z`) / 1000 + DAY_SECONDS;
}

/**
 * When an acceptance link of an offer sent at `sentAt` expires: the end of the offer's last day
 * ({@link endOfOfferDay}), or {@link OFFER_LINK_DAYS} after sending when the offer names none (or names
 * a day that is not a date). Undefined when the offer's last day is already over: such an offer gets no
 * link.
 */
export function offerLinkExpiry(validUntil: unknown, sentAt: Date): number | undefined {
  const now = Math.floor(sentAt.getTime() / 1000);
  const end = endOfOfferDay(validUntil) ?? now + OFFER_LINK_DAYS * DAY_SECONDS;
  return end > now ? end : undefined;
}

/** The signed token of an acceptance link. */
export function offerToken(claims: OfferClaims, secret: string): string {
  return signShortToken(USE, [claims.dedupeKey, claims.locale], claims.exp, secret);
}

/**
 * `${baseUrl}/offer?token=…` (a trailing slash of `baseUrl` is dropped); the token is base64url, `-`,
 * `_`, `~` and `.`, all URL-safe.
 * @throws RangeError when the dedupe key would make the token too long; TypeError for an empty field.
 */
export function offerAcceptUrl(baseUrl: string, claims: OfferClaims, secret: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${OFFER_PATH}?token=${offerToken(claims, secret)}`;
}

/** Verifies an acceptance token at `now` (the signature in constant time first, then the expiry). */
export function parseOfferToken(token: string, secret: string, now: Date): OfferTokenVerification {
  const verified = verifyShortToken(token, USE, 2, secret, now);
  if (!verified.ok) return verified;
  const [dedupeKey, locale] = verified.fields;
  if (dedupeKey === undefined || locale === undefined) return { ok: false, reason: 'malformed' };
  return { ok: true, claims: { dedupeKey, locale, exp: verified.exp } };
}
