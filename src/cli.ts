import { loadDotEnv } from './config.js';
import { runKoersCli } from './koersCli.js';

/** `npm run koers -- …`: the process around the commands of koersCli.ts. */

// `koers … | head` closes the pipe early: that is the reader's choice, not an error to report.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await runKoersCli(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  // Inside the run, so that a .env it cannot read is reported like any other problem, not as a stack trace.
  loadDotEnv: () => loadDotEnv(),
});
