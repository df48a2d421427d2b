import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createFaultInjector, type FaultOptions, type SendStats } from './faults.ts';
import { closeServer, listenOnEphemeralPort } from './http.ts';

/** The one operation of AWS End User Messaging SMS (PinpointSMSVoiceV2) the local sink implements. */
const SEND_TEXT_MESSAGE_TARGET = 'PinpointSMSVoiceV2.SendTextMessage';
/** Puts a number on an opt-out list (HandleSmsReply keeps the list in step with STOP replies). */
const PUT_OPTED_OUT_NUMBER_TARGET = 'PinpointSMSVoiceV2.PutOptedOutNumber';
const OPT_OUT_LIST_NAME = /^[A-Za-z0-9_:/-]{1,256}$/;
const CONTENT_TYPE = 'application/x-amz-json-1.0';
/** Larger requests are refused; a SendTextMessage request is a few kilobytes at most. */
const MAX_REQUEST_BYTES = 256 * 1024;
/** E.164: a plus, a country code not starting with 0, at most 15 digits in all. */
const E164 = /^\+[1-9][0-9]{1,14}$/;
const MAX_MESSAGE_BODY = 1600;
const MAX_NAME = 256;

/** Options of the local SMS sink. */
export interface SmsOptions {
  /** Share of `SendTextMessage` calls answered as throttled or failed instead of sent. */
  faults?: FaultOptions;
  /** Seed of the fault injection, for reproducible runs. */
  seed?: number;
  /** Clock stamping `SentSms.at`; the system clock by default (pass the simulated clock's `now`). */
  now?: () => Date;
}

/** A text message the local sink accepted. */
export interface SentSms {
  /** The `MessageId` SendTextMessage answered (a UUID). */
  messageId: string;
  /** `DestinationPhoneNumber`, E.164. */
  to: string;
  /** `MessageBody`. */
  body: string;
  originationIdentity?: string;
  messageType?: 'TRANSACTIONAL' | 'PROMOTIONAL';
  configurationSetName?: string;
  /** `Context` of the request, key → value. */
  context: Record<string, string>;
  /** When the message was accepted, ISO 8601, by the `now` clock. */
  at: string;
}

/** A running local SMS sink. */
export interface LocalSms {
  /** `http://127.0.0.1:<port>`, for `new PinpointSMSVoiceV2Client({ endpoint })`. */
  endpoint: string;
  close(): Promise<void>;
  /** The messages accepted so far, in the order they were accepted. */
  sent(): SentSms[];
  /** How `SendTextMessage` calls were answered so far. */
  stats(): SendStats;
  /** The numbers `PutOptedOutNumber` put on each opt-out list, in order. */
  optedOut(): Array<{ optOutListName: string; number: string; at: string }>;
}

/** A field that does not satisfy the API's constraints, as `ValidationException.Fields` lists them. */
interface FieldProblem {
  Name: string;
  Message: string;
}

/**
 * Starts a local sink for `SendTextMessage` of AWS End User Messaging SMS (AWS JSON 1.0 protocol, the
 * `X-Amz-Target` header names the operation) on an ephemeral port of 127.0.0.1. It validates the request
 * like the service (`ValidationException`, HTTP 400), answers `{ MessageId }` and keeps the message.
 * A seeded share of calls is answered with `ThrottlingException` (HTTP 400, as the service does) or
 * `InternalServerException` (HTTP 500) instead, before validation, as a front door rate limit would.
 * `DryRun` requests are validated and answered but not kept. Any other operation gets
 * `UnknownOperationException`.
 *
 * @throws RangeError when a fault rate is outside [0, 1] or the rates add up to more than 1.
 */
