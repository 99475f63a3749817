import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { Database } from '../../db/client.js';
import {
  findInstallation,
  type InstallationRecord,
  installKeyOf,
  saveInstallation,
} from '../../db/installationRepository.js';
import type { TokenCipher } from '../../db/tokenCipher.js';

/** A request from a workspace (or organisation) Koers holds no token for: refused before any listener. */
export class NotInstalledError extends Error {
  constructor(readonly key: string | null) {
    super(`Koers is not installed for ${key ?? 'a request without a team'}`);
    this.name = 'NotInstalledError';
  }
}

/**
 * How long an instance answers requests with an installation it read, rather than reading and opening
 * it again for each one: the query and the decryption doubled Koers's CPU per request with ten
 * workspaces (bench). A reinstall or revocation on this instance forgets it at once; one on another
 * instance is seen within this time (and Slack refuses a revoked token meanwhile).
 */
const INSTALLATION_CACHE_MS = 10_000;

/** Bolt's store, and the way to forget what it keeps of an installation whose tokens were just revoked. */
export interface CachingInstallationStore extends InstallationStore {
  forget(key: string): void;
}

/**
 * Bolt's installation store on Koers's database: what the OAuth redirect stores, and what Bolt's
 * `authorize` reads for every request (the token its listeners call Slack with).
 */
export function databaseInstallationStore(options: {
  db: Database;
  cipher: TokenCipher;
  now: () => Date;
  /** The installation is stored: its workspace is made ready (its schema, its first admin). */
  installed(record: InstallationRecord): Promise<void>;
  /** The clock the cache's lifetime runs on. */
  clock?: () => number;
}): CachingInstallationStore {
  const { db, cipher } = options;
  const clock = options.clock ?? Date.now;
  const read = new Map<string, { installation: Installation<'v2', boolean>; until: number }>();
  return {
    async storeInstallation(installation) {
      const record = recordOf(installation);
      read.delete(record.key);
      await saveInstallation(db, cipher, record, options.now());
      read.delete(record.key);
      await options.installed(record);
    },
    async fetchInstallation(query: InstallationQuery<boolean>) {
      const key = installKeyOf(query);
      const kept = key ? read.get(key) : undefined;
      if (kept && kept.until > clock()) return kept.installation;
      const record = key ? await findInstallation(db, cipher, key) : null;
      if (!key || !record) throw new NotInstalledError(key);
      const installation = installationOf(record);
      // Never kept past the bot token's expiry: Bolt must see an expiring token to refresh it.
      const expires = record.bot?.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
      read.set(key, {
        installation,
        until: Math.min(clock() + INSTALLATION_CACHE_MS, expires - 2 * 3600_000),
      });
      return installation;
    },
    forget(key) {
      read.delete(key);
    },
  };
}

function recordOf(installation: Installation): InstallationRecord {
  const isEnterpriseInstall = installation.isEnterpriseInstall === true;
  const key = installKeyOf({
    isEnterpriseInstall,
    enterpriseId: installation.enterprise?.id,
    teamId: installation.team?.id,
  });
  if (!key) throw new Error('Slack returned an installation without a team or organisation id');
  const { bot, user } = installation;
  const fromSeconds = (seconds: number | undefined) => (seconds ? new Date(seconds * 1000) : undefined);
  return {
    key,
    isEnterpriseInstall,
    where: {
      teamId: installation.team?.id ?? null,
      teamName: installation.team?.name ?? null,
      enterpriseId: installation.enterprise?.id ?? null,
      enterpriseName: installation.enterprise?.name ?? null,
      enterpriseUrl: installation.enterpriseUrl ?? null,
      appId: installation.appId ?? null,
    },
    installerUserId: user.id,
    ...(bot && {
      bot: {
        id: bot.id,
        userId: bot.userId,
        token: bot.token,
        scopes: bot.scopes,
        refreshToken: bot.refreshToken,
        expiresAt: fromSeconds(bot.expiresAt),
      },
    }),
    user: {
      scopes: user.scopes ?? [],
      token: user.token,
      refreshToken: user.refreshToken,
      expiresAt: fromSeconds(user.expiresAt),
    },
  };
}

function installationOf(record: InstallationRecord): Installation<'v2', boolean> {
  const toSeconds = (date: Date | undefined) => (date ? Math.floor(date.getTime() / 1000) : undefined);
  const { where } = record;
  return {
    team: where.teamId ? { id: where.teamId, name: where.teamName ?? undefined } : undefined,
    enterprise: where.enterpriseId
      ? { id: where.enterpriseId, name: where.enterpriseName ?? undefined }
      : undefined,
    isEnterpriseInstall: record.isEnterpriseInstall,
    authVersion: 'v2',
    tokenType: 'bot',
    ...(where.appId && { appId: where.appId }),
    ...(where.enterpriseUrl && { enterpriseUrl: where.enterpriseUrl }),
    user: {
      id: record.installerUserId,
      token: record.user.token,
      scopes: record.user.scopes,
      refreshToken: record.user.refreshToken,
      expiresAt: toSeconds(record.user.expiresAt),
    },
    ...(record.bot && {
      bot: {
        id: record.bot.id,
        userId: record.bot.userId,
        token: record.bot.token,
        scopes: record.bot.scopes,
        refreshToken: record.bot.refreshToken,
        expiresAt: toSeconds(record.bot.expiresAt),
      },
    }),
  } as Installation<'v2', boolean>;
}
