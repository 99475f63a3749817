import { randomBytes } from 'node:crypto';
import type { AppConfig, BaseConfig } from '../config.js';
import { type DatabaseHandle, openDatabase } from '../db/client.js';
import { libraryOf, setLibraryOf } from '../db/peopleRepository.js';
import { loadProgramme } from '../db/programmeRepository.js';
import { type RunningKoers, startKoers } from '../koers.js';
import type { Logger } from '../logger.js';
import { createWorker } from '../scheduler/index.js';
import { PlaygroundClock } from './clock.js';
import { playgroundRoute } from './pageRoutes.js';
import { ADMIN_PERSONA, MEMBER_PERSONA } from './personas.js';
import { Playground } from './playground.js';
import { SlackSide } from './slackSide.js';
import { startSlackWebApi } from './webApi.js';
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
}

/**
 * Koers against a local Slack: a Web API and a page on loopback, a bot token and signing secret made
 * up at each start. Koers itself runs as always; only its SLACK_API_URL, clock and admins differ.
 */
export async function startPlayground(options: PlaygroundOptions): Promise<RunningPlayground> {
  const { logger } = options;
  const botToken = `xoxb-playground-${randomBytes(16).toString('hex')}`;
  const signingSecret = randomBytes(24).toString('hex');
  const clock = new PlaygroundClock(options.start ?? PLAYGROUND_START, TIMEZONE);
  const workspace = new Workspace(clock.now);
  let koersUrl = '';
  let slack: SlackSide | null = null;
  const api = await startSlackWebApi(workspace, botToken, (id, body) => slack?.respond(id, body));
  slack = new SlackSide(workspace, api, signingSecret, () => koersUrl, logger);
  const playground = new Playground(workspace, slack, clock);

  const config: AppConfig = {
    ...options.config,
    SLACK_BOT_TOKEN: botToken,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_APP_TOKEN: undefined,
    SLACK_API_URL: api.apiUrl,
    ADMIN_USER_IDS: [...options.config.ADMIN_USER_IDS, ADMIN_PERSONA.id],
  };
  const database =
    options.database ?? (await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR }));
  const koers = await startKoers({
    config,
    logger,
    database,
    now: clock.now,
    host: '127.0.0.1',
    routes: [playgroundRoute(playground)],
  });
  koersUrl = `http://127.0.0.1:${koers.port}`;
  const ready = koers.ready.then(async () => {
    await linkMember(database, clock.now());
    playground.useWorker(
      createWorker({
        db: database.db,
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
      if (!options.database) await database.close();
    },
  };
}

async function linkMember(database: DatabaseHandle, now: Date): Promise<void> {
  if (await libraryOf(database.db, MEMBER_PERSONA.id)) return;
  const programme = await loadProgramme(database.db, { updatesPerProject: 0 });
  const codes = programme?.libraries.map((library) => library.code) ?? [];
  const code = codes.includes(MEMBER_LIBRARY) ? MEMBER_LIBRARY : codes[0];
  if (code) await setLibraryOf(database.db, MEMBER_PERSONA.id, code, ADMIN_PERSONA.id, now);
}
