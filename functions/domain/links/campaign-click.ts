/**
 * The signed click redirect of a campaign's call to action: a token naming the message (its dedupe key)
 * and where the link goes. The redirect verifies the token, so it can send no one anywhere but where
 * the campaign said, and counts the click on the message it names.
 */
import { signToken, type TokenRejection, verifyToken } from './signed-token.ts';

/** What a click link carries. */
export interface ClickClaims {
  /** The message's dedupe key (`campaign-message#<campaignId>#<runAt>#<customerId>`). */
  dedupeKey: string;
  /** The campaign's https link. */
  url: string;
  /** Epoch seconds after which the link stops counting and redirecting. */
  exp: number;
}

const USE = 'click';

/** `${baseUrl}/click?token=…`. */
export function clickUrl(baseUrl: string, claims: ClickClaims, secret: string): string {
  const token = signToken({ use: USE, k: claims.dedupeKey, u: claims.url, exp: claims.exp }, secret);
  return `${baseUrl.replace(/\/+$/, '')}/click?token=${token}`;
}

/** The claims of a click token, or why it is refused. */
export function parseClickToken(
  token: string,
  secret: string,
  now: Date,
): { ok: true; claims: ClickClaims } | { ok: false; reason: TokenRejection } {
  const verified = verifyToken(token, secret, now);
  if (!verified.ok) return verified;
  const { use, k, u, exp } = verified.payload;
  if (use !== USE || typeof k !== 'string' || typeof u !== 'string' || !u.startsWith('https://')) {
    return { ok: false, reason: 'malformed' };
  }
  return { ok: true, claims: { dedupeKey: k, url: u, exp } };
}

/** How long after the message a fetch is taken for a mail scanner's, not the customer's. */
export const SCANNER_WINDOW_SECONDS = 30;
const SCANNER_AGENTS =
  /(bot|crawler|spider|preview|scanner|safelinks|proofpoint|mimecast|barracuda|urldefense|python-requests|curl|wget|headless)/i;

/**
 * Whether a fetch of a click link looks like a mail scanner's rather than the customer's: a HEAD, a
 * fetch within {@link SCANNER_WINDOW_SECONDS} of the send (scanners fetch every link on arrival), or a
 * scanner's user agent. Such a fetch is redirected but not counted.
 */
export function looksLikeScanner(fetch: {
  method: string;
  userAgent?: string;
  sentAt?: string | null;
  at: Date;
}): boolean {
  if (fetch.method.toUpperCase() === 'HEAD') return true;
  if (fetch.userAgent !== undefined && SCANNER_AGENTS.test(fetch.userAgent)) return true;
  if (fetch.sentAt) {
    const since = (fetch.at.getTime() - Date.parse(fetch.sentAt)) / 1000;
    if (since >= 0 && since < SCANNER_WINDOW_SECONDS) return true;
  }
  return false;
}
