import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MARKETS_CONFIG } from '#domain/config/markets.ts';
import { readStilleContext } from '#infra/context.ts';
import { EmailSending } from '#infra/email-sending.ts';
import { LINK_SECRET_LENGTH } from '#infra/link-secret.ts';
import { originationIdentityArnsOf, readMarketsConfig, senderDomainsOf } from '#infra/markets.ts';
import { flattenCfn, logicalIdOf, synthStille } from './synth.ts';

const { stack, template } = synthStille();
const resources = template.toJSON().Resources as Record<
  string,
  { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string }
>;

/** The resources a function's role may `action` on, flattened. */
function grantedResources(roleId: string, action: string, json = resources): string[] {
  return Object.values(json)
    .filter(
      (r) =>
        r.Type === 'AWS::IAM::Policy' &&
        (r.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId),
    )
    .flatMap(
      (r) =>
        (r.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }).Statement,
    )
    .filter((s) => [s.Action].flat().includes(action))
    .flatMap((s) => [s.Resource].flat())
    .map(flattenCfn)
    .sort();
}

const deliverRoleId = logicalIdOf(stack.functions.DeliverMessage.role, stack);
const ARN_PREFIX = `arn:\${AWS::Partition}`;
const AT = `\${AWS::Region}:\${AWS::AccountId}`;

/** The properties of a resource of the stille template, or an error naming the missing ID. */
function propertiesOf(id: string): Record<string, unknown> {
  const resource = resources[id];
  if (!resource) throw new Error(`no resource ${id}`);
  return resource.Properties;
}

