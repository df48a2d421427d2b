import { afterEach, describe, expect, it } from 'vitest';
import { resolveIntrinsics } from '#local/cfn/intrinsics.ts';
import { PhysicalNames } from '#local/cfn/physical-names.ts';
import type { CloudFormationTemplate } from '#local/cfn/template.ts';
import { SimulatedClock } from '#local/clock.ts';
import { LocalLambda } from '#local/lambda/local-lambda.ts';
import {
  type HttpApiEventV2,
  type HttpApiRoute,
  httpApisFromTemplate,
  type LocalHttpApi,
  mapHttpApiResult,
  selectRoute,
  startHttpApi,
  UnsupportedHttpApiError,
} from '#local/services/http-api.ts';

/** An HTTP API as CDK's HttpApi + HttpLambdaIntegration synthesizes it, with a function reading its URL. */
function template(): CloudFormationTemplate {
  const route = (id: string, key: string, integration: string) => ({
    [id]: {
      Type: 'AWS::ApiGatewayV2::Route',
      Properties: {
        ApiId: { Ref: 'Api' },
        AuthorizationType: 'NONE',
        RouteKey: key,
        Target: { 'Fn::Join': ['', ['integrations/', { Ref: integration }]] },
      },
    },
  });
  const integration = (id: string, fn: string) => ({
    [id]: {
      Type: 'AWS::ApiGatewayV2::Integration',
      Properties: {
        ApiId: { Ref: 'Api' },
        IntegrationType: 'AWS_PROXY',
        IntegrationUri: { 'Fn::GetAtt': [fn, 'Arn'] },
        PayloadFormatVersion: '2.0',
      },
    },
  });
  return {
    Resources: {
      Api: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'Links', ProtocolType: 'HTTP' } },
      Stage: {
        Type: 'AWS::ApiGatewayV2::Stage',
        Properties: { ApiId: { Ref: 'Api' }, StageName: '$default', AutoDeploy: true },
      },
      Echo: { Type: 'AWS::Lambda::Function', Properties: {} },
      Boom: { Type: 'AWS::Lambda::Function', Properties: {} },
      Reader: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          Environment: {
            Variables: {
              // CDK's HttpApi.url and apiEndpoint.
              PUBLIC_BASE_URL: {
                'Fn::Join': [
                  '',
                  ['https://', { Ref: 'Api' }, '.execute-api.eu-north-1.', { Ref: 'AWS::URLSuffix' }, '/'],
                ],
              },
              API_ENDPOINT: { 'Fn::GetAtt': ['Api', 'ApiEndpoint'] },
            },
          },
        },
      },
      ...integration('EchoIntegration', 'Echo'),
      ...integration('BoomIntegration', 'Boom'),
      ...route('GetUnsubscribe', 'GET /unsubscribe', 'EchoIntegration'),
      ...route('PostUnsubscribe', 'POST /unsubscribe', 'EchoIntegration'),
      ...route('PostItem', 'POST /items/{id}', 'EchoIntegration'),
      ...route('Files', 'ANY /files/{path+}', 'EchoIntegration'),
      ...route('Fail', 'GET /fail', 'BoomIntegration'),
    },
  };
}

