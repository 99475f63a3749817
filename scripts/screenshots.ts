import type { Page } from 'playwright-core';
import { loadBaseConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { startPlayground } from '../src/playground/index.js';
import { findChromium, launchChromium } from '../tests/support/browser.js';

/**
 * `npm run screenshots`: the playground in Debian's Chromium. docs/playground.png (Dutch): a reminder
 * posted in #innovatie by the scheduler and the timeline answer; docs/playground-en.png (English): the
 * feedback form.
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

async function open(userId: string, locale: string): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 800 } });
  await context.addInitScript((id) => localStorage.setItem('koers-playground-user', id), userId);
  const page = await context.newPage();
  await page.goto(running.url);
  return page;
}

async function send(page: Page, name: string, text: string): Promise<void> {
  const composer = page.getByRole('textbox', { name });
  await composer.fill(text);
  await composer.press('Enter');
}

try {
  const dutch = await open('U0PGADMIN', 'nl-NL');
  await send(dutch, 'Bericht', '/project subscribe');
  await dutch.locator('.message').first().waitFor();
  await dutch.getByLabel('Tijd').fill('2017-09-28T09:30');
  await dutch.getByLabel('Tijd').dispatchEvent('change');
  await dutch.waitForTimeout(300);
  await dutch.getByRole('button', { name: /herinneringen/i }).click();
  await dutch.locator('.message:not(.ephemeral)', { hasText: 'Herinnering' }).waitFor();
  await send(dutch, 'Bericht', '/project timeline');
  await dutch.locator('.message', { hasText: 'Tijdlijn' }).last().waitFor();
  // The page renders the conversation anew on every update from Koers: try again when it did just then.
  for (let attempt = 1; ; attempt++) {
    try {
      await dutch.locator('.message:not(.ephemeral)', { hasText: 'Herinnering' }).scrollIntoViewIfNeeded();
      break;
    } catch (error) {
      if (attempt === 5) throw error;
      await dutch.waitForTimeout(200);
    }
  }
  await dutch.screenshot({ path: 'docs/playground.png' });
  console.log('wrote docs/playground.png');

  const english = await open('U0PGENGLISH', 'en-GB');
  await send(english, 'Message', '/project feedback');
  await english.getByRole('dialog').waitFor();
  await english.screenshot({ path: 'docs/playground-en.png' });
  console.log('wrote docs/playground-en.png');
} finally {
  await browser.close();
  await running.stop();
}
