/**
 * `npm start` builds only what is out of date. `npm run build` ends by writing dist/build-stamp: a hash
 * of everything the build reads (the sources, the page's sources, the migrations, the example programme,
 * the lockfile, the build's own scripts and settings). `prestart` runs this script: when the stamp
 * matches the files as they are now and the build's outputs are all there, nothing is built and the app
 * starts at once; otherwise it runs the full `npm run build`.
 *
 *   node scripts/buildStamp.mjs          build when out of date (prestart)
 *   node scripts/buildStamp.mjs write    record what dist/ was just built from (end of npm run build)
 *   node scripts/buildStamp.mjs clear    forget it (start of npm run build, so a failed build is redone)
 *
 * Plain JavaScript with Node's own modules only: under tsx this check would cost more than it saves.
 * Paths are relative to the working folder, which npm sets to the package's root.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the build reads: folders are read whole. */
const BUILD_INPUTS = [
  'src',
  'drizzle',
  'programme/example.yml',
  'programme/playground-veldeland.yml',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'tsconfig.page.json',
  'scripts/bundle.ts',
  'scripts/buildStamp.mjs',
];

/** What the build writes and `npm start` needs; one missing (deleted by hand) means a rebuild. */
const BUILD_OUTPUTS = [
  'dist/start/main.js',
  'dist/pglite-template.tar.gz',
  'dist/pglite-example-template.tar.gz',
  'dist/playground-page',
];

const STAMP_FILE = 'dist/build-stamp';

function filesUnder(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
}

/** One hash over the inputs' paths and contents: a file added, removed, renamed or changed changes it. */
function inputsHash() {
  const hash = createHash('sha256');
  for (const input of BUILD_INPUTS) {
    for (const file of filesUnder(input)) {
      hash.update(`${file.split('\\').join('/')}\0`);
      hash.update(readFileSync(file));
      hash.update('\0');
    }
  }
  return hash.digest('hex');
}

/** Why dist/ is out of date, or null when it is what the current files build to. */
function whyStale() {
  if (!existsSync(STAMP_FILE)) return 'no finished build recorded in dist/';
  const missing = BUILD_OUTPUTS.find((output) => !existsSync(output));
  if (missing) return `${missing} is missing`;
  if (readFileSync(STAMP_FILE, 'utf8').trim() !== inputsHash()) return 'sources changed since the last build';
  return null;
}

const command = process.argv[2] ?? 'ensure';
if (command === 'write') {
  writeFileSync(STAMP_FILE, `${inputsHash()}\n`);
} else if (command === 'clear') {
  rmSync(STAMP_FILE, { force: true });
} else if (command === 'ensure') {
  const reason = whyStale();
  if (reason === null) {
    console.log('Build up to date: nothing to build.');
  } else {
    console.log(`Building (${reason}) …`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const build = spawnSync(npm, ['run', '--silent', 'build'], { stdio: 'inherit' });
    process.exitCode = build.status ?? 1;
  }
} else {
  console.error(`Unknown command "${command}": use write, clear or nothing.`);
  process.exitCode = 2;
}
