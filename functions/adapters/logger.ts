import { Logger } from '@aws-lambda-powertools/logger';
import { maskingReplacer } from '#domain/privacy.ts';

/** Log levels Powertools Logger takes (plus SILENT). */
export type LoggerLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'CRITICAL' | 'SILENT';

/**
 * The Powertools logger every handler (and the embedded runtime) logs with: JSON lines in which no
 * e-mail address or phone number survives (functions/domain/privacy.ts masks them in messages,
 * attributes and errors alike). The level comes from `POWERTOOLS_LOG_LEVEL` unless given.
 */
export function createLogger(options: { serviceName?: string; logLevel?: LoggerLevel } = {}): Logger {
  return new Logger({
    serviceName: options.serviceName ?? 'stille',
    ...(options.logLevel ? { logLevel: options.logLevel } : {}),
    jsonReplacerFn: maskingReplacer,
  });
}
