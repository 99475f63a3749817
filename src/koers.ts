import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { calendarAddress } from './calendar/address.js';
import { calendarFeedRoute } from './calendar/feedRoute.js';
import type { AppConfig } from './config.js';
import { type DatabaseHandle, openDatabase } from './db/client.js';
import { withDeadline } from './db/deadline.js';
import { isStoredAdmin, libraryOf, storedAdminIds } from './db/peopleRepository.js';
import { importProgramme, readProgrammeVersion } from './db/programmeRepository.js';
import { ProgrammeStore } from './db/programmeStore.js';
import { parseProgrammeFile } from './domain/programmeFile.js';
import type { Logger } from './logger.js';
import { createWorker, type RunningScheduler, startScheduler } from './scheduler/index.js';
import { retryFailedDelivery } from './scheduler/reminderWorker.js';
import { createSlackApp } from './slack/app.js';
import { BackgroundWork } from './slack/backgroundWork.js';
import { startHttpServer } from './slack/httpServer.js';
import type { SlackServices } from './slack/services.js';
import { UserLocales } from './slack/userLocales.js';

export interface RunningKoers {
  port: number;
  /** Resolves once the database is migrated and the scheduler runs. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions {
  config: AppConfig;
  logger: Logger;
  /** An already opened database (tests); otherwise opened from the config. */
  database?: DatabaseHandle;
  now?: () => Date;
}

/**
 * Start-up: config → database → Slack app → HTTP → scheduler. HTTP comes up first, so /healthz can say
 * 503 (and commands "try again later") while the database is still unreachable; the database is then
 * retried with back-off until it answers. Stopping undoes it all in reverse.
 */
export async function startKoers(options: StartOptions): Promise<RunningKoers> {
  const { config, logger } = options;
  const database =
    options.database ??
    (await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, embedded: 'serve' }));
  const now = options.now ?? (() => new Date());
  let stopping = false;
  let databaseReady = false;

  // One worker posts for the scheduler and for an admin's retry, with the same claims.
  const worker = createWorker({
    db: database.db,
    logger,
    botToken: config.SLACK_BOT_TOKEN,
    slackApiUrl: config.SLACK_API_URL,
    hour: config.REMINDER_HOUR,
    graceMs: config.REMINDER_GRACE_HOURS * 60 * 60 * 1000,
    defaultLocale: config.DEFAULT_LOCALE,
  });
  // ADMIN_USER_IDS or the admin role in the database; what an admin may do is decided in domain/permissions.
  const isAdmin = async (userId: string) =>
    config.ADMIN_USER_IDS.includes(userId) || (await isStoredAdmin(database.db, userId));
  const services: SlackServices = {
    db: database.db,
    programmes: new ProgrammeStore(database.db),
    userLocales: new UserLocales(config.DEFAULT_LOCALE),
    defaultLocale: config.DEFAULT_LOCALE,
    actorFor: async (userId) => ({
      userId,
      isAdmin: await isAdmin(userId),
      libraryCode: await libraryOf(database.db, userId),
    }),
    adminIds: async () => [...new Set([...config.ADMIN_USER_IDS, ...(await storedAdminIds(database.db))])],
    reminderHour: config.REMINDER_HOUR,
    logger,
    now,
    background: new BackgroundWork(),
    calendarAddress: () =>
      calendarAddress(database.db, { key: config.SLACK_SIGNING_SECRET, publicUrl: config.PUBLIC_URL }),
    retryDelivery: (deliveryId) => retryFailedDelivery(worker, deliveryId, now()),
  };
  const slack = createSlackApp(config, services);
  const http = await startHttpServer({
    port: config.PORT,
    slackListener: slack.httpReceiver?.requestListener ?? null,
    signingSecret: config.SLACK_SIGNING_SECRET,
    isHealthy: async () => databaseReady && (await withDeadline(database.ping()).then(() => true)),
    routes: [
      calendarFeedRoute({
        db: database.db,
        programmes: services.programmes,
        reminderHour: config.REMINDER_HOUR,
        locale: config.DEFAULT_LOCALE,
        logger,
        now,
      }),
    ],
    logger,
  });
  if (!slack.httpReceiver) await slack.app.start();

  let scheduler: RunningScheduler | null = null;
  const ready = (async () => {
    await prepareDatabase(database, logger, () => stopping);
    if (stopping) return;
    databaseReady = true;
    if (config.SCHEDULER === 'on') {
      scheduler = startScheduler(worker, now);
    }
    logger.info(
      {
        port: http.port,
        database: database.kind,
        location: database.location,
        ...(database.sharing && { sharedWithCli: database.sharing }),
        socketMode: !slack.httpReceiver,
        scheduler: config.SCHEDULER,
      },
      'Koers is ready',
    );
  })();

  return {
    port: http.port,
    ready,
    // Reverse order of start: no new requests or ticks, finish what runs, then close the database.
    stop: async () => {
      stopping = true;
      await http.close();
      const unfinished = await services.background.settled(BACKGROUND_GRACE_MS);
      if (unfinished > 0) logger.warn({ unfinished }, 'stopped with work after an answer still running');
      await ready.catch(() => {});
      await (scheduler as RunningScheduler | null)?.stop();
      if (!slack.httpReceiver) await slack.app.stop();
      if (!options.database) await database.close();
    },
  };
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
): Promise<void> {
  for (
    let attempt = 1, waitMs = FIRST_RETRY_MS;
    !stopping();
    attempt++, waitMs = Math.min(waitMs * 2, MAX_RETRY_MS)
  ) {
    try {
      await database.migrate();
      if (await seedExampleIfNew(database))
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

export const EXAMPLE_PROGRAMME_FILE = fileURLToPath(new URL('../programme/example.yml', import.meta.url));

/**
 * On the very first start of an embedded database, load the example programme so a new user sees
 * real answers at once. A server database is never filled behind its operator's back.
 */
export async function seedExampleIfNew(database: DatabaseHandle): Promise<boolean> {
  if (database.kind !== 'pglite') return false;
  if ((await readProgrammeVersion(database.db)) !== null) return false;
  const parsed = parseProgrammeFile(readFileSync(EXAMPLE_PROGRAMME_FILE, 'utf8'));
  if (!parsed.ok) throw new Error(`The shipped example programme is invalid:\n${parsed.errors.join('\n')}`);
  await importProgramme(database.db, parsed.programme);
  return true;
}
