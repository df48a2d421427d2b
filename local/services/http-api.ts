import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type ResolveContext, resolveIntrinsics } from '../cfn/intrinsics.ts';
import { type CloudFormationTemplate, resourcesOfType } from '../cfn/template.ts';
import { closeServer, listenOnEphemeralPort } from './http.ts';

/**
 * API Gateway HTTP APIs for the embedded runtime: the template's `AWS::ApiGatewayV2::Api` (HTTP),
 * `Route` and `Integration` resources served on 127.0.0.1, each Lambda proxy integration (payload
 * format 2.0) invoking the function in-process with the event API Gateway builds, and its result
 * mapped to the HTTP response as API Gateway maps it.
 */

/** One route of an HTTP API: `GET /unsubscribe`, `ANY /items/{id}`, `$default`. */
export interface HttpApiRoute {
  routeKey: string;
  /** The function its `AWS_PROXY` integration invokes (an ARN). */
  functionArn: string;
}

/** An HTTP API of the template. */
export interface HttpApiDefinition {
  logicalId: string;
  /** The API ID `Ref` gives (and the host prefix of its AWS URL). */
  apiId: string;
  name: string;
  routes: HttpApiRoute[];
}

/** The template has an API the runtime cannot serve as API Gateway would. */
export class UnsupportedHttpApiError extends Error {
  override readonly name = 'UnsupportedHttpApiError';
}

/**
 * Reads the HTTP APIs of the template: each `AWS::ApiGatewayV2::Api` with `ProtocolType: HTTP`, its
 * routes and their `AWS_PROXY` integrations with payload format 2.0. Anything else (WebSocket APIs,
 * other integration types, payload 1.0, authorizers) is refused here with a clear error.
 */
