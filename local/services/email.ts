import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { Config as SesLocalConfig } from 'aws-ses-v2-local';
import type { Email as SesLocalEmail, Store as SesLocalStore } from 'aws-ses-v2-local/dist/store.js';
import { createFaultInjector, type FaultOptions, type SendStats } from './faults.ts';
import { closeServer, endpointOf, LOCAL_HOST, serveInProcess } from './http.ts';

// aws-ses-v2-local is CommonJS with an `exports.default`; require() reads it the same way under Node and
// vitest, where a default import would not. Its store module is internal but typed (dist/store.d.ts).
const require = createRequire(import.meta.url);
const { default: startSesLocal } = require('aws-ses-v2-local') as {
  default: (config?: Partial<SesLocalConfig>) => Promise<Server>;
};
const { getStoreReadonly } = require('aws-ses-v2-local/dist/store.js') as {
  getStoreReadonly: () => SesLocalStore;
};

/** Path of the SES v2 `SendEmail` operation. */
const SEND_EMAIL_PATH = '/v2/email/outbound-emails';

/** Options of the local email service. */
export interface EmailOptions {
  /** Share of `SendEmail` calls answered as throttled or failed instead of sent. */
  faults?: FaultOptions;
  /** Seed of the fault injection, for reproducible runs. */
  seed?: number;
  /** Clock stamping `SentEmail.at`; the system clock by default (pass the simulated clock's `now`). */
  now?: () => Date;
  /**
   * Called with each accepted email before `SendEmail` answers, so the caller can act on it while the
   * sender still waits (the runtime publishes SES events for configuration sets from here).
   */
  onAccepted?: (email: SentEmail) => void;
  /**
   * The sending quota `GetAccount` answers (`SendQuota`): SES's default for an account out of the
   * sandbox, 14 messages a second and 50,000 a day, unless given.
   */
  sendQuota?: { maxSendRate: number; max24HourSend: number };
  /**
   * Keep each accepted email's HTML and text bodies (default true). A benchmark or a large preview
   * passes false: the message ledger already holds every body, and the local SES would otherwise keep a
   * second copy of each, ≈ 12 KB a notice (the subject, headers, recipients and tags stay).
   */
  keepBodies?: boolean;
}

/** SES's default sending quota of a production account (docs: "Increasing your sending quotas"). */
export const DEFAULT_SEND_QUOTA = { maxSendRate: 14, max24HourSend: 50_000 } as const;
const ACCOUNT_PATH = '/v2/email/account';

/** An email the local SES accepted. */
export interface SentEmail {
  /** The `MessageId` SendEmail answered; unique within the process. */
  messageId: string;
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  replyTo: string[];
  subject: string;
  html?: string;
  text?: string;
  /**
   * Header name → value. For `Content.Simple` the custom `Headers` of the request (`List-Unsubscribe`,
   * `List-Unsubscribe-Post`, …); for `Content.Raw` every top-level header of the MIME message.
   */
  headers: Record<string, string>;
  configurationSetName?: string;
  /** `EmailTags` of the request, name → value. */
  tags: Record<string, string>;
  /** When the email was accepted, ISO 8601, by the `now` clock. */
  at: string;
}

/** A running local SES v2. */
export interface LocalEmail {
  /** `http://127.0.0.1:<port>`, for `new SESv2Client({ endpoint })`; the web inbox of aws-ses-v2-local at `/`. */
  endpoint: string;
  /** Stops the server and forgets its emails. */
  close(): Promise<void>;
  /** The emails accepted so far, in the order they were accepted. */
  sent(): Promise<SentEmail[]>;
  /** How `SendEmail` calls were answered so far. */
  stats(): SendStats;
}

/** What this instance remembers about one accepted email besides what aws-ses-v2-local stores. */
interface Accepted {
  email: SesLocalEmail;
  configurationSetName?: string;
  tags: Record<string, string>;
  rawHeaders?: Record<string, string>;
  at: string;
}

/**
 * Starts aws-ses-v2-local on an ephemeral port of 127.0.0.1, wrapped with fault injection: a seeded share
 * of `SendEmail` calls is answered like SES does when throttled (HTTP 429 `TooManyRequestsException`) or
 * failing (HTTP 500 `InternalFailure`) and never reaches the store.
 *
 * aws-ses-v2-local keeps one store per process, shared by every instance. Each instance therefore keeps
 * its own list of the emails it accepted, gives them a MessageId unique in the process (the package's
 * own ids are 9 random digits and collide after some ten thousand emails), and removes them from the
 * shared store on close.
 *
 * @throws RangeError when a fault rate is outside [0, 1] or the rates add up to more than 1.
 */