describe('local HTTP API', () => {
  const running: LocalHttpApi[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((api) => api.close()));
  });

  async function start(respond: (event: HttpApiEventV2) => unknown = () => ({ statusCode: 204 })) {
    const t = template();
    const apiEndpoints = new Map<string, string>();
    const names = new PhysicalNames(t, { region: 'eu-north-1', tableNames: new Map(), apiEndpoints });
    const clock = new SimulatedClock('2027-01-05T08:00:03Z');
    const lambda = new LocalLambda();
    const events: HttpApiEventV2[] = [];
    const register = (logicalId: string, handler: (event: unknown) => Promise<unknown>) =>
      lambda.register({
        logicalId,
        entry: `${logicalId}.ts`,
        functionName: names.name(logicalId),
        arn: names.arn(logicalId),
        timeoutSeconds: 30,
        memorySizeMb: 128,
        handler,
      });
    register('Echo', async (event) => {
      events.push(event as HttpApiEventV2);
      return respond(event as HttpApiEventV2);
    });
    register('Boom', async () => {
      throw new TypeError('secret details');
    });
    const [definition] = httpApisFromTemplate(t, names);
    if (!definition) throw new Error('no API read');
    let trackedRuns = 0;
    const api = await startHttpApi(definition, {
      invoke: (arn, event) => lambda.invoke(arn, event),
      now: () => clock.now(),
      track: (work) => {
        trackedRuns++;
        return clock.track(work);
      },
      accountId: '000000000000',
    });
    running.push(api);
    apiEndpoints.set('Api', api.endpoint);
    return { api, names, events, lambda, template: t, tracked: () => trackedRuns };
  }

  it('reads the routes and their Lambda proxy integrations from the template', async () => {
    const { api, names } = await start();
    expect(api.definition).toMatchObject({ logicalId: 'Api', name: 'Links', apiId: names.apiId('Api') });
    expect(api.definition.routes.map((r) => r.routeKey).sort()).toEqual([
      'ANY /files/{path+}',
      'GET /fail',
      'GET /unsubscribe',
      'POST /items/{id}',
      'POST /unsubscribe',
    ]);
    expect(api.definition.routes.find((r) => r.routeKey === 'GET /fail')?.functionArn).toBe(
      names.arn('Boom'),
    );
  });

  it('gives the function the payload 2.0 event API Gateway builds', async () => {
    const { api, events, lambda, tracked } = await start();
    const response = await fetch(`${api.endpoint}/unsubscribe?t=abc&list=a&list=b&e=%C3%A6`, {
      headers: { 'X-Custom': 'One', Cookie: 'session=1; theme=dark', 'User-Agent': 'test-agent' },
    });
    expect(response.status).toBe(204);
    expect(events).toHaveLength(1);
    const event = events[0] as HttpApiEventV2;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /unsubscribe',
      rawPath: '/unsubscribe',
      rawQueryString: 't=abc&list=a&list=b&e=%C3%A6',
      cookies: ['session=1', 'theme=dark'],
      queryStringParameters: { t: 'abc', list: 'a,b', e: 'æ' },
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        apiId: api.definition.apiId,
        http: { method: 'GET', path: '/unsubscribe', protocol: 'HTTP/1.1', userAgent: 'test-agent' },
        routeKey: 'GET /unsubscribe',
        stage: '$default',
        time: '05/Jan/2027:08:00:03 +0000',
        timeEpoch: Date.parse('2027-01-05T08:00:03Z'),
      },
    });
    expect(event.headers['x-custom']).toBe('One');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.body).toBeUndefined();
    expect(event.requestContext.http.sourceIp).toMatch(/127\.0\.0\.1/);
    expect(event.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
    // Counted as an invocation, and handled as tracked work on the simulated clock.
    expect(lambda.counters.invocations).toBe(1);
    expect(tracked()).toBe(1);
  });

  it('passes a text body as is, a binary body base64-encoded, and path parameters', async () => {
    const { api, events } = await start();
    await fetch(`${api.endpoint}/items/a%20b`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"a":1}',
    });
    await fetch(`${api.endpoint}/files/a/b/c.bin`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/octet-stream' },
      body: new Uint8Array([0, 1, 2, 255]),
    });
    expect(events[0]).toMatchObject({
      routeKey: 'POST /items/{id}',
      pathParameters: { id: 'a b' },
      body: '{"a":1}',
      isBase64Encoded: false,
    });
    expect(events[1]).toMatchObject({
      routeKey: 'ANY /files/{path+}',
      pathParameters: { path: 'a/b/c.bin' },
      body: Buffer.from([0, 1, 2, 255]).toString('base64'),
      isBase64Encoded: true,
    });
  });

  it('base64-encodes a form body, and one without a content type, as API Gateway does', async () => {
    const { api, events } = await start();
    // What a mail client's one-click unsubscribe (RFC 8058) and an HTML form send.
    await fetch(`${api.endpoint}/items/form`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    await fetch(`${api.endpoint}/items/bare`, { method: 'POST', body: new Uint8Array([104, 105]) });
    await fetch(`${api.endpoint}/items/text`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      body: 'hi',
    });
    expect(events.map((event) => [event.body, event.isBase64Encoded])).toEqual([
      [Buffer.from('List-Unsubscribe=One-Click').toString('base64'), true],
      [Buffer.from('hi').toString('base64'), true],
      ['hi', false],
    ]);
  });

  it('maps a structured result to status, headers, cookies and a base64 body', async () => {
    const { api } = await start(() => ({
      statusCode: 302,
      headers: { Location: 'https://stille.example/done', 'X-Count': 3 },
      cookies: ['a=1; Path=/', 'b=2'],
      body: Buffer.from('moved').toString('base64'),
      isBase64Encoded: true,
    }));
    const response = await fetch(`${api.endpoint}/unsubscribe`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('https://stille.example/done');
    expect(response.headers.get('x-count')).toBe('3');
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2']);
    expect(await response.text()).toBe('moved');
  });

  it('answers a result without statusCode as 200 JSON, a string as its text', async () => {
    const answers: unknown[] = [{ ok: true }, 'Du er avmeldt'];
    const { api } = await start(() => answers.shift());
    const object = await fetch(`${api.endpoint}/unsubscribe`);
    expect(object.status).toBe(200);
    expect(object.headers.get('content-type')).toBe('application/json');
    expect(await object.json()).toEqual({ ok: true });
    const text = await fetch(`${api.endpoint}/unsubscribe`);
    expect(text.status).toBe(200);
    expect(await text.text()).toBe('Du er avmeldt');
  });

  it('answers 404 when no route matches and 500 without details when the function fails', async () => {
    const { api } = await start();
    const missing = await fetch(`${api.endpoint}/nothing-here`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: 'Not Found' });
    const wrongMethod = await fetch(`${api.endpoint}/unsubscribe`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(404);
    const failed = await fetch(`${api.endpoint}/fail`);
    expect(failed.status).toBe(500);
    const body = await failed.text();
    expect(JSON.parse(body)).toEqual({ message: 'Internal Server Error' });
    expect(body).not.toContain('secret details');
    expect(api.stats()).toEqual({ requests: 3, notFound: 2, functionErrors: 1 });
  });

  it('resolves the API URL in function environments to the local server', async () => {
    const { api, names, template: t } = await start();
    const environment = t.Resources.Reader?.Properties?.Environment as { Variables: unknown } | undefined;
    const variables = environment?.Variables;
    const env = names.localizeUrls(resolveIntrinsics(variables, names)) as Record<string, string>;
    expect(env.PUBLIC_BASE_URL).toBe(`${api.endpoint}/`);
    expect(env.API_ENDPOINT).toBe(api.endpoint);
    expect(names.ref('Stage')).toBe('$default');
  });

  it('refuses APIs and integrations it cannot serve as API Gateway would', () => {
    const names = (t: CloudFormationTemplate) =>
      new PhysicalNames(t, { region: 'eu-north-1', tableNames: new Map() });
    const websocket = template();
    websocket.Resources.Api = { Type: 'AWS::ApiGatewayV2::Api', Properties: { ProtocolType: 'WEBSOCKET' } };
    expect(() => httpApisFromTemplate(websocket, names(websocket))).toThrow(UnsupportedHttpApiError);
    const v1 = template();
    const props = v1.Resources.EchoIntegration?.Properties as Record<string, unknown>;
    props.PayloadFormatVersion = '1.0';
    expect(() => httpApisFromTemplate(v1, names(v1))).toThrow(/payload format 1\.0/);
  });
});

