import type { Page } from 'playwright-core';
import { loadBaseConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { startPlayground } from '../src/playground/index.js';
import { findChromium, launchChromium } from '../tests/support/browser.js';

/**
 * `npm run screenshots`: the playground in Debian's Chromium. docs/playground.png (Dutch): the first
 * minute (the banner, the welcome in #innovatie, the reminder Koers posts there) and a timeline answer; docs/playground-en.png (English): the
 * feedback form.
 */
const executable = findChromium();
if (!executable) {
  console.error('No chromium on the PATH: install it (apt-get install -y chromium).');
  process.exit(1);
}
const config = loadBaseConfig({ DATA_DIR: 'memory://', PORT: '0', LOG_LEVEL: 'silent', SCHEDULER: 'off' });
const running = await startPlayground({ config, logger: createLogger('silent'), ownDatabase: true });
await running.ready;
const browser = await launchChromium(executable);

async function open(userId: string, locale: string): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 1000 } });
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
  // The first minute: the welcome, the reminder as Koers posts it, and the answer to one click.
  const welcome = dutch.getByRole('region', { name: 'Welkom bij Koers' });
  await dutch.locator('.message:not(.ephemeral)', { hasText: 'Herinnering' }).waitFor();
  await welcome.getByRole('button', { name: '/project tijdlijn' }).click();
  await dutch.locator('.message.ephemeral', { hasText: 'Tijdlijn' }).last().waitFor();
  await dutch.waitForTimeout(300);
  // From the top of the channel: the welcome first, then the reminder and the answer.
  await dutch.locator('.log').evaluate((log) => {
    log.scrollTop = 0;
  });
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
