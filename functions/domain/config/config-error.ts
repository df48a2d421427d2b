import type { FieldError } from '../errors.ts';

/** At most this many field errors are spelled out in a {@link ConfigError}'s message. */
const MAX_ERRORS_IN_MESSAGE = 10;

/**
 * A deployment setting (an environment variable or a CDK prop) is not valid. Thrown at cold start or
 * at synth, never while handling an event: a function with a bad configuration must not run at all.
 * `errors` names each faulty field by its path (`markets.SE.quietHours.start`); `cause` is the
 * underlying `SyntaxError` or `ZodError`.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** The setting that is wrong, such as `MARKETS_CONFIG`. */
  readonly setting: string;
  /** Each faulty field, with its path and what is wrong with it. */
  readonly errors: FieldError[];

  constructor(setting: string, errors: FieldError[], options?: ErrorOptions) {
    const listed = errors
      .slice(0, MAX_ERRORS_IN_MESSAGE)
      .map((error) => `${error.path} ${error.message}`)
      .join('; ');
    const more =
      errors.length > MAX_ERRORS_IN_MESSAGE ? ` (and ${errors.length - MAX_ERRORS_IN_MESSAGE} more)` : '';
    super(`${setting} is not valid: ${listed}${more}`, options);
    this.setting = setting;
    this.errors = errors;
  }
}