describe('selectRoute', () => {
  const routes: HttpApiRoute[] = [
    '$default',
    'ANY /pets',
    'GET /pets',
    'GET /pets/{id}',
    'GET /pets/dog',
    'ANY /pets/{proxy+}',
  ].map((routeKey) => ({ routeKey, functionArn: routeKey }));
  const pick = (method: string, path: string) => selectRoute(routes, method, path)?.route.routeKey;

  it('picks the most specific route, as API Gateway does', () => {
    expect(pick('GET', '/pets')).toBe('GET /pets');
    expect(pick('POST', '/pets')).toBe('ANY /pets');
    expect(pick('GET', '/pets/dog')).toBe('GET /pets/dog');
    expect(pick('GET', '/pets/cat')).toBe('GET /pets/{id}');
    expect(pick('GET', '/pets/cat/toys')).toBe('ANY /pets/{proxy+}');
    expect(pick('DELETE', '/anything')).toBe('$default');
    expect(selectRoute(routes, 'GET', '/pets/cat')?.pathParameters).toEqual({ id: 'cat' });
  });
});

describe('mapHttpApiResult', () => {
  it('answers 500 for a status code API Gateway cannot send', () => {
    expect(mapHttpApiResult({ statusCode: 'ok' }).statusCode).toBe(500);
    expect(mapHttpApiResult({ statusCode: 99 }).statusCode).toBe(500);
  });
});
