import type { DatabaseHandle } from './db/client.js';
import {
  activeInstallationKeys,
  type InstallationRecord,
  purgeInstallation,
  uninstalledInstallations,
} from './db/installationRepository.js';
import { addStoredAdmin, storedAdminIds } from './db/peopleRepository.js';
import type { TokenCipher } from './db/tokenCipher.js';
import { isDueForPurge } from './domain/retention.js';
import { workspaceSchemaOf } from './domain/workspaces.js';
import { type PostingBotToken, postingBotToken } from './installationTokens.js';
import type { Logger } from './logger.js';
import type { BotTokenRenewal } from './usecases/botTokenForPosting.js';
import type { WorkspaceParts, WorkspaceRuntime } from './workspaceRuntime.js';

export interface InstalledWorkspacesOptions {
  /** The instance's own database: the installations table. */
  database: DatabaseHandle;
  cipher: TokenCipher;
  /** Slack's renewal of an expiring bot token (token rotation), for the posts made between requests. */
  renewal: BotTokenRenewal;
  logger: Logger;
  now: () => Date;
  /** KOERS_RETENTION_DAYS: an uninstalled workspace's data is purged this long after its tokens went. */
  retentionDays: number;
  /** How often `sweep` runs; a minute unless a test shortens it. */
  sweepMs?: number;
  /** Makes a workspace's runtime from its parts (koers.ts wires the rest in). */
  open(parts: Omit<WorkspaceParts, 'shared' | 'now'>): WorkspaceRuntime;
}

/** How often an instance looks for workspaces installed or uninstalled through another instance. */
const SWEEP_MS = 60_000;

/**
 * The workspaces an instance serves with OAuth, each with its own runtime on its own schema, opened
 * when first asked for (a request, the start, an install) and kept while its installation has a bot
 * token. An uninstall stops its runtime at once: no reminder, nudge or overview of it is tried again.
 * Installs and uninstalls through other instances are picked up within a minute (`sweep`), and the
 * data of workspaces uninstalled longer than the retention ago is purged then too.
 */
export class InstalledWorkspaces {
  private readonly runtimes = new Map<string, Promise<WorkspaceRuntime>>();
  private readonly botTokens = new Map<string, PostingBotToken>();
  private started = false;
  private stopped = false;
  private sweeper: NodeJS.Timeout | undefined;
  /** The sweep under way: a tick that comes while it runs is skipped, never run beside it. */
  private sweeping: Promise<void> | null = null;

  constructor(private readonly options: InstalledWorkspacesOptions) {}

  /** The runtime of an installation Bolt has authorised a request for: opened on its first request. */
  forKey(key: string): Promise<WorkspaceRuntime> {
    let runtime = this.runtimes.get(key);
    if (!runtime) {
      runtime = this.openRuntime(key);
      this.runtimes.set(key, runtime);
      // A failed open (the database away) is tried again at the next request, not remembered.
      runtime.catch(() => {
        if (this.runtimes.get(key) === runtime) this.runtimes.delete(key);
      });
    }
    return runtime;
  }

  /** The runtime of a workspace that is served now, without opening one: the calendar feed's look-up. */
  served(key: string): Promise<WorkspaceRuntime> | undefined {
    return this.runtimes.get(key);
  }

  /** Every runtime opened so far (the tests' drain and refresh). */
  async all(): Promise<WorkspaceRuntime[]> {
    const settled = await Promise.allSettled(this.runtimes.values());
    return settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  }

  /**
   * The database is ready: every installed workspace's runtime starts (its scheduler above all), and
   * from now on the instance follows installs and uninstalls made elsewhere.
   */
  async start(): Promise<void> {
    // Those opened by requests while the database was being migrated start now; later ones as they open.
    const openedBefore = await this.all();
    this.started = true;
    for (const runtime of openedBefore) await runtime.start();
    await this.sweep();
    this.sweeper = setInterval(() => {
      this.sweeping ??= this.sweep().finally(() => {
        this.sweeping = null;
      });
    }, this.options.sweepMs ?? SWEEP_MS);
    this.sweeper.unref();
  }