export async function startEmail(options: EmailOptions = {}): Promise<LocalEmail> {
  const decide = createFaultInjector(options.faults, options.seed);
  const now = options.now ?? (() => new Date());
  const stats: SendStats = { accepted: 0, throttled: 0, failed: 0, rejected: 0 };
  const accepted: Accepted[] = [];
  const quota = options.sendQuota ?? DEFAULT_SEND_QUOTA;

  const server = await startSesLocal({ host: LOCAL_HOST, port: 0 });
  // aws-ses-v2-local gives back a listening server, not its express app: the app is the request listener.
  const [app] = server.listeners('request') as RequestListener[];
  if (app === undefined) {
    await closeServer(server);
    throw new Error('aws-ses-v2-local started without a request listener');
  }
  server.removeAllListeners('request');
  serveInProcess(server);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '').split('?')[0];
    // GetAccount: aws-ses-v2-local reads it from a process-wide variable; answer this instance's own.
    if (req.method === 'GET' && path === ACCOUNT_PATH) return sendAccount(req, res, quota, accepted, now);
    const isSendEmail = req.method === 'POST' && path === SEND_EMAIL_PATH;
    if (isSendEmail) {
      const decision = decide();
      if (decision === 'throttle') {
        stats.throttled += 1;
        return sendError(req, res, 429, 'TooManyRequestsException', 'Maximum sending rate exceeded.');
      }
      if (decision === 'error') {
        stats.failed += 1;
        return sendError(
          req,
          res,
          500,
          'InternalFailure',
          'The request processing has failed because of an unknown error.',
        );
      }
    }
    interceptResponse(res, (status, body) => {
      if (!isSendEmail) return body;
      if (status >= 400) {
        stats.rejected += 1;
        return body;
      }
      if (status !== 200) return body;
      const record = acceptEmail(req, body, now);
      if (record === undefined) return body;
      if (options.keepBodies === false) record.email.body = {};
      accepted.push(record);
      stats.accepted += 1;
      options.onAccepted?.(toSentEmail(record));
      return JSON.stringify({ MessageId: record.email.messageId });
    });
    app(req, res);
  });

  const endpoint = endpointOf(server);
  let closing: Promise<void> | undefined;
  const close = async () => {
    await closeServer(server);
    // After the server is closed, so that no email accepted meanwhile stays behind in the shared store.
    const mine = new Set(accepted.map((record) => record.email));
    const store = getStoreReadonly();
    store.emails = store.emails.filter((email) => !mine.has(email));
  };
  return {
    endpoint,
    close: () => {
      closing ??= close();
      return closing;
    },
    sent: async () => accepted.map(toSentEmail),
    stats: () => ({ ...stats }),
  };
}

/** `GetAccount` as SES v2 answers it, with the quota and what was sent in the last 24 hours. */
function sendAccount(
  req: IncomingMessage,
  res: ServerResponse,
  quota: { maxSendRate: number; max24HourSend: number },
  accepted: readonly Accepted[],
  now: () => Date,
): void {
  req.resume();
  const since = now().getTime() - 24 * 60 * 60 * 1000;
  const body = JSON.stringify({
    DedicatedIpAutoWarmupEnabled: false,
    EnforcementStatus: 'HEALTHY',
    ProductionAccessEnabled: true,
    SendingEnabled: true,
    SendQuota: {
      Max24HourSend: quota.max24HourSend,
      MaxSendRate: quota.maxSendRate,
      SentLast24Hours: accepted.filter((record) => Date.parse(record.at) >= since).length,
    },
  });
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    'x-amzn-RequestId': randomUUID(),
  });
  res.end(body);
}

/** Answers like SES v2 (REST JSON): the error code in `x-amzn-ErrorType`, a `message` in the body. */
function sendError(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  type: string,
  message: string,
): void {
  req.resume();
  const body = JSON.stringify({ message });
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    'x-amzn-ErrorType': type,
    'x-amzn-RequestId': randomUUID(),
  });
  res.end(body);
}

