import { PGLITE_TEMPLATE_FILE, writePgliteTemplate } from './db/client.js';

/** The last step of `npm run build`: the template a new embedded database starts from (see db/client.ts). */
const started = performance.now();
await writePgliteTemplate();
console.log(`${PGLITE_TEMPLATE_FILE} written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
