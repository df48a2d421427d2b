// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Fn::Sub templates are plain strings with ${...} placeholders.
import { describe, expect, it } from 'vitest';
import {
  pseudoParameters,
  type ResolveContext,
  resolvedString,
  resolveIntrinsics,
  UnresolvableIntrinsicError,
  UnsupportedIntrinsicError,
} from '#local/cfn/intrinsics.ts';
import { type CloudFormationTemplate, resourcesOfType } from '#local/cfn/template.ts';

const region = 'eu-north-1';
const accountId = '000000000000';
const ingestFnArn = `arn:aws:lambda:${region}:${accountId}:function:stille-IngestFn`;
const renderFnArn = `arn:aws:lambda:${region}:${accountId}:function:stille-RenderFn`;

/** A context like the runtime builds from a template: physical names for Ref, attributes for GetAtt. */
function contextFor(
  refs: Record<string, unknown>,
  attributes: Record<string, Record<string, unknown>> = {},
): ResolveContext {
  const pseudo = pseudoParameters({ region, accountId, stackName: 'stille' });
  return {
    ref: (logicalId) => pseudo[logicalId] ?? refs[logicalId],
    getAtt: (logicalId, attribute) => attributes[logicalId]?.[attribute],
  };
}

const context = contextFor(
  { IngestFnABC123: 'stille-IngestFn', MessagesTable0F1E2D: 'stille-Messages', Port: 8443 },
  {
    IngestFnABC123: { Arn: ingestFnArn },
    RenderFnDEF456: { Arn: renderFnArn },
    MessagesTable0F1E2D: { Arn: `arn:aws:dynamodb:${region}:${accountId}:table/stille-Messages` },
    Database: { 'Endpoint.Address': 'db.local' },
    Lists: { Zones: ['a', 'b', 'c'] },
  },
);

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to throw');
}

describe('resolveIntrinsics: Ref and Fn::GetAtt', () => {
  it('resolves Ref to a logical ID and to a pseudo parameter', () => {
    expect(resolveIntrinsics({ Ref: 'MessagesTable0F1E2D' }, context)).toBe('stille-Messages');
    expect(resolveIntrinsics({ Ref: 'AWS::Region' }, context)).toBe(region);
  });

  it('resolves Fn::GetAtt in its array and dotted string forms', () => {
    expect(resolveIntrinsics({ 'Fn::GetAtt': ['IngestFnABC123', 'Arn'] }, context)).toBe(ingestFnArn);
    expect(resolveIntrinsics({ 'Fn::GetAtt': 'IngestFnABC123.Arn' }, context)).toBe(ingestFnArn);
  });

  it('keeps dots after the first one as part of the attribute name', () => {
    expect(resolveIntrinsics({ 'Fn::GetAtt': 'Database.Endpoint.Address' }, context)).toBe('db.local');
  });

  it('throws UnresolvableIntrinsicError with the path for an unknown Ref', () => {
    const error = thrownBy(() =>
      resolveIntrinsics({ Environment: { Variables: { TABLE: { Ref: 'Missing' } } } }, context),
    );
    expect(error).toBeInstanceOf(UnresolvableIntrinsicError);
    expect(error).toMatchObject({ path: '$.Environment.Variables.TABLE.Ref' });
    expect((error as Error).message).toContain('"Missing"');
  });

  it('throws with the path for an unknown attribute, under a caller-given root path', () => {
    const error = thrownBy(() =>
      resolveIntrinsics({ Target: { 'Fn::GetAtt': ['IngestFnABC123', 'Nope'] } }, context, {
        path: 'Resources.Rule.Properties',
      }),
    );
    expect(error).toMatchObject({
      name: 'UnresolvableIntrinsicError',
      path: 'Resources.Rule.Properties.Target["Fn::GetAtt"]',
    });
    expect((error as Error).message).toContain('IngestFnABC123.Nope');
  });

  it('rejects a malformed Fn::GetAtt', () => {
    expect(() => resolveIntrinsics({ 'Fn::GetAtt': 'NoDot' }, context)).toThrow(/Fn::GetAtt needs/);
    expect(() => resolveIntrinsics({ 'Fn::GetAtt': ['OnlyOne'] }, context)).toThrow(/Fn::GetAtt needs/);
  });

  it('drops a property or list element that is Ref AWS::NoValue', () => {
    const resolved = resolveIntrinsics(
      { Name: 'x', Description: { Ref: 'AWS::NoValue' }, Layers: ['a', { Ref: 'AWS::NoValue' }, 'b'] },
      context,
    );
    expect(resolved).toEqual({ Name: 'x', Layers: ['a', 'b'] });
  });
});

