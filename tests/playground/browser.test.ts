import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EXAMPLE_PROGRAMME_FILE } from '../../src/koers.js';
import { buildPlaygroundPage, findChromium, launchChromium } from '../support/browser.js';
import { startPlaygroundUnderTest } from '../support/playgroundUnderTest.js';

/*
 * The playground as a person uses it: Debian's Chromium drives the page by its accessible names, the
 * page talks to the playground, the playground signs requests to the real Koers (Bolt, PGlite in
 * memory). The programme is the example plus a hostile project and 100 ideas, so the priorities field
 * of the feedback form is searched as the user types (an external select).
 */

const chromiumPath = findChromium();
if (!chromiumPath) {
  if (process.env.CI === 'true')
    throw new Error('CI=true but no chromium on the PATH: the browser tests must run');
  console.warn('playground browser tests skipped: no chromium on the PATH (apt-get install -y chromium)');
}

const HOSTILE_NAME = '<img src=x onerror="window.__pwned=1">Boos';
const HOSTILE_DESCRIPTION =
  'Zie <javascript:window.__pwned=1|deze link> en <!here>, <script>window.__pwned=1</script>';
const ADMIN = 'U0PGADMIN';
const MEMBER = 'U0PGMEMBER';

function programmeYaml(): string {
  const programme = parse(readFileSync(EXAMPLE_PROGRAMME_FILE, 'utf8')) as {
    projects: Record<string, unknown>[];
  };
  programme.projects.push({
    slug: 'boos',
    name: HOSTILE_NAME,
    status: 'running',
    partners: 'all',
    description: HOSTILE_DESCRIPTION,
  });
  for (let n = 1; n <= 100; n++) {
    const number = String(n).padStart(3, '0');
    programme.projects.push({
      slug: `idee-${number}`,
      name: `Idee ${number}`,
      status: 'idea',
      partners: 'all',
    });
  }
  return JSON.stringify(programme);
}

