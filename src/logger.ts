import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
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

/** Bolt and its WebClient log through this, so every line of the process is the same JSON. */
export function toSlackLogger(logger: Logger): SlackLogger {
  const child = logger.child({ component: 'bolt' });
  let level: LogLevel = LogLevel.INFO;
  const write =
    (method: 'debug' | 'info' | 'warn' | 'error') =>
    (...messages: unknown[]) =>
      child[method](messages.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' '));
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
