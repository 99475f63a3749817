/*
 * An uninstalled workspace's programme, people and history are kept for a while (KOERS_RETENTION_DAYS),
 * so that a workspace that installs Koers again finds them as it left them; after that they are purged.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** What a purge is decided on: whether Koers still acts for the installation, and since when not. */
export interface InstallationTokens {
  hasBotToken: boolean;
  /** When Slack last revoked a token of it; a reinstall clears it. */
  tokensRemovedAt: Date | null;
}

/**
 * Its data goes once the bot token is gone for longer than the retention. A revoked user token alone
 * leaves the bot serving the workspace: that installation is never purged.
 */
export function isDueForPurge(installation: InstallationTokens, now: Date, retentionDays: number): boolean {
  if (installation.hasBotToken || installation.tokensRemovedAt === null) return false;
  return now.getTime() - installation.tokensRemovedAt.getTime() > retentionDays * DAY_MS;
}