describe('e-mail through SES v2', () => {
  const setId = logicalIdOf(stack.email.configurationSet, stack);

  it('sends with a configuration set that requires TLS, keeps reputation metrics and suppresses bounces', () => {
    template.resourceCountIs('AWS::SES::ConfigurationSet', 1);
    expect(resources[setId]?.Properties).toEqual({
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
      ReputationOptions: { ReputationMetricsEnabled: true },
      SendingOptions: { SendingEnabled: true },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
  });

  it('publishes only bounces and complaints, what closes an address, to the default bus', () => {
    template.resourceCountIs('AWS::SES::ConfigurationSetEventDestination', 1);
    const [destination] = Object.values(resources).filter(
      (r) => r.Type === 'AWS::SES::ConfigurationSetEventDestination',
    );
    expect(destination?.Properties.ConfigurationSetName).toEqual({ Ref: setId });
    const eventDestination = destination?.Properties.EventDestination as {
      Enabled: boolean;
      EventBridgeDestination: { EventBusArn: unknown };
      MatchingEventTypes: string[];
    };
    expect(eventDestination.Enabled).toBe(true);
    expect(flattenCfn(eventDestination.EventBridgeDestination.EventBusArn)).toBe(
      `${ARN_PREFIX}:events:${AT}:event-bus/default`,
    );
    expect(eventDestination.MatchingEventTypes.sort()).toEqual(['bounce', 'complaint']);
  });

  it('creates no SES contact list unless stille:sesContactList asks for one (SES allows one per account)', () => {
    template.resourceCountIs('AWS::SES::ContactList', 0);
    expect(stack.email.contactList).toBeUndefined();
  });

  it('has, when asked for, a contact list with the topics surveys and marketing, subscribed unless a contact opted out', () => {
    const withList = synthStille({ context: { 'stille:sesContactList': 'true' } });
    withList.template.resourceCountIs('AWS::SES::ContactList', 1);
    const list = withList.stack.email.contactList;
    if (!list) throw new Error('no contact list');
    const topics = withList.template.toJSON().Resources[withList.stack.getLogicalId(list)]?.Properties
      .Topics as {
      TopicName: string;
      DefaultSubscriptionStatus: string;
      DisplayName: string;
    }[];
    expect(topics.map((t) => t.TopicName)).toEqual(['surveys', 'marketing']);
    for (const topic of topics) {
      expect(topic.DefaultSubscriptionStatus).toBe('OPT_IN');
      expect(topic.DisplayName.length).toBeGreaterThan(0);
    }
  });

  it('lets DeliverMessage send only through the configuration set, from the domains the markets name', () => {
    expect(senderDomainsOf(DEFAULT_MARKETS_CONFIG)).toEqual(['stille.example']);
    expect(grantedResources(deliverRoleId, 'ses:SendEmail')).toEqual(
      [
        `${ARN_PREFIX}:ses:${AT}:configuration-set/\${${setId}}`,
        `${ARN_PREFIX}:ses:${AT}:identity/stille.example`,
      ].sort(),
    );
  });

  it('adds the identities of the stille:emailIdentities context to the grant', () => {
    const withContext = synthStille({
      context: { 'stille:emailIdentities': '["notices.example.no", "example.se"]' },
    });
    const roleId = logicalIdOf(withContext.stack.functions.DeliverMessage.role, withContext.stack);
    const granted = grantedResources(roleId, 'ses:SendEmail', withContext.template.toJSON().Resources);
    expect(granted.filter((arn) => arn.includes(':identity/'))).toEqual(
      [
        `${ARN_PREFIX}:ses:${AT}:identity/example.se`,
        `${ARN_PREFIX}:ses:${AT}:identity/notices.example.no`,
        `${ARN_PREFIX}:ses:${AT}:identity/stille.example`,
      ].sort(),
    );
  });

  it('grants no identity at all when none is named, so sending fails closed instead of going wide', () => {
    const scratch = new Stack(new App(), 'Scratch');
    const email = new EmailSending(scratch, 'Email', { identities: [] });
    const role = new Role(scratch, 'Sender', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    email.grantSend(role);
    const statements = JSON.stringify(Template.fromStack(scratch).toJSON());
    expect(statements).not.toContain(':identity/');
    expect(statements).toContain(':configuration-set/');
    expect(
      Annotations.fromStack(scratch).findInfo('*', Match.stringLikeRegexp('stille:emailIdentities')),
    ).toHaveLength(1);
  });
});

describe('SMS through AWS End User Messaging', () => {
  const setId = stack.getLogicalId(stack.sms.configurationSet);
  const logsId = logicalIdOf(stack.sms.eventLog, stack);
  const roleId = logicalIdOf(stack.sms.eventLogRole, stack);

  it('sends with a configuration set that logs every text event to CloudWatch Logs', () => {
    template.resourceCountIs('AWS::SMSVOICE::ConfigurationSet', 1);
    const destinations = resources[setId]?.Properties.EventDestinations as {
      Enabled: boolean;
      EventDestinationName: string;
      MatchingEventTypes: string[];
      CloudWatchLogsDestination: { IamRoleArn: unknown; LogGroupArn: unknown };
    }[];
    expect(destinations).toHaveLength(1);
    const [destination] = destinations;
    expect(destination?.Enabled).toBe(true);
    expect(destination?.MatchingEventTypes).toEqual(['TEXT_ALL']);
    expect(destination?.CloudWatchLogsDestination.IamRoleArn).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
    expect(flattenCfn(destination?.CloudWatchLogsDestination.LogGroupArn)).toBe(
      `${ARN_PREFIX}:logs:${AT}:log-group:\${${logsId}}`,
    );
    expect(resources[logsId]?.Properties.RetentionInDays).toBe(30);
  });

  it('lets only End User Messaging of this account write the events, and only to their log group', () => {
    const trust = (propertiesOf(roleId).AssumeRolePolicyDocument as { Statement: unknown[] }).Statement;
    expect(trust).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'sms-voice.amazonaws.com' },
        Condition: {
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          ArnLike: { 'aws:SourceArn': expect.anything() },
        },
      },
    ]);
    expect(grantedResources(roleId, 'logs:PutLogEvents')).toEqual([`\${${logsId}.Arn}`]);
    expect(grantedResources(roleId, 'logs:CreateLogStream')).toEqual([`\${${logsId}.Arn}`]);
  });

  it('creates the configuration set after the role may write, so the destination validates', () => {
    const dependsOn = (resources[setId] as { DependsOn?: string[] }).DependsOn ?? [];
    expect(dependsOn.some((id) => id.startsWith('SmsEventsRoleDefaultPolicy'))).toBe(true);
  });

  it('lets DeliverMessage send only through the configuration set, from the named origination identities', () => {
    expect(grantedResources(deliverRoleId, 'sms-voice:SendTextMessage')).toEqual(
      [
        `\${${setId}.Arn}`,
        `${ARN_PREFIX}:sms-voice:${AT}:opt-out-list/Default`,
        ...['NO', 'SE', 'FI', 'DK'].map((m) => `${ARN_PREFIX}:sms-voice:${AT}:sender-id/STILLE/${m}`),
      ].sort(),
    );
  });

  it('tells origination identity ARNs from what the markets configuration names', () => {
    const scratch = new Stack(new App(), 'Scratch', {
      env: { account: '123456789012', region: 'eu-north-1' },
    });
    const config = structuredClone(DEFAULT_MARKETS_CONFIG);
    config.markets.NO.sms.originationIdentity = 'pool-0123abcd';
    config.markets.SE.sms.originationIdentity = 'phone-4567ef';
    config.markets.FI.sms.originationIdentity = '+358401234567';
    config.markets.DK.sms.originationIdentity = 'arn:aws:sms-voice:eu-north-1:123456789012:pool/pool-dk';
    expect(
      originationIdentityArnsOf(config, scratch)
        .map((arn) => scratch.resolve(arn))
        .map(flattenCfn)
        .sort(),
    ).toEqual(
      [
        `arn:\${AWS::Partition}:sms-voice:eu-north-1:123456789012:pool/pool-0123abcd`,
        `arn:\${AWS::Partition}:sms-voice:eu-north-1:123456789012:phone-number/phone-4567ef`,
        'arn:aws:sms-voice:eu-north-1:123456789012:pool/pool-dk',
      ].sort(),
    );
  });

  it('adds the origination identities and opt-out list of the context to the grant', () => {
    const pool = 'arn:aws:sms-voice:eu-north-1:123456789012:pool/pool-abc123';
    const withContext = synthStille({
      context: { 'stille:smsOriginationIdentities': [pool], 'stille:smsOptOutList': 'stille-optouts' },
    });
    const roleId = logicalIdOf(withContext.stack.functions.DeliverMessage.role, withContext.stack);
    const granted = grantedResources(
      roleId,
      'sms-voice:SendTextMessage',
      withContext.template.toJSON().Resources,
    );
    expect(granted).toContain(pool);
    expect(granted).toContain(`${ARN_PREFIX}:sms-voice:${AT}:opt-out-list/stille-optouts`);
    expect(granted.filter((arn) => arn.includes('opt-out-list/Default'))).toEqual([]);
  });
});

