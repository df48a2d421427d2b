/**
 * Signed link tokens: `<payload>.<signature>`, where `payload` is the base64url JSON of a flat object
 * with a required `exp` (epoch seconds) and `signature` is the base64url HMAC-SHA256 of the payload
 * text. Used in unsubscribe links and, later, survey answer links: whoever holds the link may do exactly
 * what the payload says, until `exp`, and nothing can be changed without the secret.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The values a token may carry: strings and finite numbers. */
export type TokenPayload = Record<string, string | number>;

/** A verified payload: `exp` is always there. */
export type VerifiedPayload = TokenPayload & { exp: number };

/** Why a token was refused. */
export type TokenRejection = 'malformed' | 'bad-signature' | 'expired';

/** The result of {@link verifyToken}. */
export type TokenVerification =
  | { ok: true; payload: VerifiedPayload }
  | { ok: false; reason: TokenRejection };

/** Longest token accepted or issued: it travels in a URL and in a `List-Unsubscribe` header. */
export const MAX_TOKEN_CHARS = 1024;
/** HMAC-SHA256 is 32 bytes: 43 base64url characters without padding. */
const SIGNATURE_CHARS = 43;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Signs a payload.
 * @throws TypeError when the secret is empty, `exp` is not an integer, or a value is not a string or a
 *   finite number.
 * @throws RangeError when the token would be longer than {@link MAX_TOKEN_CHARS}.
 */
export function signToken(payload: TokenPayload, secret: string): string {
  if (secret.length === 0) throw new TypeError('the signing secret must not be empty');
  if (!Number.isSafeInteger(payload.exp))
    throw new TypeError('a token payload needs an integer exp (epoch seconds)');
  for (const [key, value] of Object.entries(payload)) {
    if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) {
      throw new TypeError(`token payload value ${key.slice(0, 50)} must be a string or a finite number`);
    }
  }
  const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  const token = `${body}.${sign(body, secret)}`;
  if (token.length > MAX_TOKEN_CHARS) {
    throw new RangeError(`the token would have ${token.length} characters, more than ${MAX_TOKEN_CHARS}`);
  }
  return token;
}

/**
 * Verifies a token at `now`: shape and length first, then the signature (in constant time, before the
 * payload is even parsed), then the expiry. A token is expired from the second `exp` on.
 */
export function verifyToken(token: string, secret: string, now: Date): TokenVerification {
  if (secret.length === 0) throw new TypeError('the signing secret must not be empty');
  if (typeof token !== 'string' || token.length > MAX_TOKEN_CHARS) return rejected('malformed');
  const parts = token.split('.');
  if (parts.length !== 2) return rejected('malformed');
  const [body = '', signature = ''] = parts;
  if (
    !isCanonicalBase64url(body) ||
    signature.length !== SIGNATURE_CHARS ||
    !isCanonicalBase64url(signature)
  ) {
    return rejected('malformed');
  }
  const expected = Buffer.from(sign(body, secret), 'base64url');
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return rejected('bad-signature');

  const payload = parsePayload(body);
  if (payload === undefined) return rejected('malformed');
  if (now.getTime() >= payload.exp * 1000) return rejected('expired');
  return { ok: true, payload };
}

function sign(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('base64url');
}

/**
 * Base64url that decodes to bytes which encode back to the same text. Node's decoder ignores stray
 * characters and unused trailing bits, so without this check two different texts could carry the same
 * signature bytes.
 */
function isCanonicalBase64url(text: string): boolean {
  return BASE64URL.test(text) && Buffer.from(text, 'base64url').toString('base64url') === text;
}

/** The signed payload, if it is a flat object of strings and finite numbers with an integer `exp`. */
function parsePayload(body: string): VerifiedPayload | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  for (const value of Object.values(parsed)) {
    if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) return undefined;
  }
  const payload = parsed as TokenPayload;
  if (!Number.isSafeInteger(payload.exp)) return undefined;
  return payload as VerifiedPayload;
}

function rejected(reason: TokenRejection): TokenVerification {
  return { ok: false, reason };
}
