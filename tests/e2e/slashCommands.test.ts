import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { findLimitViolations } from '../support/blockLimits.js';
import { describeOnBothDatabases } from '../support/databases.js';
import { type KoersUnderTest, SIGNING_SECRET, startKoersUnderTest } from '../support/koersUnderTest.js';
import { findButton, visibleText } from '../support/messageText.js';
import { expectEverySlackPayloadValid } from '../support/payloads.js';
import { blockActionBody, postToSlackEndpoint, slashCommandBody } from '../support/slackRequests.js';

/** 20 September 2017, 12:00 in Amsterdam: the feedback phase on the draft vision is open. */
const DURING_FEEDBACK = new Date('2017-09-20T10:00:00Z');

describeOnBothDatabases('/project over HTTP, as Slack sends it', (database) => {
  let app: KoersUnderTest;

  beforeAll(async () => {
    app = await startKoersUnderTest(database(), { now: () => DURING_FEEDBACK });
    app.slack.setUserLocale('UEN', 'en-US');
  });
  afterAll(async () => {
    if (app) expectEverySlackPayloadValid(app.slack);
    await app?.stop();
  });

  async function ask(text: string, userId = 'UNL') {
    const body = slashCommandBody({ text, userId, responseUrl: app.slack.respondUrl() });
    const started = Date.now();
    const response = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
    const elapsedMs = Date.now() - started;
    expect(response.status).toBe(200);
    const payload = response.json as { response_type: string; text: string; blocks?: unknown[] };
    // Every answer is a valid Slack message, private to the asker, and in time for Slack.
    expect(findLimitViolations(payload)).toEqual([]);
    expect(payload.response_type).toBe('ephemeral');
    expect(elapsedMs).toBeLessThan(3_000);
    return { payload, text: visibleText(payload) };
  }

  it('lists every project by status, with partners, in Dutch', async () => {
    const { text } = await ask('status');
    expect(text).toContain('Lopend');
    expect(text).toContain('Afgerond');
    expect(text).toContain('Idee');
    expect(text).toContain('Nieuwe zoekinterface / NBC+');
    expect(text).toContain('Project Utrecht West');
    expect(text).toContain('Privacy &amp; Security');
    expect(text).toMatch(/Effectmeting\* · AVV, HGH/);
  });

  it('answers in English for a user whose Slack is in English', async () => {
    const { text } = await ask('status', 'UEN');
    expect(text).toContain('Running');
    expect(text).toContain('Completed');
    expect(text).not.toContain('Lopend');
  });

  it('finds one project by a forgiving query and shows its partners and updates', async () => {
    const { text } = await ask('status nbc');
    expect(text).toContain('Nieuwe zoekinterface / NBC+');
    expect(text).toContain('alle bibliotheken');
    expect(text).toContain('Innovatiemiddag');
  });

  it('lists the candidates when a query matches several projects', async () => {
    // "w" starts a word of both "Werkplek 21e eeuw" and "Project Utrecht West".
    const { text } = await ask('status w');
    expect(text).toContain('Meerdere projecten');
    expect(text).toContain('Werkplek 21e eeuw');
    expect(text).toContain('Project Utrecht West');
  });

  it('suggests the closest projects when nothing matches', async () => {
    const { text } = await ask('status efectmeting');
    expect(text).toContain('Geen project gevonden');
    expect(text).toContain('Effectmeting');
  });

  it("shows every library's projects, and one library's roles", async () => {
    const all = await ask('partners');
    expect(all.text).toContain('Bibliotheek Angstel, Vecht en Venen');
    expect(all.text).toContain('Voor alle bibliotheken');
    const avv = await ask('bibliotheken avv');
    expect(avv.text).toContain('Registratie en rapportage in het sociaal domein');
    expect(avv.text).toContain('Effectmeting');
    expect(avv.text).not.toContain('eHealth');
  });

  it('shows the timeline with the current phase and a countdown to the feedback deadline', async () => {
    const { text } = await ask('tijdlijn');
    expect(text).toContain('8 juni 2017');
    expect(text).toContain('15 juni – 15 juli 2017');
    expect(text).toMatch(/Nog \*9 dagen\* tot Feedback op visie retour aan BiSC \(29 september 2017\)/);
    expect(text).toContain('nu bezig');
    expect(text).toContain('Tijden in Nederlandse tijd.');
  });

  it('answers help for an empty command and suggests the closest one for a typo', async () => {
    expect((await ask('')).text).toContain('/project status');
    const typo = await ask('statsu');
    expect(typo.text).toContain('Onbekend commando');
    expect(typo.text).toContain('/project status');
  });

  it('lists in help the export as the Excel workbook it is, and how to unsubscribe', async () => {
    const { text } = await ask('help');
    expect(text).toContain('/project exporteer feedback FASE [csv]');
    expect(text).toContain('Excel-bestand');
    expect(text).not.toContain('als CSV-bestand');
    expect(text).toContain('/project afmelden [digest]');
  });

  it('answers odd input clearly and keeps running', async () => {
    const odd = [
      `status ${'x'.repeat(4_000)}`,
      'x'.repeat(4_000),
      'status 🚀🚀🚀',
      'partners مكتبة',
      "status '; DROP TABLE projects; --",
      'status "quoted" <b>&',
      'status <!channel>',
    ];
    for (const input of odd) {
      const { payload } = await ask(input);
      expect(payload.text.length).toBeGreaterThan(0);
    }
    expect((await ask('status 🚀')).text).not.toContain('<!channel>');
    expect((await ask('status')).text).toContain('Effectmeting');
  });

  it('shares an answer in the channel through the response_url', async () => {
    const { payload } = await ask('status effectmeting');
    const share = findButton(payload, 'answer_share');
    const body = blockActionBody({
      actionId: 'answer_share',
      value: share.value,
      userId: 'UNL',
      channelId: 'C1',
      responseUrl: app.slack.respondUrl('share'),
    });
    const response = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
    expect(response.status).toBe(200);
    const [posted] = await app.slack.waitForResponses(1);
    const message = posted!.body as { response_type: string };
    expect(message.response_type).toBe('in_channel');
    expect(visibleText(message)).toContain('Effectmeting');
    expect(visibleText(message)).toContain('Gedeeld door <@UNL>');
    expect(findLimitViolations(message)).toEqual([]);
  });

  it('shares an answer once however often "share" is clicked, and tells the second click it is there', async () => {
    const { payload } = await ask('status ehealth');
    const share = findButton(payload, 'answer_share');
    const click = async (name: string) => {
      const responseUrl = app.slack.respondUrl(name);
      const body = blockActionBody({
        actionId: 'answer_share',
        value: share.value,
        userId: 'UNL',
        channelId: 'C1',
        responseUrl,
        container: { type: 'message', message_ts: '1700000000.000777', channel_id: 'C1', is_ephemeral: true },
      });
      const before = app.slack.responses.length;
      expect((await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET })).status).toBe(
        200,
      );
      await app.slack.waitForResponses(before + 1);
      return app.slack.responses.filter((response) => response.url === responseUrl);
    };
    const [first] = await click('share-once-1');
    expect((first!.body as { response_type: string }).response_type).toBe('in_channel');
    const [second, ...more] = await click('share-once-2');
    expect(more).toEqual([]);
    expect(second!.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(visibleText(second!.body)).toBe('Dit antwoord staat al in het kanaal.');
    const inChannel = app.slack.responses.filter(
      (response) =>
        (response.body as { response_type?: string }).response_type === 'in_channel' &&
        visibleText(response.body).includes('eHealth'),
    );
    expect(inChannel).toHaveLength(1);
  });

  it('refuses a wrong signature and a stale timestamp with 401, answering nothing', async () => {
    const body = slashCommandBody({ text: 'status', userId: 'UNL', responseUrl: app.slack.respondUrl() });
    const forged = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: 'not-the-secret-at-all' });
    expect(forged.status).toBe(401);
    expect(forged.text).not.toContain('Effectmeting');

    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const stale = await postToSlackEndpoint(app.baseUrl, body, {
      signingSecret: SIGNING_SECRET,
      timestampSec: sixMinutesAgo,
    });
    expect(stale.status).toBe(401);
    expect(stale.text).not.toContain('Effectmeting');
  });

  it('refuses a timestamp from the future and a replay of a request already served', async () => {
    const body = slashCommandBody({ text: 'status', userId: 'UNL', responseUrl: app.slack.respondUrl() });
    const inTenMinutes = Math.floor(Date.now() / 1000) + 10 * 60;
    const future = await postToSlackEndpoint(app.baseUrl, body, {
      signingSecret: SIGNING_SECRET,
      timestampSec: inTenMinutes,
    });
    expect(future.status).toBe(401);

    const timestampSec = Math.floor(Date.now() / 1000);
    const original = await postToSlackEndpoint(app.baseUrl, body, {
      signingSecret: SIGNING_SECRET,
      timestampSec,
    });
    expect(original.status).toBe(200);
    const replay = await postToSlackEndpoint(app.baseUrl, body, {
      signingSecret: SIGNING_SECRET,
      timestampSec,
    });
    expect(replay.status).toBe(401);
    expect(replay.text).not.toContain('Effectmeting');
  });

  it('refuses an oversized body without reading it into a handler', async () => {
    const body = slashCommandBody({
      text: `status ${'x'.repeat(300_000)}`,
      userId: 'UNL',
      responseUrl: app.slack.respondUrl(),
    });
    const response = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
    expect(response.status).toBe(413);
  });

  it('answers /healthz with the status of the database and of Slack', async () => {
    await vi.waitFor(async () => {
      const response = await fetch(`${app.baseUrl}/healthz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok', db: 'ok', slack: 'ok' });
    });
  });
});
