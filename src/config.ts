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

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * What is wrong with one variable, said after its name ("PORT must be a port number"). English here,
 * as `npm start` and its logs speak; the CLI passes its language's table (src/i18n/configNl.ts).
 */
export const englishConfigWording = {
  /** The name of a problem that belongs to no one variable. */
  environment: 'environment',
  stillExample: (what: string) => `is still the example value: ${what}`,
  botTokenRequired: 'is required (the bot token, xoxb-…)',
  botTokenShape: 'must be a bot token starting with xoxb-',
  botTokenWhere: 'copy the Bot User OAuth Token (OAuth & Permissions)',
  signingSecretRequired: 'is required (Basic Information → Signing Secret)',
  signingSecretShape: 'must be the app signing secret (at least 8 characters, no spaces)',
  signingSecretWhere: 'copy the Signing Secret (Basic Information)',
  appTokenShape: 'must be an app-level token starting with xapp-',
  appTokenWhere: 'create an app-level token (Basic Information → App-Level Tokens)',
  portNumber: 'must be a port number',
  wholeNumber: 'must be a whole number',
  portRange: 'must be between 0 and 65535',
  postgresUrl: 'must be a postgres:// URL',
  slackApiUrl: 'must be a URL such as https://slack.com/api/',
  locale: 'must be nl or en',
  adminUserIds: 'must be Slack user ids such as U012AB3CD',
  wholeHour: 'must be a whole hour',
  hourRange: 'must be 0 to 23',
  wholeHours: 'must be whole hours',
  atLeastZero: 'must be 0 or more',
  graceMax: 'must be at most 336',
  wholeDays: 'must be a whole number of days',
  atLeastOneDay: 'must be 1 or more',
  publicUrl: 'must be the public https:// address of Koers, such as https://koers.example.org',
  publicUrlHttps: 'must start with https:// (http:// only for localhost or 127.0.0.1)',
  publicUrlPlain: 'must be a plain address, without ? or #',
  scheduler: 'must be on or off',
  logLevel: `must be one of ${LOG_LEVELS.join(', ')}`,
  // — the OAuth install (SLACK_CLIENT_ID and the rest set) —
  clientIdRequired: 'is required for the OAuth install (Basic Information → App Credentials → Client ID)',
  clientIdShape: 'must be the app client id, digits with a dot (such as 1234567890.1234567890123)',
  clientIdWhere: 'copy the Client ID (Basic Information → App Credentials)',
  clientSecretRequired:
    'is required for the OAuth install (Basic Information → App Credentials → Client Secret)',
  clientSecretShape: 'must be the app client secret (at least 16 characters, no spaces)',
  clientSecretWhere: 'copy the Client Secret (Basic Information → App Credentials)',
  stateSecretRequired:
    'is required for the OAuth install: a random secret of your own (openssl rand -base64 32)',
  stateSecretShape: 'must be at least 32 characters without spaces (openssl rand -base64 32)',
  encryptionKeyRequired:
    'is required for the OAuth install: the key the tokens are encrypted with (openssl rand -base64 32)',
  encryptionKeyShape: 'must be 32 random bytes in base64, 44 characters (openssl rand -base64 32)',
  botTokenWithOAuth:
    'must not be set with SLACK_CLIENT_ID: Koers either installs by OAuth or uses one bot token',
  appTokenWithOAuth:
    'must not be set with SLACK_CLIENT_ID: the OAuth install needs the HTTP endpoints, not Socket Mode',
};

export type ConfigWording = typeof englishConfigWording;

function slackSchemaIn(w: ConfigWording) {
  const notPlaceholder = (what: string) =>
    [(value: string) => !PLACEHOLDER.test(value), w.stillExample(what)] as const;
  return z.object({
    SLACK_BOT_TOKEN: z
      .string({ error: w.botTokenRequired })
      .regex(/^xoxb-\S+$/, w.botTokenShape)
      .refine(...notPlaceholder(w.botTokenWhere)),
    SLACK_SIGNING_SECRET: z
      .string({ error: w.signingSecretRequired })
      .regex(/^\S{8,}$/, w.signingSecretShape)
      .refine(...notPlaceholder(w.signingSecretWhere)),
    SLACK_APP_TOKEN: optionalText.pipe(
      z
        .string()
        .regex(/^xapp-\S+$/, w.appTokenShape)
        .refine(...notPlaceholder(w.appTokenWhere))
        .optional(),
    ),
  });
}

