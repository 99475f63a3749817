import { loadBaseConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { importProgramme } from '../../src/db/programmeRepository.js';
import { parseProgrammeFile } from '../../src/domain/programmeFile.js';
import { createLogger } from '../../src/logger.js';
import { type RunningPlayground, startPlayground } from '../../src/playground/index.js';

/**
 * The playground as `npm start` runs it without Slack variables, in this process, on PGlite in memory.
 * With `programme` (YAML or JSON) that programme is loaded instead of the example.
 */
export async function startPlaygroundUnderTest(
  options: { programme?: string } = {},
): Promise<RunningPlayground & { dispose(): Promise<void> }> {
  const database = await openDatabase({ dataDir: 'memory://' });
  if (options.programme) {
    await database.migrate();
    const parsed = parseProgrammeFile(options.programme);
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    await importProgramme(database.db, parsed.programme, { now: new Date() });
  }
  const config = loadBaseConfig({ DATA_DIR: 'memory://', PORT: '0', LOG_LEVEL: 'silent', SCHEDULER: 'off' });
  const running = await startPlayground({ config, logger: createLogger('silent'), database });
  await running.ready;
  return {
    ...running,
    dispose: async () => {
      await running.stop();
      await database.close();
    },
  };
}