describe('the stille context', () => {
  const scratchApp = (context: Record<string, unknown>) => new Stack(new App({ context }), 'Scratch');

  it('reads lists from cdk.json arrays, JSON strings and comma-separated strings', () => {
    expect(
      readStilleContext(scratchApp({ 'stille:emailIdentities': ['a.example.no'] })).emailIdentities,
    ).toEqual(['a.example.no']);
    expect(
      readStilleContext(scratchApp({ 'stille:emailIdentities': 'a.example.no, b.example.se' }))
        .emailIdentities,
    ).toEqual(['a.example.no', 'b.example.se']);
    expect(readStilleContext(scratchApp({})).smsOptOutList).toBe('Default');
  });

  it('refuses a malformed identity, naming the context key and the entry', () => {
    expect(() => readStilleContext(scratchApp({ 'stille:emailIdentities': ['not a domain'] }))).toThrow(
      /stille:emailIdentities\[0\]/,
    );
    expect(() =>
      readStilleContext(
        scratchApp({ 'stille:smsOriginationIdentities': ['arn:aws:ses:eu-north-1:1:identity/x'] }),
      ),
    ).toThrow(/stille:smsOriginationIdentities\[0\]/);
  });

  it('fails synthesis on an invalid markets configuration, naming the field', () => {
    expect(() => synthStille({ context: { 'stille:marketsConfig': { markets: {} } } })).toThrow(
      /markets\.NO/,
    );
  });

  it('refuses a market that sends from its own domain with the example sender profile', () => {
    const config = structuredClone(DEFAULT_MARKETS_CONFIG) as unknown as {
      markets: Record<string, { email: { from: string }; sender?: unknown }>;
    };
    const markets = config.markets;
    if (!markets.NO || !markets.SE) throw new Error('the default configuration lost a market');
    markets.NO.email.from = 'Kraft Kundeservice <varsel@kraft.no>';
    const read = () => readMarketsConfig(scratchApp({ 'stille:marketsConfig': JSON.stringify(config) }));

    expect(read).toThrow(/markets\.NO\.sender: required for a market that sends from its own domain/);
    markets.NO.sender = {
      brand: 'Kraft',
      phone: '+47 22 00 00 00',
      openingHours: { weekdays: { open: '08:00', close: '16:00' } },
      web: 'https://kraft.no/min-side',
      postalAddress: 'Kraft AS, Postboks 9, 0101 Oslo',
      replyTo: 'kundeservice@kraft.no',
    };
    expect(read().config.markets.NO.sender?.brand).toBe('Kraft');
    // The placeholder markets (stille.example, which cannot send on AWS) keep the example profile.
    expect(read().config.markets.SE.sender).toBeUndefined();
  });

  it('puts a markets configuration from the context into MARKETS_CONFIG', () => {
    const config = structuredClone(DEFAULT_MARKETS_CONFIG);
    config.markets.NO.quietHours = { start: '22:00', end: '07:30' };
    const { stack: custom, template: customTemplate } = synthStille({
      context: { 'stille:marketsConfig': JSON.stringify(config) },
    });
    const decide = customTemplate.toJSON().Resources[
      logicalIdOf(custom.functions.DecideMessage.function, custom)
    ] as {
      Properties: { Environment: { Variables: { MARKETS_CONFIG: string } } };
    };
    expect(JSON.parse(decide.Properties.Environment.Variables.MARKETS_CONFIG).markets.NO.quietHours).toEqual({
      start: '22:00',
      end: '07:30',
    });
  });
});

