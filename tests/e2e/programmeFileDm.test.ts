import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { importExampleProgramme } from '../../src/db/exampleProgramme.js';
import { importProgramme, loadProgramme } from '../../src/db/programmeRepository.js';
import { programmeUploads } from '../../src/db/schema.js';
import { parseProgrammeFile } from '../../src/domain/programmeFile.js';
import { MAX_PROGRAMME_FILE_BYTES } from '../../src/domain/programmeFileBytes.js';
import { describeOnBothDatabases } from '../support/databases.js';
import type { FakeCall } from '../support/fakeSlack.js';
import { type KoersUnderTest, SIGNING_SECRET, startKoersUnderTest } from '../support/koersUnderTest.js';
import { findButton, visibleText } from '../support/messageText.js';
import { expectEverySlackPayloadValid } from '../support/payloads.js';
import {
  blockActionBody,
  eventBody,
  postToSlackEndpoint,
  slashCommandBody,
} from '../support/slackRequests.js';

/*
 * The programme file's round trip in the direct message with Koers: an admin asks for the file, edits
 * it, sends it back, sees what importing it would change, and imports it (or not) with a button.
 */

const ADMIN = 'UADMIN';
const ADMIN_IN_ENGLISH = 'UADMINEN';
const MEMBER = 'UMEMBER';
const dmOf = (userId: string) => `D${userId}`;