describe('resolveIntrinsics: Fn::Join, Fn::Sub, Fn::Select, Fn::Split, Fn::Base64', () => {
  it('joins strings and resolved values with the delimiter', () => {
    const arn = {
      'Fn::Join': [
        ':',
        [
          'arn',
          { Ref: 'AWS::Partition' },
          'events',
          { Ref: 'AWS::Region' },
          { Ref: 'AWS::AccountId' },
          'event-bus/x',
        ],
      ],
    };
    expect(resolveIntrinsics(arn, context)).toBe(`arn:aws:events:${region}:${accountId}:event-bus/x`);
  });

  it('writes numbers into a join as text and rejects objects', () => {
    expect(resolveIntrinsics({ 'Fn::Join': ['', ['https://localhost:', { Ref: 'Port' }]] }, context)).toBe(
      'https://localhost:8443',
    );
    expect(() => resolveIntrinsics({ 'Fn::Join': ['', ['a', { b: 1 }]] }, context)).toThrow(
      expect.objectContaining({ path: '$["Fn::Join"][1][1]' }),
    );
  });

  it('substitutes pseudo parameters, Refs and Logical.Attr in Fn::Sub', () => {
    const sub = {
      'Fn::Sub': 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:${MessagesTable0F1E2D}',
    };
    expect(resolveIntrinsics(sub, context)).toBe(`arn:aws:logs:${region}:${accountId}:stille-Messages`);
    expect(resolveIntrinsics({ 'Fn::Sub': 'fn=${IngestFnABC123.Arn}' }, context)).toBe(`fn=${ingestFnArn}`);
  });

  it('substitutes the variables map of Fn::Sub before Refs, resolving intrinsics inside it', () => {
    const sub = {
      'Fn::Sub': [
        '${Prefix}/${Table}/${AWS::Region}',
        { Prefix: 'stille', Table: { 'Fn::GetAtt': ['MessagesTable0F1E2D', 'Arn'] } },
      ],
    };
    expect(resolveIntrinsics(sub, context)).toBe(
      `stille/arn:aws:dynamodb:${region}:${accountId}:table/stille-Messages/${region}`,
    );
  });

  it('writes ${!Literal} out as ${Literal} without resolving it', () => {
    expect(resolveIntrinsics({ 'Fn::Sub': 'Hello ${!Name} in ${AWS::Region}' }, context)).toBe(
      `Hello \${Name} in ${region}`,
    );
  });

  it('names the unresolvable variable of an Fn::Sub', () => {
    const error = thrownBy(() =>
      resolveIntrinsics({ Url: { 'Fn::Sub': 'https://${Api}.example' } }, context),
    );
    expect(error).toBeInstanceOf(UnresolvableIntrinsicError);
    expect((error as Error).message).toContain('${Api}');
    expect((error as Error).message).toContain('"Api"');
  });

  it('selects by index, from a literal list or a resolved one', () => {
    expect(resolveIntrinsics({ 'Fn::Select': [1, ['a', { Ref: 'AWS::Region' }, 'c']] }, context)).toBe(
      region,
    );
    expect(resolveIntrinsics({ 'Fn::Select': ['2', { 'Fn::GetAtt': ['Lists', 'Zones'] }] }, context)).toBe(
      'c',
    );
    expect(() => resolveIntrinsics({ 'Fn::Select': [3, ['a']] }, context)).toThrow(/out of range/);
  });

  it('splits a resolved string, composing with Fn::Select as CDK does for ARN parts', () => {
    const functionName = {
      'Fn::Select': [6, { 'Fn::Split': [':', { 'Fn::GetAtt': ['IngestFnABC123', 'Arn'] }] }],
    };
    expect(resolveIntrinsics(functionName, context)).toBe('stille-IngestFn');
  });

  it('encodes Fn::Base64 as UTF-8 base64', () => {
    const encoded = resolveIntrinsics({ 'Fn::Base64': { 'Fn::Sub': 'region=${AWS::Region} ø' } }, context);
    expect(Buffer.from(encoded as string, 'base64').toString('utf8')).toBe(`region=${region} ø`);
  });
});

