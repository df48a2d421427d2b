import { type ResolveContext, resolveIntrinsics } from '../cfn/intrinsics.ts';
import { type CloudFormationTemplate, resourcesOfType } from '../cfn/template.ts';
import { jsonError, startJsonProtocolServer } from './json-protocol.ts';
import { createRandom, type Random } from './random.ts';

/** The operation of Secrets Manager (AWS JSON 1.1 protocol) the local endpoint implements. */
export const GET_SECRET_VALUE_TARGET = 'secretsmanager.GetSecretValue';
const CONTENT_TYPE = 'application/x-amz-json-1.1';
const MAX_REQUEST_BYTES = 64 * 1024;
const CURRENT_STAGE = 'AWSCURRENT';

/** The characters `GetRandomPassword` draws from, by type. */
const LOWERCASE = 'abcdefghijklmnopqrstuvwxyz';
const UPPERCASE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const NUMBERS = '0123456789';
const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const DEFAULT_PASSWORD_LENGTH = 32;
const MAX_PASSWORD_LENGTH = 4096;

/** A secret of the template, with the value the runtime gave it. */
export interface LocalSecret {
  logicalId: string;
  /** The secret's name (its `Name` property, else its logical ID). */
  name: string;
  /** The full ARN (`…:secret:<name>-<6 characters>`), as `Ref` gives it. */
  arn: string;
  secretString: string;
  /** A version ID, stable for the run. */
  versionId: string;
  /** When the secret was created, epoch milliseconds. */
  createdAt: number;
}

/** `GenerateSecretString` of an `AWS::SecretsManager::Secret`. */
export interface GenerateSecretStringSpec {
  PasswordLength?: number;
  ExcludeCharacters?: string;
  ExcludeLowercase?: boolean;
  ExcludeUppercase?: boolean;
  ExcludeNumbers?: boolean;
  ExcludePunctuation?: boolean;
  IncludeSpace?: boolean;
  RequireEachIncludedType?: boolean;
  SecretStringTemplate?: string;
  GenerateStringKey?: string;
}

/** A secret resource the runtime cannot give a value as Secrets Manager would. */
export class LocalSecretError extends Error {
  override readonly name = 'LocalSecretError';
}

/**
 * Generates a password as `GetRandomPassword` (and a secret's `GenerateSecretString`) does: of
 * `PasswordLength` characters (32 by default) from the included types, less `ExcludeCharacters`, with
 * a space when `IncludeSpace`, and at least one character of each included type unless
 * `RequireEachIncludedType` is false. `random` makes it reproducible.
 */
export function generatePassword(spec: GenerateSecretStringSpec, random: Random): string {
  const length = spec.PasswordLength ?? DEFAULT_PASSWORD_LENGTH;
  if (!Number.isInteger(length) || length < 1 || length > MAX_PASSWORD_LENGTH) {
    throw new LocalSecretError(`PasswordLength must be an integer from 1 to ${MAX_PASSWORD_LENGTH}`);
  }
  const excluded = new Set(spec.ExcludeCharacters ?? '');
  const keep = (chars: string) => [...chars].filter((c) => !excluded.has(c)).join('');
  const types = [
    spec.ExcludeLowercase ? '' : keep(LOWERCASE),
    spec.ExcludeUppercase ? '' : keep(UPPERCASE),
    spec.ExcludeNumbers ? '' : keep(NUMBERS),
    spec.ExcludePunctuation ? '' : keep(PUNCTUATION),
    spec.IncludeSpace ? keep(' ') : '',
  ].filter((chars) => chars.length > 0);
  const all = types.join('');
  if (all.length === 0) throw new LocalSecretError('GenerateSecretString excludes every character');
  const pick = (chars: string) => chars.charAt(Math.floor(random() * chars.length));
  const chars = Array.from({ length }, () => pick(all));
  if (spec.RequireEachIncludedType ?? true) {
    if (types.length > length) {
      throw new LocalSecretError(
        `PasswordLength ${length} is too short to include each of the ${types.length} character types`,
      );
    }
    // Put one character of each type at distinct random positions.
    const positions = Array.from({ length }, (_, i) => i);
    types.forEach((type, t) => {
      const swap = t + Math.floor(random() * (length - t));
      [positions[t], positions[swap]] = [positions[swap] as number, positions[t] as number];
      chars[positions[t] as number] = pick(type);
    });
  }
  return chars.join('');
}

/**
 * The value of each `AWS::SecretsManager::Secret` of the template: its `SecretString`, or one
 * generated once per runtime from its `GenerateSecretString` (with `SecretStringTemplate` and
 * `GenerateStringKey`, the template's JSON with the generated string under that key). Generation
 * draws from `seed` and the secret's logical ID, so a run with the same seed gets the same secrets.
 */
