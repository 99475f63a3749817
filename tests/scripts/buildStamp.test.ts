import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, temporaryFolder } from '../support/processes.js';

/**
 * `npm start`'s prestart, in a folder laid out like Koers whose `npm run build` only counts its runs and
 * writes the outputs: what is rebuilt when, without spending a real build on each case. (Each build is
 * still a real `npm run`, seconds on a busy machine, hence the few cases and the longer timeouts.)
 */
const FAKE_BUILD = [
  'node scripts/buildStamp.mjs clear',
  'node -e "' +
    "const fs=require('fs');" +
    "if(fs.existsSync('fail-build'))process.exit(1);" +
    "fs.appendFileSync('builds.log','built\\n');" +
    "fs.mkdirSync('dist/start',{recursive:true});fs.mkdirSync('dist/playground-page',{recursive:true});" +
    "for(const f of ['dist/start/main.js','dist/pglite-template.tar.gz','dist/pglite-example-template.tar.gz'])fs.writeFileSync(f,'');" +
    '"',
  'node scripts/buildStamp.mjs write',
].join(' && ');

let folder: { path: string; remove(): void };

function write(path: string, text: string): void {
  mkdirSync(join(folder.path, path, '..'), { recursive: true });
  writeFileSync(join(folder.path, path), text);
}

/** `npm start`'s first step; how many builds have run so far afterwards. */
function prestart(): { builds: number; output: string; code: number | null } {
  const run = spawnSync(process.execPath, ['scripts/buildStamp.mjs'], { cwd: folder.path, encoding: 'utf8' });
  let builds = 0;
  try {
    builds = readFileSync(join(folder.path, 'builds.log'), 'utf8').split('\n').filter(Boolean).length;
  } catch {}
  return { builds, output: run.stdout + run.stderr, code: run.status };
}

beforeEach(() => {
  folder = temporaryFolder('koers-stamp-');
  mkdirSync(join(folder.path, 'scripts'));
  copyFileSync(join(REPO_ROOT, 'scripts/buildStamp.mjs'), join(folder.path, 'scripts/buildStamp.mjs'));
  write(
    'package.json',
    JSON.stringify({ name: 'stamp-test', private: true, scripts: { build: FAKE_BUILD } }),
  );
  write('package-lock.json', '{"lockfileVersion":3}\n');
  write('src/main.ts', 'export const a = 1;\n');
  write('src/playground/page/app.ts', 'export const page = 1;\n');
  write('drizzle/0000_init.sql', 'create table t (id int);\n');
  write('programme/example.yml', 'name: example\n');
});
afterEach(() => folder.remove());

describe('npm start builds only what is out of date', () => {
  it('builds on the first start and not again while nothing changed', () => {
    expect(prestart()).toMatchObject({ builds: 1, code: 0 });
    const again = prestart();
    expect(again).toMatchObject({ builds: 1, code: 0 });
    expect(again.output).toContain('Build up to date');
  });

  it('rebuilds on the next start after any input changed or an output went missing, and only then', () => {
    const changes: [string, () => void][] = [
      ['a source file changed', () => write('src/main.ts', 'export const a = 2;\n')],
      ['a source file added', () => write('src/usecases/new.ts', 'export {};\n')],
      ['a migration added', () => write('drizzle/0001_more.sql', 'alter table t add b int;\n')],
      ['the lockfile changed', () => write('package-lock.json', '{"lockfileVersion":3,"packages":{}}\n')],
      ['the example programme changed', () => write('programme/example.yml', 'name: other\n')],
      ['an output was deleted', () => rmSync(join(folder.path, 'dist/start/main.js'))],
    ];
    expect(prestart().builds).toBe(1);
    let expected = 1;
    for (const [what, change] of changes) {
      change();
      expected += 1;
      expect(prestart(), what).toMatchObject({ builds: expected, code: 0 });
      expect(prestart().builds, `${what}, started again`).toBe(expected);
    }
  }, 180_000);

  it('after a failed build, builds again on the next start even when the sources are put back', () => {
    expect(prestart().builds).toBe(1);
    write('src/main.ts', 'export const a = 2;\n');
    write('fail-build', '');
    expect(prestart().code).not.toBe(0);
    write('src/main.ts', 'export const a = 1;\n');
    rmSync(join(folder.path, 'fail-build'));
    expect(prestart()).toMatchObject({ builds: 2, code: 0 });
  }, 60_000);

  it('npm start runs the check and npm run build stays a full build that records the stamp', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.prestart).toBe('node scripts/buildStamp.mjs');
    const steps = (pkg.scripts.build ?? '').split(' && ');
    expect(steps[0]).toBe('node scripts/buildStamp.mjs clear');
    expect(steps.at(-1)).toBe('node scripts/buildStamp.mjs write');
    expect(steps).toContain('tsc -p tsconfig.build.json');
    expect(steps).toContain('tsc -p tsconfig.page.json');
    execFileSync(process.execPath, ['--check', join(REPO_ROOT, 'scripts/buildStamp.mjs')]);
  });
});
