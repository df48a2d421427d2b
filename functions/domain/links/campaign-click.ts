/**
 * The signed click link of a campaign's call to action: a short token (short-token.ts, so it fits in a
 * text message) naming the message by its dedupe key. Where the link goes is not in the token: the
 * click handler reads it from the message's own facts (the campaign's https link), so the link can send
 * no one anywhere but where the campaign said, and counts the click on the message it names.
 */
import { signShortToken, verifyShortToken } from './short-token.ts';
import type { TokenRejection } from './signed-token.ts';

/** What a click link carries. */
export interface ClickClaims {
  /** The message's dedupe key (`campaign-message#<campaignId>#<runAt>#<customerId>`). */
  dedupeKey: string;
  /** Epoch seconds after which the link stops counting and sending on. */
  exp: number;
}

const USE = 'click';

/**
 * `${baseUrl}/click?token=…`.
 * @throws RangeError when the dedupe key would make the token too long; TypeError for an empty one.
 */
export function clickUrl(baseUrl: string, claims: ClickClaims, secret: string): string {
  const token = signShortToken(USE, [claims.dedupeKey], claims.exp, secret);
  return `${baseUrl.replace(/\/+$/, '')}/click?token=${token}`;
}

/** The claims of a click token, or why it is refused. */
export function parseClickToken(
  token: string,
  secret: string,
  now: Date,
): { ok: true; claims: ClickClaims } | { ok: false; reason: TokenRejection } {
  const verified = verifyShortToken(token, USE, 1, secret, now);
  if (!verified.ok) return verified;
  const [dedupeKey] = verified.fields;
  if (dedupeKey === undefined) return { ok: false, reason: 'malformed' };
  return { ok: true, claims: { dedupeKey, exp: verified.exp } };
}

/** The campaign's https link in a message's facts (`content.action.url`), if it has one. */
export function actionUrlOf(facts: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const content = facts?.content as { action?: { url?: unknown } } | undefined;
  const url = content?.action?.url;
  return typeof url === 'string' && url.startsWith('https://') ? url : undefined;
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
