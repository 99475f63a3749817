import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../src/db/client.js';
import { SOCKET_PORT, socketFolder } from '../../src/db/sharedPglite.js';
import { temporaryFolder } from '../support/processes.js';

/*
 * The embedded database is one PostgreSQL session shared by the app and, through its socket, the CLI.
 * Here the CLI's side is a postgres.js client on that socket, as the CLI opens it, in the same process
 * so that the order of events can be watched.
 */

/** Drizzle runs a query each time it is awaited: this runs it once, now, as a plain promise. */
const runNow = <T>(query: PromiseLike<T>): Promise<T> => Promise.resolve(query);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function settledYet(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  return pause(0).then(() => settled);
}

describe('the embedded database served to the CLI', () => {
  const folder = temporaryFolder('koers-shared-');
  const dataDir = join(folder.path, 'data');
  let app: DatabaseHandle;
  let cli: postgres.Sql;
  /** A client on the app's socket with the options the CLI uses. */
  const connectAsTheCli = () =>
    postgres({
      host: socketFolder(dataDir),
      port: SOCKET_PORT,
      user: 'postgres',
      database: 'postgres',
      max: 1,
      prepare: false,
      onnotice: () => {},
    });

  beforeAll(async () => {
    const templateFile = inject('pgliteTemplateFile');
    app = await openDatabase({ dataDir, embedded: 'serve', ...(templateFile && { templateFile }) });
    await app.migrate();
    cli = connectAsTheCli();
    // A new data folder starts from the run's migrated template (tests/support/globalSetup.ts): no initdb.
  }, 180_000);
  afterAll(async () => {
    await cli?.end({ timeout: 1 });
    await app?.close();
    folder.remove();
  });

  it("an app query waits for the CLI's transaction, never sees half of it, and is no part of it", async () => {
    let appRead: Promise<unknown> | undefined;
    let appWrite: Promise<unknown> | undefined;
    await cli
      .begin(async (tx) => {
        await tx`insert into libraries (code, name) values ('HALF', 'Half imported')`;
        appRead = runNow(app.db.execute(sql`select code from libraries order by code`));
        appWrite = runNow(
          app.db.execute(sql`insert into libraries (code, name) values ('APP', 'By the app')`),
        );
        await pause(300);
        expect(await settledYet(appRead)).toBe(false);
        expect(await settledYet(appWrite)).toBe(false);
        throw new Error('the import is refused after all');
      })
      .catch((error: Error) => expect(error.message).toBe('the import is refused after all'));
    await appWrite;
    const read = JSON.stringify(await appRead);
    expect(read).not.toContain('HALF');
    // The app's write ran after the CLI's rollback, on its own: it stays.
    const codes = await cli`select code from libraries order by code`;
    expect(codes.map((row) => row.code)).toEqual(['APP']);
  });

  it('a CLI that leaves in the middle of a transaction holds up the app no longer than its going', async () => {
    const leaving = connectAsTheCli();
    // `cli` stands aside: the socket takes one client at a time.
    await cli.end({ timeout: 1 });
    await leaving.unsafe(`begin; insert into libraries (code, name) values ('GONE', 'Never committed')`);
    const appRead = runNow(app.db.execute(sql`select code from libraries order by code`));
    await pause(200);
    expect(await settledYet(appRead)).toBe(false);
    await leaving.end({ timeout: 0 });
    expect(JSON.stringify(await appRead)).not.toContain('GONE');
  });
});
