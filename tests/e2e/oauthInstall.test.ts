import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { saveInstallation } from '../../src/db/installationRepository.js';
import { admins, installations } from '../../src/db/schema.js';
import { tokenCipher } from '../../src/db/tokenCipher.js';
import { databaseStateStore, STATE_LIFETIME_SECONDS } from '../../src/slack/oauth/stateStore.js';
import { describeOnBothDatabases } from '../support/databases.js';
import type { FakeSlack } from '../support/fakeSlack.js';
import { workspaceInstallation } from '../support/installations.js';
import { importProgrammeFile, type KoersUnderTest, SIGNING_SECRET } from '../support/koersUnderTest.js';
import { capturedLogs } from '../support/logLines.js';
import { visibleText } from '../support/messageText.js';
import {
  installFlow,
  MANIFEST_SCOPES,
  oauthSettings,
  PUBLIC_URL,
  startKoersForInstalls,
  workspaceDatabases,
} from '../support/oauthInstall.js';
import { isOverviewPost } from '../support/overviews.js';
import { eventBody, postToSlackEndpoint, slashCommandBody } from '../support/slackRequests.js';

/*
 * "Add to Slack": Koers installed through OAuth, against the fake Slack's oauth.v2.access, on both
 * databases. One app per database; the cases build on each other, in order: install, use, a second
 * workspace with a programme of its own, reinstall, uninstall.
 */

const OAUTH = oauthSettings();
const ADMIN = 'UADMIN';