describe('resolveIntrinsics: structure', () => {
  it('recurses into arrays and objects and leaves plain values alone', () => {
    const properties = {
      FunctionName: { Ref: 'IngestFnABC123' },
      MemorySize: 512,
      Tracing: true,
      Tags: [{ Key: 'table', Value: { Ref: 'MessagesTable0F1E2D' } }],
      Environment: { Variables: { EMPTY: '', NULLISH: null } },
    };
    expect(resolveIntrinsics(properties, context)).toEqual({
      FunctionName: 'stille-IngestFn',
      MemorySize: 512,
      Tracing: true,
      Tags: [{ Key: 'table', Value: 'stille-Messages' }],
      Environment: { Variables: { EMPTY: '', NULLISH: null } },
    });
  });

  it('does not modify its input', () => {
    const input = { A: { Ref: 'AWS::Region' } };
    resolveIntrinsics(input, context);
    expect(input).toEqual({ A: { Ref: 'AWS::Region' } });
  });

  it('keeps IAM Condition blocks and multi-key objects named like intrinsics as plain objects', () => {
    const statement = {
      Effect: 'Allow',
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    };
    expect(resolveIntrinsics(statement, context)).toEqual({
      Effect: 'Allow',
      Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
    });
    expect(resolveIntrinsics({ Ref: 'x', Other: 1 }, context)).toEqual({ Ref: 'x', Other: 1 });
  });
});

describe('resolveIntrinsics: unsupported functions', () => {
  it.each([
    ['Fn::If', { 'Fn::If': ['IsProd', 'a', 'b'] }, /Fn::If is not supported.*conditions/],
    ['Fn::ImportValue', { 'Fn::ImportValue': 'SharedBus' }, /Fn::ImportValue is not supported.*one stack/],
    ['Fn::FindInMap', { 'Fn::FindInMap': ['M', 'k', 'v'] }, /Fn::FindInMap is not supported/],
    ['Fn::Cidr', { 'Fn::Cidr': ['10.0.0.0/16', 4, 8] }, /Fn::Cidr is not supported/],
    [
      'a Condition reference',
      { 'Fn::Equals': [{ Condition: 'IsProd' }, true] },
      /Fn::Equals is not supported/,
    ],
  ])('throws UnsupportedIntrinsicError naming %s', (_name, value, message) => {
    const error = thrownBy(() => resolveIntrinsics({ Prop: value }, context));
    expect(error).toBeInstanceOf(UnsupportedIntrinsicError);
    expect(error).toBeInstanceOf(UnresolvableIntrinsicError);
    expect((error as Error).message).toMatch(message);
  });

  it('rejects a bare condition reference by name', () => {
    expect(() => resolveIntrinsics([{ Condition: 'IsProd' }], context)).toThrow(
      expect.objectContaining({ name: 'UnsupportedIntrinsicError', intrinsic: 'Condition', path: '$[0]' }),
    );
  });
});

