import { createServer } from 'node:net';
import { inject } from 'vitest';
import { loadBaseConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { importProgramme } from '../../src/db/programmeRepository.js';
import { parseProgrammeFile } from '../../src/domain/programmeFile.js';
import { workspaceSchemaOf } from '../../src/domain/workspaces.js';
import { createLogger } from '../../src/logger.js';
import { type RunningPlayground, startPlayground } from '../../src/playground/index.js';
import { FIRST_TEAM } from '../../src/playground/personas.js';

/**
 * The playground as `npm start` runs it without Slack variables, in this process, on PGlite in memory.
 * With `programme` (YAML or JSON) that programme is loaded into the first workspace instead of the example.
 */
export async function startPlaygroundUnderTest(
  options: { programme?: string } = {},
): Promise<RunningPlayground & { dispose(): Promise<void> }> {
  // From the run's migrated template, when there is one (tests/support/globalSetup.ts): no initdb.
  const templateFile = inject('pgliteTemplateFile');
  const database = await openDatabase({ dataDir: 'memory://', ...(templateFile && { templateFile }) });
  if (options.programme) {
    const first = await database.forWorkspace(workspaceSchemaOf(`team:${FIRST_TEAM.id}`));
    await first.migrate();
    const parsed = parseProgrammeFile(options.programme);
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    await importProgramme(first.db, parsed.programme, { now: new Date() });
  }
  const config = loadBaseConfig({ DATA_DIR: 'memory://', PORT: '0', LOG_LEVEL: 'silent', SCHEDULER: 'off' });
  const running = await startPlayground({
    config,
    logger: createLogger('silent'),
    database,
    ownDatabase: true,
  });
  await running.ready;
  return {
    ...running,
    dispose: async () => {
      await running.stop();
      await database.close();
    },
  };
}

/**
 * The playground as `npm start` runs it on its own data folder (`ownDatabase`, as for ./data-playground):
 * started again on the same folder and port, it is a restart.
 */
export async function startPlaygroundOnDisk(
  dataDir: string,
  port: number,
  options: { fresh?: boolean } = {},
): Promise<RunningPlayground> {
  const config = loadBaseConfig({
    DATA_DIR: dataDir,
    PORT: String(port),
    LOG_LEVEL: 'silent',
    SCHEDULER: 'off',
  });
  const running = await startPlayground({
    config,
    logger: createLogger('silent'),
    ownDatabase: true,
    ...(options.fresh ? { fresh: true } : {}),
  });
  await running.ready;
  return running;
}

/** A port free on loopback just now, so that a restart can listen on the same one. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
