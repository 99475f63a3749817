import { Writable } from 'node:stream';
import { runKoersCli } from '../../src/koersCli.js';
import type { ProcessResult } from './processes.js';

/**
 * `npm run koers -- ARGS` without a process: the same commands (src/koersCli.ts, which src/cli.ts runs)
 * on the same real database, with the variables given and what they print caught. For a test about a
 * command's output and exit code; a few tests in tests/cli still start the real process, for what only
 * the process shows (the entry point, a signal, a data folder held by another process).
 */
export async function runCliInProcess(args: string[], env: Record<string, string>): Promise<ProcessResult> {
  let stdout = '';
  let stderr = '';
  const text = (chunk: string | Uint8Array) =>
    typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
  const code = await runKoersCli(args, {
    env: { ...env },
    stdout: {
      write: (chunk: string | Uint8Array) => {
        stdout += text(chunk);
      },
    },
    stderr: {
      write: (chunk: string) => {
        stderr += chunk;
      },
    },
    logTo: new Writable({
      write(chunk: Buffer, _encoding, done) {
        stdout += chunk.toString();
        done();
      },
    }),
  });
  return { code, signal: null, stdout, stderr };
}

/** `npm run koers -- export -` in-process: the programme as the database holds it, or an error naming why not. */
export async function exportedProgrammeInProcess(env: Record<string, string>): Promise<string> {
  const result = await runCliInProcess(['export', '-'], env);
  if (result.code !== 0) throw new Error(`export failed (${result.code}): ${result.stderr}`);
  return result.stdout;
}
