import { existsSync } from 'node:fs';
import { z } from 'zod';

/** Where every variable is explained; named in each start-up error. */
const README_HINT = 'See README.md, section "Environment".';

const LOCAL_HTTP = /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?(\/|$)/;

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

/** `PORT=` in a .env file means "not set", not zero. */
function blankAsUnset<T extends z.ZodType>(schema: T) {
  return z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    schema,
  );
}

/**
 * The example values of a template (`xoxb-your-bot-token`, `your-signing-secret`, `xoxb-xxxx…`,
 * `xoxb-…`): refused before Slack is ever asked, so a half-filled .env says what is missing.
 */
const PLACEHOLDER = /(^|-)your-|(^|-)x{3,}(-|$)|\.\.\.|…|<|>|changeme|placeholder/i;
const notPlaceholder = (what: string) =>
  [(value: string) => !PLACEHOLDER.test(value), `is still the example value: ${what}`] as const;

const slackSchema = z.object({
  SLACK_BOT_TOKEN: z
    .string({ error: 'is required (the bot token, xoxb-…)' })
    .regex(/^xoxb-\S+$/, 'must be a bot token starting with xoxb-')
    .refine(...notPlaceholder('copy the Bot User OAuth Token (OAuth & Permissions)')),
  SLACK_SIGNING_SECRET: z
    .string({ error: 'is required (Basic Information → Signing Secret)' })
    .regex(/^\S{8,}$/, 'must be the app signing secret (at least 8 characters, no spaces)')
    .refine(...notPlaceholder('copy the Signing Secret (Basic Information)')),
  SLACK_APP_TOKEN: optionalText.pipe(
    z
      .string()
      .regex(/^xapp-\S+$/, 'must be an app-level token starting with xapp-')
      .refine(...notPlaceholder('create an app-level token (Basic Information → App-Level Tokens)'))
      .optional(),
  ),
});

const baseSchema = z.object({
  PORT: blankAsUnset(
    z.coerce
      .number({ error: 'must be a port number' })
      .int('must be a whole number')
      .min(0, 'must be between 0 and 65535')
      .max(65535, 'must be between 0 and 65535')
      .default(3000),
  ),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
  ),
  DATA_DIR: optionalText.pipe(z.string().default('./data')),
  SLACK_API_URL: optionalText.pipe(z.url('must be a URL such as https://slack.com/api/').optional()),
  DEFAULT_LOCALE: optionalText.pipe(z.enum(['nl', 'en'], 'must be nl or en').default('nl')),
  ADMIN_USER_IDS: optionalText.pipe(
    z
      .string()
      .optional()
      .transform((value) =>
        (value ?? '')
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(/^[UW][A-Z0-9]+$/, 'must be Slack user ids such as U012AB3CD'))),
  ),
  REMINDER_HOUR: blankAsUnset(
    z.coerce
      .number()
      .int('must be a whole hour')
      .min(0, 'must be 0 to 23')
      .max(23, 'must be 0 to 23')
      .default(9),
  ),
  REMINDER_GRACE_HOURS: blankAsUnset(
    z.coerce
      .number()
      .int('must be whole hours')
      .min(0, 'must be 0 or more')
      .max(336, 'must be at most 336')
      .default(24),
  ),
  PUBLIC_URL: optionalText.pipe(
    z
      .url({
        // https only, but plain http on this machine is fine for local use (the playground, trying it out).
        protocol: /^https?$/,
        error: 'must be the public https:// address of Koers, such as https://koers.example.org',
      })
      .refine(
        (url) => url.startsWith('https://') || LOCAL_HTTP.test(url),
        'must start with https:// (http:// only for localhost or 127.0.0.1)',
      )
      .refine((url) => !/[?#]/.test(url), 'must be a plain address, without ? or #')
      .transform((url) => url.replace(/\/+$/, ''))
      .optional(),
  ),
  SCHEDULER: optionalText.pipe(z.enum(['on', 'off'], 'must be on or off').default('on')),
  LOG_LEVEL: optionalText.pipe(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
});

export type BaseConfig = z.infer<typeof baseSchema>;
export type SlackConfig = z.infer<typeof slackSchema>;
export type AppConfig = BaseConfig & SlackConfig;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Koers cannot start: the configuration has ${problems.length === 1 ? 'a problem' : 'problems'}:\n` +
        problems.map((problem) => `  - ${problem}`).join('\n') +
        `\n${README_HINT}`,
    );
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function parseOrThrow<T>(schema: z.ZodType<T>, env: Env): T {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => `${issue.path.join('.') || 'environment'} ${issue.message}`),
  );
}

/** The variables every command needs: the database and language, no Slack secrets. */
export function loadBaseConfig(env: Env = process.env): BaseConfig {
  return parseOrThrow(baseSchema, env);
}

/** Everything the Slack app needs; every problem is reported at once, not one per restart. */
export function loadAppConfig(env: Env = process.env): AppConfig {
  return parseOrThrow(baseSchema.extend(slackSchema.shape), env);
}

/** What posting to Slack from the CLI needs: the bot token (the signing secret is for receiving). */
export function loadPosterConfig(env: Env = process.env): BaseConfig & Pick<SlackConfig, 'SLACK_BOT_TOKEN'> {
  return parseOrThrow(baseSchema.extend({ SLACK_BOT_TOKEN: slackSchema.shape.SLACK_BOT_TOKEN }), env);
}

const SLACK_VARIABLES = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN'] as const;

/**
 * No Slack variable set (an empty one counts as unset, as in a copied .env.example) and not in
 * production: `npm start` runs the playground, a local Slack in the browser. Production still refuses.
 */
export function wantsPlayground(env: Env = process.env): boolean {
  const noSlack = SLACK_VARIABLES.every((name) => (env[name] ?? '').trim() === '');
  return noSlack && env.NODE_ENV !== 'production';
}

/** The playground's own embedded database, so nothing tried there ends up in the real programme's `./data`. */
export const PLAYGROUND_DATA_DIR = './data-playground';

/** The variables of a playground run: as the base, but with its own data folder unless DATA_DIR is given. */
export function loadPlaygroundConfig(env: Env = process.env): BaseConfig {
  const dataDir = (env.DATA_DIR ?? '').trim();
  return loadBaseConfig({ ...env, DATA_DIR: dataDir === '' ? PLAYGROUND_DATA_DIR : dataDir });
}

/** What the calendar commands need: the key the feed's token is derived with, not the rest of Slack's. */
export function loadCalendarConfig(
  env: Env = process.env,
): BaseConfig & Pick<SlackConfig, 'SLACK_SIGNING_SECRET'> {
  return parseOrThrow(
    baseSchema.extend({ SLACK_SIGNING_SECRET: slackSchema.shape.SLACK_SIGNING_SECRET }),
    env,
  );
}

/**
 * DEFAULT_LOCALE when it is one we speak, read on its own: the CLI speaks it even when another variable
 * is wrong, so the message naming that variable is in the right language.
 */
export function localeSetting(env: Env = process.env): BaseConfig['DEFAULT_LOCALE'] | undefined {
  const result = baseSchema.shape.DEFAULT_LOCALE.safeParse(env.DEFAULT_LOCALE);
  return result.success ? result.data : undefined;
}

/** Reads `.env` into process.env when the file exists; real environment variables win. */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
