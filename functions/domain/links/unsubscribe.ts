/**
 * One-click unsubscribe links (RFC 8058): a signed token naming the customer, the channel and the purpose
 * the customer opts out of. The same URL serves the link in the message body and the
 * `List-Unsubscribe` header.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
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
  // Both tokens are base64url, `-`, `_` and `.`, all URL-safe: no escaping needed. A text message gets
  // the short one: it has three segments for everything it says.
  const token =
    claims.channel === 'sms' ? smsUnsubscribeToken(claims, secret) : unsubscribeToken(claims, secret);
  return `${base}/unsubscribe?token=${token}`;
}

/** The purposes as the short SMS token writes them. */
const SHORT_PURPOSE: Readonly<Record<UnsubscribePurpose, string>> = { surveys: 's', marketing: 'm' };
/** 16 bytes of HMAC-SHA256 (128 bits): 22 base64url characters. */
const SHORT_SIGNATURE_CHARS = 22;
/** A customer id written as it is in the short token; any other is base64url-encoded (prefix `~`). */
const PLAIN_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The short unsubscribe token of a text message: `<customer>.<s|m>.<exp base 36>.<signature>`, e.g.
 * `c-1001.s.ukz3f4.Xb…` (about 40 characters for a usual id, against some 150 of the JSON token). The
 * signature is 128 bits of HMAC-SHA256 over the rest, under a use of its own (`sms-unsubscribe`), so no
 * other token's signature is one of these.
 */
export function smsUnsubscribeToken(claims: UnsubscribeClaims, secret: string): string {
  if (secret.length === 0) throw new TypeError('the signing secret must not be empty');
  if (!Number.isSafeInteger(claims.exp) || claims.exp < 0) throw new TypeError('exp must be epoch seconds');
  const id = PLAIN_ID.test(claims.customerId)
    ? claims.customerId
    : `~${Buffer.from(claims.customerId, 'utf8').toString('base64url')}`;
  const body = `${id}.${SHORT_PURPOSE[claims.purpose]}.${claims.exp.toString(36)}`;
  return `${body}.${shortSignature(body, secret)}`;
}

function shortSignature(body: string, secret: string): string {
  return createHmac('sha256', secret)
    .update(`sms-unsubscribe|${body}`, 'utf8')
    .digest('base64url')
    .slice(0, SHORT_SIGNATURE_CHARS);
}

/** Verifies a short SMS token (four parts); see {@link smsUnsubscribeToken}. */
function parseSmsUnsubscribeToken(token: string, secret: string, now: Date): UnsubscribeVerification {
  const [id = '', p = '', exp36 = '', signature = ''] = token.split('.');
  const body = `${id}.${p}.${exp36}`;
  if (signature.length !== SHORT_SIGNATURE_CHARS || !/^[A-Za-z0-9_-]+$/.test(signature)) {
    return { ok: false, reason: 'malformed' };
  }
  const expected = Buffer.from(shortSignature(body, secret), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'bad-signature' };
  }
  const purpose = (Object.keys(SHORT_PURPOSE) as UnsubscribePurpose[]).find(
    (key) => SHORT_PURPOSE[key] === p,
  );
  const exp = /^[0-9a-z]{1,11}$/.test(exp36) ? Number.parseInt(exp36, 36) : Number.NaN;
  const customerId = id.startsWith('~') ? Buffer.from(id.slice(1), 'base64url').toString('utf8') : id;
  if (purpose === undefined || !Number.isSafeInteger(exp) || customerId.length === 0) {
    return { ok: false, reason: 'malformed' };
  }
  if (now.getTime() >= exp * 1000) return { ok: false, reason: 'expired' };
  return { ok: true, claims: { customerId, channel: 'sms', purpose, exp } };
}

/**
 * Verifies an unsubscribe token at `now`. A validly signed token for another use, or with claims that
 * are not an unsubscribe's, is `malformed`.
 */
export function parseUnsubscribeToken(token: string, secret: string, now: Date): UnsubscribeVerification {
  if (typeof token === 'string' && token.length <= 1024 && token.split('.').length === 4) {
    return parseSmsUnsubscribeToken(token, secret, now);
  }
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