export function httpApisFromTemplate(
  template: CloudFormationTemplate,
  names: ResolveContext & { apiId(logicalId: string): string },
): HttpApiDefinition[] {
  const resolve = (logicalId: string) =>
    resolveIntrinsics(template.Resources[logicalId]?.Properties ?? {}, names, {
      path: `Resources.${logicalId}.Properties`,
    }) as Record<string, unknown>;
  const apis = new Map<string, HttpApiDefinition>();
  for (const [logicalId] of resourcesOfType(template, 'AWS::ApiGatewayV2::Api')) {
    const props = resolve(logicalId);
    if (props.ProtocolType !== 'HTTP') {
      throw new UnsupportedHttpApiError(
        `API ${logicalId} has ProtocolType ${String(props.ProtocolType)}; only HTTP APIs run locally`,
      );
    }
    if (props.Target !== undefined || props.Body !== undefined || props.BodyS3Location !== undefined) {
      throw new UnsupportedHttpApiError(
        `API ${logicalId}: quick create (Target) and OpenAPI bodies are not supported locally; declare routes`,
      );
    }
    const apiId = names.apiId(logicalId);
    apis.set(apiId, {
      logicalId,
      apiId,
      name: typeof props.Name === 'string' ? props.Name : logicalId,
      routes: [],
    });
  }
  const integrations = new Map<string, string>();
  for (const [logicalId] of resourcesOfType(template, 'AWS::ApiGatewayV2::Integration')) {
    const props = resolve(logicalId);
    if (props.IntegrationType !== 'AWS_PROXY' || typeof props.IntegrationUri !== 'string') {
      throw new UnsupportedHttpApiError(
        `Integration ${logicalId} is ${String(props.IntegrationType)}; only Lambda proxy (AWS_PROXY) integrations run locally`,
      );
    }
    if (props.PayloadFormatVersion !== '2.0') {
      throw new UnsupportedHttpApiError(
        `Integration ${logicalId} uses payload format ${String(props.PayloadFormatVersion)}; only 2.0 runs locally`,
      );
    }
    integrations.set(String(names.ref(logicalId)), props.IntegrationUri);
  }
  for (const [logicalId] of resourcesOfType(template, 'AWS::ApiGatewayV2::Route')) {
    const props = resolve(logicalId);
    const api = apis.get(String(props.ApiId));
    if (!api) throw new UnsupportedHttpApiError(`Route ${logicalId} belongs to no HTTP API of the template`);
    if (props.AuthorizationType !== undefined && props.AuthorizationType !== 'NONE') {
      throw new UnsupportedHttpApiError(
        `Route ${logicalId} uses authorization ${String(props.AuthorizationType)}; not supported locally`,
      );
    }
    const routeKey = String(props.RouteKey);
    parseRouteKey(routeKey, logicalId);
    const target = typeof props.Target === 'string' ? props.Target : '';
    const functionArn = integrations.get(target.replace(/^integrations\//, ''));
    if (!functionArn) {
      throw new UnsupportedHttpApiError(`Route ${logicalId} (${routeKey}) has no Lambda proxy integration`);
    }
    api.routes.push({ routeKey, functionArn });
  }
  return [...apis.values()];
}

/** A compiled route key. */
interface RouteMatcher {
  route: HttpApiRoute;
  method: string;
  /** Path segments; `{name}` and a final `{name+}` are variables. */
  segments: string[] | undefined;
  variables: number;
  greedy: boolean;
}

function parseRouteKey(routeKey: string, where: string): { method: string; path?: string } {
  if (routeKey === '$default') return { method: 'ANY' };
  const match = /^(ANY|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (\/\S*)$/.exec(routeKey);
  if (!match) throw new UnsupportedHttpApiError(`${where}: route key "${routeKey}" is not METHOD /path`);
  return { method: match[1] as string, path: match[2] as string };
}

function compile(route: HttpApiRoute): RouteMatcher {
  const { method, path } = parseRouteKey(route.routeKey, route.routeKey);
  if (path === undefined) return { route, method, segments: undefined, variables: 0, greedy: true };
  const segments = path.split('/').slice(1);
  const variables = segments.filter((s) => /^\{.+\}$/.test(s)).length;
  const greedy = /^\{.+\+\}$/.test(segments[segments.length - 1] ?? '');
  return { route, method, segments, variables, greedy };
}

/** The path parameters of `path` for a route, or undefined when it does not match. */
function matchPath(matcher: RouteMatcher, parts: string[]): Record<string, string> | undefined {
  const { segments } = matcher;
  if (segments === undefined) return {};
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    const greedy = /^\{(.+)\+\}$/.exec(segment);
    if (greedy && i === segments.length - 1) {
      if (parts.length <= i) return undefined;
      params[greedy[1] as string] = parts.slice(i).map(decodeSegment).join('/');
      return params;
    }
    const part = parts[i];
    if (part === undefined) return undefined;
    const variable = /^\{(.+)\}$/.exec(segment);
    if (variable) {
      if (part === '') return undefined;
      params[variable[1] as string] = decodeSegment(part);
    } else if (segment !== part) {
      return undefined;
    }
  }
  return parts.length === segments.length ? params : undefined;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The route API Gateway picks for a request: the most specific match — literal paths before paths
 * with variables, those before a greedy `{proxy+}`, a method before `ANY`, and `$default` last.
 */
export function selectRoute(
  routes: HttpApiRoute[],
  method: string,
  path: string,
): { route: HttpApiRoute; pathParameters: Record<string, string> } | undefined {
  const parts = path.split('/').slice(1);
  const candidates: Array<{ matcher: RouteMatcher; params: Record<string, string> }> = [];
  for (const matcher of routes.map(compile)) {
    if (matcher.method !== 'ANY' && matcher.method !== method) continue;
    const params = matchPath(matcher, parts);
    if (params) candidates.push({ matcher, params });
  }
  const rank = ({ matcher }: { matcher: RouteMatcher }) => [
    matcher.segments === undefined ? 1 : 0,
    matcher.greedy ? 1 : 0,
    matcher.variables,
    matcher.method === 'ANY' ? 1 : 0,
  ];
  candidates.sort((a, b) => {
    const [ra, rb] = [rank(a), rank(b)];
    for (let i = 0; i < ra.length; i++) {
      const diff = (ra[i] as number) - (rb[i] as number);
      if (diff !== 0) return diff;
    }
    return 0;
  });
  const best = candidates[0];
  return best ? { route: best.matcher.route, pathParameters: best.params } : undefined;
}

/** The API Gateway HTTP API event, payload format 2.0. */
export interface HttpApiEventV2 {
  version: '2.0';
  routeKey: string;
  rawPath: string;
  rawQueryString: string;
  cookies?: string[];
  headers: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  pathParameters?: Record<string, string>;
  requestContext: {
    accountId: string;
    apiId: string;
    domainName: string;
    domainPrefix: string;
    http: { method: string; path: string; protocol: string; sourceIp: string; userAgent: string };
    requestId: string;
    routeKey: string;
    stage: string;
    time: string;
    timeEpoch: number;
  };
  body?: string;
  isBase64Encoded: boolean;
}

/** What a request carries, as the event needs it. */
export interface HttpRequestParts {
  method: string;
  /** Path and query, as in the request line (`/unsubscribe?t=abc`). */
  url: string;
  /** Header name → values, as Node gives them (`rawHeaders` pairs). */
  rawHeaders: string[];
  body: Buffer;
  sourceIp: string;
  httpVersion: string;
}

/**
 * Content types an HTTP API passes as text: `text/*`, JSON, XML and JavaScript. Any other body is
 * base64-encoded (`isBase64Encoded: true`) — a form (`application/x-www-form-urlencoded`,
 * `multipart/form-data`) and a body without a content type too, as API Gateway does.
 */
function isTextual(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return type.startsWith('text/') || /^application\/([a-z0-9.+-]*\+)?(json|xml|javascript)$/.test(type);
}

/** Builds the payload 2.0 event API Gateway gives a Lambda proxy integration. */
export function buildHttpApiEvent(
  request: HttpRequestParts,
  match: { route: HttpApiRoute; pathParameters: Record<string, string> },
  context: { apiId: string; accountId: string; now: Date; requestId: string },
): HttpApiEventV2 {
  const queryAt = request.url.indexOf('?');
  const rawPath = queryAt === -1 ? request.url : request.url.slice(0, queryAt);
  const rawQueryString = queryAt === -1 ? '' : request.url.slice(queryAt + 1);
  // Repeated headers are joined with commas, names lowercased; cookies go to their own list.
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  const raw = request.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    const value = raw[i + 1] as string;
    if (name === 'cookie') {
      cookies.push(
        ...value
          .split(';')
          .map((c) => c.trim())
          .filter(Boolean),
      );
      continue;
    }
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  const query: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawQueryString)) {
    query[key] = query[key] === undefined ? value : `${query[key]},${value}`;
  }
  const textual = isTextual(headers['content-type']);
  const hasBody = request.body.length > 0;
  const now = context.now;
  return {
    version: '2.0',
    routeKey: match.route.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(Object.keys(match.pathParameters).length > 0 ? { pathParameters: match.pathParameters } : {}),
    requestContext: {
      accountId: context.accountId,
      apiId: context.apiId,
      domainName: headers.host ?? `${context.apiId}.execute-api.localhost`,
      domainPrefix: context.apiId,
      http: {
        method: request.method,
        path: rawPath,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: context.requestId,
      routeKey: match.route.routeKey,
      stage: '$default',
      time: clf(now),
      timeEpoch: now.getTime(),
    },
    ...(hasBody ? { body: request.body.toString(textual ? 'utf8' : 'base64') } : {}),
    isBase64Encoded: hasBody && !textual,
  };
}

/** The HTTP response API Gateway sends for a function result. */
export interface HttpApiResponse {
  statusCode: number;
  headers: Record<string, string>;
  cookies: string[];
  body: Buffer;
}

const INTERNAL_ERROR: HttpApiResponse = jsonMessage(500, 'Internal Server Error');

/**
 * Maps a function result as API Gateway does for payload format 2.0: an object with a `statusCode`
 * is the response (`headers`, `cookies`, `body`, `isBase64Encoded`); anything else is a 200
 * `application/json` response whose body is the result (a string as is, other values as JSON).
 */
export function mapHttpApiResult(result: unknown): HttpApiResponse {
  if (typeof result === 'object' && result !== null && !Array.isArray(result) && 'statusCode' in result) {
    const { statusCode, headers, cookies, body, isBase64Encoded } = result as Record<string, unknown>;
    if (
      typeof statusCode !== 'number' ||
      !Number.isInteger(statusCode) ||
      statusCode < 100 ||
      statusCode > 599
    ) {
      return INTERNAL_ERROR;
    }
    const outHeaders: Record<string, string> = {};
    if (headers !== undefined) {
      if (typeof headers !== 'object' || headers === null) return INTERNAL_ERROR;
      for (const [name, value] of Object.entries(headers)) {
        if (['string', 'number', 'boolean'].includes(typeof value))
          outHeaders[name.toLowerCase()] = String(value);
      }
    }
    const outCookies = Array.isArray(cookies)
      ? cookies.filter((c): c is string => typeof c === 'string')
      : [];
    const text =
      body === undefined || body === null ? '' : typeof body === 'string' ? body : JSON.stringify(body);
    return {
      statusCode,
      headers: outHeaders,
      cookies: outCookies,
      body: isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8'),
    };
  }
  const text = typeof result === 'string' ? result : JSON.stringify(result ?? null);
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    cookies: [],
    body: Buffer.from(text, 'utf8'),
  };
}

function jsonMessage(statusCode: number, message: string): HttpApiResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json' },
    cookies: [],
    body: Buffer.from(JSON.stringify({ message })),
  };
}