export async function startSms(options: SmsOptions = {}): Promise<LocalSms> {
  const decide = createFaultInjector(options.faults, options.seed);
  const now = options.now ?? (() => new Date());
  const stats: SendStats = { accepted: 0, throttled: 0, failed: 0, rejected: 0 };
  const sent: SentSms[] = [];
  const optedOut: Array<{ optOutListName: string; number: string; at: string }> = [];

  /** PutOptedOutNumber: the number joins the list; text messages to it are refused from then on. */
  const putOptedOutNumber = (raw: Buffer): Answer => {
    const request = parseObject(raw);
    const list = request?.OptOutListName;
    const number = request?.OptedOutNumber;
    if (
      typeof list !== 'string' ||
      !OPT_OUT_LIST_NAME.test(list) ||
      typeof number !== 'string' ||
      !E164.test(number)
    ) {
      return errorAnswer(
        400,
        'ValidationException',
        'OptOutListName and an E.164 OptedOutNumber are required.',
        {
          Reason: 'FIELD_VALIDATION_FAILED',
        },
      );
    }
    const at = now().toISOString();
    if (!optedOut.some((entry) => entry.optOutListName === list && entry.number === number)) {
      optedOut.push({ optOutListName: list, number, at });
    }
    return {
      status: 200,
      payload: {
        OptOutListArn: `arn:aws:sms-voice:eu-north-1:000000000000:opt-out-list/${list}`,
        OptOutListName: list,
        OptedOutNumber: number,
        OptedOutTimestamp: Date.parse(at) / 1000,
        EndUserOptedOut: false,
      },
    };
  };

  /** The answer to one request, as the service would give it. */
  const answer = (req: IncomingMessage, raw: Buffer): Answer => {
    const target = req.headers['x-amz-target'];
    if (req.method === 'POST' && target === PUT_OPTED_OUT_NUMBER_TARGET) return putOptedOutNumber(raw);
    if (req.method !== 'POST' || target !== SEND_TEXT_MESSAGE_TARGET) {
      return errorAnswer(
        400,
        'UnknownOperationException',
        `Unknown operation ${String(target ?? req.method)}`,
      );
    }
    const decision = decide();
    if (decision === 'throttle') {
      stats.throttled += 1;
      return errorAnswer(400, 'ThrottlingException', 'Rate exceeded.');
    }
    if (decision === 'error') {
      stats.failed += 1;
      return errorAnswer(500, 'InternalServerException', 'Internal service error.', {
        RequestId: randomUUID(),
      });
    }

    const request = parseObject(raw);
    if (request === undefined) {
      stats.rejected += 1;
      return errorAnswer(400, 'SerializationException', 'The request body is not a JSON object.');
    }
    const problems = validateSendTextMessage(request);
    if (problems.length > 0) {
      stats.rejected += 1;
      const count = `${problems.length} validation error${problems.length === 1 ? '' : 's'} detected`;
      return errorAnswer(
        400,
        'ValidationException',
        `${count}: ${problems.map((p) => p.Message).join('; ')}`,
        {
          Reason: 'FIELD_VALIDATION_FAILED',
          Fields: problems,
        },
      );
    }

    if (optedOut.some((entry) => entry.number === request.DestinationPhoneNumber)) {
      stats.rejected += 1;
      return errorAnswer(400, 'ConflictException', 'The destination phone number is opted out.', {
        Reason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT',
        ResourceType: 'opt-out-list',
      });
    }
    const messageId = randomUUID();
    if (request.DryRun !== true) {
      sent.push(toSentSms(messageId, request, now()));
      stats.accepted += 1;
    }
    return { status: 200, payload: { MessageId: messageId } };
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      const { status, payload } =
        size > MAX_REQUEST_BYTES
          ? errorAnswer(
              413,
              'RequestEntityTooLargeException',
              `Request larger than ${MAX_REQUEST_BYTES} bytes.`,
            )
          : answer(req, Buffer.concat(chunks));
      sendJson(res, status, payload);
    });
    req.on('error', () => res.destroy());
  });
  const endpoint = await listenOnEphemeralPort(server, 'lean');
  let closing: Promise<void> | undefined;
  return {
    endpoint,
    close: () => {
      closing ??= closeServer(server);
      return closing;
    },
    sent: () => sent.map((message) => ({ ...message, context: { ...message.context } })),
    stats: () => ({ ...stats }),
    optedOut: () => optedOut.map((entry) => ({ ...entry })),
  };
}