/** 32 bytes in standard base64, as `openssl rand -base64 32` writes them. */
const BASE64_32_BYTES = /^[A-Za-z0-9+/]{43}=$/;

function encryptionKeyIn(w: ConfigWording) {
  return z
    .string()
    .trim()
    .regex(BASE64_32_BYTES, w.encryptionKeyShape)
    .transform((value) => Buffer.from(value, 'base64'));
}

/**
 * The variables of the OAuth install, read only when one of SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and
 * SLACK_STATE_SECRET is set (`wantsOAuth`); then every one of them is needed, and the bot token and the
 * app-level token of the single-token mode must not be there.
 */
function oauthSchemaIn(w: ConfigWording) {
  const notPlaceholder = (what: string) =>
    [(value: string) => !PLACEHOLDER.test(value), w.stillExample(what)] as const;
  const required = (error: string) => optionalText.pipe(z.string({ error }));
  return z.object({
    SLACK_SIGNING_SECRET: slackSchemaIn(w).shape.SLACK_SIGNING_SECRET,
    SLACK_BOT_TOKEN: optionalText.pipe(z.undefined({ error: w.botTokenWithOAuth })),
    SLACK_APP_TOKEN: optionalText.pipe(z.undefined({ error: w.appTokenWithOAuth })),
    SLACK_CLIENT_ID: required(w.clientIdRequired)
      .pipe(z.string().regex(/^\d+\.\d+$/, w.clientIdShape))
      .refine(...notPlaceholder(w.clientIdWhere)),
    SLACK_CLIENT_SECRET: required(w.clientSecretRequired)
      .pipe(z.string().regex(/^\S{16,}$/, w.clientSecretShape))
      .refine(...notPlaceholder(w.clientSecretWhere)),
    SLACK_STATE_SECRET: required(w.stateSecretRequired).pipe(
      z.string().regex(/^\S{32,}$/, w.stateSecretShape),
    ),
    KOERS_ENCRYPTION_KEY: required(w.encryptionKeyRequired).pipe(encryptionKeyIn(w)),
    /** The key before the last rotation: tokens sealed with it are still read, and sealed anew. */
    KOERS_ENCRYPTION_KEY_OLD: optionalText.pipe(encryptionKeyIn(w).optional()),
  });
}

/** The OAuth install's settings: Slack's app credentials, the state's secret, the tokens' keys. */
export interface OAuthSettings {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  /** Tokens are sealed with `current`; `previous` (the key before a rotation) is still read. */
  encryptionKeys: { current: Buffer; previous?: Buffer };
}

function withOAuthSettings<T extends z.infer<ReturnType<typeof oauthSchemaIn>>>({
  SLACK_CLIENT_ID,
  SLACK_CLIENT_SECRET,
  SLACK_STATE_SECRET,
  KOERS_ENCRYPTION_KEY,
  KOERS_ENCRYPTION_KEY_OLD,
  ...rest
}: T) {
  const SLACK_OAUTH: OAuthSettings = {
    clientId: SLACK_CLIENT_ID,
    clientSecret: SLACK_CLIENT_SECRET,
    stateSecret: SLACK_STATE_SECRET,
    encryptionKeys: {
      current: KOERS_ENCRYPTION_KEY,
      ...(KOERS_ENCRYPTION_KEY_OLD && { previous: KOERS_ENCRYPTION_KEY_OLD }),
    },
  };
  return { ...rest, SLACK_OAUTH };
}

