import { describe, expect, it } from 'vitest';
import { PhysicalNames } from '#local/cfn/physical-names.ts';
import type { CloudFormationTemplate } from '#local/cfn/template.ts';
import {
  BusPolicies,
  OUTSIDE_PRINCIPAL_ARN,
  UnsupportedBusPolicyError,
} from '#local/eventbridge/bus-policy.ts';

const OWN_ROLE = 'arn:aws:iam::000000000000:role/stille-fn';

function policiesOf(statements: Record<string, unknown>[]): BusPolicies {
  const template: CloudFormationTemplate = {
    Resources: Object.fromEntries(
      statements.map((statement, index) => [
        `Policy${index}`,
        {
          Type: 'AWS::Events::EventBusPolicy',
          Properties: { EventBusName: 'stille', StatementId: `s-${index}`, Statement: statement },
        },
      ]),
    ),
  };
  return BusPolicies.fromTemplate(
    template,
    new PhysicalNames(template, { region: 'eu-north-1', tableNames: new Map() }),
  );
}

const denyAlerts = {
  Sid: 'NoAlerts',
  Effect: 'Deny',
  Principal: { AWS: '*' },
  Action: 'events:PutEvents',
  Resource: 'arn:aws:events:eu-north-1:000000000000:event-bus/stille',
  Condition: {
    StringEquals: { 'events:detail-type': ['Stille Alert'] },
    ArnNotEquals: { 'aws:PrincipalArn': [OWN_ROLE] },
  },
};
const denySources = {
  ...denyAlerts,
  Sid: 'NoSources',
  Condition: {
    StringLike: { 'events:source': 'stille*' },
    ArnNotEquals: { 'aws:PrincipalArn': [OWN_ROLE] },
  },
};

describe('BusPolicies', () => {
  const policies = policiesOf([denyAlerts, denySources]);
  const refusal = (source: string, detailType: string, principal = OUTSIDE_PRINCIPAL_ARN, bus = 'stille') =>
    policies.refusal(bus, { source, detailType }, principal, 10)?.code;

  it('refuses what a deny statement matches, with the error EventBridge gives for its condition key', () => {
    expect(refusal('crm', 'Stille Alert')).toBe('NotAuthorizedForDetailTypeException');
    expect(refusal('stille.crm', 'Customer Upserted')).toBe('NotAuthorizedForSourceException');
    expect(refusal('crm', 'Customer Upserted')).toBeUndefined();
  });

  it('spares the principals the statement excepts, and other buses', () => {
    expect(refusal('stille', 'Stille Alert', OWN_ROLE)).toBeUndefined();
    expect(refusal('crm', 'Stille Alert', OUTSIDE_PRINCIPAL_ARN, 'default')).toBeUndefined();
  });

  it('names the statement that denied, and points at the part of the entry refused', () => {
    expect(
      policies.refusal('stille', { source: 'crm', detailType: 'Stille Alert' }, OUTSIDE_PRINCIPAL_ARN, 7),
    ).toEqual({
      code: 'NotAuthorizedForDetailTypeException',
      message: 'Not authorized for the detail type: statement NoAlerts of the event bus policy denies it.',
      field: 'detail-type',
      size: 7,
    });
  });

  it('changes nothing for allow statements and denies aimed at named principals', () => {
    const lenient = policiesOf([
      { ...denyAlerts, Effect: 'Allow' },
      { ...denyAlerts, Principal: { AWS: 'arn:aws:iam::111111111111:root' } },
    ]);
    expect(
      lenient.refusal('stille', { source: 'crm', detailType: 'Stille Alert' }, OUTSIDE_PRINCIPAL_ARN, 1),
    ).toBeUndefined();
  });

  it('refuses to start with a condition it cannot judge as AWS would', () => {
    expect(() =>
      policiesOf([{ ...denyAlerts, Condition: { StringEquals: { 'aws:SourceAccount': '1' } } }]),
    ).toThrow(UnsupportedBusPolicyError);
    expect(() =>
      policiesOf([{ ...denyAlerts, Condition: { DateGreaterThan: { 'aws:CurrentTime': 'x' } } }]),
    ).toThrow(/DateGreaterThan/);
  });
});
