import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client.js';
import { addStoredAdmin, storedAdminIds } from '../../src/db/peopleRepository.js';
import { programmeChannel } from '../../src/db/programmeChanges.js';
import { importProgramme, loadProgramme } from '../../src/db/programmeRepository.js';
import { ProgrammeStore } from '../../src/db/programmeStore.js';
import { dropWorkspaceSchema } from '../../src/db/workspaceSchemas.js';
import { parseProgrammeFile } from '../../src/domain/programmeFile.js';
import { workspaceSchemaOf } from '../../src/domain/workspaces.js';
import { describeOnBothDatabases } from '../support/databases.js';

/*
 * Each installed workspace keeps its data in a schema of its own: its handle sees only that schema,
 * whatever runs beside it on the same database (on PGlite: the same one session).
 */

function programmeNamed(name: string, project: string) {
  const parsed = parseProgrammeFile(
    [
      'programme:',
      `  name: ${name}`,
      '  organisation: Bibliotheekservice',
      'libraries:',
      '  - code: BIBA',
      '    name: Bibliotheek A',
      'projects:',
      `  - slug: ${project.toLowerCase().replaceAll(' ', '-')}`,
      `    name: ${project}`,
      '    status: running',
      '    partners: [BIBA]',
      'phases: []',
    ].join('\n'),
  );
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.programme;
}

/** postgres.js hands back the rows, PGlite a result holding them. */
function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

describeOnBothDatabases('workspace schemas', (database) => {
  let one: DatabaseHandle;
  let two: DatabaseHandle;

  beforeAll(async () => {
    one = await database().handle.forWorkspace(workspaceSchemaOf('team:T1'));
    two = await database().handle.forWorkspace(workspaceSchemaOf('team:T2'));
    await one.migrate();
    await two.migrate();
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
  });

  it('gives each workspace the tables of public, empty, and brings them up to date idempotently', async () => {
    expect(await loadProgramme(one.db)).toBeNull();
    await one.migrate();
    const tables = async (schema: string) =>
      rowsOf<{ table_name: string }>(
        await database().handle.db.execute(
          sql`select table_name from information_schema.tables where table_schema = ${schema} order by 1`,
        ),
      ).map((row) => row.table_name);
    const inPublic = await tables('public');
    const inOne = await tables('ws_team_t1');
    expect(inOne).toEqual(expect.arrayContaining(inPublic.filter((name) => name !== '__drizzle_migrations')));
    expect(inOne).toContain('koers_migrations');
  });

  it('keeps what each workspace writes in its own schema, also with their statements interleaved', async () => {
    await importProgramme(one.db, programmeNamed('Programma Een', 'Leesbevordering'), { now: new Date() });
    await importProgramme(two.db, programmeNamed('Programma Twee', 'Makerspace'), { now: new Date() });
    // Many statements of both workspaces and of public at once: on PGlite they share one session.
    const reads = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        i % 3 === 0
          ? loadProgramme(one.db)
          : i % 3 === 1
            ? loadProgramme(two.db)
            : loadProgramme(database().handle.db),
      ),
    );
    reads.forEach((read, i) => {
      if (i % 3 === 0) expect(read?.info.name).toBe('Programma Een');
      else if (i % 3 === 1) expect(read?.info.name).toBe('Programma Twee');
      else expect(read).toBeNull();
    });
    await Promise.all([
      one.db.transaction(async (t) => {
        await addStoredAdmin(t as never, 'UONE', 'test', new Date());
        await new Promise((resolve) => setTimeout(resolve, 20));
      }),
      addStoredAdmin(two.db, 'UTWO', 'test', new Date()),
    ]);
    expect(await storedAdminIds(one.db)).toEqual(['UONE']);
    expect(await storedAdminIds(two.db)).toEqual(['UTWO']);
    expect(await storedAdminIds(database().handle.db)).toEqual([]);
  });

  it("tells each workspace's programme snapshot of its own writes only", async () => {
    const heard: string[] = [];
    const subscription = one.listen(programmeChannel(one.schema), {
      onNotify: (payload) => heard.push(payload),
      onListening: () => {},
      onLost: () => {},
    });
    const store = new ProgrammeStore(two.db);
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await importProgramme(two.db, programmeNamed('Programma Twee', 'Makerspace 2'), { now: new Date() });
      expect((await store.current())?.projects.map((project) => project.name)).toContain('Makerspace 2');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(heard).toEqual([]);
      await importProgramme(one.db, programmeNamed('Programma Een', 'Leesclub'), { now: new Date() });
      await expect.poll(() => heard.length).toBe(1);
    } finally {
      await subscription.stop();
      await store.close();
    }
  });

  it('drops a workspace with everything in it, leaving the others', async () => {
    const three = await database().handle.forWorkspace(workspaceSchemaOf('team:T3'));
    await three.migrate();
    await importProgramme(three.db, programmeNamed('Programma Drie', 'Podcast'), { now: new Date() });
    await three.close();
    await dropWorkspaceSchema(database().handle.db, 'ws_team_t3');
    const schemas = await database().handle.db.execute(
      sql`select schema_name from information_schema.schemata where schema_name like 'ws_team_%' order by 1`,
    );
    const rows = rowsOf<{ schema_name: string }>(schemas);
    expect(rows.map((row) => row.schema_name)).toEqual(['ws_team_t1', 'ws_team_t2']);
    expect((await loadProgramme(one.db))?.info.name).toBe('Programma Een');
  });
});
