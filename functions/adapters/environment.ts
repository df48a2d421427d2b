/**
 * Reading a function's settings from its environment (functions/domain/config/env-names.ts names the
 * variables). No SDK in here.
 */
import {
  SETTING_ENV,
  type SettingKey,
  TABLE_ENV,
  TABLE_KEYS,
  type TableName,
} from '#domain/config/env-names.ts';

/**
 * What a handler reads from its environment: table names and the other settings. Each is read on first
 * use, so a function fails only on a name it actually uses (and was not given).
 */
export interface Settings {
  /** Physical table names. */
  readonly tables: Readonly<Record<TableName, string>>;
  readonly runsBucket: string;
  readonly eventBusName: string;
  readonly linkSecretArn: string;
  readonly sesConfigurationSet: string;
  readonly smsConfigurationSet: string;
  readonly smsOptOutList: string;
  readonly publicBaseUrl: string;
  /** `MARKETS_CONFIG` as JSON, or undefined for the defaults (functions/domain/config/markets.ts). */
  readonly marketsConfig: string | undefined;
  readonly scheduleGroup: string;
  readonly campaignRunArn: string;
  readonly schedulerRoleArn: string;
}

/** A variable the function was not given, named in the error. */
export class MissingSettingError extends Error {
  override readonly name = 'MissingSettingError';
  readonly variable: string;
  constructor(variable: string) {
    super(`Environment variable ${variable} is not set`);
    this.variable = variable;
  }
}

/** Reads a variable lazily so a function only fails on a name it actually uses. */
function required(env: Readonly<Record<string, string | undefined>>, name: string): string {
  const value = env[name];
  if (!value) throw new MissingSettingError(name);
  return value;
}

/** The settings of `env` (on AWS `process.env`; locally the function's template environment). */
export function settingsFromEnv(env: Readonly<Record<string, string | undefined>>): Settings {
  const tables = {} as Record<TableName, string>;
  for (const key of TABLE_KEYS) {
    Object.defineProperty(tables, `${key}Table`, {
      enumerable: true,
      get: () => required(env, TABLE_ENV[key]),
    });
  }
  const settings = { tables } as Settings;
  for (const key of Object.keys(SETTING_ENV) as SettingKey[]) {
    const name = SETTING_ENV[key];
    Object.defineProperty(settings, key, {
      enumerable: true,
      // Only the markets configuration may be absent (its defaults apply); the rest are required.
      get: key === 'marketsConfig' ? () => env[name] : () => required(env, name),
    });
  }
  return settings;
}
