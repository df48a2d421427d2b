import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Token } from 'aws-cdk-lib';
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

  it('is environment-agnostic unless a region is configured', () => {
    vi.stubEnv('CDK_DEFAULT_REGION', '');
    const agnostic = buildStilleApp({ nag: false, context: SKIP_BUNDLING }).stack;
    expect(Token.isUnresolved(agnostic.region)).toBe(true);
    expect(Token.isUnresolved(agnostic.account)).toBe(true);

    vi.stubEnv('CDK_DEFAULT_REGION', 'eu-north-1');
    expect(buildStilleApp({ nag: false, context: SKIP_BUNDLING }).stack.region).toBe('eu-north-1');

    const pinned = buildStilleApp({
      nag: false,
      context: SKIP_BUNDLING,
      env: { account: '123456789012', region: 'eu-west-1' },
    }).stack;
    expect([pinned.account, pinned.region]).toEqual(['123456789012', 'eu-west-1']);
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
    const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as { app: string };
    expect(cdkJson.app).toBe('node infra/app.ts');
    expect(readFileSync(join(REPO_ROOT, 'infra/app.ts'), 'utf8')).toContain('buildStilleApp()');
    expect(existsSync(join(REPO_ROOT, 'infra/stille-app.ts'))).toBe(true);
  });
});
