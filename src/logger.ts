import { type Logger, pino } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Secrets never reach them: the config is never logged whole, and these
 * paths are censored should an object carrying them be logged by accident.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { app: 'koers' },
      redact: {
        paths: [
          'token',
          'botToken',
          'appToken',
          'signingSecret',
          'headers.authorization',
          '*.token',
          'config',
        ],
        censor: '[redacted]',
      },
    },
    destination as pino.DestinationStream | undefined,
  );
}
