import { calendarFeedRoute, type FeedSource } from './calendar/feedRoute.js';
import type { AppConfig } from './config.js';
import { type DatabaseHandle, openDatabase } from './db/client.js';
import { withDeadline } from './db/deadline.js';
import { type InstallationRecord, installKeyOf } from './db/installationRepository.js';
import { readProgrammeVersion } from './db/programmeRepository.js';
import { installKeyOfCalendarSegment, isInstallKey } from './domain/workspaces.js';
import type { HttpRoute } from './http/route.js';
import type { Logger } from './logger.js';
import type { WorkspaceOfRequest } from './slack/listeners/index.js';
import type { OAuthMode } from './slack/oauth/index.js';
import type { SlackServices } from './slack/services.js';
import type { SlackLinkOptions, SlackRefusal } from './slack/slackLink.js';
import {
  createWorkspaceRuntime,
  type WorkspaceParts,
  type WorkspaceRuntime,
  type WorkspaceSettings,
} from './workspaceRuntime.js';

export { EXAMPLE_PROGRAMME_FILE } from './db/exampleProgramme.js';

export interface RunningKoers {
  port: number;
  /** Resolves once the database is migrated and the scheduler runs. */
  ready: Promise<void>;
  /**
   * Resolves when Slack refuses a token it never accepted (copied wrong): main.ts then stops with one
   * line. Never resolves otherwise; a token revoked later only shows in the log and /healthz.
   */
  slackRefusedAtStart: Promise<SlackRefusal>;
  /** Sends the owed messages that are due now (the outbox), as the app does after an ack; resolves when done. */
  drainOutbox(): Promise<void>;
  /** Refreshes the channels' overviews that are due now, as the app does after a change; resolves when done. */
  refreshOverviews(): Promise<void>;
  /** One scheduler tick now in every workspace served, as each minute runs one; resolves when done. */
  tickScheduler(): Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions extends WorkspaceSettings {
  logger: Logger;
  /** An already opened database (tests); otherwise opened from the config. */
  database?: DatabaseHandle;
  now?: () => Date;
  /** Pages served beside Slack's endpoint (the playground). */
  routes?: HttpRoute[];
  /** Listen on this address only (the playground: loopback). */
  host?: string;
  /** How often Slack's Web API is checked again, and retried while away (tests shorten these). */
  slackLinkTiming?: Pick<SlackLinkOptions, 'recheckMs' | 'firstRetryMs' | 'maxRetryMs'>;
  /**
   * With OAuth: how often the instance looks for installs and uninstalls made elsewhere, and for
   * workspaces to purge (a minute; tests shorten it).
   */
  installationSweepMs?: number;
}

/**
 * Start-up: the database is opened while the Slack side loads; then the Slack app and HTTP, so /healthz
 * can say 503 (and commands "try again later") while the database does not answer yet; then, in the
 * background, the migrations (retried with back-off until the database answers), the scheduler, the
 * outbox and the overviews. Stopping undoes it all in reverse.
 *
 * The embedded database takes the longest to open, and much of that waits on WebAssembly compiling
 * and files being read off the main thread: the Slack side (Bolt above all) is loaded meanwhile.
 */
export async function startKoers(options: StartOptions): Promise<RunningKoers> {
  const { config, logger } = options;
  const opening = options.database ?? openConfiguredDatabase(config);
  // Settled here as well, so a failed open is not an unhandled rejection while the modules load.
  void Promise.resolve(opening).catch(() => {});
  const [
    { createSlackApp },
    { BackgroundWork },
    { startHttpServer, REPLAY_WINDOW_MS },
    { SharedReplayGuard },
    { UserLocales },
    { SlackLink },
    { connectSocketMode },
  ] = await Promise.all([
    import('./slack/app.js'),
    import('./slack/backgroundWork.js'),
    import('./http/server.js'),
    import('./http/sharedReplayGuard.js'),
    import('./slack/userLocales.js'),
    import('./slack/slackLink.js'),
    import('./slack/socketMode.js'),
  ]);
  const database = await opening;
  const now = options.now ?? (() => new Date());
  const state = { stopping: false, databaseReady: false };
  const slackLink = config.SLACK_OAUTH
    ? null
    : new SlackLink({
        token: config.SLACK_BOT_TOKEN,
        slackApiUrl: config.SLACK_API_URL,
        logger,
        ...options.slackLinkTiming,
      });
  const shared = {
    userLocales: new UserLocales(config.DEFAULT_LOCALE, () => slackLink?.knownUnreachable ?? false),
    background: new BackgroundWork(),
  };
  const workspaces = await servedWorkspaces(options, database, now, shared);
  const slack = createSlackApp(
    config,
    { logger, background: shared.background, db: database.db, defaultLocale: config.DEFAULT_LOCALE },
    workspaces.servicesFor,
    () => slackLink?.identity,
    workspaces.oauth
      ? { receiverOptions: workspaces.oauth.receiverOptions, revoked: workspaces.revoked }
      : undefined,
  );
  // Instances share one server database; an embedded one has a single instance, across restarts.
  const replays = new SharedReplayGuard({
    windowMs: REPLAY_WINDOW_MS,
    logger,
    followOthers: database.kind === 'postgres',
  });
  const http = await startHttpServer({
    port: config.PORT,
    ...(options.host ? { host: options.host } : {}),
    slackListener: slack.httpReceiver?.requestListener ?? null,
    signingSecret: config.SLACK_SIGNING_SECRET,
    replays,
    isHealthy: async () => state.databaseReady && (await withDeadline(database.ping()).then(() => true)),
    ...(slackLink && { slackStatus: () => slackLink.status }),
    ...(workspaces.oauth && { installations: workspaces.oauth.installations }),
    routes: [
      ...(workspaces.oauth && slack.httpReceiver ? [workspaces.oauth.route(slack.httpReceiver)] : []),
      calendarFeedRoute({
        feedOf: workspaces.feedOf,
        reminderHour: config.REMINDER_HOUR,
        locale: config.DEFAULT_LOCALE,
        logger,
        now,
      }),
      ...(options.routes ?? []),
    ],
    logger,
  });
  slackLink?.start();
  // Socket Mode connects in the background: its client keeps asking for a link while Slack is away.
  const appTokenRefused = slack.httpReceiver
    ? new Promise<never>(() => {})
    : connectSocketMode(slack.app, logger, () => state.stopping);
  const slackRefusedAtStart = firstRefusal(slackLink?.refusedAtStart, appTokenRefused);

  const ready = (async () => {
    await prepareDatabase(database, logger, () => state.stopping, now);
    if (state.stopping) return;
    await replays.start(database.db);
    await workspaces.oauth
      ?.resealTokens()
      .catch((error: unknown) => logger.error({ err: error }, 'sealing the tokens anew failed'));
    state.databaseReady = true;
    await workspaces.start();
    logger.info(
      {
        port: http.port,
        database: database.kind,
        location: database.location,
        ...(database.sharing && { sharedWithCli: database.sharing }),
        socketMode: !slack.httpReceiver,
        install: workspaces.oauth ? 'oauth' : 'bot token',
        scheduler: config.SCHEDULER,
      },
      'Koers is ready',
    );
  })();

  return {
    port: http.port,
    ready,
    slackRefusedAtStart,
    drainOutbox: () => workspaces.each((runtime) => runtime.drainOutbox()),
    refreshOverviews: () => workspaces.each((runtime) => runtime.refreshOverviews()),
    tickScheduler: () => workspaces.each((runtime) => runtime.tickScheduler()),
    // Reverse order of start: no new requests or ticks, finish what runs, then close the database.
    stop: async () => {
      state.stopping = true;
      slackLink?.stop();
      await http.close();
      const unfinished = await shared.background.settled(BACKGROUND_GRACE_MS);
      if (unfinished > 0) logger.warn({ unfinished }, 'stopped with work after an answer still running');
      workspaces.closeOutbox();
      await ready.catch(() => {});
      await replays.stop();
      await workspaces.stop();
      if (!slack.httpReceiver) await slack.app.stop();
      if (!options.database) await database.close();
    },
  };
}

/**
 * The programmes this instance serves, and how a request, a calendar poll or a stop reaches each: with
 * a bot token the one programme, in public; with OAuth each installed workspace's, in its own schema.
 */
interface ServedWorkspaces {
  oauth: OAuthMode | null;
  /** The services of the workspace Bolt authorised a request for; null when Koers serves none there. */
  servicesFor(context: WorkspaceOfRequest): Promise<SlackServices | null>;
  feedOf(workspace: string | undefined): Promise<FeedSource | null>;
  /** OAuth: a workspace's tokens were revoked; its runtime stops. */
  revoked(key: string): Promise<void>;
  start(): Promise<void>;
  each(work: (runtime: WorkspaceRuntime) => Promise<void>): Promise<void>;
  closeOutbox(): void;
  stop(): Promise<void>;
}

async function servedWorkspaces(
  options: StartOptions,
  database: DatabaseHandle,
  now: () => Date,
  shared: WorkspaceParts['shared'],
): Promise<ServedWorkspaces> {
  const { config, logger } = options;
  if (!config.SLACK_OAUTH) {
    const single = createWorkspaceRuntime(options, {
      database,
      botToken: config.SLACK_BOT_TOKEN,
      logger,
      now,
      shared,
      ownsDatabase: false,
    });
    return {
      oauth: null,
      servicesFor: async () => single.services,
      feedOf: async (workspace) => (workspace === undefined ? single.services : null),
      revoked: async () => {},
      start: () => single.start(),
      each: (work) => work(single),
      closeOutbox: () => single.closeOutbox(),
      stop: () => single.stop(),
    };
  }
  const [{ setUpOAuth }, { InstalledWorkspaces }] = await Promise.all([
    import('./slack/oauth/index.js'),
    import('./installedWorkspaces.js'),
  ]);
  // Filled in below: the OAuth set-up hands each stored installation to the workspaces.
  let installed: { installed(record: InstallationRecord): Promise<void> } | null = null;
  const oauth = setUpOAuth({
    settings: config.SLACK_OAUTH,
    db: database.db,
    logger,
    defaultLocale: config.DEFAULT_LOCALE,
    slackApiUrl: config.SLACK_API_URL,
    publicUrl: config.PUBLIC_URL,
    installed: async (record) => installed?.installed(record),
  });
  const workspaces = new InstalledWorkspaces({
    database,
    cipher: oauth.cipher,
    renewal: oauth.renewal,
    logger,
    now,
    retentionDays: config.KOERS_RETENTION_DAYS,
    ...(options.installationSweepMs !== undefined && { sweepMs: options.installationSweepMs }),
    open: (parts) => createWorkspaceRuntime(options, { ...parts, now, shared }),
  });
  installed = workspaces;
  return {
    oauth,
    servicesFor: async (context) => {
      const key = installKeyOf({
        isEnterpriseInstall: context.isEnterpriseInstall === true,
        enterpriseId: context.enterpriseId,
        teamId: context.teamId,
      });
      return key && isInstallKey(key) ? (await workspaces.forKey(key)).services : null;
    },
    feedOf: async (workspace) => {
      const key = workspace === undefined ? null : installKeyOfCalendarSegment(workspace);
      const runtime = key ? workspaces.served(key) : undefined;
      return runtime ? (await runtime).services : null;
    },
    revoked: async (key) => {
      oauth.forget(key);
      await workspaces.revoked(key);
    },
    start: () => workspaces.start(),
    each: async (work) => {
      for (const runtime of await workspaces.all()) await work(runtime);
    },
    closeOutbox: () => workspaces.closeOutbox(),
    stop: () => workspaces.stop(),
  };
}

/** The first token Slack refused at start, the bot's or Socket Mode's app token; never when both hold. */
function firstRefusal(
  /** Absent with OAuth: each installation has a token of its own, and none is checked at start. */
  botTokenRefused: Promise<string> | undefined,
  /** Undefined once Socket Mode stopped trying without a refusal. */
  appTokenRefused: Promise<string | undefined>,
): Promise<SlackRefusal> {
  return Promise.race([
    botTokenRefused
      ? botTokenRefused.then((error): SlackRefusal => ({ variable: 'SLACK_BOT_TOKEN', error }))
      : new Promise<never>(() => {}),
    appTokenRefused.then((error) =>
      error ? { variable: 'SLACK_APP_TOKEN' as const, error } : new Promise<never>(() => {}),
    ),
  ]);
}

function openConfiguredDatabase(config: AppConfig): Promise<DatabaseHandle> {
  return openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    startWith: 'example',
    embedded: 'serve',
    requestTimeouts: true,
    ...(config.KOERS_PGLITE_TEMPLATE && { templateFile: config.KOERS_PGLITE_TEMPLATE }),
  });
}

