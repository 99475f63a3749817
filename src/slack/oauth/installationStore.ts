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
 * Bolt's installation store on Koers's database: what the OAuth redirect stores, and what Bolt's
 * `authorize` reads for every request (the token its listeners call Slack with).
 */
export function databaseInstallationStore(options: {
  db: Database;
  cipher: TokenCipher;
  now: () => Date;
  /** The installation is stored: its workspace is made ready (its schema, its first admin). */
  installed(record: InstallationRecord): Promise<void>;
}): InstallationStore {
  const { db, cipher } = options;
  return {
    async storeInstallation(installation) {
      const record = recordOf(installation);
      await saveInstallation(db, cipher, record, options.now());
      await options.installed(record);
    },
    async fetchInstallation(query: InstallationQuery<boolean>) {
      const key = installKeyOf(query);
      const record = key ? await findInstallation(db, cipher, key) : null;
      if (!record) throw new NotInstalledError(key);
      return installationOf(record);
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
