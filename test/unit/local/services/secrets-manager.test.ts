import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it } from 'vitest';
import { PhysicalNames } from '#local/cfn/physical-names.ts';
import type { CloudFormationTemplate } from '#local/cfn/template.ts';
import { localClientConfig } from '#local/services/client-config.ts';
import { createRandom } from '#local/services/random.ts';
import {
  generatePassword,
  LocalSecretError,
  type LocalSecretsManager,
  secretsFromTemplate,
  startSecretsManager,
} from '#local/services/secrets-manager.ts';

const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/;

const template: CloudFormationTemplate = {
  Resources: {
    // Like CDK's Secret with generateSecretString and no name.
    LinkSecret: {
      Type: 'AWS::SecretsManager::Secret',
      Properties: { GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true } },
    },
    Credentials: {
      Type: 'AWS::SecretsManager::Secret',
      Properties: {
        Name: 'stille/provider-credentials',
        GenerateSecretString: {
          SecretStringTemplate: '{"username":"stille"}',
          GenerateStringKey: 'password',
          PasswordLength: 20,
        },
      },
    },
    Fixed: {
      Type: 'AWS::SecretsManager::Secret',
      Properties: {
        Name: 'fixed',
        SecretString: { 'Fn::Join': ['', ['value-in-', { Ref: 'AWS::Region' }]] },
      },
    },
  },
};

function names() {
  return new PhysicalNames(template, { region: 'eu-north-1', tableNames: new Map() });
}

describe('generatePassword', () => {
  it('gives PasswordLength characters of the included types, one of each at least', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const password = generatePassword({ PasswordLength: 12 }, createRandom(seed));
      expect(password).toHaveLength(12);
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[0-9]/);
      expect(password).toMatch(PUNCTUATION);
      expect(password).not.toMatch(/ /);
    }
  });

  it('leaves out excluded types and characters and adds a space when asked', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const password = generatePassword(
        {
          PasswordLength: 40,
          ExcludePunctuation: true,
          ExcludeCharacters: 'aeiouAEIOU01',
          IncludeSpace: true,
        },
        createRandom(seed),
      );
      expect(password).toHaveLength(40);
      expect(password).not.toMatch(PUNCTUATION);
      expect(password).not.toMatch(/[aeiouAEIOU01]/);
      expect(password).toMatch(/ /);
    }
  });

  it('is 32 characters by default and refuses to exclude every character', () => {
    expect(generatePassword({}, createRandom(7))).toHaveLength(32);
    expect(() =>
      generatePassword(
        { ExcludeLowercase: true, ExcludeUppercase: true, ExcludeNumbers: true, ExcludePunctuation: true },
        createRandom(7),
      ),
    ).toThrow(LocalSecretError);
  });
});

describe('secretsFromTemplate', () => {
  it('gives every secret the same value for the same seed, and another for another seed', () => {
    const first = secretsFromTemplate(template, names(), { seed: 42, now: 0 });
    const again = secretsFromTemplate(template, names(), { seed: 42, now: 0 });
    const other = secretsFromTemplate(template, names(), { seed: 43, now: 0 });
    const link = (secrets: typeof first) => secrets.find((s) => s.logicalId === 'LinkSecret')?.secretString;
    expect(link(first)).toHaveLength(64);
    expect(link(first)).not.toMatch(PUNCTUATION);
    expect(link(again)).toBe(link(first));
    expect(link(other)).not.toBe(link(first));
  });

  it('puts the generated string under GenerateStringKey of the template, and keeps a given SecretString', () => {
    const secrets = secretsFromTemplate(template, names(), { seed: 1, now: 0 });
    const credentials = JSON.parse(secrets.find((s) => s.logicalId === 'Credentials')?.secretString ?? '{}');
    expect(credentials.username).toBe('stille');
    expect(credentials.password).toHaveLength(20);
    expect(secrets.find((s) => s.logicalId === 'Fixed')?.secretString).toBe('value-in-eu-north-1');
  });

  it('names an unnamed secret like CloudFormation, so CDK can take its name from the ARN', () => {
    const physical = names();
    const arn = physical.ref('LinkSecret') as string;
    expect(arn).toMatch(
      /^arn:aws:secretsmanager:eu-north-1:000000000000:secret:LinkSecret-[A-Za-z0-9]{12}-[A-Za-z0-9]{6}$/,
    );
    // CDK's secretName: the 7th part of the ARN, its first two hyphen-separated pieces.
    const [name, suffix] = (arn.split(':')[6] ?? '').split('-');
    expect(`${name}-${suffix}`).toBe(physical.name('LinkSecret'));
    expect(physical.getAtt('LinkSecret', 'Id')).toBe(arn);
  });
});

describe('local Secrets Manager', () => {
  const running: LocalSecretsManager[] = [];
  const clients: SecretsManagerClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await Promise.all(running.splice(0).map((service) => service.close()));
  });

  async function start(seed = 5) {
    const secrets = secretsFromTemplate(template, names(), { seed, now: Date.parse('2027-01-01T00:00:00Z') });
    const service = await startSecretsManager({ secrets });
    running.push(service);
    const client = new SecretsManagerClient({ ...localClientConfig(service.endpoint), maxAttempts: 1 });
    clients.push(client);
    return { secrets, service, client };
  }

  it('answers GetSecretValue by full ARN, by ARN without its suffix and by name', async () => {
    const { secrets, client } = await start();
    const link = secrets.find((s) => s.logicalId === 'LinkSecret');
    if (!link) throw new Error('no LinkSecret');
    for (const SecretId of [link.arn, link.arn.slice(0, -7), link.name]) {
      const answer = await client.send(new GetSecretValueCommand({ SecretId }));
      expect(answer.SecretString).toBe(link.secretString);
      expect(answer.ARN).toBe(link.arn);
      expect(answer.Name).toBe(link.name);
      expect(answer.VersionStages).toEqual(['AWSCURRENT']);
      expect(answer.CreatedDate?.toISOString()).toBe('2027-01-01T00:00:00.000Z');
    }
  });

  it('answers an unknown secret, version or stage with ResourceNotFoundException', async () => {
    const { client, service } = await start();
    for (const input of [
      { SecretId: 'no-such-secret' },
      { SecretId: 'fixed', VersionStage: 'AWSPREVIOUS' },
      { SecretId: 'fixed', VersionId: 'not-a-version' },
    ]) {
      await expect(client.send(new GetSecretValueCommand(input))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        $metadata: { httpStatusCode: 400 },
      });
    }
    expect(service.stats()).toEqual({ reads: 0, notFound: 3 });
  });
});
