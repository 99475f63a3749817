import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig, BaseConfig } from '../config.js';
import { type DatabaseHandle, openDatabase } from '../db/client.js';
import { libraryOf, setLibraryOf } from '../db/peopleRepository.js';
import { startPlaygroundDataAnew } from '../db/playgroundReset.js';
import { loadProgramme } from '../db/programmeRepository.js';
import { type RunningKoers, startKoers } from '../koers.js';
import type { Logger } from '../logger.js';
import { createWorker } from '../scheduler/index.js';
import { calendarAddress, rotateCalendarAddress } from '../usecases/calendarAddress.js';
import { PlaygroundClock } from './clock.js';
import { playgroundRoute } from './pageRoutes.js';
import { ADMIN_PERSONA, MEMBER_PERSONA } from './personas.js';
import { Playground } from './playground.js';
import { SlackSide } from './slackSide.js';
import { startSlackWebApi } from './webApi.js';
import { postSampleReminder } from './welcome.js';
import { Workspace } from './workspace.js';

/** A day in the example programme's feedback phase, so the first look shows an open feedback form. */
export const PLAYGROUND_START = new Date('2017-09-18T08:00:00Z');
const TIMEZONE = 'Europe/Amsterdam';
/** The member persona speaks for this library of the example programme, or the first one there is. */
const MEMBER_LIBRARY = 'AVV';

export interface RunningPlayground {
  /** The page: `http://127.0.0.1:<port>/`. */
  url: string;
  /** The playground's Slack Web API, as Koers's SLACK_API_URL. */
  slackApiUrl: string;
  koers: RunningKoers;
  playground: Playground;
  /** Resolves once the database is ready and the member persona is linked. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

export interface PlaygroundOptions {
  config: BaseConfig;
  logger: Logger;
  /** An already opened database (tests); otherwise opened from the config. */
  database?: DatabaseHandle;
  start?: Date;
  /**
   * The database is the playground's own (its `./data-playground`, or one a test made): it may be
   * started anew from the page. Never a DATABASE_URL or DATA_DIR the user chose.
   */
  ownDatabase?: boolean;
  /** Start the playground's own data anew before the first request (`npm start -- --fresh`). */
  fresh?: boolean;
}

/**
 * Koers against a local Slack: a Web API and a page on loopback, a bot token and signing secret made
 * up at each start. Koers itself runs as always; only its SLACK_API_URL, clock and admins differ.
 */
export async function startPlayground(options: PlaygroundOptions): Promise<RunningPlayground> {
  const { logger } = options;
  const botToken = `xoxb-playground-${randomBytes(16).toString('hex')}`;
  const signingSecret = randomBytes(24).toString('hex');
  const start = options.start ?? PLAYGROUND_START;
  const clock = new PlaygroundClock(start, TIMEZONE);
  const workspace = new Workspace(clock.now);
  let koersUrl = '';
  let slack: SlackSide | null = null;
  const api = await startSlackWebApi(workspace, botToken, (id, body) => slack?.respond(id, body));
  slack = new SlackSide(workspace, api, signingSecret, () => koersUrl, logger);
  let database: DatabaseHandle | undefined = options.database;
  // Koers's data first, then Slack's side and the clock, so the page never shows old messages on a new day.
  const startAnew = async () => {
    if (!database) return;
    clock.set(start);
    await startPlaygroundDataAnew(database.db, clock.now());
    await linkMember(database, clock.now());
    workspace.clear();
    await postSampleReminder(database.db, workspace, clock.now(), config.DEFAULT_LOCALE);
  };
  const playground = new Playground(workspace, slack, clock, options.ownDatabase ? startAnew : undefined);

  const config: AppConfig = {
    ...options.config,
    SLACK_BOT_TOKEN: botToken,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_APP_TOKEN: undefined,
    SLACK_API_URL: api.apiUrl,
    ADMIN_USER_IDS: [...options.config.ADMIN_USER_IDS, ADMIN_PERSONA.id],
  };
  // Served on the data folder's socket as the app's is, so that the CLI beside the playground joins it.
  database ??= await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    startWith: 'example',
    embedded: 'serve',
    ...(config.KOERS_PGLITE_TEMPLATE && { templateFile: config.KOERS_PGLITE_TEMPLATE }),
  });
  const opened = database;
  const calendarKey = calendarKeyOf(config);
  const koers = await startKoers({
    config,
    logger,
    database,
    now: clock.now,
    host: '127.0.0.1',
    routes: [playgroundRoute(playground)],
    calendar: { key: calendarKey, publicUrl: () => koersUrl || undefined },
  });
  koersUrl = `http://127.0.0.1:${koers.port}`;
  const ready = koers.ready.then(async () => {
    if (options.fresh && options.ownDatabase) await startAnew();
    else {
      await linkMember(opened, clock.now());
      await postSampleReminder(opened.db, workspace, clock.now(), config.DEFAULT_LOCALE);
    }
    if (options.ownDatabase) await healCalendarAddress(opened, calendarKey);
    playground.useWorker(
      createWorker({
        db: opened.db,
        logger,
        botToken,
        slackApiUrl: api.apiUrl,
        hour: config.REMINDER_HOUR,
        graceMs: config.REMINDER_GRACE_HOURS * 60 * 60 * 1000,
        defaultLocale: config.DEFAULT_LOCALE,
      }),
    );
  });
  return {
    url: `${koersUrl}/`,
    slackApiUrl: api.apiUrl,
    koers,
    playground,
    ready,
    stop: async () => {
      await koers.stop();
      await api.close();
      if (!options.database) await opened.close();
    },
  };
}

/**
 * The key the calendar's address is made with. The signing secret is made up at each start, so the
 * address would change (and the old one could no longer be shown) at every restart: an embedded
 * database on disk keeps a key of its own beside it, readable by its owner only.
 */
function calendarKeyOf(config: BaseConfig): string {
  if (config.DATABASE_URL || config.DATA_DIR.startsWith('memory://')) return randomBytes(32).toString('hex');
  const file = join(config.DATA_DIR, 'playground-calendar-key');
  try {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= 32) return stored;
  } catch {
    // None yet: made below.
  }
  const key = randomBytes(32).toString('hex');
  mkdirSync(config.DATA_DIR, { recursive: true });
  writeFileSync(file, key, { mode: 0o600 });
  return key;
}

/** A playground folder from before its key was kept: its address was made with a lost key, so a new one. */
async function healCalendarAddress(database: DatabaseHandle, key: string): Promise<void> {
  const options = { key, publicUrl: undefined };
  if ((await calendarAddress(database.db, options)).kind === 'keyChanged')
    await rotateCalendarAddress(database.db, options);
}

async function linkMember(database: DatabaseHandle, now: Date): Promise<void> {
  if (await libraryOf(database.db, MEMBER_PERSONA.id)) return;
  const programme = await loadProgramme(database.db, { updatesPerProject: 0 });
  const codes = programme?.libraries.map((library) => library.code) ?? [];
  const code = codes.includes(MEMBER_LIBRARY) ? MEMBER_LIBRARY : codes[0];
  if (code) await setLibraryOf(database.db, MEMBER_PERSONA.id, code, ADMIN_PERSONA.id, now);
}
