import { describe, expect, it } from 'vitest';
import { resolveIntrinsics } from '#local/cfn/intrinsics.ts';
import { PhysicalNames } from '#local/cfn/physical-names.ts';
import type { CloudFormationTemplate } from '#local/cfn/template.ts';

const template: CloudFormationTemplate = {
  Resources: {
    Api: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'Links', ProtocolType: 'HTTP' } },
    Stage: { Type: 'AWS::ApiGatewayV2::Stage', Properties: { StageName: '$default' } },
    Secret: { Type: 'AWS::SecretsManager::Secret', Properties: {} },
    NamedSecret: { Type: 'AWS::SecretsManager::Secret', Properties: { Name: 'stille/link-key' } },
    EmailSet: { Type: 'AWS::SES::ConfigurationSet', Properties: { Name: 'stille-email' } },
    UnnamedSet: { Type: 'AWS::SES::ConfigurationSet' },
    Contacts: { Type: 'AWS::SES::ContactList', Properties: { ContactListName: 'stille-contacts' } },
    SmsSet: { Type: 'AWS::SMSVOICE::ConfigurationSet', Properties: { ConfigurationSetName: 'stille-sms' } },
  },
};

describe('PhysicalNames for the send gate resources', () => {
  const apiEndpoints = new Map<string, string>();
  const names = new PhysicalNames(template, { region: 'eu-north-1', tableNames: new Map(), apiEndpoints });

  it('gives an HTTP API a stable 10-character ID, and its local URL once it listens', () => {
    const id = names.ref('Api');
    expect(id).toMatch(/^[a-z0-9]{10}$/);
    expect(new PhysicalNames(template, { region: 'eu-north-1', tableNames: new Map() }).ref('Api')).toBe(id);
    expect(names.getAtt('Api', 'ApiId')).toBe(id);
    expect(names.getAtt('Api', 'ApiEndpoint')).toBe(`https://${id}.execute-api.eu-north-1.amazonaws.com`);
    apiEndpoints.set('Api', 'http://127.0.0.1:4567');
    expect(names.getAtt('Api', 'ApiEndpoint')).toBe('http://127.0.0.1:4567');
    expect(
      names.localizeUrls({ a: [`https://${id}.execute-api.eu-north-1.amazonaws.com/u?x=1`], b: 2 }),
    ).toEqual({
      a: ['http://127.0.0.1:4567/u?x=1'],
      b: 2,
    });
    expect(names.ref('Stage')).toBe('$default');
  });

  it('refers to a secret by its ARN, named or not', () => {
    expect(names.ref('NamedSecret')).toMatch(
      /^arn:aws:secretsmanager:eu-north-1:000000000000:secret:stille\/link-key-[A-Za-z0-9]{6}$/,
    );
    expect(names.ref('Secret')).toBe(names.arn('Secret'));
    expect(names.name('Secret')).toMatch(/^Secret-[A-Za-z0-9]{12}$/);
  });

  it('names SES and SMS configuration sets and contact lists as the template does', () => {
    expect(resolveIntrinsics({ Ref: 'EmailSet' }, names)).toBe('stille-email');
    expect(names.ref('UnnamedSet')).toBe('UnnamedSet');
    expect(names.arn('EmailSet')).toBe('arn:aws:ses:eu-north-1:000000000000:configuration-set/stille-email');
    expect(names.ref('Contacts')).toBe('stille-contacts');
    expect(names.ref('SmsSet')).toBe('stille-sms');
    expect(names.getAtt('SmsSet', 'Arn')).toBe(
      'arn:aws:sms-voice:eu-north-1:000000000000:configuration-set/stille-sms',
    );
  });
});