describe('the link-signing secret', () => {
  const secretId = logicalIdOf(stack.linkSecret, stack);

  it('is a generated string of 64 letters and digits, retained with the stack', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    expect(resources[secretId]?.Properties.GenerateSecretString).toEqual({
      PasswordLength: LINK_SECRET_LENGTH,
      ExcludePunctuation: true,
      IncludeSpace: false,
    });
    expect(LINK_SECRET_LENGTH).toBe(64);
    expect(resources[secretId]?.DeletionPolicy).toBe('Retain');
  });

  it('is not rotated (outstanding links must keep working)', () => {
    template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 0);
  });
});

describe('the unsubscribe endpoint', () => {
  const apiId = logicalIdOf(stack.unsubscribeApi.httpApi, stack);
  const unsubscribeId = logicalIdOf(stack.functions.Unsubscribe.function, stack);

  it('is one HTTP API with GET and POST /unsubscribe, /survey, /click and /offer, without an authorizer', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    expect(resources[apiId]?.Properties).toMatchObject({ ProtocolType: 'HTTP', Name: 'Stille-unsubscribe' });
    const routes = Object.values(resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::Route');
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual([
      'GET /click',
      'GET /offer',
      'GET /survey',
      'GET /unsubscribe',
      'POST /click',
      'POST /offer',
      'POST /survey',
      'POST /unsubscribe',
    ]);
    for (const route of routes) {
      expect(route.Properties.AuthorizationType).toBe('NONE');
      expect(route.Properties.ApiId).toEqual({ Ref: apiId });
    }
  });

  it.each([
    ['Unsubscribe', () => unsubscribeId, ['GET /unsubscribe', 'POST /unsubscribe']],
    [
      'AnswerSurvey',
      () => logicalIdOf(stack.functions.AnswerSurvey.function, stack),
      ['GET /survey', 'POST /survey'],
    ],
    [
      'RecordClick',
      () => logicalIdOf(stack.functions.RecordClick.function, stack),
      ['GET /click', 'POST /click'],
    ],
    [
      'AcceptOffer',
      () => logicalIdOf(stack.functions.AcceptOffer.function, stack),
      ['GET /offer', 'POST /offer'],
    ],
  ] as const)('proxies its routes to %s with payload format 2.0', (_name, functionId, routeKeys) => {
    const integrations = Object.entries(resources).filter(
      ([, r]) =>
        r.Type === 'AWS::ApiGatewayV2::Integration' &&
        JSON.stringify(r.Properties.IntegrationUri) ===
          JSON.stringify({ 'Fn::GetAtt': [functionId(), 'Arn'] }),
    );
    expect(integrations).toHaveLength(1);
    const [[integrationId, integration]] = integrations as [[string, (typeof resources)[string]]];
    expect(integration.Properties).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
    });
    const routes = Object.values(resources).filter(
      (r) =>
        r.Type === 'AWS::ApiGatewayV2::Route' &&
        JSON.stringify(r.Properties.Target) ===
          JSON.stringify({ 'Fn::Join': ['', ['integrations/', { Ref: integrationId }]] }),
    );
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual([...routeKeys]);
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [functionId(), 'Arn'] },
      Principal: 'apigateway.amazonaws.com',
    });
  });

  it('deploys the $default stage itself, throttled to 50 requests a second with bursts of 100', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      ApiId: { Ref: apiId },
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
  });

  it('writes JSON access logs to its own log group, without the query string that holds the token', () => {
    const logsId = logicalIdOf(stack.unsubscribeApi.accessLogs, stack);
    const [stage] = Object.values(resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::Stage');
    const settings = stage?.Properties.AccessLogSettings as { DestinationArn: unknown; Format: string };
    expect(settings.DestinationArn).toEqual({ 'Fn::GetAtt': [logsId, 'Arn'] });
    const format = JSON.parse(settings.Format) as Record<string, string>;
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      routeKey: '$context.routeKey',
      status: '$context.status',
    });
    expect(settings.Format).not.toMatch(/\$context\.(path|requestOverride|queryString)/);
    expect(resources[logsId]?.Properties.RetentionInDays).toBe(30);
  });

  it('is where DeliverMessage points its links, and Unsubscribe needs no base URL of its own', () => {
    const variables = (
      propertiesOf(logicalIdOf(stack.functions.DeliverMessage.function, stack)).Environment as {
        Variables: Record<string, unknown>;
      }
    ).Variables;
    expect(variables.PUBLIC_BASE_URL).toEqual({ 'Fn::GetAtt': [apiId, 'ApiEndpoint'] });
    const own = (propertiesOf(unsubscribeId).Environment as { Variables: Record<string, unknown> }).Variables;
    expect(own.PUBLIC_BASE_URL).toBeUndefined();
  });
});