function baseSchemaIn(w: ConfigWording) {
  return z.object({
    PORT: blankAsUnset(
      z.coerce
        .number({ error: w.portNumber })
        .int(w.wholeNumber)
        .min(0, w.portRange)
        .max(65535, w.portRange)
        .default(3000),
    ),
    DATABASE_URL: optionalText.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, w.postgresUrl)
        .optional(),
    ),
    DATA_DIR: optionalText.pipe(z.string().default('./data')),
    SLACK_API_URL: optionalText.pipe(z.url(w.slackApiUrl).optional()),
    DEFAULT_LOCALE: optionalText.pipe(z.enum(['nl', 'en'], w.locale).default('nl')),
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
        .pipe(z.array(z.string().regex(/^[UW][A-Z0-9]+$/, w.adminUserIds))),
    ),
    REMINDER_HOUR: blankAsUnset(
      z.coerce
        .number({ error: w.hourRange })
        .int(w.wholeHour)
        .min(0, w.hourRange)
        .max(23, w.hourRange)
        .default(9),
    ),
    REMINDER_GRACE_HOURS: blankAsUnset(
      z.coerce
        .number({ error: w.wholeHours })
        .int(w.wholeHours)
        .min(0, w.atLeastZero)
        .max(336, w.graceMax)
        .default(24),
    ),
    /** With OAuth: how long an uninstalled workspace's data is kept for a reinstall before it is purged. */
    KOERS_RETENTION_DAYS: blankAsUnset(
      z.coerce.number({ error: w.wholeDays }).int(w.wholeDays).min(1, w.atLeastOneDay).default(30),
    ),
    PUBLIC_URL: optionalText.pipe(
      z
        .url({
          // https only, but plain http on this machine is fine for local use (the playground, trying it out).
          protocol: /^https?$/,
          error: w.publicUrl,
        })
        .refine((url) => url.startsWith('https://') || LOCAL_HTTP.test(url), w.publicUrlHttps)
        .refine((url) => !/[?#]/.test(url), w.publicUrlPlain)
        .transform((url) => url.replace(/\/+$/, ''))
        .optional(),
    ),
    SCHEDULER: optionalText.pipe(z.enum(['on', 'off'], w.scheduler).default('on')),
    LOG_LEVEL: optionalText.pipe(z.enum(LOG_LEVELS, w.logLevel).default('info')),
    /**
     * For tests: a dumped, migrated, empty PGlite data folder that a new embedded database starts from
     * instead of the build's templates in dist/ (made once per test run, tests/support/globalSetup.ts),
     * so that no test process spends its first seconds in initdb and the migrations.
     */
    KOERS_PGLITE_TEMPLATE: optionalText,
  });
}

interface ConfigSchemas {
  base: ReturnType<typeof baseSchemaIn>;
  slack: ReturnType<typeof slackSchemaIn>;
  oauth: ReturnType<typeof oauthSchemaIn>;
}

/** Built once per wording. */
const schemasByWording = new WeakMap<ConfigWording, ConfigSchemas>();

function schemasIn(w: ConfigWording): ConfigSchemas {
  let schemas = schemasByWording.get(w);
  if (!schemas) {
    schemas = { base: baseSchemaIn(w), slack: slackSchemaIn(w), oauth: oauthSchemaIn(w) };
    schemasByWording.set(w, schemas);
  }
  return schemas;
}

export type BaseConfig = z.infer<ConfigSchemas['base']>;
export type SlackConfig = z.infer<ConfigSchemas['slack']>;
/**
 * One bot token for one workspace (SLACK_BOT_TOKEN), or installs through OAuth (SLACK_OAUTH), where
 * each installation's tokens are in the database: never both.
 */
export type AppConfig = BaseConfig &
  (
    | (SlackConfig & { SLACK_OAUTH?: undefined })
    | (Omit<SlackConfig, 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN'> & {
        SLACK_BOT_TOKEN?: undefined;
        SLACK_APP_TOKEN?: undefined;
        SLACK_OAUTH: OAuthSettings;
      })
  );
/** The configuration of the single-token mode, as most tests start the app. */
export type SingleTokenAppConfig = Extract<AppConfig, { SLACK_BOT_TOKEN: string }>;

/** What is wrong with the environment: `problems` in the wording it was read with, `message` in English. */
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

function parseOrThrow<T>(schema: z.ZodType<T>, env: Env, w: ConfigWording): T {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => `${issue.path.join('.') || w.environment} ${issue.message}`),
  );
}

/** The variables every command needs: the database and language, no Slack secrets. */
export function loadBaseConfig(env: Env = process.env, w = englishConfigWording): BaseConfig {
  return parseOrThrow(schemasIn(w).base, env, w);
}

/** Everything the Slack app needs; every problem is reported at once, not one per restart. */
export function loadAppConfig(env: Env = process.env): AppConfig {
  const { base, slack, oauth } = schemasIn(englishConfigWording);
  if (!wantsOAuth(env)) return parseOrThrow(base.extend(slack.shape), env, englishConfigWording);
  return parseOrThrow(base.extend(oauth.shape).transform(withOAuthSettings), env, englishConfigWording);
}

const OAUTH_VARIABLES = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const;

/** Any of the OAuth app's credentials set: Koers installs through OAuth, and needs them all. */
export function wantsOAuth(env: Env = process.env): boolean {
  return OAUTH_VARIABLES.some((name) => (env[name] ?? '').trim() !== '');
}

