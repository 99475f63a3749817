import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { OAuthSettings } from '../../src/config.js';
import { removeRevokedTokens, saveInstallation } from '../../src/db/installationRepository.js';
import { importProgramme, loadProgramme } from '../../src/db/programmeRepository.js';
import { tokenCipher } from '../../src/db/tokenCipher.js';
import { parseProgrammeFile } from '../../src/domain/programmeFile.js';
import { workspaceSchemaOf } from '../../src/domain/workspaces.js';
import { EXAMPLE_PROGRAMME_FILE } from '../../src/koers.js';
import { describeOnBothDatabases } from '../support/databases.js';
import { installationKeys, workspaceInstallation, workspaceSchemaNames } from '../support/installations.js';
import { type KoersUnderTest, startKoersUnderTest } from '../support/koersUnderTest.js';
import { capturedLogs } from '../support/logLines.js';

/*
 * KOERS_RETENTION_DAYS: the app purges an uninstalled workspace's data once its tokens are gone longer
 * than the retention, and not a moment before; a reinstall, or a bot still installed, keeps it.
 * The app runs with OAuth and its own clock, sweeping every 100 ms instead of every minute.
 */

const OAUTH: OAuthSettings = {
  clientId: '1234567890.987654321',
  clientSecret: 'fake-client-secret-0123456789abcdef',
  stateSecret: 'fake-state-secret-0123456789abcdefghijklmnop',
  encryptionKeys: { current: randomBytes(32) },
};
const cipher = tokenCipher(OAUTH.encryptionKeys);
const DAY_MS = 24 * 60 * 60 * 1000;
const RETENTION_DAYS = 30;

describeOnBothDatabases('purging uninstalled workspaces after the retention', (database) => {
  let app: KoersUnderTest;
  const { logger, lines: logLines } = capturedLogs();
  let clock = Date.now();
  const daysAgo = (days: number) => new Date(clock - days * DAY_MS);

  /** Installed with a programme of its own; `revoked` removes its tokens on the day given, a month later. */
  async function installed(teamId: string, revoked: { daysAgo: number; bot: boolean }) {
    const db = database().handle.db;
    const installedAt = daysAgo(revoked.daysAgo + 30);
    await saveInstallation(
      db,
      cipher,
      workspaceInstallation(teamId, `Bibliotheek ${teamId}`, `xoxb-${teamId}`),
      installedAt,
    );
    const workspace = await database().handle.forWorkspace(workspaceSchemaOf(`team:${teamId}`));
    await workspace.migrate();
    const parsed = parseProgrammeFile(readFileSync(EXAMPLE_PROGRAMME_FILE, 'utf8'));
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    await importProgramme(workspace.db, parsed.programme, { now: installedAt });
    await workspace.close();
    const at = daysAgo(revoked.daysAgo);
    const revocation = revoked.bot ? 'all' : { bot: false, userIds: ['UINSTALLER'] };
    expect(await removeRevokedTokens(db, `team:${teamId}`, revocation, at, at)).toBe(1);
  }

  const workspaceSchemas = () => workspaceSchemaNames(database().handle.db);
  const installedKeys = () => installationKeys(database().handle.db);

  async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** A few sweeps more, so that what was not purged had every chance to be. */
  const afterSomeSweeps = () => new Promise((resolve) => setTimeout(resolve, 600));

  beforeAll(async () => {
    await installed('T1GONE', { daysAgo: RETENTION_DAYS + 1, bot: true });
    await installed('T2RECENT', { daysAgo: RETENTION_DAYS - 1, bot: true });
    await installed('T3BACK', { daysAgo: RETENTION_DAYS - 1, bot: true });
    await installed('T4SERVED', { daysAgo: 400, bot: false });
    app = await startKoersUnderTest(database(), {
      oauth: OAUTH,
      withExample: false,
      logger,
      now: () => new Date(clock),
      installationSweepMs: 100,
      config: { KOERS_RETENTION_DAYS: RETENTION_DAYS },
    });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('purges the data of a workspace uninstalled longer than the retention ago: its schema, then its row', async () => {
    await eventually(async () => !(await workspaceSchemas()).includes('ws_team_t1gone'), 'T1GONE is purged');
    expect(await installedKeys()).not.toContain('team:T1GONE');
    const purged = logLines.filter((line) =>
      String(line.msg).startsWith("purged the uninstalled workspace's"),
    );
    expect(purged).toEqual([expect.objectContaining({ teamId: 'T1GONE', retentionDays: RETENTION_DAYS })]);
  });

  it('keeps a workspace uninstalled within the retention, and one whose bot is still installed', async () => {
    await afterSomeSweeps();
    expect(await workspaceSchemas()).toEqual(['ws_team_t2recent', 'ws_team_t3back', 'ws_team_t4served']);
    expect(await installedKeys()).toEqual(['team:T2RECENT', 'team:T3BACK', 'team:T4SERVED']);
    const kept = await database().handle.forWorkspace(workspaceSchemaOf('team:T2RECENT'));
    expect((await loadProgramme(kept.db))?.projects.length).toBeGreaterThan(0);
    await kept.close();
  });

  it('keeps the data of a workspace that installed Koers again before the retention ended', async () => {
    await saveInstallation(
      database().handle.db,
      cipher,
      workspaceInstallation('T3BACK', 'Bibliotheek T3BACK', 'xoxb-again'),
      new Date(clock),
    );
    clock += 2 * DAY_MS;
    await eventually(
      async () => !(await workspaceSchemas()).includes('ws_team_t2recent'),
      'T2RECENT is purged once its retention is over',
    );
    await afterSomeSweeps();
    expect(await workspaceSchemas()).toEqual(['ws_team_t3back', 'ws_team_t4served']);
    expect(await installedKeys()).toEqual(['team:T3BACK', 'team:T4SERVED']);
    const back = await database().handle.forWorkspace(workspaceSchemaOf('team:T3BACK'));
    expect((await loadProgramme(back.db))?.projects.length).toBeGreaterThan(0);
    await back.close();
  });
});
