import { calendarFeedRoute } from './calendar/feedRoute.js';
import type { AppConfig } from './config.js';
import { type DatabaseHandle, openDatabase } from './db/client.js';
import { withDeadline } from './db/deadline.js';
import { isStoredAdmin, libraryOf, storedAdminIds } from './db/peopleRepository.js';
import { readProgrammeVersion } from './db/programmeRepository.js';
import { ProgrammeStore } from './db/programmeStore.js';
import type { HttpRoute } from './http/route.js';
import type { Logger } from './logger.js';
import type { BotToken } from './scheduler/botClient.js';
import type { RunningScheduler } from './scheduler/index.js';
import type { OutboxDrainer, OutboxOptions } from './scheduler/outboxWorker.js';
import type { OverviewOptions, OverviewRefresher } from './scheduler/overviewWorker.js';
import type { Worker } from './scheduler/reminderWorker.js';
import type { SlackServices } from './slack/services.js';
import type { SlackLink, SlackLinkOptions, SlackRefusal } from './slack/slackLink.js';
import { calendarAddress } from './usecases/calendarAddress.js';

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
  stop(): Promise<void>;
}

export interface StartOptions {
  config: AppConfig;
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
   * The playground's calendar: a key of its own that outlives its made-up signing secret, and its
   * loopback address where PUBLIC_URL is not set.
   */
  calendar?: { key: string; publicUrl: () => string | undefined };
  /** The outbox's retry waits and lease (tests shorten these). */
  outbox?: Partial<Omit<OutboxOptions, 'instanceId'>>;
  /** The overviews' debounce, retry wait and canvas (tests shorten or switch these). */
  overview?: Partial<Omit<OverviewOptions, 'instanceId'>>;
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