  /**
   * Just installed (or installed again): the workspace's schema is made or brought up to date, and a
   * programme without an admin gets the installer as its first.
   */
  async installed(record: InstallationRecord): Promise<void> {
    this.botTokens.get(record.key)?.forgetRefusal();
    const runtime = await this.forKey(record.key);
    const db = runtime.database.db;
    if ((await storedAdminIds(db)).length === 0) {
      await addStoredAdmin(db, record.installerUserId, 'install', this.options.now());
      this.logFor(record.key).info("the installer is the new programme's first admin");
    }
  }

  /** Uninstalled (or its bot token revoked): its runtime stops; its data stays until it is purged. */
  async revoked(key: string): Promise<void> {
    const runtime = this.runtimes.get(key);
    if (!runtime) return;
    this.runtimes.delete(key);
    this.botTokens.delete(key);
    await (await runtime.catch(() => null))?.stop();
    this.logFor(key).info('stopped serving the workspace: its reminders, nudges and overviews stop');
  }

  /**
   * Opens the runtimes of new installations and stops those whose tokens are gone; then purges the
   * workspaces uninstalled longer than the retention ago.
   */
  async sweep(): Promise<void> {
    if (this.stopped) return;
    try {
      const active = new Set(await activeInstallationKeys(this.options.database.db));
      for (const key of active) if (!this.runtimes.has(key)) await this.forKey(key).catch(() => {});
      for (const key of [...this.runtimes.keys()]) if (!active.has(key)) await this.revoked(key);
    } catch (error) {
      this.options.logger.warn({ err: error }, 'looking for installed workspaces failed; trying again');
    }
    await this.purgeExpired();
  }

  /**
   * Every instance sweeps, so several may find the same workspace due: `purgeInstallation` locks its
   * row, and the first drops the schema while the others find nothing left to purge.
   */
  private async purgeExpired(): Promise<void> {
    const { database, retentionDays } = this.options;
    try {
      const now = this.options.now();
      const due = (await uninstalledInstallations(database.db)).filter((installation) =>
        isDueForPurge(installation, now, retentionDays),
      );
      for (const { key } of due) {
        if (this.stopped) return;
        const outcome = await purgeInstallation(database.db, key, (locked) =>
          isDueForPurge(locked, now, retentionDays),
        );
        if (outcome === 'purged')
          this.logFor(key).info(
            { retentionDays },
            "purged the uninstalled workspace's data: its programme, people, answers and history",
          );
      }
    } catch (error) {
      this.options.logger.warn({ err: error }, 'purging uninstalled workspaces failed; trying again');
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.sweeper);
    await this.sweeping;
    const runtimes = await this.all();
    this.runtimes.clear();
    await Promise.all(runtimes.map((runtime) => runtime.stop()));
  }

  closeOutbox(): void {
    for (const runtime of this.runtimes.values())
      void runtime.then(
        (opened) => opened.closeOutbox(),
        () => {},
      );
  }

  /** Every line about a workspace carries its team (or organisation) id. */
  private logFor(key: string): Logger {
    const [kind, id] = key.split(':');
    return this.options.logger.child(kind === 'enterprise' ? { enterpriseId: id } : { teamId: id });
  }

  private async openRuntime(key: string): Promise<WorkspaceRuntime> {
    const { database, cipher } = this.options;
    const workspaceDatabase = await database.forWorkspace(workspaceSchemaOf(key));
    try {
      await workspaceDatabase.migrate();
    } catch (error) {
      await workspaceDatabase.close();
      throw error;
    }
    const logger = this.logFor(key);
    const botToken = postingBotToken({ db: database.db, cipher, key, renewal: this.options.renewal, logger });
    this.botTokens.set(key, botToken);
    const runtime = this.options.open({
      database: workspaceDatabase,
      botToken: botToken.token,
      logger,
      workspaceKey: key,
      ownsDatabase: true,
    });
    if (this.started && !this.stopped) await runtime.start();
    return runtime;
  }
}
