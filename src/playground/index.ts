import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig, BaseConfig, OAuthSettings } from '../config.js';
import { type DatabaseHandle, openDatabase } from '../db/client.js';
import { importExampleProgramme, shippedProgrammeFile } from '../db/exampleProgramme.js';
import { saveInstallation } from '../db/installationRepository.js';
import { libraryOf, setLibraryOf } from '../db/peopleRepository.js';
import { startPlaygroundDataAnew } from '../db/playgroundReset.js';
import { loadProgramme, readProgrammeVersion } from '../db/programmeRepository.js';
import { tokenCipher } from '../db/tokenCipher.js';
import { workspaceSchemaOf } from '../domain/workspaces.js';
import { type RunningKoers, startKoers } from '../koers.js';
import type { Logger } from '../logger.js';
import { createWorker } from '../scheduler/index.js';
import { BOT_SCOPES } from '../slack/oauth/scopes.js';
import { calendarAddress, rotateCalendarAddress } from '../usecases/calendarAddress.js';
import { PlaygroundClock } from './clock.js';
import { playgroundRoute } from './pageRoutes.js';
import { ADMIN_PERSONA, BOT, FIRST_TEAM, MEMBER_PERSONA, type PlaygroundTeam, TEAMS } from './personas.js';
import { Playground } from './playground.js';
import { SlackSide } from './slackSide.js';
import { startSlackWebApi } from './webApi.js';
import { postSampleReminder } from './welcome.js';
import { Workspace } from './workspace.js';

/** A day in the example programme's feedback phase, so the first look shows an open feedback form. */
export const PLAYGROUND_START = new Date('2017-09-18T08:00:00Z');
const TIMEZONE = 'Europe/Amsterdam';

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
   * started anew from the page, and it holds the playground's two workspaces. Never a DATABASE_URL or
   * DATA_DIR the user chose.
   */
  ownDatabase?: boolean;
  /** Start the playground's own data anew before the first request (`npm start -- --fresh`). */
  fresh?: boolean;
}

/** One workspace as the playground runs it: Slack's memory, the bot token Koers holds there, its data. */
interface PlaygroundWorkspace {
  workspace: Workspace;
  botToken: string;
  /** Its programme's database: its own schema with OAuth, else the database itself. */
  database: DatabaseHandle;
}

/**
 * Koers against a local Slack: a Web API and a page on loopback, bot tokens and a signing secret made
 * up at each start. Koers itself runs as always; only its SLACK_API_URL, clock and admins differ.
 *
 * On its own database the playground has two workspaces side by side, Koers installed in each through
 * OAuth (the installations stored as "Add to Slack" would store them), so each is served from a schema
 * of its own, as one Koers serves many workspaces. On a database the user chose it shows the first
 * only, with one bot token, as before: no made-up installation is ever written into someone's database.
 */
