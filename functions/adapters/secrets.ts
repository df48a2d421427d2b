import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { TransientError } from '#domain/errors.ts';
import { classifyProviderError } from './channels/errors.ts';
import type { Clock } from './clock.ts';

/** Reads secret strings (the link-signing secret), cached. */
export interface SecretProvider {
  /**
   * The `SecretString` of a secret (name or ARN), fetched at most once per TTL. Concurrent calls for the
   * same secret share one request.
   * @throws TransientError when Secrets Manager is throttling or failing.
   * @throws Error when the secret has no string value; the SDK error when it does not exist or is denied.
   */
  get(secretId: string): Promise<string>;
}

/** How long a fetched secret is used before it is read again (rotation shows up within this time). */
export const DEFAULT_SECRET_TTL_MS = 5 * 60 * 1000;

interface CachedSecret {
  value: Promise<string>;
  fetchedAt: number;
}

/**
 * A secret provider over an injected Secrets Manager client. Time comes from `clock`, so tests and the
 * embedded runtime's simulated clock decide when a cached value expires. A failed fetch is not cached.
 */
export function createSecretProvider(
  client: SecretsManagerClient,
  clock: Clock,
  ttlMs: number = DEFAULT_SECRET_TTL_MS,
): SecretProvider {
  const cache = new Map<string, CachedSecret>();

  const fetch = async (secretId: string): Promise<string> => {
    let value: string | undefined;
    try {
      ({ SecretString: value } = await client.send(new GetSecretValueCommand({ SecretId: secretId })));
    } catch (error) {
      // Throttling, 5xx and network failures are worth retrying (a read, so an unknown outcome is harmless);
      // anything else (not found, access denied) is a configuration error and propagates as it is.
      const failure = classifyProviderError(error);
      if (failure.kind === 'transient') {
        throw new TransientError(`Secrets Manager GetSecretValue failed transiently (${failure.code})`, {
          cause: error,
        });
      }
      throw error;
    }
    if (!value) throw new Error(`secret ${secretId.slice(0, 200)} has no string value`);
    return value;
  };

  return {
    get(secretId) {
      const now = clock.now().getTime();
      const cached = cache.get(secretId);
      // A clock that went backwards (a simulated one reset) also refetches.
      if (cached && now >= cached.fetchedAt && now - cached.fetchedAt < ttlMs) return cached.value;
      const entry: CachedSecret = { value: fetch(secretId), fetchedAt: now };
      cache.set(secretId, entry);
      entry.value.catch(() => {
        if (cache.get(secretId) === entry) cache.delete(secretId);
      });
      return entry.value;
    },
  };
}
