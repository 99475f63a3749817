/**
 * `npm run build`'s last step: dist/main.js and everything it loads, Bolt's package graph included, in
 * a few files under dist/start/, which `npm start` runs. Node resolves, reads and compiles hundreds of
 * small files one by one; the start-up profile put that at 40 % of the time to a ready /healthz. The
 * dynamic imports stay separate chunks, so what a first request does not need still loads later.
 *
 * dist/start/ is one folder below dist/, as dist/db/ is: the paths src/ resolves against its own
 * module (`../../drizzle`, `../../dist/pglite-template.tar.gz`) mean the same from either.
 */
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/main.js'],
  outdir: 'dist/start',
  bundle: true,
  splitting: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // Loaded from node_modules as they are: PGlite finds its WebAssembly and data files beside its own
  // module, pino starts worker threads from files of its own, and the spreadsheet and calendar writers
  // load only on first use anyway.
  external: ['@electric-sql/pglite', '@electric-sql/pglite-socket', 'pino', 'exceljs', 'ical-generator'],
  // Bolt and its dependencies are CommonJS and call require() for Node's own modules.
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
