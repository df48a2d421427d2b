/**
 * One-click unsubscribe links (RFC 8058): a signed token naming the customer, the channel and the purpose
 * the customer opts out of. The same URL serves the link in the message body and the
 * `List-Unsubscribe` header.
 */
import { CHANNELS, type Channel } from '../contracts/index.ts';
import { isShortToken, signShortToken, verifyShortToken } from './short-token.ts';
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
  // Both tokens are base64url, `-`, `_` and `.`, all URL-safe: no escaping needed. A text message gets
  // the short one: it has three segments for everything it says.
  const token =
    claims.channel === 'sms' ? smsUnsubscribeToken(claims, secret) : unsubscribeToken(claims, secret);
  return `${base}/unsubscribe?token=${token}`;
}

/** The purposes as the short SMS token writes them. */
const SHORT_PURPOSE: Readonly<Record<UnsubscribePurpose, string>> = { surveys: 's', marketing: 'm' };
/** The use the short token is signed under. */
const SMS_USE = 'sms-unsubscribe';

/**
 * The short unsubscribe token of a text message (short-token.ts): `<customer>.<s|m>.<exp>.<signature>`,
 * e.g. `c-1001.s.ukz3f4.Xb…`, about 40 characters for a usual id against some 150 of the JSON token.
 */
export function smsUnsubscribeToken(claims: UnsubscribeClaims, secret: string): string {
  return signShortToken(SMS_USE, [claims.customerId, SHORT_PURPOSE[claims.purpose]], claims.exp, secret);
}

/** Verifies a short SMS token; see {@link smsUnsubscribeToken}. */
function parseSmsUnsubscribeToken(token: string, secret: string, now: Date): UnsubscribeVerification {
  const verified = verifyShortToken(token, SMS_USE, 2, secret, now);
  if (!verified.ok) return verified;
  const [customerId = '', p] = verified.fields;
  const purpose = (Object.keys(SHORT_PURPOSE) as UnsubscribePurpose[]).find(
    (key) => SHORT_PURPOSE[key] === p,
  );
  if (purpose === undefined) return { ok: false, reason: 'malformed' };
  return { ok: true, claims: { customerId, channel: 'sms', purpose, exp: verified.exp } };
}

/**
 * Verifies an unsubscribe token at `now`. A validly signed token for another use, or with claims that
 * are not an unsubscribe's, is `malformed`.
 */
export function parseUnsubscribeToken(token: string, secret: string, now: Date): UnsubscribeVerification {
  if (isShortToken(token, 2)) return parseSmsUnsubscribeToken(token, secret, now);
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
