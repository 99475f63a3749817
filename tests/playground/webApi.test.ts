import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FieldValue } from '../../src/playground/slackSide.js';
import { startPlaygroundUnderTest } from '../support/playgroundUnderTest.js';

/*
 * The playground's Web API port, Slack's side for Koers, as anyone else on the machine could reach it:
 * with another Host or Origin (a web page through DNS rebinding), without the bot token, at the upload
 * address of an export already made.
 */

const ADMIN = 'U0PGADMIN';
const MEMBER = 'U0PGMEMBER';
const INNOVATIE = 'C0INNOVATIE';

interface InputBlock {
  type: string;
  block_id?: string;
  element?: { type: string; action_id: string; options?: { value: string; text: { text: string } }[] };
}

interface Answer {
  status: number;
  body: string;
}

function post(url: string, body: string, headers: Record<string, string> = {}): Promise<Answer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: { host: target.host, 'content-type': 'text/plain', ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject).end(body);
  });
}

describe("the playground's Web API port", { timeout: 120_000 }, () => {
  let running: Awaited<ReturnType<typeof startPlaygroundUnderTest>>;
  const workspace = () => running.playground.workspace;

  beforeAll(async () => {
    running = await startPlaygroundUnderTest();
    // Some feedback to export: the member answers the form, each input with its first option.
    await handle('command', { user: MEMBER, channel: INNOVATIE, text: '/project feedback' });
    const form = await until(() => workspace().modals.get(MEMBER)?.at(-1), 'the feedback form');
    const values = (form.view.blocks as InputBlock[]).flatMap((block): FieldValue[] => {
      const element = block.element;
      if (block.type !== 'input' || !element || !block.block_id) return [];
      const first = element.options?.[0];
      const base = { blockId: block.block_id, actionId: element.action_id, kind: element.type };
      return element.type === 'plain_text_input'
        ? [{ ...base, value: 'Graag meer over leesbevordering.' }]
        : [{ ...base, options: first ? [{ value: first.value, text: first.text.text }] : [] }];
    });
    await handle('submit', { user: MEMBER, viewId: form.id, values });
  }, 120_000);
  afterAll(async () => {
    await running?.dispose();
  });

  const handle = (name: string, body: Record<string, unknown>) =>
    running.playground.handle(name as never, body as never);

  async function until<T>(find: () => T | undefined, what: string): Promise<T> {
    for (let waited = 0; waited < 20_000; waited += 50) {
      const found = find();
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  async function exportMade() {
    const before = workspace().messages.filter((m) => m.file).length;
    await handle('command', {
      user: ADMIN,
      channel: INNOVATIE,
      text: '/project export feedback feedback-visie csv',
    });
    return until(() => workspace().messages.filter((m) => m.file)[before]?.file, 'the export file');
  }

  it('refuses a Host or Origin that is not loopback, whatever the request', async () => {
    const api = running.slackApiUrl;
    const port = new URL(api).port;
    for (const headers of <Record<string, string>[]>[
      { host: `evil.example:${port}` },
      { host: `127.0.0.1.nip.io:${port}` },
      { host: `127.0.0.1:${port}`, origin: 'http://evil.example' },
    ]) {
      for (const path of ['auth.test', '../upload/F1', '../respond/R1']) {
        const answer = await post(new URL(path, api).toString(), '{}', headers);
        expect(answer.status, `${path} ${JSON.stringify(headers)}`).toBe(403);
      }
    }
    // Koers itself, on 127.0.0.1, is answered as before (the token is what it lacks here).
    expect((await post(`${api}auth.test`, '')).body).toContain('invalid_auth');
  });

  it('keeps the export the page offers: nobody else can replace it, with or without the Host of another name', async () => {
    const file = await exportMade();
    const download = () => fetch(`${running.url}playground/files/${file.id}`).then((r) => r.text());
    const exported = await download();
    expect(exported).toContain('AVV');

    const upload = new URL(`../upload/${file.id}`, running.slackApiUrl).toString();
    const forged = 'bibliotheek;oordeel\nAVV;=HYPERLINK("http://evil.example")\n';
    const port = new URL(upload).port;
    expect((await post(upload, forged, { host: `evil.example:${port}` })).status).toBe(403);
    expect((await post(upload, forged)).status).toBe(401);
    expect((await post(upload, forged, { authorization: 'Bearer xoxb-guessed' })).status).toBe(401);
    expect(await download()).toBe(exported);
  });

  it("checks the page's requests against their schemas: 400 naming what is wrong, 404 for a request it does not know", async () => {
    const page = (name: string, body: unknown) =>
      post(`${running.url}playground/${name}`, JSON.stringify(body), { 'content-type': 'application/json' });
    const stranger = await page('command', { user: 'U0NOBODY', channel: INNOVATIE, text: 'hallo' });
    expect(stranger.status).toBe(400);
    expect(JSON.parse(stranger.body)).toEqual({ error: ['unknown user'] });
    expect((await page('clock', { at: 20170928 })).status).toBe(400);
    for (const name of ['frobnicate', 'toString', 'constructor'])
      expect((await page(name, {})).status, name).toBe(404);

    const said = await page('command', { user: MEMBER, channel: INNOVATIE, text: 'hallo allemaal' });
    expect(said.status).toBe(200);
    expect(JSON.parse(said.body)).toEqual({ ok: true });
    expect(workspace().messages.at(-1)).toMatchObject({
      channel: INNOVATIE,
      userId: MEMBER,
      text: 'hallo allemaal',
    });
  });

  it('gives files ids nobody can guess from the last one', async () => {
    const first = await exportMade();
    const second = await exportMade();
    for (const file of [first, second]) expect(file.id).toMatch(/^F[0-9A-F]{16}$/);
    expect(second.id).not.toBe(first.id);
  });
});
