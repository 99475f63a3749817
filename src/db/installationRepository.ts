import { and, count, eq, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import type { InstallationTokens } from '../domain/retention.js';
import { workspaceSchemaOf } from '../domain/workspaces.js';
import type { Database, DatabaseOrTransaction } from './client.js';
import { installations } from './schema.js';
import type { TokenCipher } from './tokenCipher.js';
import { dropWorkspaceSchema, lockWorkspaceSchema } from './workspaceSchemas.js';

/**
 * An installation of Koers as Slack's OAuth flow hands it over, tokens in the clear: they are sealed on
 * the way into the table and opened on the way out, never stored or logged as they are.
 */
export interface InstallationRecord {
  key: string;
  isEnterpriseInstall: boolean;
  where: InstalledWhere;
  installerUserId: string;
  bot?: TokenGrant & { id: string; userId: string };
  user: Partial<TokenGrant> & { scopes: string[] };
}

const WHERE_FIELDS = [
  'teamId',
  'teamName',
  'enterpriseId',
  'enterpriseName',
  'enterpriseUrl',
  'appId',
] as const;

/** What Slack says of where Koers is installed, stored as it comes (null: Slack did not say). */
export type InstalledWhere = Record<(typeof WHERE_FIELDS)[number], string | null>;

function whereOf(row: InstalledWhere): InstalledWhere {
  return Object.fromEntries(WHERE_FIELDS.map((field) => [field, row[field]])) as InstalledWhere;
}

export interface TokenGrant {
  token: string;
  scopes: string[];
  refreshToken?: string | undefined;
  expiresAt?: Date | undefined;
}

export interface InstallTarget {
  isEnterpriseInstall: boolean;
  enterpriseId?: string | undefined;
  teamId?: string | undefined;
}

/**
 * What an installation is found by: its organisation for an org-wide install (every workspace of the
 * organisation is served by it), else its workspace. Null when the id it needs is missing.
 */
export function installKeyOf(target: InstallTarget): string | null {
  if (target.isEnterpriseInstall) return target.enterpriseId ? `enterprise:${target.enterpriseId}` : null;
  return target.teamId ? `team:${target.teamId}` : null;
}

/** Stores an installation, or replaces the one with the same key (a reinstall: new scopes, new tokens). */
export async function saveInstallation(
  db: Database,
  cipher: TokenCipher,
  record: InstallationRecord,
  now: Date,
): Promise<void> {
  const values = rowOf(cipher, record, now);
  await db
    .insert(installations)
    .values(values)
    .onConflictDoUpdate({ target: installations.installKey, set: values });
}

/** An installation with at least one token; null when there is none, or its tokens were removed. */
export async function findInstallation(
  db: DatabaseOrTransaction,
  cipher: TokenCipher,
  key: string,
): Promise<InstallationRecord | null> {
  const [row] = await db.select().from(installations).where(eq(installations.installKey, key));
  if (!row || (!row.botTokenSealed && !row.userTokenSealed)) return null;
  const open = (sealed: string | null, column: SealedColumn) =>
    sealed === null ? undefined : cipher.open(sealed, sealContext(key, column));
  const botToken = open(row.botTokenSealed, 'bot_token');
  return {
    key,
    isEnterpriseInstall: row.isEnterpriseInstall,
    where: whereOf(row),
    installerUserId: row.installerUserId,
    ...(botToken !== undefined &&
      row.botId &&
      row.botUserId && {
        bot: {
          id: row.botId,
          userId: row.botUserId,
          token: botToken,
          scopes: row.botScopes,
          refreshToken: open(row.botRefreshTokenSealed, 'bot_refresh_token'),
          expiresAt: row.botTokenExpiresAt ?? undefined,
        },
      }),
    user: {
      scopes: row.userScopes,
      token: open(row.userTokenSealed, 'user_token'),
      refreshToken: open(row.userRefreshTokenSealed, 'user_refresh_token'),
      expiresAt: row.userTokenExpiresAt ?? undefined,
    },
  };
}

/** Which tokens Slack revoked: all of them (`app_uninstalled`), or the bot's and some users' (`tokens_revoked`). */
export type Revocation = 'all' | { bot: boolean; userIds: readonly string[] };

/**
 * Removes revoked tokens at once. Slack may deliver the event again (a retry), also after the workspace
 * installed Koers anew: a revocation from before the last install (installed at `revokedAt` or later)
 * removes nothing.
 * Returns how many installations lost a token (0 or 1).
 */
export async function removeRevokedTokens(
  db: Database,
  key: string,
  revocation: Revocation,
  revokedAt: Date,
  now: Date,
): Promise<number> {
  const bot = revocation === 'all' || revocation.bot;
  const installer =
    revocation === 'all'
      ? sql`true`
      : revocation.userIds.length === 0
        ? sql`false`
        : inArray(installations.installerUserId, [...revocation.userIds]);
  const removed = await db
    .update(installations)
    .set({
      ...(bot && { botTokenSealed: null, botRefreshTokenSealed: null, botTokenExpiresAt: null }),
      userTokenSealed: sql`case when ${installer} then null else ${installations.userTokenSealed} end`,
      userRefreshTokenSealed: sql`case when ${installer} then null else ${installations.userRefreshTokenSealed} end`,
      userTokenExpiresAt: sql`case when ${installer} then null else ${installations.userTokenExpiresAt} end`,
      tokensRemovedAt: now,
    })
    .where(
      and(
        eq(installations.installKey, key),
        lt(installations.installedAt, revokedAt),
        or(
          bot ? isNotNull(installations.botTokenSealed) : sql`false`,
          and(installer, isNotNull(installations.userTokenSealed)),
        ),
      ),
    )
    .returning({ id: installations.id });
  return removed.length;
}

/** The installations Koers can act for (with a bot token), for /healthz. */
export async function countInstallations(db: Database): Promise<number> {
  const [row] = await db
    .select({ installed: count() })
    .from(installations)
    .where(isNotNull(installations.botTokenSealed));
  return row?.installed ?? 0;
}

/** The installations Koers acts for (with a bot token): each a workspace with its programme. */
export async function activeInstallationKeys(db: Database): Promise<string[]> {
  const rows = await db
    .select({ key: installations.installKey })
    .from(installations)
    .where(isNotNull(installations.botTokenSealed))
    .orderBy(installations.id);
  return rows.map((row) => row.key);
}

/** An installation's bot token as stored, with what renews it (token rotation). */
export interface StoredBotToken {
  token: string;
  refreshToken: string | undefined;
  expiresAt: Date | undefined;
}

/** A token Slack issued in place of an expiring one (`oauth.v2.access` with the refresh token). */
export interface RenewedBotToken {
  token: string;
  refreshToken: string;
  expiresAt: Date;
}

/**
 * An installation's bot token, for what Koers posts outside a request (the scheduler, the outbox, the
 * overviews); undefined once its tokens were removed (uninstalled).
 */
export async function storedBotToken(
  db: DatabaseOrTransaction,
  cipher: TokenCipher,
  key: string,
  lock: 'lock' | 'read' = 'read',
): Promise<StoredBotToken | undefined> {
  const query = db
    .select({
      sealed: installations.botTokenSealed,
      refreshSealed: installations.botRefreshTokenSealed,
      expiresAt: installations.botTokenExpiresAt,
    })
    .from(installations)
    .where(eq(installations.installKey, key));
  const [row] = await (lock === 'lock' ? query.for('update') : query);
  if (!row?.sealed) return undefined;
  return {
    token: cipher.open(row.sealed, sealContext(key, 'bot_token')),
    refreshToken: row.refreshSealed
      ? cipher.open(row.refreshSealed, sealContext(key, 'bot_refresh_token'))
      : undefined,
    expiresAt: row.expiresAt ?? undefined,
  };
}

/** How long a renewal may hold the installation's row: Slack's answer included (TOKEN_RENEWALS, 10 s). */
const RENEWAL_LOCK_MS = 20_000;

/**
 * Renews the bot token with the installation's row locked, so that instances renewing at once call
 * Slack one after the other: a refresh token is good for one renewal, and the second instance, once it
 * has the row, reads the first one's new token and finds nothing left to renew. `renew` gets the token
 * as stored under the lock and returns its successor, or null to keep it. Returns the token as it
 * stands afterwards; undefined when the installation has no bot token (any more).
 */
export async function renewStoredBotToken(
  db: Database,
  cipher: TokenCipher,
  key: string,
  renew: (current: StoredBotToken) => Promise<RenewedBotToken | null>,
): Promise<StoredBotToken | undefined> {
  return db.transaction(async (tx) => {
    // The app's statements give up after a few seconds; this one waits for another instance's renewal.
    await tx.execute(sql.raw(`set local statement_timeout = ${RENEWAL_LOCK_MS}`));
    const current = await storedBotToken(tx, cipher, key, 'lock');
    if (!current) return undefined;
    const renewed = await renew(current);
    if (!renewed) return current;
    await tx
      .update(installations)
      .set({
        botTokenSealed: cipher.seal(renewed.token, sealContext(key, 'bot_token')),
        botRefreshTokenSealed: cipher.seal(renewed.refreshToken, sealContext(key, 'bot_refresh_token')),
        botTokenExpiresAt: renewed.expiresAt,
      })
      .where(eq(installations.installKey, key));
    return renewed;
  });
}

/** A workspace's (or organisation's) name for pages and the CLI; the key when Slack gave none. */
export async function installationNames(db: Database): Promise<{ key: string; name: string }[]> {
  const rows = await db
    .select({
      key: installations.installKey,
      teamName: installations.teamName,
      enterpriseName: installations.enterpriseName,
    })
    .from(installations)
    .orderBy(installations.id);
  return rows.map((row) => ({ key: row.key, name: row.teamName ?? row.enterpriseName ?? row.key }));
}

/** The installations Koers no longer acts for (no bot token), with when their tokens were removed. */
export async function uninstalledInstallations(
  db: Database,
): Promise<({ key: string } & InstallationTokens)[]> {
  const rows = await db
    .select({ key: installations.installKey, tokensRemovedAt: installations.tokensRemovedAt })
    .from(installations)
    .where(isNull(installations.botTokenSealed))
    .orderBy(installations.id);
  return rows.map((row) => ({ ...row, hasBotToken: false }));
}

/** `kept`: the installation is there, but `mayPurge` said no (installed again meanwhile, or still). */
export type PurgeOutcome = 'purged' | 'kept' | 'unknown';

/**
 * Removes an installation's data for good: its workspace's schema, then its row, in one transaction.
 * The row is locked first and `mayPurge` asked of it as it is then, so a reinstall committed meanwhile
 * keeps its data, a reinstall arriving meanwhile waits and starts a new programme, and of several
 * instances purging at once one drops the schema and the others find nothing left.
 */
export async function purgeInstallation(
  db: Database,
  key: string,
  mayPurge: (installation: InstallationTokens) => boolean,
): Promise<PurgeOutcome> {
  const schema = workspaceSchemaOf(key);
  return db.transaction(async (t) => {
    await lockWorkspaceSchema(t, schema);
    const [row] = await t
      .select({
        hasBotToken: sql<boolean>`${installations.botTokenSealed} is not null`,
        tokensRemovedAt: installations.tokensRemovedAt,
      })
      .from(installations)
      .where(eq(installations.installKey, key))
      .for('update');
    if (!row) return 'unknown';
    if (!mayPurge(row)) return 'kept';
    await dropWorkspaceSchema(t, schema);
    await t.delete(installations).where(eq(installations.installKey, key));
    return 'purged';
  });
}

/**
 * After a key rotation: every token still sealed with the old key is sealed anew with the current one,
 * so the old key can go. Safe on several instances at once (a value changed meanwhile is left alone).
 * `unreadable` counts tokens no key of ours opens.
 */
export async function resealTokens(
  db: Database,
  cipher: TokenCipher,
): Promise<{ resealed: number; unreadable: number }> {
  const rows = await db.select().from(installations);
  let resealed = 0;
  let unreadable = 0;
  for (const row of rows) {
    for (const column of SEALED_COLUMNS) {
      const sealed = row[FIELD_OF[column]];
      if (sealed === null || cipher.isCurrent(sealed)) continue;
      const context = sealContext(row.installKey, column);
      let plain: string;
      try {
        plain = cipher.open(sealed, context);
      } catch {
        unreadable++;
        continue;
      }
      const field = installations[FIELD_OF[column]];
      const changed = await db
        .update(installations)
        .set({ [FIELD_OF[column]]: cipher.seal(plain, context) })
        .where(and(eq(installations.id, row.id), eq(field, sealed)))
        .returning({ id: installations.id });
      resealed += changed.length;
    }
  }
  return { resealed, unreadable };
}

const SEALED_COLUMNS = ['bot_token', 'bot_refresh_token', 'user_token', 'user_refresh_token'] as const;
type SealedColumn = (typeof SEALED_COLUMNS)[number];

const FIELD_OF = {
  bot_token: 'botTokenSealed',
  bot_refresh_token: 'botRefreshTokenSealed',
  user_token: 'userTokenSealed',
  user_refresh_token: 'userRefreshTokenSealed',
} as const satisfies Record<SealedColumn, keyof typeof installations.$inferSelect>;

/** A sealed token opens only in its own row and column. */
function sealContext(key: string, column: SealedColumn): string {
  return `installations/${key}/${column}`;
}

function rowOf(
  cipher: TokenCipher,
  record: InstallationRecord,
  now: Date,
): typeof installations.$inferInsert {
  const seal = (plain: string | undefined, column: SealedColumn) =>
    plain ? cipher.seal(plain, sealContext(record.key, column)) : null;
  return {
    installKey: record.key,
    isEnterpriseInstall: record.isEnterpriseInstall,
    ...whereOf(record.where),
    installerUserId: record.installerUserId,
    botId: record.bot?.id ?? null,
    botUserId: record.bot?.userId ?? null,
    botScopes: record.bot?.scopes ?? [],
    botTokenSealed: seal(record.bot?.token, 'bot_token'),
    botRefreshTokenSealed: seal(record.bot?.refreshToken, 'bot_refresh_token'),
    botTokenExpiresAt: record.bot?.expiresAt ?? null,
    userScopes: record.user.scopes,
    userTokenSealed: seal(record.user.token, 'user_token'),
    userRefreshTokenSealed: seal(record.user.refreshToken, 'user_refresh_token'),
    userTokenExpiresAt: record.user.expiresAt ?? null,
    installedAt: now,
    tokensRemovedAt: null,
  };
}