export interface HttpApiOptions {
  /** Invokes a function synchronously (as API Gateway does) and resolves with its result; rejects on a function error. */
  invoke: (functionArn: string, event: HttpApiEventV2) => Promise<unknown>;
  /** The clock stamping `requestContext.time` (the simulated clock). */
  now: () => Date;
  /** Runs the handling of one request as tracked work on the simulated clock. */
  track?: <T>(work: () => Promise<T>) => Promise<T>;
  accountId: string;
}

/** A running local HTTP API. */
export interface LocalHttpApi {
  definition: HttpApiDefinition;
  /** `http://127.0.0.1:<port>`: the API's `ApiEndpoint` locally (stage `$default`, no path prefix). */
  endpoint: string;
  close(): Promise<void>;
  /** Requests answered, by status class, and function errors. */
  stats(): { requests: number; notFound: number; functionErrors: number };
}

/** Largest request body API Gateway HTTP APIs accept (10 MB). */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Starts one HTTP API on an ephemeral port of 127.0.0.1. */
export async function startHttpApi(
  definition: HttpApiDefinition,
  options: HttpApiOptions,
): Promise<LocalHttpApi> {
  const stats = { requests: 0, notFound: 0, functionErrors: 0 };
  const track = options.track ?? ((work) => work());

  const handle = async (req: IncomingMessage, body: Buffer): Promise<HttpApiResponse> => {
    stats.requests++;
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const path = url.split('?')[0] ?? '/';
    const match = selectRoute(definition.routes, method, path);
    if (!match) {
      stats.notFound++;
      return jsonMessage(404, 'Not Found');
    }
    const event = buildHttpApiEvent(
      {
        method,
        url,
        rawHeaders: req.rawHeaders,
        body,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        httpVersion: req.httpVersion,
      },
      match,
      { apiId: definition.apiId, accountId: options.accountId, now: options.now(), requestId: randomUUID() },
    );
    try {
      return mapHttpApiResult(await options.invoke(match.route.functionArn, event));
    } catch {
      // API Gateway hides the function error from the caller.
      stats.functionErrors++;
      return INTERNAL_ERROR;
    }
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) {
        send(res, jsonMessage(413, 'Request Entity Too Large'), req.method === 'HEAD');
        return;
      }
      void track(() => handle(req, Buffer.concat(chunks))).then(
        (response) => send(res, response, req.method === 'HEAD'),
        () => send(res, INTERNAL_ERROR, false),
      );
    });
    req.on('error', () => res.destroy());
  });
  const endpoint = await listenOnEphemeralPort(server);
  let closing: Promise<void> | undefined;
  return {
    definition,
    endpoint,
    close: () => {
      closing ??= closeServer(server);
      return closing;
    },
    stats: () => ({ ...stats }),
  };
}

function send(res: ServerResponse, response: HttpApiResponse, head: boolean): void {
  const headers: Record<string, string | string[] | number> = {
    ...response.headers,
    'apigw-requestid': randomUUID(),
    'content-length': response.body.length,
  };
  if (response.cookies.length > 0) headers['set-cookie'] = response.cookies;
  res.writeHead(response.statusCode, headers);
  res.end(head ? undefined : response.body);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `05/Jan/2027:08:00:03 +0000`, the time format of `requestContext.time`. */
function clf(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}