export function secretsFromTemplate(
  template: CloudFormationTemplate,
  names: ResolveContext & { name(logicalId: string): string; arn(logicalId: string): string },
  options: { seed: number; now: number },
): LocalSecret[] {
  return resourcesOfType(template, 'AWS::SecretsManager::Secret').map(([logicalId, resource]) => {
    const props = resolveIntrinsics(resource.Properties ?? {}, names, {
      path: `Resources.${logicalId}.Properties`,
    }) as { SecretString?: unknown; GenerateSecretString?: GenerateSecretStringSpec };
    const random = createRandom((options.seed ^ hash(logicalId)) >>> 0);
    let secretString: string;
    if (typeof props.SecretString === 'string') {
      secretString = props.SecretString;
    } else {
      const spec = props.GenerateSecretString ?? {};
      const password = generatePassword(spec, random);
      if (spec.SecretStringTemplate !== undefined || spec.GenerateStringKey !== undefined) {
        if (spec.SecretStringTemplate === undefined || spec.GenerateStringKey === undefined) {
          throw new LocalSecretError(
            `Secret ${logicalId}: SecretStringTemplate and GenerateStringKey go together`,
          );
        }
        const base: unknown = JSON.parse(spec.SecretStringTemplate);
        if (typeof base !== 'object' || base === null || Array.isArray(base)) {
          throw new LocalSecretError(`Secret ${logicalId}: SecretStringTemplate must be a JSON object`);
        }
        secretString = JSON.stringify({ ...base, [spec.GenerateStringKey]: password });
      } else {
        secretString = password;
      }
    }
    return {
      logicalId,
      name: names.name(logicalId),
      arn: names.arn(logicalId),
      secretString,
      versionId: uuidFrom(random),
      createdAt: options.now,
    };
  });
}

export interface SecretsManagerOptions {
  secrets: LocalSecret[];
}

/** A running local Secrets Manager. */
export interface LocalSecretsManager {
  /** `http://127.0.0.1:<port>`, for `new SecretsManagerClient({ endpoint })`. */
  endpoint: string;
  close(): Promise<void>;
  /** How many `GetSecretValue` calls were answered with a value, and how many were not found. */
  stats(): { reads: number; notFound: number };
}

/**
 * Starts a local Secrets Manager for `GetSecretValue` on an ephemeral port of 127.0.0.1. A secret is
 * found by full ARN, by ARN without its 6-character suffix, or by name; only the `AWSCURRENT` version
 * exists. Anything else is `ResourceNotFoundException` (HTTP 400), as the service answers.
 */
export async function startSecretsManager(options: SecretsManagerOptions): Promise<LocalSecretsManager> {
  const byId = new Map<string, LocalSecret>();
  for (const secret of options.secrets) {
    byId.set(secret.arn, secret);
    byId.set(secret.name, secret);
    byId.set(secret.arn.replace(/-[A-Za-z0-9]{6}$/, ''), secret);
  }
  const stats = { reads: 0, notFound: 0 };
  const notFound = (message: string) => {
    stats.notFound++;
    return jsonError(400, 'ResourceNotFoundException', message);
  };
  const server = await startJsonProtocolServer({
    contentType: CONTENT_TYPE,
    maxRequestBytes: MAX_REQUEST_BYTES,
    operations: {
      [GET_SECRET_VALUE_TARGET]: (request) => {
        const { SecretId, VersionId, VersionStage } = request;
        if (typeof SecretId !== 'string' || SecretId.length < 1 || SecretId.length > 2048) {
          return jsonError(
            400,
            'ValidationException',
            "1 validation error detected: Value at 'secretId' failed to satisfy constraint: Member must have length between 1 and 2048",
          );
        }
        const secret = byId.get(SecretId);
        if (!secret) return notFound("Secrets Manager can't find the specified secret.");
        if (VersionId !== undefined && VersionId !== secret.versionId) {
          return notFound(
            `Secrets Manager can't find the specified secret value for VersionId: ${VersionId}`,
          );
        }
        if (VersionStage !== undefined && VersionStage !== CURRENT_STAGE) {
          return notFound(
            `Secrets Manager can't find the specified secret value for staging label: ${String(VersionStage)}`,
          );
        }
        stats.reads++;
        return {
          status: 200,
          payload: {
            ARN: secret.arn,
            Name: secret.name,
            VersionId: secret.versionId,
            SecretString: secret.secretString,
            VersionStages: [CURRENT_STAGE],
            // AWS JSON protocols carry timestamps as epoch seconds.
            CreatedDate: secret.createdAt / 1000,
          },
        };
      },
    },
  });
  return { endpoint: server.endpoint, close: server.close, stats: () => ({ ...stats }) };
}

/** FNV-1a, to mix a logical ID into the seed. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function uuidFrom(random: Random): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}