describe.skipIf(!chromiumPath)('the playground in a browser', { timeout: 60_000 }, () => {
  let running: Awaited<ReturnType<typeof startPlaygroundUnderTest>>;
  let browser: Browser;

  beforeAll(async () => {
    buildPlaygroundPage();
    running = await startPlaygroundUnderTest({ programme: programmeYaml() });
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
    await page.getByRole('button', { name: channel }).click();
    const composer = page.getByRole('textbox', { name: /Bericht|Message/ });
    await composer.fill(text);
    await composer.press('Enter');
  }

  it('answers /project status only to the asker, marked so, and shares it in the channel for everyone', async () => {
    const page = await openAs(ADMIN);
    await send(page, 'innovatie', '/project status registratie');
    const answer = page.locator('.message', { hasText: 'Registratie en rapportage' }).last();
    await answer.waitFor();
    expect(await answer.textContent()).toContain('Alleen zichtbaar voor jou');

    await answer.getByRole('button', { name: 'Delen in kanaal' }).click();
    const shared = page.locator('.message:not(.ephemeral)', { hasText: 'Registratie en rapportage' });
    await shared.waitFor();
    expect(await shared.textContent()).not.toContain('Alleen zichtbaar voor jou');

    const colleague = await openAs(MEMBER);
    await colleague.getByRole('button', { name: 'innovatie' }).click();
    await colleague.locator('.message', { hasText: 'Registratie en rapportage' }).waitFor();
    expect(await colleague.locator('.message.ephemeral').count()).toBe(0);
    await page.context().close();
    await colleague.context().close();
  });

  it('switches to the second workspace: its /project status has its own projects and none of the first; back, the first is as it was', async () => {
    const page = await openAs(ADMIN);
    const log = page.getByRole('log');
    await send(page, 'innovatie', '/project status');
    await log.locator('.message', { hasText: 'Werkplek 21e eeuw' }).waitFor();
    await send(page, 'innovatie', 'Alleen in de eerste werkruimte');
    await log.getByText('Alleen in de eerste werkruimte').waitFor();

    await page
      .getByRole('combobox', { name: 'Werkruimte' })
      .selectOption({ label: 'Servicecentrum Veldeland' });
    await page.getByRole('heading', { name: '#projecten' }).waitFor();
    expect(await page.getByRole('button', { name: 'innovatie' }).count()).toBe(0);
    await send(page, 'projecten', '/project status');
    const status = log.locator('.message', { hasText: 'Leesplezier op school' });
    await status.waitFor();
    expect(await status.textContent()).toContain('Makerplaats in de bibliotheek');
    const second = (await log.textContent()) ?? '';
    for (const project of [
      'Werkplek 21e eeuw',
      'eHealth',
      'Effectmeting',
      'Registratie en rapportage',
      'Idee 001',
    ])
      expect(second).not.toContain(project);
    expect(second).not.toContain('Alleen in de eerste werkruimte');

    await page.getByRole('combobox', { name: 'Werkruimte' }).selectOption({ label: 'BiSC Utrecht' });
    await page.getByRole('heading', { name: '#innovatie' }).waitFor();
    await log.getByText('Alleen in de eerste werkruimte').waitFor();
    const first = (await log.textContent()) ?? '';
    expect(first).toContain('Werkplek 21e eeuw');
    expect(first).not.toContain('Leesplezier op school');
    await page.context().close();
  });

  it('shows the feedback form as a dialog: an empty submit gives errors under the fields, a valid one the thanks', async () => {
    const page = await openAs(ADMIN);
    await send(page, 'innovatie', '/project feedback');
    const dialog = page.getByRole('dialog', { name: 'Feedback' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Versturen' }).click();
    await dialog.getByText('Kies de bibliotheek waarvoor je spreekt.').waitFor();
    await dialog.getByText('Kies je oordeel.').waitFor();
    // Each error stands in its own field's block, under that field.
    const libraryBlock = dialog.locator('[data-input-block=library]');
    expect(await libraryBlock.locator('.field-error').textContent()).toBe(
      'Kies de bibliotheek waarvoor je spreekt.',
    );
    expect(await dialog.getByRole('combobox', { name: 'Bibliotheek' }).getAttribute('aria-invalid')).toBe(
      'true',
    );

    await dialog.getByRole('combobox', { name: 'Bibliotheek' }).selectOption({ index: 1 });
    await dialog.getByRole('radio', { name: 'Oneens' }).check();
    await dialog.getByRole('textbox', { name: 'Opmerkingen' }).fill('Meer aandacht voor de jeugd.');
    await dialog.getByRole('button', { name: 'Versturen' }).click();
    await page.getByRole('dialog', { name: 'Bedankt!' }).getByText('is opgeslagen').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Sluiten' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await page.context().close();
  });

  it('searches the priorities as the user types (an external select) and keeps the choice', async () => {
    const page = await openAs(MEMBER);
    await send(page, 'innovatie', '/project feedback');
    const dialog = page.getByRole('dialog', { name: 'Feedback' });
    await dialog.waitFor();
    const search = dialog.getByRole('combobox', { name: 'Prioriteiten voor de komende jaren' });
    await search.fill('Idee 05');
    const option = dialog.getByRole('listbox').getByRole('option', { name: 'Idee 057' });
    await option.click();
    await dialog.locator('.chip', { hasText: 'Idee 057' }).waitFor();
    expect(
      await dialog
        .getByRole('listbox', { name: 'Prioriteiten voor de komende jaren' })
        .getByRole('option')
        .count(),
    ).toBe(0);
    await dialog.getByRole('radio', { name: 'Eens', exact: true }).check();
    await dialog.getByRole('button', { name: 'Versturen' }).click();
    await page.getByRole('dialog', { name: 'Bedankt!' }).getByText('Idee 057').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await page.context().close();
  });

  it('shows the App Home with the programme at a glance', async () => {
    const page = await openAs(MEMBER);
    await page.getByRole('button', { name: 'Home' }).click();
    await page
      .locator('[data-surface=home]')
      .getByText('Meerjaren innovatieprogramma 2018-2020')
      .first()
      .waitFor();
    expect(await page.locator('[data-surface=home] [data-unsupported]').count()).toBe(0);
    await page.context().close();
  });

  it('posts a reminder in a subscribed channel when the clock reaches it and the scheduler runs', async () => {
    const page = await openAs(ADMIN);
    await send(page, 'bestuur', '/project subscribe');
    await page.locator('.message', { hasText: 'herinneringen' }).first().waitFor();
    await page.getByLabel('Tijd').fill('2017-09-28T09:30');
    await page.getByLabel('Tijd').dispatchEvent('change');
    await expect.poll(() => running.playground.clock.local()).toBe('2017-09-28T09:30');
    await page.getByRole('button', { name: /herinneringen/i }).click();
    const reminder = page.locator('.message:not(.ephemeral)', {
      hasText: 'Herinnering: Feedback op visie retour aan BiSC',
    });
    await reminder.waitFor();
    expect(await reminder.getByRole('button', { name: /feedback/i }).count()).toBeGreaterThan(0);
    await page.context().close();
  });

  it('answers the English-speaking user in English, with the page in English', async () => {
    const page = await openAs(MEMBER);
    const users = page.getByRole('combobox', { name: 'Gebruiker' });
    expect(await users.locator('option', { hasText: 'beheerder' }).count()).toBe(1);
    const english = users.locator('option', { hasText: 'English' });
    await users.selectOption((await english.getAttribute('value')) as string);
    await page.getByRole('textbox', { name: 'Message' }).waitFor();
    await send(page, 'innovatie', '/project help');
    const answer = page.locator('.message', { hasText: 'Koers: the innovation programme in Slack' });
    await answer.waitFor();
    expect(await answer.textContent()).toContain('Only visible to you');
    await page.context().close();
  });

  it('shows hostile project names, links and remarks as text', async () => {
    const page = await openAs(ADMIN);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await send(page, 'innovatie', '/project status boos');
    const answer = page.locator('.message', { hasText: 'deze link' }).last();
    await answer.waitFor();
    const text = await answer.textContent();
    expect(text).toContain('<img src=x onerror="window.__pwned=1">Boos');
    expect(text).toContain('<script>window.__pwned=1</script>');
    expect(await answer.locator('img, script').count()).toBe(0);
    expect(await page.locator('a[href^="javascript"]').count()).toBe(0);

    await send(page, 'innovatie', '/project feedback');
    const dialog = page.getByRole('dialog', { name: 'Feedback' });
    await dialog.getByRole('combobox', { name: 'Bibliotheek' }).selectOption({ index: 2 });
    await dialog.getByRole('radio', { name: 'Oneens' }).check();
    await dialog
      .getByRole('textbox', { name: 'Opmerkingen' })
      .fill('<img src=y onerror="window.__pwned=2"> *vet*');
    await dialog.getByRole('button', { name: 'Versturen' }).click();
    await page.getByRole('dialog', { name: 'Bedankt!' }).waitFor();
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    await page.getByRole('dialog').getByRole('button', { name: 'Sluiten' }).click();
    await page.context().close();
  });
  it('pins the live overview at the top of a subscribed channel, and it changes after a feedback submission', async () => {
    const page = await openAs(ADMIN);
    await send(page, 'innovatie', '/project aanmelden');
    const pinned = page.getByRole('region', { name: 'Vastgezet in dit kanaal' });
    await pinned.getByText('Overzicht ·').waitFor({ timeout: 20_000 });
    const pinnedText = async () => (await pinned.textContent()) ?? '';

    // The admin answers for the last library, which the overview lists as still owing feedback.
    await send(page, 'innovatie', '/project feedback');
    const dialog = page.getByRole('dialog', { name: 'Feedback' });
    const library = dialog.getByRole('combobox', { name: 'Bibliotheek' });
    const options = await library.evaluate((select) => (select as HTMLSelectElement).options.length);
    const name = await library.evaluate(
      (select, index) => (select as HTMLSelectElement).options[index]?.text ?? '',
      options - 1,
    );
    expect(await pinnedText()).toContain(`${name}: feedback op`);
    await library.selectOption({ index: options - 1 });
    await dialog.getByRole('radio', { name: 'Eens', exact: true }).check();
    await dialog.getByRole('button', { name: 'Versturen' }).click();
    await page.getByRole('dialog', { name: 'Bedankt!' }).waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Sluiten' }).click();

    // The overview is edited in place (debounced), and the pinned bar shows it: that library owes nothing now.
    await expect.poll(pinnedText, { timeout: 30_000 }).not.toContain(`${name}: feedback op`);
    expect(await page.locator('.pinned [data-pinned-ts]').count()).toBe(1);

    // The same overview is the channel's canvas, behind its tab in the channel's header.
    await page.getByRole('button', { name: /Canvas/ }).click();
    const canvas = page.locator('[data-surface=canvas]');
    await canvas.getByText('# Overzicht ·').waitFor();
    expect(await canvas.textContent()).toContain('## Wat nog openstaat, per bibliotheek');
    await page.getByRole('button', { name: /Canvas/ }).click();
    await pinned.waitFor();
    await page.context().close();
  });

  it('takes the programme file sent in the direct message with Koers: a preview, then Import', async () => {
    const page = await openAs(ADMIN);
    await page.getByRole('button', { name: 'Koers' }).click();
    const programme = JSON.parse(programmeYaml()) as { phases: { id: string; end?: string }[] };
    programme.phases.find((phase) => phase.id === 'feedback-visie')!.end = '2017-10-06';
    await page.locator('#send-file').setInputFiles({
      name: 'programma.yml',
      mimeType: 'text/yaml',
      buffer: Buffer.from(JSON.stringify(programme), 'utf8'),
    });
    const preview = page.locator('.message', { hasText: 'Voorbeeld: programma.yml' }).last();
    await preview.waitFor();
    expect(await preview.textContent()).toContain('Feedback op visie retour aan BiSC (gewijzigd: end)');
    await preview.getByRole('button', { name: 'Inladen', exact: true }).click();
    await page.locator('.message', { hasText: 'is ingeladen door' }).waitFor();
    await send(page, 'Koers', '/project tijdlijn');
    await page.locator('.message', { hasText: '6 oktober' }).last().waitFor();
    await page.context().close();
  });

  it('lets the admin move a phase from the Home in a modal: the timeline and the Home show it', async () => {
    const page = await openAs(ADMIN);
    await page.getByRole('button', { name: 'Home' }).click();
    const edit = 'phase|edit|feedback-visie';
    await page.locator(`select:has(option[value="${edit}"])`).selectOption(edit);
    const dialog = page.getByRole('dialog', { name: 'Fase' });
    await dialog.getByLabel('Einddatum').fill('2017-10-06');
    await dialog.getByRole('button', { name: 'Opslaan' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('[data-surface="home"]', { hasText: '6 oktober' }).waitFor();
    await send(page, 'innovatie', '/project tijdlijn');
    await page.locator('.message', { hasText: '15 september – 6 oktober 2017' }).last().waitFor();
    await page.context().close();
  });

  it("lets the admin archive a project and name a library's contacts from the Home's menus", async () => {
    const page = await openAs(ADMIN);
    await page.getByRole('button', { name: 'Home' }).click();
    const home = page.locator('[data-surface="home"]');
    const archive = 'project|archive|effectmeting';
    await page.locator(`select:has(option[value="${archive}"])`).selectOption(archive);
    await home.locator('.block', { hasText: 'Effectmeting' }).filter({ hasText: 'gearchiveerd' }).waitFor();
    const unarchive = 'project|unarchive|effectmeting';
    expect(await page.locator(`option[value="${unarchive}"]`).textContent()).toBe(
      'Terughalen uit het archief',
    );

    // The libraries come after the programme's hundred-odd projects: on the admin section's last page.
    const edit = 'library|edit|EEM';
    const menu = page.locator(`select:has(option[value="${edit}"])`);
    for (let pages = 0; (await menu.count()) === 0 && pages < 10; pages++) {
      const shown = await home.locator('.context', { hasText: / van / }).last().textContent();
      await home.getByRole('button', { name: 'Volgende' }).last().click();
      await home
        .locator('.context', { hasText: / van / })
        .filter({ hasNotText: shown ?? '' })
        .last()
        .waitFor();
    }
    await menu.selectOption(edit);
    const dialog = page.getByRole('dialog', { name: 'Bibliotheek' });
    await dialog.getByLabel('Contactpersonen').selectOption(['U0PGMEMBER']);
    await dialog.getByRole('button', { name: 'Opslaan' }).click();
    await dialog.waitFor({ state: 'detached' });
    await menu.selectOption(edit);
    const again = page.getByRole('dialog', { name: 'Bibliotheek' });
    const chosen = await again
      .getByLabel('Contactpersonen')
      .evaluate((select) => [...(select as HTMLSelectElement).selectedOptions].map((o) => o.textContent));
    expect(chosen).toEqual(['Bram']);
    await page.context().close();
  });
});