/** The constraint violations of a SendTextMessage request, worded like the service's. */
export function validateSendTextMessage(request: Record<string, unknown>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const problem = (name: string, value: unknown, constraint: string) => {
    const shown = value === undefined || value === null ? 'null' : `'${String(value).slice(0, 100)}'`;
    const field = name.charAt(0).toLowerCase() + name.slice(1);
    problems.push({
      Name: name,
      Message: `Value ${shown} at '${field}' failed to satisfy constraint: ${constraint}`,
    });
  };

  const destination = request.DestinationPhoneNumber;
  if (typeof destination !== 'string') {
    problem('DestinationPhoneNumber', destination, 'Member must not be null');
  } else if (!E164.test(destination)) {
    problem(
      'DestinationPhoneNumber',
      destination,
      `Member must satisfy regular expression pattern: ${E164.source}`,
    );
  }

  const body = request.MessageBody;
  if (typeof body !== 'string') {
    problem('MessageBody', body, 'Member must not be null');
  } else if (body.length < 1 || body.length > MAX_MESSAGE_BODY) {
    problem('MessageBody', body, `Member must have length between 1 and ${MAX_MESSAGE_BODY}`);
  }

  for (const name of ['OriginationIdentity', 'ConfigurationSetName', 'Keyword'] as const) {
    const value = request[name];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value.length < 1 || value.length > MAX_NAME) {
      problem(name, value, `Member must have length between 1 and ${MAX_NAME}`);
    }
  }

  const messageType = request.MessageType;
  if (messageType !== undefined && messageType !== 'TRANSACTIONAL' && messageType !== 'PROMOTIONAL') {
    problem('MessageType', messageType, 'Member must satisfy enum value set: [TRANSACTIONAL, PROMOTIONAL]');
  }

  const timeToLive = request.TimeToLive;
  if (
    timeToLive !== undefined &&
    (typeof timeToLive !== 'number' ||
      !Number.isInteger(timeToLive) ||
      timeToLive < 5 ||
      timeToLive > 259_200)
  ) {
    problem('TimeToLive', timeToLive, 'Member must have value between 5 and 259200');
  }

  const context = request.Context;
  if (
    context !== undefined &&
    (typeof context !== 'object' ||
      context === null ||
      Array.isArray(context) ||
      Object.values(context).some((value) => typeof value !== 'string' || value.length > 800))
  ) {
    problem('Context', '…', 'Member must be a map of strings of at most 800 characters');
  }

  if (request.DryRun !== undefined && typeof request.DryRun !== 'boolean') {
    problem('DryRun', request.DryRun, 'Member must be a boolean');
  }
  return problems;
}

function toSentSms(messageId: string, request: Record<string, unknown>, at: Date): SentSms {
  const { OriginationIdentity, MessageType, ConfigurationSetName, Context } = request;
  return {
    messageId,
    to: request.DestinationPhoneNumber as string,
    body: request.MessageBody as string,
    ...(typeof OriginationIdentity === 'string' ? { originationIdentity: OriginationIdentity } : {}),
    ...(MessageType === 'TRANSACTIONAL' || MessageType === 'PROMOTIONAL' ? { messageType: MessageType } : {}),
    ...(typeof ConfigurationSetName === 'string' ? { configurationSetName: ConfigurationSetName } : {}),
    context: { ...((Context as Record<string, string> | undefined) ?? {}) },
    at: at.toISOString(),
  };
}

/** An HTTP status and the JSON body to answer with. */
interface Answer {
  status: number;
  payload: unknown;
}

/**
 * An AWS JSON 1.0 error: the code in `__type`, the message as `Message` (the member the SDK models) and
 * as `message`.
 */
function errorAnswer(
  status: number,
  type: string,
  message: string,
  extra: Record<string, unknown> = {},
): Answer {
  return { status, payload: { __type: type, message, Message: message, ...extra } };
}

/** The request body as a JSON object (an empty body is `{}`), or undefined when it is not one. */
function parseObject(raw: Buffer): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(raw.toString('utf8') || '{}');
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  const body = JSON.stringify(payload);
  res.writeHead(status, {
    'Content-Type': CONTENT_TYPE,
    'Content-Length': Buffer.byteLength(body),
    'x-amzn-RequestId': randomUUID(),
  });
  res.end(body);
}
