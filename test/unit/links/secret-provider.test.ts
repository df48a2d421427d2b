import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '#adapters/clock.ts';
import { createSecretProvider } from '#adapters/secrets.ts';
import { TransientError } from '#domain/errors.ts';

const secretsMock = mockClient(SecretsManagerClient);
const client = new SecretsManagerClient({
  region: 'eu-north-1',
  endpoint: 'http://127.0.0.1:9',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});
const ARN = 'arn:aws:secretsmanager:eu-north-1:123456789012:secret:stille/link-AbCdEf';

/** A clock the test moves by hand. */
function manualClock(start: string): Clock & { advance(ms: number): void } {
  let now = new Date(start).getTime();
  return { now: () => new Date(now), advance: (ms) => (now += ms) };
}

beforeEach(() => {
  secretsMock.reset();
});

describe('secret provider', () => {
  it('reads a secret once per TTL, by the injected clock', async () => {
    secretsMock
      .on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: 'first' })
      .resolvesOnce({ SecretString: 'rotated' });
    const clock = manualClock('2027-01-05T08:00:00Z');
    const secrets = createSecretProvider(client, clock, 60_000);

    const first = await secrets.get(ARN);
    clock.advance(59_999);
    const cached = await secrets.get(ARN);
    clock.advance(1);
    const refreshed = await secrets.get(ARN);

    expect([first, cached, refreshed]).toEqual(['first', 'first', 'rotated']);
    expect(secretsMock.commandCalls(GetSecretValueCommand).map((call) => call.args[0].input)).toEqual([
      { SecretId: ARN },
      { SecretId: ARN },
    ]);
  });

  it('shares one request between concurrent reads', async () => {
    secretsMock.on(GetSecretValueCommand).resolves({ SecretString: 'value' });
    const secrets = createSecretProvider(client, manualClock('2027-01-05T08:00:00Z'));

    const values = await Promise.all([secrets.get(ARN), secrets.get(ARN), secrets.get(ARN)]);

    expect(values).toEqual(['value', 'value', 'value']);
    expect(secretsMock.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('does not cache a failure: a throttled read becomes a TransientError and the next read asks again', async () => {
    secretsMock
      .on(GetSecretValueCommand)
      .rejectsOnce(
        Object.assign(new Error('Rate exceeded'), {
          name: 'ThrottlingException',
          $metadata: { httpStatusCode: 400 },
        }),
      )
      .resolvesOnce({ SecretString: 'value' });
    const secrets = createSecretProvider(client, manualClock('2027-01-05T08:00:00Z'));

    await expect(secrets.get(ARN)).rejects.toBeInstanceOf(TransientError);
    await expect(secrets.get(ARN)).resolves.toBe('value');
  });

  it('lets a missing secret fail as the configuration error it is', async () => {
    secretsMock
      .on(GetSecretValueCommand)
      .rejects(new ResourceNotFoundException({ message: 'not found', $metadata: { httpStatusCode: 400 } }));
    const secrets = createSecretProvider(client, manualClock('2027-01-05T08:00:00Z'));

    const error = await secrets.get(ARN).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ResourceNotFoundException);
  });

  it('refuses a secret without a string value', async () => {
    secretsMock.on(GetSecretValueCommand).resolves({ SecretBinary: new Uint8Array([1, 2]) });
    const secrets = createSecretProvider(client, manualClock('2027-01-05T08:00:00Z'));

    await expect(secrets.get(ARN)).rejects.toThrow(/has no string value/);
  });
});