type End = (chunk?: unknown, encoding?: unknown, callback?: unknown) => ServerResponse;

/**
 * Lets `rewrite` see (and replace) the JSON body aws-ses-v2-local answers with, before it is sent. Express
 * writes its whole body with one `res.end(chunk)`, so wrapping `end` sees it complete. Also names the
 * error of a 4xx answer in `x-amzn-ErrorType` (the package only writes a message), so that the SDK
 * raises `BadRequestException`/`NotFoundException` as with SES.
 */
function interceptResponse(res: ServerResponse, rewrite: (status: number, body: string) => string): void {
  const end = res.end.bind(res) as End;
  const intercepted: End = (chunk, encoding, callback) => {
    const text =
      typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : undefined;
    if (text === undefined || res.headersSent) return end(chunk, encoding, callback);
    if (res.statusCode >= 400 && !res.hasHeader('x-amzn-ErrorType')) {
      res.setHeader('x-amzn-ErrorType', errorTypeOf(res.statusCode, text));
    }
    const body = rewrite(res.statusCode, text);
    if (body === text) return end(chunk, encoding, callback);
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.removeHeader('ETag');
    return end(body, 'utf8', typeof encoding === 'function' ? encoding : callback);
  };
  res.end = intercepted as ServerResponse['end'];
}

function errorTypeOf(status: number, body: string): string {
  const parsed = parseJson(body);
  if (typeof parsed.type === 'string') return parsed.type;
  if (status === 404) return 'NotFoundException';
  return 'BadRequestException';
}

/** Finds the email aws-ses-v2-local just stored for a successful SendEmail and gives it a unique id. */
function acceptEmail(req: IncomingMessage, body: string, now: () => Date): Accepted | undefined {
  const packageId = parseJson(body).MessageId;
  if (typeof packageId !== 'string') return undefined;
  const emails = getStoreReadonly().emails;
  // The package stores the email right before it answers, so it is the last one (or very close to it).
  let email: SesLocalEmail | undefined;
  for (let i = emails.length - 1; i >= 0; i -= 1) {
    if (emails[i]?.messageId === packageId) {
      email = emails[i];
      break;
    }
  }
  if (email === undefined) return undefined;
  // Shaped like an SES message id: 16 hex digits, a UUID, -000000.
  email.messageId = `0100${randomBytes(6).toString('hex')}-${randomUUID()}-000000`;
  const request = record((req as IncomingMessage & { body?: unknown }).body);
  const configurationSetName = request.ConfigurationSetName;
  const rawData = record(record(request.Content).Raw).Data;
  return {
    email,
    ...(typeof configurationSetName === 'string' ? { configurationSetName } : {}),
    tags: Object.fromEntries(
      (Array.isArray(request.EmailTags) ? request.EmailTags : [])
        .map(record)
        .filter((tag) => typeof tag.Name === 'string' && typeof tag.Value === 'string')
        .map((tag) => [tag.Name as string, tag.Value as string]),
    ),
    ...(typeof rawData === 'string'
      ? { rawHeaders: mimeHeaders(Buffer.from(rawData, 'base64').toString('utf8')) }
      : {}),
    at: now().toISOString(),
  };
}

function toSentEmail(record: Accepted): SentEmail {
  const { email } = record;
  return {
    messageId: email.messageId,
    from: email.from,
    to: [...email.destination.to],
    cc: [...email.destination.cc],
    bcc: [...email.destination.bcc],
    replyTo: [...email.replyTo],
    subject: email.subject,
    ...(email.body.html === undefined ? {} : { html: email.body.html }),
    ...(email.body.text === undefined ? {} : { text: email.body.text }),
    headers:
      record.rawHeaders ??
      Object.fromEntries((email.headers ?? []).map((header) => [header.name, header.value])),
    ...(record.configurationSetName === undefined
      ? {}
      : { configurationSetName: record.configurationSetName }),
    tags: { ...record.tags },
    at: record.at,
  };
}

/** The top-level headers of a MIME message (folded lines unfolded; a repeated header keeps its last value). */
export function mimeHeaders(message: string): Record<string, string> {
  const end = message.search(/\r?\n\r?\n/);
  const head = (end === -1 ? message : message.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function parseJson(text: string): Record<string, unknown> {
  try {
    return record(JSON.parse(text));
  } catch {
    return {};
  }
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
