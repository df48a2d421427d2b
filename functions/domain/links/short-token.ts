/**
 * Short signed link tokens, for links that must fit in a text message: `<field>.<field>….<exp>.<sig>`,
 * each field as it is when it is a plain id (letters, digits, `-`, `_`, at most 64) and base64url after
 * a `~` otherwise, `exp` in base 36 (epoch seconds), and 128 bits of HMAC-SHA256 over the rest under the
 * token's use (so a token of one use never verifies as another's). About a third of the JSON token
 * (signed-token.ts) for the same claims.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { TokenRejection } from './signed-token.ts';

/** 16 bytes of HMAC-SHA256 (128 bits): 22 base64url characters. */
const SIGNATURE_CHARS = 22;
const PLAIN = /^[A-Za-z0-9_-]{1,64}$/;
const ENCODED = /^~[A-Za-z0-9_-]{1,400}$/;
/** Longest short token accepted. */
export const MAX_SHORT_TOKEN_CHARS = 1024;

function encode(field: string): string {
  return PLAIN.test(field) ? field : `~${Buffer.from(field, 'utf8').toString('base64url')}`;
}

function decode(part: string): string | undefined {
  if (PLAIN.test(part)) return part;
  if (!ENCODED.test(part)) return undefined;
  const text = Buffer.from(part.slice(1), 'base64url').toString('utf8');
  return encode(text) === part && text.length > 0 ? text : undefined;
}

function signature(use: string, body: string, secret: string): string {
  return createHmac('sha256', secret)
    .update(`${use}|${body}`, 'utf8')
    .digest('base64url')
    .slice(0, SIGNATURE_CHARS);
}

/** Signs `fields` (non-empty strings) for `use` until `exp` (epoch seconds). */
export function signShortToken(use: string, fields: readonly string[], exp: number, secret: string): string {
  if (secret.length === 0) throw new TypeError('the signing secret must not be empty');
  if (!Number.isSafeInteger(exp) || exp < 0) throw new TypeError('exp must be epoch seconds');
  if (fields.some((field) => field.length === 0)) throw new TypeError('a token field must not be empty');
  const body = [...fields.map(encode), exp.toString(36)].join('.');
  const token = `${body}.${signature(use, body, secret)}`;
  if (token.length > MAX_SHORT_TOKEN_CHARS)
    throw new RangeError(`the token would have ${token.length} characters`);
  return token;
}

/** Whether a token has the shape of a short token of `fieldCount` fields (not whether it is valid). */
export function isShortToken(token: unknown, fieldCount: number): token is string {
  return (
    typeof token === 'string' &&
    token.length <= MAX_SHORT_TOKEN_CHARS &&
    token.split('.').length === fieldCount + 2
  );
}

/** Verifies a short token of `use` with `fieldCount` fields at `now`: the signature first, then the rest. */
export function verifyShortToken(
  token: string,
  use: string,
  fieldCount: number,
  secret: string,
  now: Date,
): { ok: true; fields: string[]; exp: number } | { ok: false; reason: TokenRejection } {
  if (secret.length === 0) throw new TypeError('the signing secret must not be empty');
  if (!isShortToken(token, fieldCount)) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  const given = parts.pop() ?? '';
  if (given.length !== SIGNATURE_CHARS || !/^[A-Za-z0-9_-]+$/.test(given))
    return { ok: false, reason: 'malformed' };
  const expected = signature(use, parts.join('.'), secret);
  if (!timingSafeEqual(Buffer.from(given, 'utf8'), Buffer.from(expected, 'utf8'))) {
    return { ok: false, reason: 'bad-signature' };
  }
  const exp36 = parts.pop() ?? '';
  const exp = /^[0-9a-z]{1,11}$/.test(exp36) ? Number.parseInt(exp36, 36) : Number.NaN;
  const fields = parts.map(decode);
  if (!Number.isSafeInteger(exp) || fields.some((field) => field === undefined)) {
    return { ok: false, reason: 'malformed' };
  }
  if (now.getTime() >= exp * 1000) return { ok: false, reason: 'expired' };
  return { ok: true, fields: fields as string[], exp };
}
