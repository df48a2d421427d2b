/**
 * One-click unsubscribe links (RFC 8058): a signed token naming the customer, the channel and the purpose
 * the customer opts out of. The same URL serves the link in the message body and the
 * `List-Unsubscribe` header.
 */
import { CHANNELS, type Channel } from '../contracts/index.ts';
import { signToken, type TokenRejection, verifyToken } from './signed-token.ts';

/**
 * RFC 8058's one-click key/value pair: the `List-Unsubscribe-Post` header names it, and a one-click POST
 * carries it as its body (`List-Unsubscribe=One-Click`).
 */
export const ONE_CLICK = { name: 'List-Unsubscribe', value: 'One-Click' } as const;

/** {@link ONE_CLICK} as the header's value and a form-encoded body. */
export const ONE_CLICK_PAIR = `${ONE_CLICK.name}=${ONE_CLICK.value}`;

/** The purposes a customer can unsubscribe from by link (the opt-out vocabulary of docs/contracts.md). */
export type UnsubscribePurpose = 'surveys' | 'marketing';

/** What an unsubscribe link does. */
export interface UnsubscribeClaims {
  customerId: string;
  channel: Channel;
  purpose: UnsubscribePurpose;
  /**
   * Epoch seconds after which the link stops working. Keep links alive well past the message (at least
   * 60 days): regulators and mailbox providers expect an unsubscribe link to work for weeks.
   */
  exp: number;
}

/** The result of {@link parseUnsubscribeToken}. */
export type UnsubscribeVerification =
  | { ok: true; claims: UnsubscribeClaims }
  | { ok: false; reason: TokenRejection };

/** The token's `use`: a survey or other link token signed with the same secret is not an unsubscribe. */
const USE = 'unsubscribe';
const PURPOSES: readonly string[] = ['surveys', 'marketing'];

/** The signed token of an unsubscribe link. */
export function unsubscribeToken(claims: UnsubscribeClaims, secret: string): string {
  return signToken(
    { use: USE, c: claims.customerId, ch: claims.channel, p: claims.purpose, exp: claims.exp },
    secret,
  );
}

/**
 * `${baseUrl}/unsubscribe?token=…` (a trailing slash of `baseUrl` is dropped).
 * @throws RangeError when the token would be too long (a customer id of hundreds of characters).
 */
export function unsubscribeUrl(baseUrl: string, claims: UnsubscribeClaims, secret: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  // The token is base64url and `.`, all URL-safe: no escaping needed.
  return `${base}/unsubscribe?token=${unsubscribeToken(claims, secret)}`;
}

/**
 * Verifies an unsubscribe token at `now`. A validly signed token for another use, or with claims that
 * are not an unsubscribe's, is `malformed`.
 */
export function parseUnsubscribeToken(token: string, secret: string, now: Date): UnsubscribeVerification {
  const verified = verifyToken(token, secret, now);
  if (!verified.ok) return verified;
  const { use, c, ch, p, exp } = verified.payload;
  if (
    use !== USE ||
    typeof c !== 'string' ||
    c.length === 0 ||
    typeof ch !== 'string' ||
    !(CHANNELS as readonly unknown[]).includes(ch) ||
    typeof p !== 'string' ||
    !PURPOSES.includes(p)
  ) {
    return { ok: false, reason: 'malformed' };
  }
  return {
    ok: true,
    claims: { customerId: c, channel: ch as Channel, purpose: p as UnsubscribePurpose, exp },
  };
}
