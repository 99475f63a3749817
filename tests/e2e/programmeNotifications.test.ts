import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { programmeChannel } from '../../src/db/programmeChanges.js';
import { ProgrammeStore } from '../../src/db/programmeStore.js';
import { addProjectUpdate } from '../../src/db/projectRepository.js';
import {
  createTestDatabase,
  describeOnBothDatabases,
  postgresAvailable,
  type TestDatabase,
} from '../support/databases.js';
import {
  importExample,
  type KoersUnderTest,
  SIGNING_SECRET,
  startKoersUnderTest,
} from '../support/koersUnderTest.js';
import { EXAMPLE_FILE, environment, REPO_ROOT, runCli, temporaryFolder } from '../support/processes.js';
import { askProject } from '../support/slackRequests.js';
import { proxyInFrontOf, type TcpProxy } from '../support/tcpProxy.js';

/*
 * Answers come from a programme snapshot that moves on when the database announces a change (LISTEN /
 * NOTIFY), not from a version query per answer. What a user must never notice: an answer older than a
 * change they made, a change made elsewhere that stays unseen, or a missed announcement that leaves the
 * old programme in place for good.
 */

const NEW_PROJECT = 'Leesclub Lichtstad';

/** The example programme with one project more: what an operator imports from another process. */
function exampleWithNewProject(folder: string): string {
  const file = join(folder, 'programme.yml');
  const example = readFileSync(join(REPO_ROOT, EXAMPLE_FILE), 'utf8');
  const project = [
    '  - slug: leesclub-lichtstad',
    `    name: ${NEW_PROJECT}`,
    '    status: idea',
    '    partners: [AVV]',
    '    description: Een leesclub in de bibliotheek van Lichtstad.',
    '',
  ].join('\n');
  writeFileSync(file, example.replace('projects:\n', `projects:\n${project}`));
  return file;
}

/** The answer the user ends up with: in the ack, or, when that took too long, via the response_url. */
async function ask(app: KoersUnderTest, text: string): Promise<string> {
  const answer = await askProject({ ...app, signingSecret: SIGNING_SECRET }, text);
  expect(answer.status).toBe(200);
  return answer.text;
}

async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describeOnBothDatabases('a programme snapshot that follows the database', (database) => {
  let store: ProgrammeStore;

  beforeAll(async () => {
    await importExample(database());
    store = new ProgrammeStore(database().handle.db);
    store.follow(database().handle);
  });
  afterAll(async () => {
    await store?.close();
  });

  const statusOf = async (slug: string) =>
    (await store.current())?.projects.find((project) => project.slug === slug)?.status;

  it('shows an update to the instance that wrote it, at once', async () => {
    const before = await statusOf('social-crm');
    expect(before).toBeDefined();
    const others = (['running', 'paused', 'completed', 'idea'] as const).filter(
      (status) => status !== before,
    );
    for (const status of others) {
      await addProjectUpdate(
        database().handle.db,
        {
          slug: 'social-crm',
          status,
          note: `nu ${status}`,
          nextMilestone: null,
          author: 'UNL',
        },
        new Date(),
      );
      expect(await statusOf('social-crm')).toBe(status);
    }
  });

  it('sees a change another writer announces within a second', async () => {
    const before = (await store.current())?.info.name;
    // Another instance's transaction, as it reaches this one: the rows and the announcement, nothing local.
    await database().handle.db.transaction(async (t) => {
      await t.execute(sql`update programme set name = 'Programma van elders', version = version + 1`);
      await t.execute(
        sql`select pg_notify(${programmeChannel('public')}, (select version::text from programme))`,
      );
    });
    expect(before).not.toBe('Programma van elders');
    expect(
      await eventually(async () => (await store.current())?.info.name === 'Programma van elders', 1_000),
    ).toBe(true);
  });
});

/*
 * Two processes on one PostgreSQL server: Koers answering in this one, an operator's `koers import` in
 * another. The embedded PGlite belongs to one process only, so these have no PGlite half.
 */
describe.skipIf(!postgresAvailable)('two processes on one database [postgres]', () => {
  let server: TestDatabase;
  let app: KoersUnderTest;
  const folder = temporaryFolder('koers-notify-');

  beforeAll(async () => {
    server = await createTestDatabase('postgres');
    app = await startKoersUnderTest(server);
  });
  afterAll(async () => {
    await app?.stop();
    await server?.drop();
    folder.remove();
  });

  it('an import in another process reaches the answers within a second', async () => {
    expect(await ask(app, 'status')).not.toContain(NEW_PROJECT);
    const result = await runCli(
      ['import', exampleWithNewProject(folder.path)],
      environment({ DATABASE_URL: server.url }),
    );
    expect(result.code, result.stderr).toBe(0);
    expect(await eventually(async () => (await ask(app, 'status')).includes(NEW_PROJECT), 1_000)).toBe(true);
  });
});

describe.skipIf(!postgresAvailable)('when the listening connection drops and comes back [postgres]', () => {
  let server: TestDatabase;
  let proxy: TcpProxy;
  let app: KoersUnderTest;
  let admin: postgres.Sql;
  const folder = temporaryFolder('koers-notify-');

  beforeAll(async () => {
    server = await createTestDatabase('postgres');
    const { proxy: front, url: throughProxy } = await proxyInFrontOf(server.url!);
    proxy = front;
    const handle = await openDatabase({ databaseUrl: throughProxy, dataDir: '' });
    app = await startKoersUnderTest({ ...server, url: throughProxy, handle });
    admin = postgres(server.url!, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await app?.stop();
    await admin?.end();
    await proxy?.close();
    await server?.drop();
    folder.remove();
  });

  /** Koers listens again: its own connection waits on LISTEN on the server. */
  const listening = async () => {
    const [row] = await admin<{ count: number }[]>`
      select count(*)::int as count from pg_stat_activity
      where datname = current_database() and state = 'idle' and query ilike 'listen%'`;
    return row?.count === 1;
  };

  it('reads the programme again, so a change announced while it was away is not missed', async () => {
    expect(await eventually(listening, 10_000)).toBe(true);
    expect(await ask(app, 'status')).not.toContain(NEW_PROJECT);

    proxy.cut();
    // While it cannot hear, it does not answer from what may be old.
    expect(await ask(app, 'status')).toContain('Probeer het over een minuut opnieuw');
    const result = await runCli(
      ['import', exampleWithNewProject(folder.path)],
      environment({ DATABASE_URL: server.url }),
    );
    expect(result.code, result.stderr).toBe(0);
    proxy.restore();

    // No answer in between: only the read after listening again can bring the change.
    expect(await eventually(listening, 15_000)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await ask(app, 'status')).toContain(NEW_PROJECT);
  });
});
