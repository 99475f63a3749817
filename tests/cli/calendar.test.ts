import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../support/cliInProcess.js';
import { postgresAvailable } from '../support/databases.js';
import { createEmptyDatabase, type EmptyDatabase, environment } from '../support/processes.js';

/*
 * `npm run koers -- calendar url|rotate` as an operator types it, on a real database (the commands
 * in-process: what they print is the point here; tests/cli/cli.test.ts runs the real process).
 * The address it prints is checked against the app in tests/e2e/calendarFeed.test.ts; here, what the
 * operator reads.
 */

const SIGNING_SECRET = 'cli-test-signing-secret-0123';
const ADDRESS = /^https:\/\/koers\.example\.org\/calendar\/[A-Za-z0-9_-]{43}\.ics$/m;
const NO_STACK_TRACE = /^\s+at /m;

for (const kind of ['pglite', 'postgres'] as const) {
  describe.skipIf(kind === 'postgres' && !postgresAvailable)(
    `npm run koers -- calendar … [${kind}]`,
    { timeout: 120_000 },
    () => {
      let database: EmptyDatabase;
      let env: Record<string, string>;
      beforeAll(async () => {
        database = await createEmptyDatabase(kind);
        env = environment({ ...database.env, SLACK_SIGNING_SECRET: SIGNING_SECRET });
      });
      afterAll(async () => {
        await database?.dispose();
      });

      // Each run is a process of its own (seconds on a busy machine): one run per behaviour.
      it('prints the path without PUBLIC_URL, the same address with it, and a new one after rotate', async () => {
        const pathOnly = await runCliInProcess(['calendar', 'url'], env);
        expect(pathOnly.code, pathOnly.stderr).toBe(0);
        const path = pathOnly.stdout.trim();
        expect(path).toMatch(/^\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
        expect(pathOnly.stderr).toContain(
          'PUBLIC_URL is niet gezet: dit is het pad op het eigen adres van Koers.',
        );

        const withUrl = { ...env, PUBLIC_URL: 'https://koers.example.org/' };
        const full = await runCliInProcess(['calendar', 'url'], withUrl);
        expect(full.code, full.stderr).toBe(0);
        // Made once, on first use: the same token, now with the public address.
        expect(ADDRESS.exec(full.stdout)?.[0]).toBe(`https://koers.example.org${path}`);
        expect(full.stdout).toContain(`webcal: webcal://koers.example.org${path}`);

        const rotated = await runCliInProcess(['calendar', 'rotate'], withUrl);
        expect(rotated.code, rotated.stderr).toBe(0);
        expect(rotated.stdout).toContain(
          'Er is een nieuw agenda-adres gemaakt; het oude geeft vanaf nu 404.',
        );
        const after = ADDRESS.exec(rotated.stdout)?.[0];
        expect(after).toBeDefined();
        expect(after).not.toBe(`https://koers.example.org${path}`);
      });

      it('says to rotate when the signing secret changed since the address was made', async () => {
        const changed = await runCliInProcess(['calendar', 'url'], {
          ...env,
          SLACK_SIGNING_SECRET: 'another-secret-456',
        });
        expect(changed.code).toBe(1);
        expect(changed.stderr).toContain('SLACK_SIGNING_SECRET is veranderd sinds het adres is gemaakt');
        expect(changed.stderr).toContain('calendar rotate');
        expect(changed.stderr).not.toMatch(NO_STACK_TRACE);
      });

      it('speaks English with --lang en', async () => {
        const result = await runCliInProcess(['calendar', 'url', '--lang', 'en'], env);
        expect(result.code, result.stderr).toBe(0);
        expect(result.stderr).toContain("PUBLIC_URL is not set: this is the path on Koers's own address.");
      });

      // The configuration is checked before any database is opened: once is enough.
      it.runIf(kind === 'pglite')(
        'names a missing signing secret, a plain-http PUBLIC_URL and a missing action',
        async () => {
          const { SLACK_SIGNING_SECRET: _secret, ...withoutSecret } = env;
          const [missing, plainHttp, usage] = await Promise.all([
            runCliInProcess(['calendar', 'url'], withoutSecret),
            runCliInProcess(['calendar', 'url'], { ...env, PUBLIC_URL: 'http://koers.example.org' }),
            runCliInProcess(['calendar'], env),
          ]);
          expect(missing.code).toBe(1);
          expect(missing.stderr).toContain('De configuratie heeft een probleem:');
          expect(missing.stderr).toContain(
            'SLACK_SIGNING_SECRET ontbreekt (Basic Information → Signing Secret)',
          );
          expect(plainHttp.code).toBe(1);
          expect(plainHttp.stderr).toContain('PUBLIC_URL moet beginnen met https://');
          expect(usage.code).toBe(2);
          expect(usage.stderr).toContain('calendar heeft "url" of "rotate" nodig');
          for (const result of [missing, plainHttp, usage]) expect(result.stderr).not.toMatch(NO_STACK_TRACE);
        },
      );
    },
  );
}
