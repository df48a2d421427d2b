import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { REPO_ROOT } from '#infra/comms-function.ts';
import { buildStilleApp, FEATURE_FLAGS } from '#infra/stille-app.ts';
import { SKIP_BUNDLING } from './synth.ts';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('buildStilleApp', () => {
  it('builds one stack named Stille', () => {
    const { app, stack } = buildStilleApp({ nag: false, context: SKIP_BUNDLING });
    expect(stack.stackName).toBe('Stille');
    expect(app.node.children.filter((c) => c === stack)).toHaveLength(1);
  });

  it('is environment-agnostic whatever CDK_DEFAULT_REGION and CDK_DEFAULT_ACCOUNT say', () => {
    for (const [region, account] of [
      ['', ''],
      ['us-east-1', '123456789012'],
    ]) {
      vi.stubEnv('CDK_DEFAULT_REGION', region);
      vi.stubEnv('CDK_DEFAULT_ACCOUNT', account);
      vi.stubEnv('STILLE_REGION', '');
      vi.stubEnv('STILLE_ACCOUNT', '');
      const { stack } = buildStilleApp({ nag: false, context: SKIP_BUNDLING });
      expect(Token.isUnresolved(stack.region)).toBe(true);
      expect(Token.isUnresolved(stack.account)).toBe(true);
      const text = JSON.stringify(Template.fromStack(stack).toJSON());
      // No region name (us-east-1, eu-north-1, ap-southeast-2, …) and no 12-digit account anywhere.
      expect(text.match(/\b[a-z]{2}-(?:gov-)?[a-z]+-\d\b/g) ?? []).toEqual([]);
      // (Twelve digits inside an asset hash are no account.)
      expect(text.match(/(?<![\da-f.])\d{12}(?![\da-f.])/g) ?? []).toEqual([]);
    }
  });

  it('pins the region and account the user names in the context, the environment or the options', () => {
    vi.stubEnv('CDK_DEFAULT_REGION', 'us-east-1');
    const byContext = buildStilleApp({
      nag: false,
      context: { ...SKIP_BUNDLING, 'stille:region': 'eu-north-1', 'stille:account': '210987654321' },
    }).stack;
    expect([byContext.account, byContext.region]).toEqual(['210987654321', 'eu-north-1']);

    vi.stubEnv('STILLE_REGION', 'eu-west-1');
    expect(buildStilleApp({ nag: false, context: SKIP_BUNDLING }).stack.region).toBe('eu-west-1');

    const pinned = buildStilleApp({
      nag: false,
      context: SKIP_BUNDLING,
      env: { account: '123456789012', region: 'eu-west-1' },
    }).stack;
    expect([pinned.account, pinned.region]).toEqual(['123456789012', 'eu-west-1']);
  });

  it('refuses a pinned region that is no region name', () => {
    expect(() =>
      buildStilleApp({ nag: false, context: { ...SKIP_BUNDLING, 'stille:region': 'Stockholm' } }),
    ).toThrow(/stille:region/);
  });

  it('synthesizes with its feature flags, whatever the caller passes besides', () => {
    const { app } = buildStilleApp({ nag: false, context: { ...SKIP_BUNDLING, 'stille:probe': 'yes' } });
    for (const [flag, value] of Object.entries(FEATURE_FLAGS)) {
      expect(app.node.tryGetContext(flag)).toBe(value);
    }
    expect(app.node.tryGetContext('stille:probe')).toBe('yes');
  });

  it('runs no cdk-nag pack when nag is false', () => {
    const { app, stack } = buildStilleApp({ nag: false, context: SKIP_BUNDLING });
    new Queue(stack, 'PlainQueue', { encryption: QueueEncryption.UNENCRYPTED });
    expect(() => app.synth()).not.toThrow();
  });

  it('is what cdk.json runs', () => {
    const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as {
      app: string;
      versionReporting?: boolean;
    };
    expect(cdkJson.app).toBe('node infra/app.ts');
    // The CLI's CDKMetadata resource carries a condition listing every region by name: left out, so that
    // `cdk synth` writes no region into the template at all.
    expect(cdkJson.versionReporting).toBe(false);
    expect(readFileSync(join(REPO_ROOT, 'infra/app.ts'), 'utf8')).toContain('buildStilleApp()');
    expect(existsSync(join(REPO_ROOT, 'infra/stille-app.ts'))).toBe(true);
  });
});
