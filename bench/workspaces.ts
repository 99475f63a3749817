import { randomBytes } from 'node:crypto';
import { saveInstallation } from '../src/db/installationRepository.js';
import { importProgramme } from '../src/db/programmeRepository.js';
import { tokenCipher } from '../src/db/tokenCipher.js';
import type { Programme } from '../src/domain/programme.js';
import { workspaceSchemaOf } from '../src/domain/workspaces.js';
import { workspaceInstallation } from '../tests/support/installations.js';
import { type BenchDatabase, createBenchDatabase } from './databases.js';

/** The workspaces of the many-workspace cells: T01 … T10, each with the example programme of its own. */
export const WORKSPACE_TEAM_IDS = Array.from({ length: 10 }, (_, i) => `T${String(i + 1).padStart(2, '0')}`);

export interface WorkspacesDatabase {
  database: BenchDatabase;
  /** KOERS_ENCRYPTION_KEY for the Koers that serves them. */
  encryptionKey: string;
}

/**
 * A database as a Koers installed in ten workspaces has it: ten installations (tokens sealed, as the
 * OAuth redirect stores them) and ten schemas, each holding its own copy of the programme, under its
 * own name so every answer shows whose it is.
 */
export async function prepareWorkspaces(programme: Programme): Promise<WorkspacesDatabase> {
  const key = randomBytes(32);
  const cipher = tokenCipher({ current: key });
  const database = await createBenchDatabase('workspaces');
  const now = new Date();
  for (const teamId of WORKSPACE_TEAM_IDS) {
    await saveInstallation(
      database.handle.db,
      cipher,
      workspaceInstallation(teamId, `Bench ${teamId}`, `xoxb-bench-${teamId}`),
      now,
    );
    const workspace = await database.handle.forWorkspace(workspaceSchemaOf(`team:${teamId}`));
    try {
      await workspace.migrate();
      await importProgramme(workspace.db, workspaceProgramme(programme, teamId), { now });
    } finally {
      await workspace.close();
    }
  }
  await database.handle.close();
  return { database, encryptionKey: key.toString('base64') };
}

/** The programme under a name of the workspace's: an answer from the wrong schema would not match. */
export function workspaceProgramme(programme: Programme, teamId: string): Programme {
  return { ...programme, info: { ...programme.info, name: `${programme.info.name} (${teamId})` } };
}
