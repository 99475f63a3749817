import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderBlocks } from '../../src/playground/render/blockKit.js';
import { walk } from '../../src/playground/render/tree.js';
import type { FieldValue } from '../../src/playground/slackSide.js';
import { startPlaygroundUnderTest } from '../support/playgroundUnderTest.js';

/*
 * The playground's Slack side without a browser: every surface Koers builds, reached through the real
 * app as a person would reach it, rendered by the page's renderer with nothing marked unsupported; and
 * the playground's own guards (loopback only, its own token only).
 */

interface BlockJson {
  type: string;
  block_id?: string;
  element?: { type: string; action_id: string; options?: { value: string; text: { text: string } }[] };
  elements?: { action_id?: string; value?: string }[];
}

const ADMIN = 'U0PGADMIN';
const MEMBER = 'U0PGMEMBER';
const ENGLISH = 'U0PGENGLISH';
const INNOVATIE = 'C0INNOVATIE';
const BESTUUR = 'C0BESTUUR';

describe('the playground as Slack for Koers', { timeout: 120_000 }, () => {
  let running: Awaited<ReturnType<typeof startPlaygroundUnderTest>>;
  /** Every message, modal and Home Koers produced, by its content. */
  const surfaces = new Map<string, unknown[]>();

  beforeAll(async () => {
    running = await startPlaygroundUnderTest();
    const workspace = running.playground.workspace;
    workspace.on('change', () => {
      const remember = (blocks: unknown) => {
        if (Array.isArray(blocks)) surfaces.set(JSON.stringify(blocks), blocks);
      };
      for (const message of workspace.messages) remember(message.blocks);
      for (const stack of workspace.modals.values()) for (const open of stack) remember(open.view.blocks);
      for (const home of workspace.homes.values()) remember(home.view.blocks);
    });
  }, 120_000);

  afterAll(async () => {
    await running?.dispose();
  });

  const handle = (name: string, body: Record<string, unknown>) =>
    running.playground.handle(name as never, body as never);
  const command = (user: string, channel: string, text: string) => handle('command', { user, channel, text });
  const workspace = () => running.playground.workspace;
  const topModal = (user: string) => workspace().modals.get(user)?.at(-1);

  async function until<T>(find: () => T | undefined, what: string): Promise<T> {
    for (let waited = 0; waited < 10_000; waited += 50) {
      const found = find();
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  const lastMessage = (channel: string, contains: string) =>
    until(
      () =>
        workspace()
          .messages.filter((m) => m.channel === channel && JSON.stringify(m).includes(contains))
          .at(-1),
      `a message with "${contains}" in ${channel}`,
    );

  /** Fills every input of a modal as a person would: the first option, a date, some words. */
  function filled(blocks: unknown[]): FieldValue[] {
    const values: FieldValue[] = [];
    for (const block of blocks as BlockJson[]) {
      const element = block.element;
      if (block.type !== 'input' || !element || !block.block_id) continue;
      const base = { blockId: block.block_id, actionId: element.action_id, kind: element.type };
      const first = element.options?.[0];
      const option = first ? [{ value: first.value, text: first.text.text }] : [];
      if (element.type === 'plain_text_input') values.push({ ...base, value: 'Een korte, nette tekst.' });
      else if (element.type === 'datepicker') values.push({ ...base, value: '2017-10-15' });
      else values.push({ ...base, options: option });
    }
    return values;
  }

  it('carries every surface of a whole session, and the renderer knows every block and element in them', async () => {
    for (const text of [
      'help',
      'status',
      'status effectmeting',
      'partners',
      'partners AVV',
      'timeline',
      'xyz',
    ]) {
      await command(ADMIN, INNOVATIE, `/project ${text}`);
    }
    await command(ADMIN, BESTUUR, '/project subscribe');
    await command(ADMIN, BESTUUR, '/project subscribe digest');
    await command(ADMIN, BESTUUR, '/project link effectmeting');
    await command(ADMIN, BESTUUR, '/project reminders');
    await command(ENGLISH, INNOVATIE, '/project status');

    // The feedback form: errors first, then the thanks.
    await command(MEMBER, INNOVATIE, '/project feedback');
    const form = await until(() => topModal(MEMBER), 'the feedback form');
    await handle('submit', { user: MEMBER, viewId: form.id, values: [] });
    expect(Object.keys(topModal(MEMBER)?.errors ?? {})).toContain('judgement');
    await handle('submit', { user: MEMBER, viewId: form.id, values: filled(form.view.blocks as unknown[]) });
    expect(topModal(MEMBER)?.errors).toBeUndefined();
    expect(JSON.stringify(topModal(MEMBER)?.view)).toContain('opgeslagen');
    await handle('close', { user: MEMBER, viewId: form.id });

    // An idea: proposed by the member, decided by the admin in a direct message.
    await command(MEMBER, INNOVATIE, '/project idee');
    const idea = await until(() => topModal(MEMBER), 'the idea form');
    await handle('submit', { user: MEMBER, viewId: idea.id, values: filled(idea.view.blocks as unknown[]) });
    const proposal = await lastMessage('D0PGADMIN', 'idea_approve');
    const approve = (proposal.blocks as BlockJson[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === 'idea_approve');
    await handle('action', {
      user: ADMIN,
      channel: proposal.channel,
      messageTs: proposal.ts,
      blockId: 'b',
      actionId: 'idea_approve',
      kind: 'button',
      value: approve?.value,
    });
    await lastMessage('D0PGMEMBER', 'Een korte, nette tekst.');

    // A project update, posted in the linked channel.
    await command(MEMBER, INNOVATIE, '/project update effectmeting');
    const update = await until(
      () => (topModal(MEMBER)?.id !== idea.id ? topModal(MEMBER) : undefined),
      'the update form',
    );
    await handle('submit', {
      user: MEMBER,
      viewId: update.id,
      values: filled(update.view.blocks as unknown[]),
    });
    await lastMessage(BESTUUR, 'Een korte, nette tekst.');

    // The Home of an admin and of a member.
    await handle('home', { user: ADMIN });
    await handle('home', { user: MEMBER });
    await until(() => workspace().homes.get(MEMBER), "the member's Home");

    // The weekly digest (Monday 09:00) and a feedback reminder, through the app's own scheduler tick.
    await handle('clock', { at: '2017-09-25T09:10' });
    expect(await handle('reminders', {})).toMatchObject({ ok: true, sent: 2 });
    await lastMessage(BESTUUR, 'Herinnering');

    // The feedback export arrives as a file in the admin's direct message, and downloads.
    await command(ADMIN, INNOVATIE, '/project export feedback feedback-visie csv');
    const file = await until(() => workspace().messages.find((m) => m.file)?.file, 'the export file');
    expect(file.name).toMatch(/\.csv$/);
    const download = await fetch(`${running.url}playground/files/${file.id}`);
    expect(download.status).toBe(200);
    const csv = await download.text();
    expect(csv).toContain('AVV');
    // The name the playground's persona goes by, beside its user id.
    expect(csv).toContain(`,${MEMBER},Bram,`);

    const kinds = new Set<string>();
    for (const blocks of surfaces.values()) {
      for (const node of renderBlocks(blocks).flatMap((n) => [...walk(n)])) {
        expect(node.attrs?.['data-unsupported'], JSON.stringify(blocks).slice(0, 200)).toBeUndefined();
        if (node.attrs?.['data-kind']) kinds.add(node.attrs['data-kind']);
        if (node.attrs?.class?.startsWith('block ')) kinds.add(node.attrs.class.slice(6));
      }
    }
    expect([...kinds].sort()).toEqual(
      expect.arrayContaining([
        'actions',
        'button',
        'checkboxes',
        'context',
        'datepicker',
        'divider',
        'header',
        'input',
        'multi_static_select',
        'plain_text_input',
        'radio_buttons',
        'section',
        'static_select',
      ]),
    );
  });

  it('refuses page requests that name another host or origin (DNS rebinding)', async () => {
    const port = new URL(running.url).port;
    const status = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        request({ host: '127.0.0.1', port, path: '/playground/state?user=U0PGADMIN', headers }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
          .on('error', reject)
          .end();
      });
    expect(await status({ host: `127.0.0.1:${port}` })).toBe(200);
    expect(await status({ host: `localhost:${port}` })).toBe(200);
    expect(await status({ host: `evil.example:${port}` })).toBe(403);
    expect(await status({ host: `127.0.0.1:${port}`, origin: 'http://evil.example' })).toBe(403);
    expect(await status({ host: `127.0.0.1.nip.io:${port}` })).toBe(403);
  });

  it('keeps the metadata a reminder is posted with, so that its history finds it again', async () => {
    await command(ADMIN, INNOVATIE, '/project subscribe');
    await handle('clock', { at: '2017-09-28T09:30' });
    await handle('reminders', {});
    // (Not the channel's live overview, which carries metadata of its own.)
    const reminder = workspace().messages.find(
      (message) =>
        message.channel === INNOVATIE &&
        (message.metadata as { event_type?: string } | undefined)?.event_type === 'koers_delivery',
    );
    expect(reminder?.metadata).toMatchObject({
      event_type: 'koers_delivery',
      event_payload: { kind: 'reminder', key: expect.stringContaining('/') },
    });
    // conversations.history pages from the newest, after `oldest`: the reminder is on its first page.
    const page = workspace().history(INNOVATIE, { oldest: Number(reminder!.ts) - 1, limit: 1 });
    expect(page.messages.map((message) => message.ts)).toEqual([
      workspace()
        .messages.filter((m) => m.channel === INNOVATIE && !m.visibleTo)
        .at(-1)?.ts,
    ]);
    expect(workspace().history(INNOVATIE, { oldest: Number(reminder!.ts) }).messages).not.toContainEqual(
      reminder,
    );
  });

  it('answers its Web API only with its own bot token', async () => {
    const call = (token: string) =>
      fetch(`${running.slackApiUrl}chat.postMessage`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ channel: INNOVATIE, text: 'hallo' }),
      }).then((response) => response.json());
    expect(await call('xoxb-guessed')).toEqual({ ok: false, error: 'invalid_auth' });
  });
});
