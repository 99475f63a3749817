import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { proposeIdea } from '../../src/db/ideaRepository.js';
import { outbox } from '../../src/db/schema.js';
import { postgresAvailable } from '../support/databases.js';
import { createEmptyDatabase, type EmptyDatabase, environment, runCli } from '../support/processes.js';

/* `npm run koers -- ideas`: what waits for the admins, and what Koers gave up sending, on both databases. */
for (const kind of ['pglite', 'postgres'] as const) {
  describe.skipIf(kind === 'postgres' && !postgresAvailable)(`koers ideas [${kind}]`, () => {
    let database: EmptyDatabase;

    beforeAll(async () => {
      database = await createEmptyDatabase(kind);
      const handle = await openDatabase({
        databaseUrl: database.env.DATABASE_URL,
        dataDir: database.env.DATA_DIR ?? '',
        templateFile: inject('pgliteTemplateFile'),
      });
      try {
        await handle.migrate();
        await proposeIdea(
          handle.db,
          {
            title: 'Bibliotheek aan huis',
            description: 'Boeken',
            theme: '',
            libraryCodes: [],
            proposedBy: 'UPROP',
          },
          ['UADMIN'],
          new Date(),
        );
        await handle.db.insert(outbox).values({
          kind: 'project_update_post',
          recipient: 'CGONE',
          payload: {},
          dedupeKey: 'gone',
          status: 'failed',
          lastError: 'channel_not_found',
        });
      } finally {
        await handle.close();
      }
    }, 60_000);
    afterAll(async () => {
      await database?.dispose();
    });

    it('lists the ideas waiting for a decision and the messages not delivered, in Dutch and English', async () => {
      const dutch = await runCli(['ideas'], environment(database.env));
      expect(dutch.code, dutch.stderr).toBe(0);
      expect(dutch.stdout).toContain('Ideeën die wachten op een besluit: 1');
      expect(dutch.stdout).toMatch(/#\d+ Bibliotheek aan huis \(voorgesteld door UPROP, /);
      expect(dutch.stdout).toContain('Niet bezorgd (Koers probeert het niet meer): 1');
      expect(dutch.stdout).toContain('Projectupdate aan CGONE: channel_not_found');
      const english = await runCli(['ideas', '--lang', 'en'], environment(database.env));
      expect(english.stdout).toContain('Ideas waiting for a decision: 1');
      expect(english.stdout).toContain('Project update to CGONE: channel_not_found');
    }, 60_000);
  });
}