/** How long a stopping instance waits for uploads and posts that listeners began after answering. */
const BACKGROUND_GRACE_MS = 15_000;

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 15_000;

/** Migrates (and seeds a new embedded database), retrying with back-off while the database is away. */
async function prepareDatabase(
  database: DatabaseHandle,
  logger: Logger,
  stopping: () => boolean,
  now: () => Date,
): Promise<void> {
  for (
    let attempt = 1, waitMs = FIRST_RETRY_MS;
    !stopping();
    attempt++, waitMs = Math.min(waitMs * 2, MAX_RETRY_MS)
  ) {
    try {
      await database.migrate();
      if (await seedExampleIfNew(database, now()))
        logger.info('loaded the example programme into the new embedded database');
      return;
    } catch (error) {
      logger.warn(
        { err: error, attempt, retryInMs: waitMs, database: database.location },
        'database not ready; retrying',
      );
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}

/**
 * On the very first start of an embedded database, load the example programme so a new user sees
 * real answers at once (a data folder made from the build's example template has it already). A
 * server database is never filled behind its operator's back.
 */
export async function seedExampleIfNew(database: DatabaseHandle, now: Date): Promise<boolean> {
  if (database.kind !== 'pglite') return false;
  if ((await readProgrammeVersion(database.db)) !== null) return false;
  const { importExampleProgramme } = await import('./db/exampleProgramme.js');
  await importExampleProgramme(database.db, now);
  return true;
}
