import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeServer, listenOnEphemeralPort } from './http.ts';

/**
 * A small server for the AWS JSON protocols (1.0 and 1.1): every call is a `POST /` whose
 * `X-Amz-Target` header names the operation (`AWSEvents.PutEvents`, `secretsmanager.GetSecretValue`)
 * and whose body is a JSON object. The real SDK v3 clients talk to it with a local `endpoint`.
 */

/** An HTTP status and the JSON body to answer with. */
export interface JsonAnswer {
  status: number;
  payload: unknown;
}

/** One operation: the parsed request body in, the answer out. */
export type JsonOperation = (request: Record<string, unknown>) => JsonAnswer;

export interface JsonProtocolServerOptions {
  /** `application/x-amz-json-1.1` or `-1.0`. */
  contentType: string;
  /** Operation by its full `X-Amz-Target` (`AWSEvents.PutEvents`). */
  operations: Record<string, JsonOperation>;
  /** Larger request bodies are refused with HTTP 413. */
  maxRequestBytes: number;
}

/** A running JSON-protocol server. */
export interface JsonProtocolServer {
  /** `http://127.0.0.1:<port>`. */
  endpoint: string;
  /** Stops the server; safe to call more than once. */
  close(): Promise<void>;
}

/** An AWS JSON protocol error: the code in `__type` (and the header), the message as `message` and `Message`. */
export function jsonError(
  status: number,
  type: string,
  message: string,
  extra: Record<string, unknown> = {},
): JsonAnswer {
  return { status, payload: { __type: type, message, Message: message, ...extra } };
}

/** Starts the server on an ephemeral port of 127.0.0.1. */
export async function startJsonProtocolServer(
  options: JsonProtocolServerOptions,
): Promise<JsonProtocolServer> {
  const answer = (req: IncomingMessage, raw: Buffer): JsonAnswer => {
    const target = req.headers['x-amz-target'];
    const operation = typeof target === 'string' ? options.operations[target] : undefined;
    if (req.method !== 'POST' || operation === undefined) {
      return jsonError(400, 'UnknownOperationException', `Unknown operation ${String(target ?? req.method)}`);
    }
    let request: unknown;
    try {
      request = JSON.parse(raw.toString('utf8') || '{}');
    } catch {
      return jsonError(400, 'SerializationException', 'The request body is not valid JSON.');
    }
    if (typeof request !== 'object' || request === null || Array.isArray(request)) {
      return jsonError(400, 'SerializationException', 'The request body is not a JSON object.');
    }
    try {
      return operation(request as Record<string, unknown>);
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      return jsonError(500, 'InternalFailure', err.message);
    }
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= options.maxRequestBytes) chunks.push(chunk);
    });
    req.on('end', () => {
      const { status, payload } =
        size > options.maxRequestBytes
          ? jsonError(
              413,
              'RequestEntityTooLargeException',
              `Request larger than ${options.maxRequestBytes} bytes.`,
            )
          : answer(req, Buffer.concat(chunks));
      send(res, status, payload, options.contentType);
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
  };
}

function send(res: ServerResponse, status: number, payload: unknown, contentType: string): void {
  const body = JSON.stringify(payload);
  const headers: Record<string, string | number> = {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
    'x-amzn-RequestId': randomUUID(),
  };
  const type = (payload as { __type?: unknown } | null)?.__type;
  if (status >= 400 && typeof type === 'string') headers['x-amzn-ErrorType'] = type;
  res.writeHead(status, headers);
  res.end(body);
}
