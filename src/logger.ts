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
      serializers: { err: (error: unknown) => pino.stdSerializers.err(withoutUserText(error) as Error) },
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

/** What a database error carries of the values it was given: a failed query's parameters, a key's value. */
const USER_TEXT_FIELDS = ['params', 'parameters', 'detail', 'where'] as const;

/**
 * An error as it may be logged: a failed query (drizzle writes its parameters into the message) keeps
 * its SQL and the database's reason, never the values, which are what users typed. Errors are logged
 * at error level, where user text must never go.
 */
export function withoutUserText(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error) || depth > 5) return error;
  const carriesValues = USER_TEXT_FIELDS.some((field) => field in error);
  if (!carriesValues && !(error.cause instanceof Error)) return error;
  // drizzle's "Failed query: <sql>\nparams: <values>"
  const message = error.message.replace(/\nparams: [\s\S]*$/, '');
  const copy = new Error(message, { cause: withoutUserText(error.cause, depth + 1) });
  copy.name = error.name;
  const frames = error.stack?.indexOf('\n    at') ?? -1;
  copy.stack = `${error.name}: ${message}${frames >= 0 ? error.stack!.slice(frames) : ''}`;
  for (const [key, value] of Object.entries(error)) {
    if (key === 'cause' || (USER_TEXT_FIELDS as readonly string[]).includes(key)) continue;
    (copy as unknown as Record<string, unknown>)[key] = value;
  }
  return copy;
}
