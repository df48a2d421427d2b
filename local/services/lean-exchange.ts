/**
 * One HTTP exchange with a request listener in process, with the least a listener that uses only the
 * core of Node's HTTP interface needs: a request that is an `EventEmitter` with `method`, `url` and
 * lower-case `headers`, emitting its body as one `data` event and then `end`; a response with
 * `statusCode`, `setHeader`/`getHeader`/`removeHeader`, `writeHead`, `write`, `end` and `destroy`.
 *
 * dynalite and stille's own JSON-protocol services (json-protocol.ts, the SMS sink, the scheduler, SNS)
 * are such listeners: they attach their `data`/`end` handlers synchronously when called, which this
 * relies on (the body is emitted as soon as the listener returns). A framework that needs the real
 * prototypes (Express, Koa) goes through light-my-request instead (in-process.ts).
 */
import { EventEmitter } from 'node:events';
import { STATUS_CODES } from 'node:http';

/** The request a lean listener receives. */
export interface LeanRequest extends EventEmitter {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
}

/** The listener's answer. */
export interface LeanAnswer {
  statusCode: number;
  statusMessage: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** A listener called with the lean request and response. */
export type LeanListener = (req: LeanRequest, res: LeanResponse) => void;

class Request extends EventEmitter implements LeanRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;

  constructor(method: string, url: string, headers: Record<string, string>) {
    super();
    this.method = method;
    this.url = url;
    this.headers = headers;
  }
}

/** Thrown into the exchange when the listener destroys the response (the socket would close). */
export class ResponseDestroyedError extends Error {
  override readonly name = 'ResponseDestroyedError';
}

/** The response a lean listener writes. */
export class LeanResponse {
  statusCode = 200;
  statusMessage = '';
  headersSent = false;
  finished = false;
  readonly #headers = new Map<string, string>();
  readonly #chunks: Buffer[] = [];
  readonly #settle: { resolve: (answer: LeanAnswer) => void; reject: (error: Error) => void };

  constructor(settle: { resolve: (answer: LeanAnswer) => void; reject: (error: Error) => void }) {
    this.#settle = settle;
  }

  setHeader(name: string, value: string | number | readonly string[]): this {
    this.#headers.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value));
    return this;
  }

  getHeader(name: string): string | undefined {
    return this.#headers.get(name.toLowerCase());
  }

  removeHeader(name: string): void {
    this.#headers.delete(name.toLowerCase());
  }

  writeHead(
    statusCode: number,
    reasonOrHeaders?: string | Record<string, string | number | readonly string[]>,
    headers?: Record<string, string | number | readonly string[]>,
  ): this {
    this.statusCode = statusCode;
    if (typeof reasonOrHeaders === 'string') this.statusMessage = reasonOrHeaders;
    const given = typeof reasonOrHeaders === 'object' ? reasonOrHeaders : headers;
    for (const [name, value] of Object.entries(given ?? {})) this.setHeader(name, value);
    this.headersSent = true;
    return this;
  }

  write(chunk: string | Uint8Array): boolean {
    this.#chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
    this.headersSent = true;
    return true;
  }

  end(chunk?: string | Uint8Array | (() => void)): this {
    if (this.finished) return this;
    if (chunk !== undefined && typeof chunk !== 'function') this.write(chunk);
    this.finished = true;
    this.headersSent = true;
    this.#settle.resolve({
      statusCode: this.statusCode,
      statusMessage: this.statusMessage || STATUS_CODES[this.statusCode] || '',
      headers: Object.fromEntries(this.#headers),
      body: this.#chunks.length === 1 ? (this.#chunks[0] as Buffer) : Buffer.concat(this.#chunks),
    });
    return this;
  }

  destroy(error?: Error): this {
    if (!this.finished) {
      this.finished = true;
      this.#settle.reject(
        new ResponseDestroyedError('The local service closed the connection', { cause: error }),
      );
    }
    return this;
  }
}

/** Calls `listener` with the request and resolves with what it answered. */
export function leanExchange(
  listener: LeanListener,
  request: { method: string; url: string; headers: Record<string, string>; body?: Buffer },
): Promise<LeanAnswer> {
  return new Promise<LeanAnswer>((resolve, reject) => {
    const req = new Request(request.method, request.url, request.headers);
    const res = new LeanResponse({ resolve, reject });
    try {
      listener(req, res);
      if (request.body !== undefined && request.body.length > 0) req.emit('data', request.body);
      req.emit('end');
    } catch (error) {
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