describe('resolvedString', () => {
  it('resolves a CDK-style state machine DefinitionString into parseable ASL', () => {
    // Shaped like what CDK synthesizes for a two-task workflow with the optimized lambda:invoke.
    const definitionString = {
      'Fn::Join': [
        '',
        [
          '{"StartAt":"Ingest","States":{"Ingest":{"Next":"Render","Retry":[{"ErrorEquals":["TransientError"],"IntervalSeconds":2,"MaxAttempts":3,"BackoffRate":2}],"Type":"Task","ResultSelector":{"result.$":"$.Payload"},"Resource":"arn:',
          { Ref: 'AWS::Partition' },
          ':states:::lambda:invoke","Parameters":{"FunctionName":"',
          { 'Fn::GetAtt': ['IngestFnABC123', 'Arn'] },
          '","Payload.$":"$"}},"Render":{"End":true,"Type":"Task","Resource":"arn:',
          { Ref: 'AWS::Partition' },
          ':states:::lambda:invoke","Parameters":{"FunctionName":"',
          { 'Fn::GetAtt': ['RenderFnDEF456', 'Arn'] },
          '","Payload.$":"$.result"}}},"TimeoutSeconds":300}',
        ],
      ],
    };

    const asl = JSON.parse(resolvedString(definitionString, context));

    expect(asl.StartAt).toBe('Ingest');
    expect(asl.States.Ingest.Resource).toBe('arn:aws:states:::lambda:invoke');
    expect(asl.States.Ingest.Parameters.FunctionName).toBe(ingestFnArn);
    expect(asl.States.Render.Parameters).toEqual({ FunctionName: renderFnArn, 'Payload.$': '$.result' });
    expect(asl.States.Ingest.Retry[0].ErrorEquals).toEqual(['TransientError']);
  });

  it('throws when the result is not a string', () => {
    expect(() =>
      resolvedString({ 'Fn::GetAtt': ['Lists', 'Zones'] }, context, {
        path: 'Resources.X.Properties.Definition',
      }),
    ).toThrow(
      expect.objectContaining({
        name: 'UnresolvableIntrinsicError',
        path: 'Resources.X.Properties.Definition',
      }),
    );
  });
});

describe('pseudoParameters', () => {
  it('derives partition and URL suffix from the region unless given', () => {
    expect(pseudoParameters({ region: 'eu-north-1', accountId })).toEqual({
      'AWS::Region': 'eu-north-1',
      'AWS::AccountId': accountId,
      'AWS::Partition': 'aws',
      'AWS::URLSuffix': 'amazonaws.com',
    });
    expect(pseudoParameters({ region: 'cn-north-1', accountId })).toMatchObject({
      'AWS::Partition': 'aws-cn',
      'AWS::URLSuffix': 'amazonaws.com.cn',
    });
    expect(pseudoParameters({ region: 'us-gov-west-1', accountId })['AWS::Partition']).toBe('aws-us-gov');
    expect(
      pseudoParameters({ region, accountId, partition: 'aws-local', urlSuffix: 'localhost' }),
    ).toMatchObject({
      'AWS::Partition': 'aws-local',
      'AWS::URLSuffix': 'localhost',
    });
  });

  it('defines the stack name and a stack ID when a stack name is given', () => {
    const parameters = pseudoParameters({ region, accountId, stackName: 'stille' });
    expect(parameters['AWS::StackName']).toBe('stille');
    expect(parameters['AWS::StackId']).toMatch(
      new RegExp(`^arn:aws:cloudformation:${region}:${accountId}:stack/stille/[0-9a-f-]{36}$`),
    );
  });
});

describe('resourcesOfType', () => {
  it('returns the [logicalId, resource] pairs of one type in template order', () => {
    const template: CloudFormationTemplate = {
      Resources: {
        TableA: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'a' } },
        Fn: { Type: 'AWS::Lambda::Function' },
        TableB: { Type: 'AWS::DynamoDB::Table' },
      },
    };
    expect(resourcesOfType(template, 'AWS::DynamoDB::Table').map(([logicalId]) => logicalId)).toEqual([
      'TableA',
      'TableB',
    ]);
    expect(resourcesOfType(template, 'AWS::SQS::Queue')).toEqual([]);
  });
});
