import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlaygroundPage, findChromium, launchChromium } from '../support/browser.js';
import { startPlaygroundUnderTest } from '../support/playgroundUnderTest.js';

/*
 * What a newcomer runs into in the first minutes with the playground, in Debian's Chromium: the page
 * by its accessible names, the real Koers behind it (Bolt, PGlite in memory, the example programme).
 */

const chromiumPath = findChromium();
if (!chromiumPath) {
  if (process.env.CI === 'true')
    throw new Error('CI=true but no chromium on the PATH: the browser tests must run');
  console.warn('playground browser tests skipped: no chromium on the PATH (apt-get install -y chromium)');
}

const ADMIN = 'U0PGADMIN';
const ENGLISH = 'U0PGENGLISH';

describe.skipIf(!chromiumPath)('a newcomer in the playground', { timeout: 60_000 }, () => {
  let running: Awaited<ReturnType<typeof startPlaygroundUnderTest>>;
  let browser: Browser;

  beforeAll(async () => {
    buildPlaygroundPage();
    running = await startPlaygroundUnderTest();
    browser = await launchChromium(chromiumPath as string);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await running?.dispose();
  });

  async function openAs(userId: string): Promise<Page> {
    const context = await browser.newContext({ locale: 'nl-NL' });
    await context.addInitScript((id) => localStorage.setItem('koers-playground-user', id), userId);
    const page = await context.newPage();
    await page.goto(running.url);
    await page.getByRole('textbox', { name: /Bericht|Message/ }).waitFor();
    return page;
  }

  async function send(page: Page, channel: string, text: string): Promise<void> {
    await page.getByRole('button', { name: channel, exact: true }).click();
    const composer = page.getByRole('textbox', { name: /Bericht|Message/ });
    await composer.fill(text);
    await composer.press('Enter');
  }

  async function setClock(page: Page, at: string): Promise<void> {
    await page.getByLabel('Tijd').fill(at);
    await page.getByLabel('Tijd').dispatchEvent('change');
    await expect.poll(() => running.playground.clock.local()).toBe(at);
  }

  /** The README's reminder demo: subscribe #bestuur, move the clock, run the scheduler once. */
  async function reminderDemo(page: Page): Promise<string> {
    await send(page, 'bestuur', '/project subscribe');
    await page.locator('.message', { hasText: 'herinneringen' }).first().waitFor();
    await setClock(page, '2017-09-28T09:30');
    const status = page.getByRole('status');
    await status.evaluate((element) => {
      element.textContent = '';
    });
    await page.getByRole('button', { name: 'Herinneringen versturen' }).click();
    await expect.poll(() => status.textContent()).toMatch(/geplaatst/);
    return (await status.textContent()) ?? '';
  }

  it('"Opnieuw beginnen" starts the playground anew, so the reminder demo works a second time', async () => {
    const page = await openAs(ADMIN);
    expect(await reminderDemo(page)).toBe('2 berichten geplaatst');

    await page.getByRole('button', { name: 'Opnieuw beginnen' }).click();
    await page.getByRole('status').getByText('Opnieuw begonnen').waitFor();
    await expect.poll(() => running.playground.clock.local()).toBe('2017-09-18T10:00');
    await expect
      .poll(() => page.locator('.message', { hasText: 'Herinnering: Feedback op visie' }).count())
      .toBe(0);

    expect(await reminderDemo(page)).toBe('2 berichten geplaatst');
    await page.locator('.message', { hasText: 'Herinnering: Feedback op visie retour aan BiSC' }).waitFor();
    await page.context().close();
  });

  it("answers a mistyped command as Slack does, at once and in the person's language", async () => {
    const page = await openAs(ADMIN);
    const started = Date.now();
    await send(page, 'innovatie', '/projct status');
    const notice = page.locator('.message.ephemeral', { hasText: '/projct is geen geldige opdracht' });
    await notice.waitFor();
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(await notice.textContent()).toContain('/project');
    expect(await page.getByText('dispatch_failed').count()).toBe(0);

    await page.getByRole('combobox', { name: 'Gebruiker' }).selectOption(ENGLISH);
    await send(page, 'innovatie', '/projct status');
    await page.locator('.message.ephemeral', { hasText: '/projct is not a valid command' }).waitFor();
    await page.context().close();
  });

  it('wraps a long unbroken remark inside the confirmation instead of widening it', async () => {
    const page = await openAs(ADMIN);
    await send(page, 'innovatie', '/project feedback');
    const dialog = page.getByRole('dialog', { name: 'Feedback' });
    await dialog.getByRole('combobox', { name: 'Bibliotheek' }).selectOption({ index: 1 });
    await dialog.getByRole('radio', { name: 'Oneens' }).check();
    await dialog.getByRole('textbox', { name: 'Opmerkingen' }).fill('zonderspaties'.repeat(40));
    await dialog.getByRole('button', { name: 'Versturen' }).click();
    const thanks = page.getByRole('dialog', { name: 'Bedankt!' });
    await thanks.getByText('zonderspaties', { exact: false }).first().waitFor();
    const overflow = await thanks.evaluate((element) => {
      const body = element.querySelector('.modal-body') as HTMLElement;
      return { dialog: element.scrollWidth - element.clientWidth, body: body.scrollWidth - body.clientWidth };
    });
    expect(overflow).toEqual({ dialog: 0, body: 0 });
    await thanks.getByRole('button', { name: 'Sluiten' }).click();
    await page.context().close();
  });

  it('has an icon: the page loads without a single 404', async () => {
    const context = await browser.newContext({ locale: 'nl-NL' });
    const page = await context.newPage();
    const missing: string[] = [];
    page.on('response', (response) => {
      if (response.status() === 404) missing.push(response.url());
    });
    await page.goto(running.url);
    await page.getByRole('textbox', { name: 'Bericht' }).waitFor();
    const icon = await page.locator('link[rel=icon]').getAttribute('href');
    const answer = await fetch(new URL(icon ?? '/favicon.ico', running.url));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('image/svg+xml');
    expect((await fetch(new URL('/favicon.ico', running.url))).status).toBe(200);
    expect(missing).toEqual([]);
    await context.close();
  });

  it("writes the clock beside its field in the page's language, whatever the browser's format", async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    await context.addInitScript((id) => localStorage.setItem('koers-playground-user', id), ADMIN);
    const page = await context.newPage();
    await page.goto(running.url);
    await page.getByRole('textbox', { name: 'Bericht' }).waitFor();
    await setClock(page, '2017-09-28T09:30');
    await expect.poll(() => page.locator('#clock-words').textContent()).toBe('do 28 september 2017 om 09:30');
    await page.getByRole('combobox', { name: 'Gebruiker' }).selectOption(ENGLISH);
    await expect
      .poll(() => page.locator('#clock-words').textContent())
      .toBe('Thu, 28 September 2017 at 09:30');
    await context.close();
  });

  it('opens on a welcome in #innovatie: what Koers is, three things to click, a reminder with its button', async () => {
    const page = await openAs(ADMIN);
    expect(await page.locator('#banner').textContent()).toBe(
      'Nagebootste Slack · je bent Anke (beheerder) · zet de tijd vooruit om herinneringen te zien',
    );
    const welcome = page.getByRole('region', { name: 'Welkom bij Koers' });
    expect(await welcome.textContent()).toContain('innovatieprogramma');
    expect(await welcome.textContent()).toContain('nagebootste Slack');
    expect(await welcome.getByRole('button').allTextContents()).toEqual([
      '/project status',
      '/project tijdlijn',
      '/project feedback',
    ]);

    await welcome.getByRole('button', { name: '/project tijdlijn' }).click();
    const timeline = page.locator('.message.ephemeral', { hasText: 'Feedback op visie retour aan BiSC' });
    await timeline.waitFor();

    const reminder = page.locator('.message:not(.ephemeral)', { hasText: 'Herinnering: Feedback op visie' });
    await reminder.getByRole('button', { name: 'Geef feedback' }).click();
    await page.getByRole('dialog', { name: 'Feedback' }).waitFor();

    // As in Slack, a reload ends the modal and the answers only this screen showed.
    await page.reload();
    await page.getByRole('region', { name: 'Welkom bij Koers' }).waitFor();
    await reminder.waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await page.locator('.message.ephemeral').count()).toBe(0);

    await page.locator('#composer-hint').getByRole('button', { name: '/project help' }).click();
    await page.locator('.message.ephemeral', { hasText: '/project status' }).first().waitFor();
    await page.context().close();
  });

  it('welcomes the English-speaking persona in English', async () => {
    const page = await openAs(ENGLISH);
    expect(await page.locator('#banner').textContent()).toBe(
      'Simulated Slack · you are Emma (English) · move the time forward to see reminders',
    );
    const welcome = page.getByRole('region', { name: 'Welcome to Koers' });
    expect(await welcome.getByRole('button').allTextContents()).toEqual([
      '/project status',
      '/project timeline',
      '/project feedback',
    ]);
    await welcome.getByRole('button', { name: '/project timeline' }).click();
    await page.locator('.message.ephemeral', { hasText: 'Only visible to you' }).waitFor();
    await page.context().close();
  });
});
