import { loadBaseConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { startPlayground } from '../src/playground/index.js';
import { findChromium, launchChromium } from '../tests/support/browser.js';

/**
 * `npm run screenshots`: the playground in Debian's Chromium, as a new user first sees it: the status
 * answer in #innovatie and the feedback form. Writes docs/playground.png (Dutch) and docs/playground-en.png.
 */
const executable = findChromium();
if (!executable) {
  console.error('No chromium on the PATH: install it (apt-get install -y chromium).');
  process.exit(1);
}
const config = loadBaseConfig({ DATA_DIR: 'memory://', PORT: '0', LOG_LEVEL: 'silent', SCHEDULER: 'off' });
const running = await startPlayground({ config, logger: createLogger('silent') });
await running.ready;
const browser = await launchChromium(executable);
try {
  for (const [user, file, message] of [
    ['U0PGADMIN', 'docs/playground.png', 'Bericht'],
    ['U0PGENGLISH', 'docs/playground-en.png', 'Message'],
  ] as const) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript((id) => localStorage.setItem('koers-playground-user', id), user);
    await page.goto(running.url);
    const composer = page.getByRole('textbox', { name: message });
    await composer.fill('/project timeline');
    await composer.press('Enter');
    await page.locator('.message').first().waitFor();
    await composer.fill('/project status');
    await composer.press('Enter');
    await page.locator('.message').nth(1).waitFor();
    await page.screenshot({ path: file });
    console.log(`wrote ${file}`);
    await page.close();
  }
} finally {
  await browser.close();
  await running.stop();
}
