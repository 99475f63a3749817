import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { listOverviews } from '../../src/db/overviewRepository.js';
import { importProgramme, loadProgramme } from '../../src/db/programmeRepository.js';
import { channelOverviews, subscriptions } from '../../src/db/schema.js';
import { describeOnBothDatabases } from '../support/databases.js';
import type { FakeHandler } from '../support/fakeSlack.js';
import {
  importExample,
  type KoersUnderTest,
  SIGNING_SECRET,
  startKoersUnderTest,
} from '../support/koersUnderTest.js';
import { postToSlackEndpoint, slashCommandBody } from '../support/slackRequests.js';

/** Wednesday 20 September 2017: feedback on the draft vision is open. */
const DURING = new Date('2017-09-20T10:00:00Z');
const ADMIN = 'UADMIN';
const CHANNEL = 'CCANVAS';

const memberChannel: FakeHandler = (args) => ({
  body: { ok: true, channel: { id: String(args.channel), is_private: false, is_member: true } },
});

describeOnBothDatabases('the overview as the channel canvas, where the workspace allows one', (database) => {
  let app: KoersUnderTest;

  beforeAll(async () => {
    app = await startKoersUnderTest(database(), {
      now: () => DURING,
      config: { ADMIN_USER_IDS: [ADMIN] },
      overview: { debounceMs: 0, retryMs: 0, canvas: true },
    });
  });
  afterAll(async () => {
    await app?.stop();
  });
  beforeEach(async () => {
    const db = database().handle.db;
    await app.koers.refreshOverviews();
    await db.delete(subscriptions);
    await db.delete(channelOverviews);
    await importExample(database());
    app.slack.reset();
    app.slack.clearHandlers();
    app.slack.setHandler('conversations.info', memberChannel);
  });

  async function subscribe(): Promise<void> {
    const body = slashCommandBody({
      text: 'aanmelden',
      userId: ADMIN,
      channelId: CHANNEL,
      responseUrl: app.slack.respondUrl(),
    });
    expect((await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET })).status).toBe(
      200,
    );
    await app.slack.waitForCalls('pins.add', 1);
    await app.koers.refreshOverviews();
    await app.koers.refreshOverviews();
  }

  /** An import that moves a project to another status: a change every overview shows. */
  async function somethingChanges(): Promise<void> {
    const db = database().handle.db;
    const programme = (await loadProgramme(db))!;
    const [first] = programme.projects;
    await importProgramme(
      db,
      {
        ...programme,
        projects: programme.projects.map((project) =>
          project.slug === first!.slug
            ? { ...project, status: project.status === 'paused' ? 'running' : 'paused' }
            : project,
        ),
      },
      { now: DURING },
    );
    await app.koers.refreshOverviews();
    await app.koers.refreshOverviews();
  }

  it('creates the channel canvas with the overview as Markdown beside the pin, and edits it after a change', async () => {
    await subscribe();
    const [created] = app.slack.callsTo('conversations.canvases.create');
    expect(created!.args.channel_id).toBe(CHANNEL);
    const content = created!.args.document_content as { type: string; markdown: string };
    expect(content.type).toBe('markdown');
    expect(content.markdown).toContain('# Overzicht ·');
    expect(content.markdown).toContain('Wat nog openstaat, per bibliotheek');
    expect(app.slack.pinsIn(CHANNEL)).toHaveLength(1);
    const [row] = await listOverviews(database().handle.db);
    expect(row).toMatchObject({ canvasState: 'made', canvasRefusal: null });

    await somethingChanges();
    const [edit] = app.slack.callsTo('canvases.edit');
    expect(edit!.args.canvas_id).toBe(row!.canvasId);
    expect(edit!.args.changes).toEqual([
      {
        operation: 'replace',
        document_content: { type: 'markdown', markdown: expect.stringContaining('# Overzicht') },
      },
    ]);
    expect(app.slack.callsTo('conversations.canvases.create')).toHaveLength(1);
  });

  for (const refusal of [
    'team_tier_cannot_create_channel_canvases',
    'channel_canvas_already_exists',
    'missing_scope',
    'not_allowed',
  ]) {
    it(`falls back to the pinned message on ${refusal}, and does not ask again`, async () => {
      app.slack.setHandler('conversations.canvases.create', () => ({ body: { ok: false, error: refusal } }));
      await subscribe();
      expect(app.slack.callsTo('conversations.canvases.create')).toHaveLength(1);
      const [message] = app.slack.messagesIn(CHANNEL);
      expect(app.slack.pinsIn(CHANNEL)).toEqual([message!.ts]);
      const [row] = await listOverviews(database().handle.db);
      expect(row).toMatchObject({ canvasState: 'refused', canvasRefusal: refusal, lastError: null });

      await somethingChanges();
      expect(app.slack.callsTo('chat.update')).toHaveLength(1);
      expect(app.slack.callsTo('conversations.canvases.create')).toHaveLength(1);
      expect(app.slack.callsTo('canvases.edit')).toHaveLength(0);
    });
  }
});
