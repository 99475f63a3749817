import { PGLITE_EXAMPLE_TEMPLATE_FILE, PGLITE_TEMPLATE_FILE, writePgliteTemplate } from './db/client.js';
import { importExampleProgramme } from './db/exampleProgramme.js';

/** The last step of `npm run build`: the templates a new embedded database starts from (see db/client.ts). */
const started = performance.now();
await writePgliteTemplate(PGLITE_TEMPLATE_FILE, {
  file: PGLITE_EXAMPLE_TEMPLATE_FILE,
  // Built once, at build time: its rows are as of then, whatever clock the app later runs on.
  seed: (db) => importExampleProgramme(db, new Date()),
});
console.log(
  `${PGLITE_TEMPLATE_FILE} and ${PGLITE_EXAMPLE_TEMPLATE_FILE} written in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
