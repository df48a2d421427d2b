/**
 * The in-process transport of the local services: an SDK `requestHandler` that hands each request to
 * the request listener of the local service it is addressed to, in this process, with no socket.
 *
 * The SDK clients stay real: their middleware, serializers, retries, signing and error parsing all run
 * as they do against AWS; only the bytes skip the loopback network (its sockets, the HTTP parser and
 * the event-loop round trips were ~14 % of the embedded runtime's CPU). The services keep listening on
 * their ports, so HTTP mode (`transport: 'http'`) and every test that needs a real socket still work.
 * Requests are injected with `light-my-request`, the well-kept injector of the Fastify project.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import inject from 'light-my-request';
import { type LeanListener, leanExchange } from './lean-exchange.ts';

/**
 * How a service's listener is called in process:
 * - `inject`: through light-my-request, with real `IncomingMessage`/`ServerResponse` prototypes, for
 *   frameworks that need them (Express in aws-ses-v2-local, Koa in s3rver);
 * - `lean`: with a minimal request and response (lean-exchange.ts), for listeners that use only the
 *   core of Node's HTTP interface: dynalite and stille's own JSON-protocol services. About a tenth of the
 *   cost of an injection, which was ~8 % of a billing run's CPU.
 */
export type InProcessMode = 'inject' | 'lean';

interface Registered {
  listener: RequestListener;
  mode: InProcessMode;
}

/** The request listener serving each local endpoint (`http://127.0.0.1:<port>`), by origin. */
const listeners = new Map<string, Registered>();

/** Makes the local service at `endpoint` reachable in process. */
export function registerInProcess(
  endpoint: string,
  listener: RequestListener,
  mode: InProcessMode = 'inject',
): void {
  listeners.set(new URL(endpoint).origin, { listener, mode });
}

/** The request listener serving `endpoint` in process, if any (benchmarks call it without an SDK). */
export function listenerOf(endpoint: string): RequestListener | undefined {
  return listeners.get(new URL(endpoint).origin)?.listener;
}

/** Forgets a local service (it was closed). */
export function unregisterInProcess(endpoint: string): void {
  listeners.delete(new URL(endpoint).origin);
}

/** An SDK request as the handler receives it (smithy's `HttpRequest`). */
interface SdkHttpRequest {
  protocol: string;
  hostname: string;
  port?: number;
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

/** An SDK response (smithy's `HttpResponse` is recognised by its shape). */
interface SdkHttpResponse {
  statusCode: number;
  reason?: string;
  headers: Record<string, string>;
  body: Readable;
}

/** Thrown for a request to an endpoint no local service serves in process. */
export class NoInProcessServiceError extends Error {
  override readonly name = 'NoInProcessServiceError';
}

/** The `requestHandler` every local client is given in in-process mode. */
export const inProcessRequestHandler = {
  metadata: { handlerProtocol: 'http/1.1' },
  async handle(request: SdkHttpRequest): Promise<{ response: SdkHttpResponse }> {
    const origin = `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}`;
    const registered = listeners.get(origin);
    if (!registered) throw new NoInProcessServiceError(`No local service serves ${origin} in process`);
    const payload = await bodyOf(request.body);
    const url = `${request.path}${queryString(request.query)}`;
    const host = `${request.hostname}${request.port ? `:${request.port}` : ''}`;
    if (registered.mode === 'lean') {
      const answer = await leanExchange(registered.listener as unknown as LeanListener, {
        method: request.method,
        url,
        headers: { ...lowerCased(request.headers), host },
        body: payload,
      });
      return {
        response: {
          statusCode: answer.statusCode,
          reason: answer.statusMessage,
          headers: answer.headers,
          body: Readable.from([answer.body]),
        },
      };
    }
    const injected = await inject(pinned(registered.listener), {
      method: request.method as 'GET',
      url,
      headers: { ...request.headers, host },
      ...(payload === undefined ? {} : { payload }),
    });
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(injected.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
    }
    return {
      response: {
        statusCode: injected.statusCode,
        reason: injected.statusMessage,
        headers,
        body: Readable.from([injected.rawPayload]),
      },
    };
  },
  updateHttpClientConfig(): void {},
  httpHandlerConfigs(): Record<string, never> {
    return {};
  },
  destroy(): void {},
};

/**
 * The listener, given a response whose writing methods are its own properties. Express (aws-ses-v2-local)
 * swaps each response's prototype for its own, which would drop light-my-request's `write`, `end` and
 * `writeHead` and send the body to a null socket: the SDK would read an empty body.
 */
function pinned(listener: RequestListener): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    res.writeHead = res.writeHead.bind(res) as ServerResponse['writeHead'];
    res.write = res.write.bind(res) as ServerResponse['write'];
    res.end = res.end.bind(res) as ServerResponse['end'];
    listener(req, res);
  };
}

/** Header names as Node's HTTP parser gives them to a listener: lower case. */
function lowerCased(headers: Record<string, string>): Record<string, string> {
  const lower: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) lower[name.toLowerCase()] = value;
  return lower;
}

function queryString(query: SdkHttpRequest['query']): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    const values = Array.isArray(value) ? value : [value];
    for (const one of values) {
      parts.push(
        one === null ? encodeURIComponent(key) : `${encodeURIComponent(key)}=${encodeURIComponent(one)}`,
      );
    }
  }
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

/** The request body as bytes (strings, buffers, typed arrays and streams, as the SDK sends them). */
async function bodyOf(body: unknown): Promise<Buffer | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return Buffer.from(body);
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof Readable || (typeof body === 'object' && Symbol.asyncIterator in body)) {
    const chunks: Buffer[] = [];
    for await (const chunk of body as AsyncIterable<Buffer | string>) {
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    }
    return Buffer.concat(chunks);
  }
  throw new TypeError(`Cannot send a request body of type ${typeof body} in process`);
}