/** What posting to Slack from the CLI needs: the bot token (the signing secret is for receiving). */
export function loadPosterConfig(
  env: Env = process.env,
  w = englishConfigWording,
): BaseConfig & Pick<SlackConfig, 'SLACK_BOT_TOKEN'> {
  const { base, slack } = schemasIn(w);
  return parseOrThrow(base.extend({ SLACK_BOT_TOKEN: slack.shape.SLACK_BOT_TOKEN }), env, w);
}

/**
 * What posting from the CLI for an installed workspace (`--team`) needs instead of SLACK_BOT_TOKEN: the
 * key its token is sealed with in the database.
 */
export function loadInstallationKeys(
  env: Env = process.env,
  w = englishConfigWording,
): OAuthSettings['encryptionKeys'] {
  const { oauth } = schemasIn(w);
  const keys = parseOrThrow(
    z.object({
      KOERS_ENCRYPTION_KEY: oauth.shape.KOERS_ENCRYPTION_KEY,
      KOERS_ENCRYPTION_KEY_OLD: oauth.shape.KOERS_ENCRYPTION_KEY_OLD,
    }),
    env,
    w,
  );
  return {
    current: keys.KOERS_ENCRYPTION_KEY,
    ...(keys.KOERS_ENCRYPTION_KEY_OLD && { previous: keys.KOERS_ENCRYPTION_KEY_OLD }),
  };
}

const SLACK_VARIABLES = [
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  ...OAUTH_VARIABLES,
] as const;

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

/** Whether DATA_DIR is set (not blank): else the CLI looks for the folder of a running app or playground. */
export function dataDirGiven(env: Env = process.env): boolean {
  return (env.DATA_DIR ?? '').trim() !== '';
}

/** The variables of a playground run: as the base, but with its own data folder unless DATA_DIR is given. */
export function loadPlaygroundConfig(env: Env = process.env): BaseConfig {
  const dataDir = (env.DATA_DIR ?? '').trim();
  return loadBaseConfig({ ...env, DATA_DIR: dataDir === '' ? PLAYGROUND_DATA_DIR : dataDir });
}

/** What the calendar commands need: the key the feed's token is derived with, not the rest of Slack's. */
export function loadCalendarConfig(
  env: Env = process.env,
  w = englishConfigWording,
): BaseConfig & Pick<SlackConfig, 'SLACK_SIGNING_SECRET'> {
  const { base, slack } = schemasIn(w);
  return parseOrThrow(base.extend({ SLACK_SIGNING_SECRET: slack.shape.SLACK_SIGNING_SECRET }), env, w);
}

/**
 * DEFAULT_LOCALE when it is one we speak, read on its own: the CLI speaks it even when another variable
 * is wrong, so the message naming that variable is in the right language.
 */
export function localeSetting(env: Env = process.env): BaseConfig['DEFAULT_LOCALE'] | undefined {
  const result = schemasIn(englishConfigWording).base.shape.DEFAULT_LOCALE.safeParse(env.DEFAULT_LOCALE);
  return result.success ? result.data : undefined;
}

/**
 * The outbox's timing, for tests only: a test that kills the app mid-send waits for the dead instance's
 * lease to run out, 50 s by default. `KOERS_OUTBOX_LEASE_MS` shortens that lease;
 * `KOERS_OUTBOX_SLACK_TIMEOUT_MS` shortens the Slack calls of one send (each call's timeout and the
 * longest Retry-After waited out) and `KOERS_OUTBOX_CONCURRENCY` the posts sent at once, so that a
 * short lease still outlasts a whole send: the outbox refuses to start otherwise. Unset: the defaults.
 */
export function loadOutboxTiming(env: Env = process.env): {
  leaseMs?: number;
  concurrency?: number;
  poster?: { timeoutMs: number; maxRetryAfterMs: number };
} {
  const whole = (name: string): number | undefined => {
    const text = (env[name] ?? '').trim();
    if (text === '') return undefined;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1) {
      throw new ConfigError([`${name} must be a whole number of at least 1`]);
    }
    return value;
  };
  const leaseMs = whole('KOERS_OUTBOX_LEASE_MS');
  const concurrency = whole('KOERS_OUTBOX_CONCURRENCY');
  const timeoutMs = whole('KOERS_OUTBOX_SLACK_TIMEOUT_MS');
  return {
    ...(leaseMs !== undefined && { leaseMs }),
    ...(concurrency !== undefined && { concurrency }),
    ...(timeoutMs !== undefined && { poster: { timeoutMs, maxRetryAfterMs: timeoutMs } }),
  };
}

/** Reads `.env` into process.env when the file exists; real environment variables win. */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