describeOnBothDatabases('the programme file in the direct message with Koers', (database) => {
  let app: KoersUnderTest;

  beforeAll(async () => {
    app = await startKoersUnderTest(database(), { config: { ADMIN_USER_IDS: [ADMIN, ADMIN_IN_ENGLISH] } });
    app.slack.setUserLocale(ADMIN_IN_ENGLISH, 'en-GB');
  });
  afterAll(async () => {
    if (app) expectEverySlackPayloadValid(app.slack);
    await app?.stop();
  });
  beforeEach(async () => {
    const db = database().handle.db;
    await db.delete(programmeUploads);
    await importExampleProgramme(db, new Date(), { prune: true });
    app.slack.clearHandlers();
    app.slack.reset();
  });

  async function command(text: string, userId: string): Promise<string> {
    const body = slashCommandBody({ text, userId, responseUrl: app.slack.respondUrl() });
    const response = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
    expect(response.status).toBe(200);
    return visibleText(response.json);
  }

  /** The programme file as `/project export programme` sends it. */
  async function exportedFile(userId = ADMIN): Promise<string> {
    const before = app.slack.uploads.length;
    await command('exporteer programma', userId);
    for (let waited = 0; app.slack.uploads.length === before && waited < 5_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const upload = app.slack.uploads.at(-1);
    expect(upload, 'the programme file was uploaded').toBeDefined();
    return upload!.data.toString('utf8');
  }

  /** The exported file with the feedback phase ending a week later and one library added. */
  function editedFile(text: string): string {
    const file = parse(text) as {
      phases: { id: string; end?: string }[];
      libraries: { code: string; name: string }[];
    };
    const phase = file.phases.find((candidate) => candidate.id === 'feedback-visie')!;
    phase.end = '2017-10-06';
    file.libraries.push({ code: 'NIEUW', name: 'Bibliotheek Nieuwland' });
    return stringify(file);
  }

  /** Shares a file in the user's direct message with Koers, as Slack's `message.im` event says it. */
  async function sendFile(
    userId: string,
    file: { name: string; data: Buffer | string; declaredSize?: number },
  ) {
    const fileId = app.slack.shareFile(file);
    const before = app.slack.callsTo('chat.postMessage').length;
    await deliverFileEvent(userId, fileId);
    return { fileId, answer: await answerIn(dmOf(userId), before) };
  }

  async function deliverFileEvent(userId: string, fileId: string) {
    const event = {
      type: 'message',
      subtype: 'file_share',
      channel: dmOf(userId),
      channel_type: 'im',
      user: userId,
      text: '',
      ts: `${Math.floor(Date.now() / 1000)}.000100`,
      files: [{ id: fileId, name: 'programma.yml' }],
    };
    const response = await postToSlackEndpoint(app.baseUrl, eventBody({ event }), {
      signingSecret: SIGNING_SECRET,
    });
    expect(response.status).toBe(200);
  }

  async function answerIn(channel: string, before: number): Promise<FakeCall> {
    for (let waited = 0; waited < 8_000; waited += 50) {
      const posted = app.slack
        .callsTo('chat.postMessage')
        .slice(before)
        .find((call) => call.args.channel === channel);
      if (posted) return posted;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no answer in ${channel}`);
  }

  async function press(userId: string, message: FakeCall, actionId: string) {
    const { value } = findButton(message.args as { blocks?: unknown[] }, actionId);
    const responseUrl = app.slack.respondUrl();
    const body = blockActionBody({
      actionId,
      value,
      userId,
      responseUrl,
      channelId: dmOf(userId),
      container: { type: 'message', message_ts: '1.1', channel_id: dmOf(userId), is_ephemeral: false },
    });
    const response = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
    expect(response.status).toBe(200);
    for (let waited = 0; waited < 8_000; waited += 50) {
      const answered = app.slack.responses.find((candidate) => candidate.url === responseUrl);
      if (answered) return answered.body as { replace_original?: boolean; text?: string; blocks?: unknown[] };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('no answer to the click');
  }

  const feedbackEnd = async () =>
    (await loadProgramme(database().handle.db))?.phases.find((phase) => phase.id === 'feedback-visie')?.end;

  it('sends an admin the programme file, and a member is refused', async () => {
    const text = await exportedFile();
    const parsed = parseProgrammeFile(text);
    expect(parsed.ok).toBe(true);
    const stored = await loadProgramme(database().handle.db);
    if (parsed.ok)
      expect(parsed.programme.phases.map((phase) => phase.id)).toEqual(stored!.phases.map((p) => p.id));
    // The file's bytes reach Slack's file host before the upload is completed in the DM.
    const [upload] = await app.slack.waitForCalls('files.completeUploadExternal', 1);
    expect(upload!.args.channel_id).toBe(dmOf(ADMIN));

    const refused = await command('export programme', MEMBER);
    expect(refused).toContain('beheerders');
    expect(app.slack.uploads).toHaveLength(1);
  });

  it('previews an edited file sent back, changes nothing until Import, then imports exactly that', async () => {
    const edited = editedFile(await exportedFile());
    const { answer } = await sendFile(ADMIN, { name: 'programma.yml', data: edited });
    const preview = visibleText(answer.args);
    expect(preview).toContain('Voorbeeld: programma.yml');
    expect(preview).toContain('Er is nog niets veranderd');
    expect(preview).toContain('Bibliotheek Nieuwland (toegevoegd)');
    expect(preview).toContain('Feedback op visie retour aan BiSC (gewijzigd: end)');
    // The file was read with the bot token, from Slack's file host.
    expect(app.slack.downloads.at(-1)!.token).toMatch(/^xoxb-/);
    expect(await feedbackEnd()).toBe('2017-09-29');

    const done = await press(ADMIN, answer, 'programme_file_import');
    expect(done.replace_original).toBe(true);
    expect(visibleText(done)).toContain(`is ingeladen door <@${ADMIN}>`);
    expect(await feedbackEnd()).toBe('2017-10-06');
    expect(await command('tijdlijn', MEMBER)).toContain('6 oktober');
    // Recorded in the programme's history as the file's, by the admin who imported it.
    const changes = await command('wijzigingen', ADMIN);
    expect(changes).toContain(`<@${ADMIN}> · bestand`);

    // A second click (or a second admin) imports nothing more.
    const again = await press(ADMIN, answer, 'programme_file_import');
    expect(again.replace_original).toBe(false);
    expect(visibleText(again)).toContain('al ingeladen');
  });

  it('imports nothing when the programme changed since the preview, and shows a new one', async () => {
    const edited = editedFile(await exportedFile());
    const { answer } = await sendFile(ADMIN, { name: 'programma.yml', data: edited });
    // Meanwhile the programme changes another way (here: the server's import of another change).
    const db = database().handle.db;
    const current = (await loadProgramme(db))!;
    await importProgramme(
      db,
      {
        ...current,
        libraries: [...current.libraries, { code: 'ANDER', name: 'Bibliotheek Anders', aliases: [] }],
      },
      { now: new Date() },
    );

    const stale = await press(ADMIN, answer, 'programme_file_import');
    expect(visibleText(stale)).toContain('Het programma is veranderd sinds dit voorbeeld');
    expect(visibleText(stale)).toContain('Bibliotheek Anders (niet in het bestand)');
    expect(await feedbackEnd()).toBe('2017-09-29');

    // The new preview's Import applies it, and leaves what the file does not list.
    const done = await press(ADMIN, { ...answer, args: stale as never }, 'programme_file_import');
    expect(visibleText(done)).toContain('is ingeladen');
    expect(await feedbackEnd()).toBe('2017-10-06');
    const codes = (await loadProgramme(db))!.libraries.map((library) => library.code);
    expect(codes).toEqual(expect.arrayContaining(['ANDER', 'NIEUW']));
  });

  it('removes what the file leaves out only with "Import and remove", which asks first', async () => {
    const file = parse(await exportedFile()) as { phases: { id: string }[] };
    file.phases = file.phases.filter((phase) => phase.id !== 'concept-visie');
    const { answer } = await sendFile(ADMIN, { name: 'zonder-concept.yml', data: stringify(file) });
    expect(visibleText(answer.args)).toContain('niet in het bestand');
    const removeButton = JSON.stringify(answer.args.blocks);
    expect(removeButton).toContain('"confirm"');

    const done = await press(ADMIN, answer, 'programme_file_import_remove');
    expect(visibleText(done)).toContain('is ingeladen');
    const ids = (await loadProgramme(database().handle.db))!.phases.map((phase) => phase.id);
    expect(ids).not.toContain('concept-visie');
  });

  it('cancels: nothing changes, and the preview says so', async () => {
    const { answer } = await sendFile(ADMIN, {
      name: 'programma.yml',
      data: editedFile(await exportedFile()),
    });
    const cancelled = await press(ADMIN, answer, 'programme_file_cancel');
    expect(visibleText(cancelled)).toContain('Geannuleerd');
    expect(await feedbackEnd()).toBe('2017-09-29');
    const late = await press(ADMIN, answer, 'programme_file_import');
    expect(visibleText(late)).toContain('al geannuleerd');
    expect(await feedbackEnd()).toBe('2017-09-29');
  });

  it("answers an English admin in English, and a member's file politely, without reading it", async () => {
    const text = editedFile(await exportedFile());
    const { answer } = await sendFile(ADMIN_IN_ENGLISH, { name: 'programme.yml', data: text });
    expect(visibleText(answer.args)).toContain('Preview: programme.yml');
    expect(visibleText(answer.args)).toContain('Bibliotheek Nieuwland (added)');

    const downloadsBefore = app.slack.downloads.length;
    const { answer: refused } = await sendFile(MEMBER, { name: 'programma.yml', data: text });
    expect(visibleText(refused.args)).toContain('Alleen de beheerders');
    expect(app.slack.downloads).toHaveLength(downloadsBefore);
    expect(await feedbackEnd()).toBe('2017-09-29');
  });

  it('names what is wrong with a file that is no programme file, as the CLI does', async () => {
    const word = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 1)]);
    const { answer: zip } = await sendFile(ADMIN, { name: 'programma.docx', data: word });
    expect(visibleText(zip.args)).toContain('Word- of zip-bestand');

    const utf16 = Buffer.from(`\ufeffprogramme:\n  name: X\n`, 'utf16le');
    const { answer: wide } = await sendFile(ADMIN, { name: 'programma.yml', data: utf16 });
    expect(visibleText(wide.args)).toContain('UTF-16');

    const downloadsBefore = app.slack.downloads.length;
    const { answer: huge } = await sendFile(ADMIN, {
      name: 'groot.yml',
      data: 'programme:\n',
      declaredSize: MAX_PROGRAMME_FILE_BYTES + 1,
    });
    expect(visibleText(huge.args)).toContain('hoogstens 2');
    expect(app.slack.downloads).toHaveLength(downloadsBefore);

    const { answer: invalid } = await sendFile(ADMIN, {
      name: 'kapot.yml',
      data: 'programme:\n  name: Zonder bibliotheken\nphases: nee\n',
    });
    expect(visibleText(invalid.args)).toContain('kapot.yml* is niet ingeladen');

    // Slack's sign-in page instead of the file (no files:read): the bytes say so, whatever the name.
    const { answer: signIn } = await sendFile(ADMIN, {
      name: 'programma.yml',
      data: '<!DOCTYPE html><html><body>Sign in</body></html>',
    });
    expect(visibleText(signIn.args)).toContain('files:read');
    expect(await feedbackEnd()).toBe('2017-09-29');
  });

  it('previews a file once when Slack delivers its event again', async () => {
    const fileId = app.slack.shareFile({ name: 'programma.yml', data: editedFile(await exportedFile()) });
    const before = app.slack.callsTo('chat.postMessage').length;
    await deliverFileEvent(ADMIN, fileId);
    await answerIn(dmOf(ADMIN), before);
    await deliverFileEvent(ADMIN, fileId);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const previews = app.slack
      .callsTo('chat.postMessage')
      .slice(before)
      .filter((call) => call.args.channel === dmOf(ADMIN));
    expect(previews).toHaveLength(1);
  });
});
