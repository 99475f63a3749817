import { sql } from 'drizzle-orm';
import type { Database } from '../../src/db/client.js';
import type { InstallationRecord } from '../../src/db/installationRepository.js';
import { installations } from '../../src/db/schema.js';

/** An installation of a workspace as Slack's OAuth flow hands it over; without `botToken`, a user's only. */
export function workspaceInstallation(
  teamId: string,
  teamName: string,
  botToken?: string,
): InstallationRecord {
  return {
    key: `team:${teamId}`,
    isEnterpriseInstall: false,
    where: { teamId, teamName, enterpriseId: null, enterpriseName: null, enterpriseUrl: null, appId: 'A1' },
    installerUserId: 'UINSTALLER',
    ...(botToken && { bot: { id: 'B1', userId: 'UBOT', token: botToken, scopes: ['commands'] } }),
    user: { scopes: [], token: 'xoxp-installer' },
  };
}

/** The workspaces' schemas the database holds (`ws_…`), in order. */
export async function workspaceSchemaNames(db: Database): Promise<string[]> {
  const result = await db.execute<{ schema_name: string }>(
    sql`select schema_name from information_schema.schemata where schema_name like 'ws\\_%' order by 1`,
  );
  // postgres.js hands back the rows, PGlite a result with `rows`.
  const rows = Array.isArray(result) ? result : (result as { rows: { schema_name: string }[] }).rows;
  return rows.map((row) => row.schema_name);
}

/** The install keys of the installations table, sorted. */
export async function installationKeys(db: Database): Promise<string[]> {
  const rows = await db.select({ key: installations.installKey }).from(installations);
  return rows.map((row) => row.key).sort();
}
