import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EXAMPLE_FILE,
  environment,
  REPO_ROOT,
  type RunningApp,
  runCli,
  startApp,
  temporaryFolder,
} from '../support/processes.js';

/*
 * A newcomer runs `npm start` without Slack variables (the playground, on ./data-playground) and then
 * `npm run koers -- import FILE --check` beside it, in the same folder. Real processes, as a user runs them.
 */

const EXAMPLE = join(REPO_ROOT, EXAMPLE_FILE);

describe('the CLI beside the running playground', () => {
  const folder = temporaryFolder('koers-beside-playground-');
  let playground: RunningApp | undefined;

  beforeAll(async () => {
    playground = await startApp(environment({ PORT: '0', SCHEDULER: 'off' }), {
      cwd: folder.path,
      timeoutMs: 120_000,
    });
  }, 150_000);
  afterAll(async () => {
    await playground?.stop();
    folder.remove();
  });

  it("without DATA_DIR, --check compares with the playground's first workspace, says so, and creates no ./data", async () => {
    const result = await runCli(['import', EXAMPLE, '--check'], environment(), 60_000, folder.path);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      `Database: ingebouwd, ${join(folder.path, 'data-playground')}, via het draaiende Koers-proces met pid ${playground!.pid}; werkruimte BiSC Utrecht (T0PLAYGROUND).`,
    );
    expect(result.stdout).toContain(`${EXAMPLE}: controle; inladen zou niets veranderen.`);
    expect(existsSync(join(folder.path, 'data'))).toBe(false);
  });

  it('with DATA_DIR=./data-playground it joins the playground at once instead of calling it busy', async () => {
    const started = Date.now();
    const result = await runCli(
      ['import', EXAMPLE, '--check', '--lang', 'en'],
      environment({ DATA_DIR: './data-playground' }),
      60_000,
      folder.path,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('in use by another Koers process');
    expect(result.stdout).toContain(`through the running Koers, pid ${playground!.pid}`);
    expect(result.stdout).toContain('an import would change nothing');
    // tsx and the CLI's own start take a few seconds on this machine; the old wait for a socket was 16.
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('--check without any database', () => {
  const folder = temporaryFolder('koers-check-nothing-');
  afterAll(() => folder.remove());

  it('compares with an empty programme, says there is no database yet, and creates no folder', async () => {
    const result = await runCli(['import', EXAMPLE, '--check'], environment(), 60_000, folder.path);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      `Er is nog geen database in ${join(folder.path, 'data')}: vergeleken met een lege; er is niets aangemaakt.`,
    );
    expect(result.stdout).toContain('controle; er is niets geschreven');
    expect(existsSync(join(folder.path, 'data'))).toBe(false);
  });
});
