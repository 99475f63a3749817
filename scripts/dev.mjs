/**
 * `npm run dev`: the playground (Koers under tsx, no build) restarted whenever a file it loads changes,
 * and the playground's page recompiled whenever one of its sources changes (reload the browser tab).
 * Slack variables in the environment or `.env` make it the real app instead, restarted the same way.
 * Ctrl-C stops both.
 */
import { spawn, spawnSync } from 'node:child_process';

const bin = (name) => `node_modules/.bin/${name}${process.platform === 'win32' ? '.cmd' : ''}`;

// The page must exist before the first request for it: compile it once, then keep it compiled.
const first = spawnSync(bin('tsc'), ['-p', 'tsconfig.page.json'], { stdio: 'inherit' });
if (first.status !== 0) console.error('The playground page has type errors; Koers starts all the same.');

const children = [
  spawn(bin('tsc'), ['-p', 'tsconfig.page.json', '--watch', '--preserveWatchOutput'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  }),
  spawn(bin('tsx'), ['watch', '--clear-screen=false', 'src/main.ts'], { stdio: 'inherit' }),
];

let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exitCode = code;
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stop(0));
for (const child of children) child.on('exit', (code) => stop(code ?? 0));
