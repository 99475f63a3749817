import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningPlayground } from '../../src/playground/index.js';
import { visibleText } from '../support/messageText.js';
import { freePort, startPlaygroundOnDisk as start } from '../support/playgroundUnderTest.js';
import { temporaryFolder } from '../support/processes.js';

/*
 * `/project agenda` in the playground, as `npm start` runs it without Slack variables and without
 * PUBLIC_URL: on an embedded database in a data folder, started twice on the same port.
 */

const ADMIN = 'U0PGADMIN';
const INNOVATIE = 'C0INNOVATIE';

/** What `/project agenda` answers Anke in #innovatie. */
async function agenda(running: RunningPlayground): Promise<string> {
  const workspace = running.playground.workspace;
  const before = workspace.messages.length;
  await running.playground.handle('command', { user: ADMIN, channel: INNOVATIE, text: '/project agenda' });
  for (let waited = 0; waited < 10_000; waited += 50) {
    const answer = workspace.messages.slice(before).find((message) => message.userId !== ADMIN);
    if (answer) return visibleText(answer);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('no answer to /project agenda');
}

describe('the calendar in the playground', { timeout: 180_000 }, () => {
  const folder = temporaryFolder('koers-playground-calendar-');
  let running: RunningPlayground | undefined;
  afterAll(async () => {
    await running?.stop();
    folder.remove();
  });

  it('gives a clickable feed address on its own loopback address, the same after a restart', async () => {
    const dataDir = join(folder.path, 'data-playground');
    const port = await freePort();
    running = await start(dataDir, port);
    const first = await agenda(running);
    expect(first).not.toContain('PUBLIC_URL');
    const feed = new RegExp(`http://127\\.0\\.0\\.1:${port}/calendar/T0PLAYGROUND/[A-Za-z0-9_-]+\\.ics`).exec(
      first,
    )?.[0];
    expect(feed, first).toBeDefined();
    expect(first).toContain(`<${feed!.replace('http://', 'webcal://')}|`);
    const answer = await fetch(feed!);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('BEGIN:VCALENDAR');
    await running.stop();

    running = await start(dataDir, port);
    const second = await agenda(running);
    expect(second).not.toContain('sleutel');
    expect(second).toContain(feed);
    expect((await fetch(feed!)).status).toBe(200);
    await running.stop();

    // A playground folder from before its key was kept: the address it had cannot be shown, so a new one.
    rmSync(join(dataDir, 'playground-calendar-key'));
    running = await start(dataDir, port);
    const healed = await agenda(running);
    expect(healed).not.toContain('sleutel');
    expect(healed).toMatch(new RegExp(`<webcal://127\\.0\\.0\\.1:${port}/calendar/`));
  });
});