describeOnBothDatabases('Koers installed through OAuth ("Add to Slack")', (database) => {
  let slack: FakeSlack;
  let app: KoersUnderTest;
  const { logger, lines: logLines } = capturedLogs();
  /** T1's bot token, as Slack issued it at the last install. */
  let installedToken = '';

  beforeAll(async () => {
    app = await startKoersForInstalls(database(), { oauth: OAUTH, logger, adminUserIds: [ADMIN] });
    slack = app.slack;
  });
  afterAll(async () => {
    await workspaces.closeAll();
    await app?.stop();
  });

  const { startInstall, redirect, install } = installFlow(() => app);
  const workspaces = workspaceDatabases(database);
  const workspaceDb = workspaces.of;

  async function installationRows() {
    return database().handle.db.select().from(installations);
  }

  async function health(): Promise<Record<string, unknown>> {
    return (await fetch(`${app.baseUrl}/healthz`)).json() as Promise<Record<string, unknown>>;
  }

  /** `/project TEXT` from a workspace; each asker new, so Koers asks Slack for their language (users.info). */
  let askers = 0;
  async function ask(text: string, teamId: string, userId = `UASK${++askers}`) {
    const body = slashCommandBody({ text, userId, teamId, responseUrl: slack.respondUrl() });
    return postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
  }

  function revocation(event: Record<string, unknown>, teamId: string, eventTime?: number): string {
    const body = JSON.parse(eventBody({ event, teamId }));
    if (eventTime !== undefined) body.event_time = eventTime;
    return JSON.stringify(body);
  }

  it('serves an install page in Dutch that links to Slack with the scopes of manifest.yml', async () => {
    const started = await startInstall();
    expect(started.status).toBe(200);
    expect(started.html).toContain('<html lang="nl">');
    expect(started.html).toContain('Toevoegen aan Slack');
    expect(started.headers.get('content-security-policy')).toContain("default-src 'none'");
    const url = started.authorizeUrl;
    expect(`${url.origin}${url.pathname}`).toBe('https://slack.com/oauth/v2/authorize');
    expect(url.searchParams.get('client_id')).toBe(OAUTH.clientId);
    expect(url.searchParams.get('scope')?.split(',').sort()).toEqual([...MANIFEST_SCOPES].sort());
    expect(url.searchParams.get('redirect_uri')).toBe(`${PUBLIC_URL}/slack/oauth_redirect`);
    // The state is handed to this browser alone, in a cookie Bolt checks when Slack sends it back.
    expect(started.state).toMatch(/^[\w-]+\.[\w-]+$/);
    expect(started.cookie).toBe(`slack-app-oauth-state=${started.state}`);
  });

  it('speaks English to a browser that prefers it, or with ?lang=en', async () => {
    const byBrowser = await startInstall('', { 'accept-language': 'en-GB,en;q=0.9,nl;q=0.4' });
    expect(byBrowser.html).toContain('<html lang="en">');
    expect(byBrowser.html).toContain('Add to Slack');
    const byLink = await startInstall('?lang=en', { 'accept-language': 'nl-NL' });
    expect(byLink.html).toContain('Add to Slack');
    expect(byLink.html).not.toContain('Toevoegen');
  });

  it('installs into a workspace, keeps its token only sealed, and says so in the language it began in', async () => {
    const done = await install('T1', 'Bibliotheek Utrecht', '?lang=en');
    expect(done.status).toBe(200);
    expect(done.html).toContain('Koers is added to Bibliotheek Utrecht');
    installedToken = done.botToken;

    // Slack was asked once for the token, with the app's credentials and the redirect URL of the link.
    const exchanges = slack.callsTo('oauth.v2.access');
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]?.args).toMatchObject({
      code: done.code,
      redirect_uri: `${PUBLIC_URL}/slack/oauth_redirect`,
    });

    const rows = await installationRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      installKey: 'team:T1',
      teamName: 'Bibliotheek Utrecht',
      installerUserId: 'UINSTALLER',
    });
    expect(rows[0]?.botTokenSealed).toMatch(/^k1\./);
    expect(JSON.stringify(rows)).not.toContain(installedToken);
    expect(JSON.stringify(rows)).not.toContain(installedToken.slice(5));
    expect(await health()).toMatchObject({ status: 'ok', installations: 1 });

    // A new programme, empty, with the installer as its first admin.
    const t1 = await workspaceDb('T1');
    expect((await t1.select().from(admins)).map((row) => row.userId)).toEqual(['UINSTALLER']);
    expect(visibleText((await ask('status', 'T1')).json)).toContain('nog geen programma');
    await importProgrammeFile(t1);
  });

  it('refuses the same redirect a second time, and a forged state, before Slack is asked', async () => {
    const exchangesBefore = slack.callsTo('oauth.v2.access').length;
    const started = await startInstall();
    const { code, botToken } = slack.approveInstall({
      teamId: 'T1',
      teamName: 'Bibliotheek Utrecht',
      scopes: MANIFEST_SCOPES,
    });
    expect((await redirect({ code, state: started.state }, started.cookie)).status).toBe(200);
    installedToken = botToken;
    const exchanges = slack.callsTo('oauth.v2.access').length;
    expect(exchanges).toBe(exchangesBefore + 1);

    const replayed = await redirect({ code, state: started.state }, started.cookie);
    expect(replayed.status).toBe(400);
    expect(replayed.html).toContain('Deze installatielink geldt niet meer');

    const [id] = started.state.split('.');
    const forgedState = `${id}x.${'A'.repeat(43)}`;
    const forged = await redirect(
      { code: 'code-x', state: forgedState },
      `slack-app-oauth-state=${forgedState}`,
      {
        'accept-language': 'en',
      },
    );
    expect(forged.status).toBe(400);
    expect(forged.html).toContain('This install link is no longer valid');

    // A state from another browser (no cookie) is refused by Bolt before it reaches the store.
    const other = await startInstall();
    expect((await redirect({ code: 'code-y', state: other.state }, '')).status).toBe(400);
    expect(slack.callsTo('oauth.v2.access')).toHaveLength(exchanges);
  });

  it('refuses a state after its lifetime', async () => {
    const store = databaseStateStore({
      db: database().handle.db,
      secret: OAUTH.stateSecret,
      locale: () => 'nl',
    });
    const issuedAt = new Date();
    const state = await store.generateStateParam({ scopes: ['commands'] }, issuedAt);
    const late = new Date(issuedAt.getTime() + (STATE_LIFETIME_SECONDS + 1) * 1000);
    await expect(store.verifyStateParam(late, state)).rejects.toThrow(/expired/);
  });

  it('answers a command from the installed workspace with its stored token', async () => {
    const before = slack.callsTo('users.info').length;
    const response = await ask('status', 'T1');
    expect(response.status).toBe(200);
    expect(visibleText(response.json)).toContain('Lopend');
    const lookups = slack.callsTo('users.info').slice(before);
    expect(lookups.length).toBeGreaterThan(0);
    for (const call of lookups) expect(call.token).toBe(installedToken);
  });

  it('posts outside a request (the channel overview) with the stored token too', async () => {
    slack.setHandler('conversations.info', (args) => ({
      body: { ok: true, channel: { id: String(args.channel), is_private: false, is_member: true } },
    }));
    const body = slashCommandBody({
      text: 'aanmelden',
      userId: ADMIN,
      channelId: 'COAUTH',
      teamId: 'T1',
      responseUrl: slack.respondUrl(),
    });
    expect((await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET })).status).toBe(
      200,
    );
    await app.koers.refreshOverviews();
    const overview = await vi.waitFor(() => {
      const post = slack
        .callsTo('chat.postMessage')
        .find((call) => call.args.channel === 'COAUTH' && isOverviewPost(call));
      expect(post).toBeDefined();
      return post;
    });
    expect(overview?.token).toBe(installedToken);
  });

  it('installs a second workspace with a programme of its own, empty, its installer its first admin', async () => {
    const second = await install('T2', 'Bibliotheek Rivierenland');
    expect(second.status).toBe(200);
    expect(second.html).toContain('Koers is toegevoegd aan Bibliotheek Rivierenland');
    expect(slack.callsTo('auth.revoke')).toEqual([]);
    expect((await installationRows()).map((row) => row.installKey).sort()).toEqual(['team:T1', 'team:T2']);
    expect(await health()).toMatchObject({ installations: 2 });

    const inT2 = visibleText((await ask('status', 'T2')).json);
    expect(inT2).toContain('nog geen programma');
    expect(inT2).not.toContain('Lopend');
    expect(visibleText((await ask('status', 'T1')).json)).toContain('Lopend');
    const t2Admins = (await (await workspaceDb('T2')).select().from(admins)).map((row) => row.userId);
    expect(t2Admins).toEqual(['UINSTALLER']);
    // T1's admin of the install stays T1's: a reinstall does not add admins to a programme that has one.
    expect((await (await workspaceDb('T1')).select().from(admins)).map((row) => row.userId)).toEqual([
      'UINSTALLER',
    ]);
  });

  it('takes a reinstall of the same workspace, with its new token', async () => {
    const again = await install('T1', 'Bibliotheek Utrecht');
    expect(again.status).toBe(200);
    expect(again.html).toContain('Koers is toegevoegd aan Bibliotheek Utrecht');
    installedToken = again.botToken;
    const before = slack.callsTo('users.info').length;
    expect(visibleText((await ask('status', 'T1')).json)).toContain('Lopend');
    expect(
      slack
        .callsTo('users.info')
        .slice(before)
        .map((call) => call.token),
    ).toEqual([installedToken]);
    expect(await installationRows()).toHaveLength(2);
  });

  it('ignores a revocation sent before the last install (a late retry)', async () => {
    const response = await postToSlackEndpoint(
      app.baseUrl,
      revocation({ type: 'app_uninstalled' }, 'T1', Math.floor(Date.now() / 1000) - 120),
      {
        signingSecret: SIGNING_SECRET,
        headers: { 'x-slack-retry-num': '3', 'x-slack-retry-reason': 'http_timeout' },
      },
    );
    expect(response.status).toBe(200);
    await vi.waitFor(() =>
      expect(logLines.some((line) => line.msg === 'a token revocation that removed nothing')).toBe(true),
    );
    const t1 = (await installationRows()).find((row) => row.installKey === 'team:T1');
    expect(t1?.botTokenSealed).not.toBeNull();
  });

  it('removes the tokens at app_uninstalled, and refuses the workspace cleanly afterwards', async () => {
    const response = await postToSlackEndpoint(app.baseUrl, revocation({ type: 'app_uninstalled' }, 'T1'), {
      signingSecret: SIGNING_SECRET,
    });
    expect(response.status).toBe(200);
    const t1Row = async () => (await installationRows()).find((row) => row.installKey === 'team:T1');
    await vi.waitFor(async () => expect((await t1Row())?.botTokenSealed).toBeNull());
    const row = await t1Row();
    expect(row?.tokensRemovedAt).not.toBeNull();
    expect(await health()).toMatchObject({ status: 'ok', installations: 1 });

    // Slack retrying the event removes nothing more and breaks nothing.
    const retried = await postToSlackEndpoint(app.baseUrl, revocation({ type: 'app_uninstalled' }, 'T1'), {
      signingSecret: SIGNING_SECRET,
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(retried.status).toBe(200);

    // A command for that workspace: acknowledged with nothing, no Slack call with the old token.
    const callsBefore = slack.calls.length;
    const command = await ask('status', 'T1');
    expect(command.status).toBe(200);
    expect(command.text).toBe('');
    expect(slack.calls.slice(callsBefore).filter((call) => call.token === installedToken)).toEqual([]);
    expect(await health()).toMatchObject({ status: 'ok' });
    expect(logLines.some((line) => line.msg === 'a request Koers holds no installation for; refused')).toBe(
      true,
    );

    // The other workspace goes on as before.
    expect(visibleText((await ask('status', 'T2')).json)).toContain('nog geen programma');
  });

  it("tells a command to try again when its workspace's programme cannot be opened", async () => {
    // A schema in the way of the migrations: the workspace's tables cannot be made.
    await database().handle.db.execute(sql.raw('create schema ws_team_t9'));
    await database().handle.db.execute(sql.raw('create table ws_team_t9.libraries (x int)'));
    await saveInstallation(
      database().handle.db,
      tokenCipher(OAUTH.encryptionKeys),
      workspaceInstallation('T9', 'Negen', 'xoxb-T9-token'),
      new Date(),
    );
    const command = await ask('status', 'T9');
    expect(command.status).toBe(200);
    expect(visibleText(command.json)).toContain('Probeer het over een minuut opnieuw');
    expect(
      logLines.some(
        (line) =>
          String(line.msg).includes("a workspace's programme could not be opened") && line.teamId === 'T9',
      ),
    ).toBe(true);
    // The other workspace is not held up by it.
    expect(visibleText((await ask('status', 'T2')).json)).toContain('nog geen programma');
  });

  it('never logs a token', () => {
    expect(JSON.stringify(logLines)).not.toMatch(/xoxb-T\d/);
  });
});