export async function startPlayground(options: PlaygroundOptions): Promise<RunningPlayground> {
  const { logger } = options;
  const signingSecret = randomBytes(24).toString('hex');
  const start = options.start ?? PLAYGROUND_START;
  const clock = new PlaygroundClock(start, TIMEZONE);
  const teams = options.ownDatabase ? TEAMS : [FIRST_TEAM];
  const served = teams.map((team) => ({
    workspace: new Workspace(team, clock.now),
    botToken: `xoxb-playground-${randomBytes(16).toString('hex')}`,
  }));
  let koersUrl = '';
  const slacks: SlackSide[] = [];
  // Each response URL is one workspace's; the others' sides ignore it.
  const api = await startSlackWebApi(served, (id, body) => {
    for (const slack of slacks) slack.respond(id, body);
  });
  const sides = served.map(({ workspace }) => ({
    workspace,
    slack: new SlackSide(workspace, api, signingSecret, () => koersUrl, logger),
  }));
  slacks.push(...sides.map((side) => side.slack));
  const [firstSide, ...otherSides] = sides;
  if (!firstSide) throw new Error('the playground has no workspace');
  let workspaces: PlaygroundWorkspace[] = [];
  // Koers's data first, then Slack's side and the clock, so the page never shows old messages on a new day.
  const startAnew = async () => {
    clock.set(start);
    for (const { workspace, database } of workspaces) {
      await startPlaygroundDataAnew(
        database.db,
        clock.now(),
        shippedProgrammeFile(workspace.team.programmeFile),
      );
      await linkMember(database, workspace.team, clock.now());
      workspace.clear();
      await postSampleReminder(database.db, workspace, clock.now(), config.DEFAULT_LOCALE);
    }
  };
  const playground = new Playground(
    [firstSide, ...otherSides],
    clock,
    options.ownDatabase ? startAnew : undefined,
  );

  const oauth = teams.length > 1 ? madeUpOAuthSettings() : null;
  const slackConfig = {
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_APP_TOKEN: undefined,
    SLACK_API_URL: api.apiUrl,
    ADMIN_USER_IDS: [...options.config.ADMIN_USER_IDS, ADMIN_PERSONA.id],
  };
  const config: AppConfig = oauth
    ? { ...options.config, ...slackConfig, SLACK_BOT_TOKEN: undefined, SLACK_OAUTH: oauth }
    : { ...options.config, ...slackConfig, SLACK_BOT_TOKEN: served[0]?.botToken ?? '' };
  // Served on the data folder's socket as the app's is, so that the CLI beside the playground joins it.
  const opened =
    options.database ??
    (await openDatabase({
      databaseUrl: config.DATABASE_URL,
      dataDir: config.DATA_DIR,
      startWith: 'example',
      embedded: 'serve',
      ...(config.KOERS_PGLITE_TEMPLATE && { templateFile: config.KOERS_PGLITE_TEMPLATE }),
    }));
  // The installations before Koers starts: it opens each one's workspace, with its token, from the start.
  workspaces = oauth
    ? await installWorkspaces(opened, served, oauth, clock.now())
    : served.map((side) => ({ ...side, database: opened }));
  const calendarKey = calendarKeyOf(config);
  const koers = await startKoers({
    config,
    logger,
    database: opened,
    now: clock.now,
    host: '127.0.0.1',
    routes: [playgroundRoute(playground)],
    calendar: { key: calendarKey, publicUrl: () => koersUrl || undefined },
  });
  koersUrl = `http://127.0.0.1:${koers.port}`;
  const ready = koers.ready.then(async () => {
    if (options.fresh && options.ownDatabase) await startAnew();
    else {
      for (const { workspace, database } of workspaces) {
        await linkMember(database, workspace.team, clock.now());
        await postSampleReminder(database.db, workspace, clock.now(), config.DEFAULT_LOCALE);
      }
    }
    for (const { workspace, botToken, database } of workspaces) {
      if (options.ownDatabase) await healCalendarAddress(database, calendarKey);
      playground.useWorker(
        workspace.team.id,
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
    }
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
      for (const { database } of workspaces) if (database !== opened) await database.close();
      if (!options.database) await opened.close();
    },
  };
}

/**
 * Koers's OAuth app as the playground makes it up at each start, like its signing secret: nobody installs
 * through it (the installations are stored directly), and the tokens, made up anew too, are sealed anew.
 */
function madeUpOAuthSettings(): OAuthSettings {
  return {
    clientId: '1000000000.1000000000',
    clientSecret: randomBytes(24).toString('hex'),
    stateSecret: randomBytes(32).toString('base64'),
    encryptionKeys: { current: randomBytes(32) },
  };
}

/**
 * Each workspace installed as "Add to Slack" would leave it (Anke installed it, with this start's bot
 * token), its schema made, and on its first start its own programme loaded.
 */
async function installWorkspaces(
  database: DatabaseHandle,
  served: readonly { workspace: Workspace; botToken: string }[],
  oauth: OAuthSettings,
  now: Date,
): Promise<PlaygroundWorkspace[]> {
  await database.migrate();
  const cipher = tokenCipher(oauth.encryptionKeys);
  const installed: PlaygroundWorkspace[] = [];
  for (const { workspace, botToken } of served) {
    const { team } = workspace;
    const key = `team:${team.id}`;
    await saveInstallation(
      database.db,
      cipher,
      {
        key,
        isEnterpriseInstall: false,
        where: {
          teamId: team.id,
          teamName: team.name,
          enterpriseId: null,
          enterpriseName: null,
          enterpriseUrl: null,
          appId: BOT.appId,
        },
        installerUserId: ADMIN_PERSONA.id,
        bot: { id: BOT.botId, userId: BOT.userId, token: botToken, scopes: [...BOT_SCOPES] },
        user: { scopes: [] },
      },
      new Date(),
    );
    const own = await database.forWorkspace(workspaceSchemaOf(key));
    await own.migrate();
    if ((await readProgrammeVersion(own.db)) === null)
      await importExampleProgramme(own.db, now, { file: shippedProgrammeFile(team.programmeFile) });
    installed.push({ workspace, botToken, database: own });
  }
  return installed;
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

/** The member persona speaks for the workspace's library of theirs, or the first one there is. */
async function linkMember(database: DatabaseHandle, team: PlaygroundTeam, now: Date): Promise<void> {
  if (await libraryOf(database.db, MEMBER_PERSONA.id)) return;
  const programme = await loadProgramme(database.db, { updatesPerProject: 0 });
  const codes = programme?.libraries.map((library) => library.code) ?? [];
  const code = codes.includes(team.memberLibrary) ? team.memberLibrary : codes[0];
  if (code) await setLibraryOf(database.db, MEMBER_PERSONA.id, code, ADMIN_PERSONA.id, now);
}