  const { oauth, botToken, slackLink } = await slackAccess(options, database, SlackLink);
  const workers = backgroundWorkers(database, options, botToken, now);
  const programmes = new ProgrammeStore(database.db);
  programmes.follow(database);
  const services = slackServices(options, database, programmes, workers, now, {
    userLocales: new UserLocales(config.DEFAULT_LOCALE, () => slackLink?.knownUnreachable ?? false),
    background: new BackgroundWork(),
  });
  const slack = createSlackApp(config, services, () => slackLink?.identity, oauth?.receiverOptions);
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
    ...(oauth && { installations: oauth.installations }),
    routes: [
      ...(oauth && slack.httpReceiver ? [oauth.route(slack.httpReceiver)] : []),
      calendarFeedRoute({
        db: database.db,
        programmes: services.programmes,
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

  const started: Started = { scheduler: null, overviewFollow: null };
  const ready = (async () => {
    await prepareDatabase(database, logger, () => state.stopping, now);
    if (state.stopping) return;
    await replays.start(database.db);
    await oauth
      ?.resealTokens()
      .catch((error: unknown) => logger.error({ err: error }, 'sealing the tokens anew failed'));
    state.databaseReady = true;
    await startBackgroundWork(options, workers, programmes, now, started);
    logger.info(
      {
        port: http.port,
        database: database.kind,
        location: database.location,
        ...(database.sharing && { sharedWithCli: database.sharing }),
        socketMode: !slack.httpReceiver,
        install: oauth ? 'oauth' : 'bot token',
        scheduler: config.SCHEDULER,
      },
      'Koers is ready',
    );
  })();

  return {
    port: http.port,
    ready,
    slackRefusedAtStart,
    drainOutbox: workers.drainOutbox,
    refreshOverviews: workers.refreshOverviews,
    // Reverse order of start: no new requests or ticks, finish what runs, then close the database.
    stop: async () => {
      state.stopping = true;
      slackLink?.stop();
      await http.close();
      const unfinished = await services.background.settled(BACKGROUND_GRACE_MS);
      if (unfinished > 0) logger.warn({ unfinished }, 'stopped with work after an answer still running');
      workers.closeOutbox();
      await ready.catch(() => {});
      await replays.stop();
      await started.scheduler?.stop();
      await workers.stopOutbox();
      started.overviewFollow?.();
      await workers.stopOverviews();
      if (!slack.httpReceiver) await slack.app.stop();
      await programmes.close();
      if (!options.database) await database.close();
    },
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

/**
 * How Koers reaches Slack: with SLACK_BOT_TOKEN, checked at start and watched (SlackLink); or, with
 * OAuth, each installation's token, in the database, so there is no one token to check.
 */
async function slackAccess(
  { config, logger, slackLinkTiming }: StartOptions,
  database: DatabaseHandle,
  Link: typeof SlackLink,
) {
  const oauth = config.SLACK_OAUTH
    ? (await import('./slack/oauth/index.js')).setUpOAuth({
        settings: config.SLACK_OAUTH,
        db: database.db,
        logger,
        defaultLocale: config.DEFAULT_LOCALE,
        slackApiUrl: config.SLACK_API_URL,
        publicUrl: config.PUBLIC_URL,
      })
    : null;
  const botToken: BotToken = config.SLACK_OAUTH ? async () => oauth?.botToken() : config.SLACK_BOT_TOKEN;
  const slackLink = config.SLACK_OAUTH
    ? null
    : new Link({
        token: config.SLACK_BOT_TOKEN,
        slackApiUrl: config.SLACK_API_URL,
        logger,
        ...slackLinkTiming,
      });
  return { oauth, botToken, slackLink };
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

/** What runs in the background once the database is ready; stopped in reverse. */
interface Started {
  scheduler: RunningScheduler | null;
  /** Ends following programme changes for the overviews. */
  overviewFollow: (() => void) | null;
}

/**
 * The instance's three workers: the scheduler's (reminders, digests, nudges, an admin's retry), the
 * outbox's drainer (messages owed after an ack) and the overviews' refresher. One of each per instance,
 * each loaded when first needed.
 */
interface BackgroundWorkers {
  worker(): Promise<Worker>;
  drainOutbox(): Promise<void>;
  refreshOverviews(): Promise<void>;
  /**
   * A stopping instance's grace for work after answers is over: drains under way send what they
   * claimed, as the listeners' own posts did; later claims are given back untried.
   */
  closeOutbox(): void;
  stopOutbox(): Promise<void>;
  stopOverviews(): Promise<void>;
}

function backgroundWorkers(
  database: DatabaseHandle,
  { config, logger, ...options }: StartOptions,
  botToken: BotToken,
  now: () => Date,
): BackgroundWorkers {
  const slack = { botToken, slackApiUrl: config.SLACK_API_URL };
  let worker: Promise<Worker> | null = null;
  let drainer: Promise<OutboxDrainer> | null = null;
  let refresher: Promise<OverviewRefresher> | null = null;
  let outboxClosing = false;
  const theDrainer = () =>
    (drainer ??= Promise.all([import('./scheduler/outboxWorker.js'), import('./scheduler/index.js')]).then(
      ([{ createOutboxWorker, OutboxDrainer }, { newInstanceId }]) =>
        new OutboxDrainer(
          createOutboxWorker({
            db: database.db,
            logger,
            ...slack,
            defaultLocale: config.DEFAULT_LOCALE,
            options: { instanceId: newInstanceId(), ...options.outbox },
            stopping: () => outboxClosing,
          }),
          logger.child({ component: 'outbox' }),
        ),
    ));
  const theRefresher = () =>
    (refresher ??= Promise.all([
      import('./scheduler/overviewWorker.js'),
      import('./scheduler/index.js'),
    ]).then(
      ([{ createOverviewWorker, OverviewRefresher }, { newInstanceId }]) =>
        new OverviewRefresher(
          createOverviewWorker({
            db: database.db,
            logger,
            ...slack,
            defaultLocale: config.DEFAULT_LOCALE,
            now,
            options: { instanceId: newInstanceId(), ...options.overview },
          }),
          logger.child({ component: 'overview' }),
        ),
    ));
  return {
    worker: () =>
      (worker ??= import('./scheduler/index.js').then(({ createWorker }) =>
        createWorker({
          db: database.db,
          logger,
          ...slack,
          hour: config.REMINDER_HOUR,
          graceMs: config.REMINDER_GRACE_HOURS * 60 * 60 * 1000,
          defaultLocale: config.DEFAULT_LOCALE,
        }),
      )),
    drainOutbox: () => theDrainer().then((outbox) => outbox.kick()),
    refreshOverviews: () => theRefresher().then((overviews) => overviews.kick()),
    closeOutbox: () => {
      outboxClosing = true;
    },
    stopOutbox: async () => {
      await (await drainer)?.stop();
    },
    stopOverviews: async () => {
      await (await refresher)?.stop();
    },
  };
}

/** What the listeners need, wired to this instance's database, workers and configuration. */
function slackServices(
  { config, logger, calendar }: StartOptions,
  database: DatabaseHandle,
  programmes: ProgrammeStore,
  workers: BackgroundWorkers,
  now: () => Date,
  parts: Pick<SlackServices, 'userLocales' | 'background'>,
): SlackServices {
  // ADMIN_USER_IDS or the admin role in the database; what an admin may do is decided in domain/permissions.
  const isAdmin = async (userId: string) =>
    config.ADMIN_USER_IDS.includes(userId) || (await isStoredAdmin(database.db, userId));
  return {
    db: database.db,
    programmes,
    ...parts,
    defaultLocale: config.DEFAULT_LOCALE,
    actorFor: async (userId) => ({
      userId,
      isAdmin: await isAdmin(userId),
      libraryCode: await libraryOf(database.db, userId),
    }),
    adminIds: async () => [...new Set([...config.ADMIN_USER_IDS, ...(await storedAdminIds(database.db))])],
    configuredAdminIds: config.ADMIN_USER_IDS,
    reminderHour: config.REMINDER_HOUR,
    logger,
    now,
    sendOwedMessages: () => parts.background.track(workers.drainOutbox()),
    refreshOverviews: () => parts.background.track(workers.refreshOverviews()),
    calendarAddress: () =>
      calendarAddress(database.db, {
        key: calendar?.key ?? config.SLACK_SIGNING_SECRET,
        publicUrl: config.PUBLIC_URL ?? calendar?.publicUrl(),
      }),
    viewSealKey: config.SLACK_SIGNING_SECRET,
    // One worker posts for the scheduler and for an admin's retry, with the same claims.
    retryDelivery: async (deliveryId) => {
      const [retrying, { retryFailedDelivery }] = await Promise.all([
        workers.worker(),
        import('./scheduler/reminderWorker.js'),
      ]);
      return retryFailedDelivery(retrying, deliveryId, now());
    },
  };
}

/** Once the database is ready: the scheduler (if on), the outbox's first drain, and the overviews. */
async function startBackgroundWork(
  { config, logger }: StartOptions,
  workers: BackgroundWorkers,
  programmes: ProgrammeStore,
  now: () => Date,
  started: Started,
): Promise<void> {
  if (config.SCHEDULER === 'on') {
    const { startScheduler } = await import('./scheduler/index.js');
    // Each tick also refreshes the overviews: a phase starting, a CLI import, a Retry-After passed.
    started.scheduler = startScheduler(await workers.worker(), now, () =>
      Promise.all([workers.drainOutbox(), workers.refreshOverviews()]),
    );
  }
  // Messages owed since before this start (an instance killed after its ack) go out now.
  void workers
    .drainOutbox()
    .catch((error: unknown) => logger.warn({ err: error }, 'draining the outbox failed'));
  const kickOverviews = () =>
    void workers
      .refreshOverviews()
      .catch((error: unknown) => logger.warn({ err: error }, 'refreshing the overviews failed'));
  kickOverviews();
  // A programme write elsewhere (an import from the CLI, another instance) shows in every overview:
  // refreshed within seconds, not at the next tick; after a lost connection, once more in case one was missed.
  // The programme store's LISTEN connection serves this too: one per instance, not one per follower.
  started.overviewFollow = programmes.onChangeHeard(kickOverviews);
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
