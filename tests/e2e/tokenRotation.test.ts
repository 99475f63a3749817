import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { listDeliveries } from '../../src/db/deliveryRepository.js';
import { findInstallation } from '../../src/db/installationRepository.js';
import { installations } from '../../src/db/schema.js';
import { subscribe } from '../../src/db/subscriptionRepository.js';
import { tokenCipher } from '../../src/db/tokenCipher.js';
import { workspaceSchemaOf } from '../../src/domain/workspaces.js';
import { postingBotToken } from '../../src/installationTokens.js';
import { runTick } from '../../src/scheduler/reminderWorker.js';
import { slackBotTokenRenewal } from '../../src/slack/oauth/tokenRenewal.js';
import { describeOnBothDatabases } from '../support/databases.js';
import { type FakeSlack, ROTATED_TOKEN_SECONDS } from '../support/fakeSlack.js';
import { importExample, type KoersUnderTest } from '../support/koersUnderTest.js';
import { capturedLogs } from '../support/logLines.js';
import { installFlow, oauthSettings, startKoersForInstalls } from '../support/oauthInstall.js';
import { workerFor } from '../support/schedulerUnderTest.js';

/*
 * Token rotation: a workspace installs Koers with a bot token that expires (Slack's are good for 12
 * hours) and a refresh token. Bolt renews it for requests; what the scheduler posts between requests
 * renews it itself, before it runs out. The cases build on each other, in order.
 */

const KEY = 'team:T1';
/** The example programme's PDO reminders, P7D and P1D: 09:00 Amsterdam on 1 and 7 June 2017. */
const PDO_P7D_DUE = new Date('2017-06-01T07:00:00Z');
const PDO_P1D_DUE = new Date('2017-06-07T07:00:00Z');
const SUBSCRIBED = new Date('2017-01-01T00:00:00Z');
const minutes = (n: number) => n * 60 * 1000;
const OAUTH = oauthSettings();

describeOnBothDatabases('expiring bot tokens, renewed for what the scheduler posts', (database) => {
  let slack: FakeSlack;
  let app: KoersUnderTest;
  let workspace: Database;
  const { logger, lines } = capturedLogs();
  const cipher = tokenCipher(OAUTH.encryptionKeys);
  /** As Slack issued them at the install. */
  let installed = { botToken: '', refreshToken: '' };

  /** The token look-up of one instance, as InstalledWorkspaces wires it for T1. */
  const anInstance = () =>
    postingBotToken({
      db: database().handle.db,
      cipher,
      key: KEY,
      renewal: slackBotTokenRenewal(OAUTH, slack.apiUrl, logger),
      logger: logger.child({ teamId: 'T1' }),
    });
  const scheduler = () =>
    workerFor(database(), slack, {}, {}, { db: workspace, botToken: anInstance().token, logger });
  const renewals = () =>
    slack.callsTo('oauth.v2.access').filter((call) => call.args.grant_type === 'refresh_token');
  const expiresAt = async () =>
    (await findInstallation(database().handle.db, cipher, KEY))?.bot?.expiresAt?.getTime() ?? 0;
  const setExpiry = (at: Date) =>
    database()
      .handle.db.update(installations)
      .set({ botTokenExpiresAt: at })
      .where(eq(installations.installKey, KEY));
  /** No line of the log holds a token Slack issued. */
  const expectNoTokenLogged = (...tokens: string[]) => {
    const logged = JSON.stringify(lines);
    for (const token of tokens) expect(logged).not.toContain(token);
  };

  beforeAll(async () => {
    app = await startKoersForInstalls(database(), { oauth: OAUTH, logger });
    slack = app.slack;
    const done = await installFlow(() => app).install('T1', 'Bibliotheek Utrecht', '', {
      expiresInSeconds: 5 * 60,
    });
    expect(done.status).toBe(200);
    installed = { botToken: done.botToken, refreshToken: done.refreshToken ?? '' };
    workspace = (await database().handle.forWorkspace(workspaceSchemaOf(KEY))).db;
    await importExample({ ...database(), handle: { ...database().handle, db: workspace } });
    await subscribe(workspace, 'C1', 'reminders', null, SUBSCRIBED);
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('keeps the expiring token with its refresh token and expiry, as Slack issued them at the install', async () => {
    const record = await findInstallation(database().handle.db, cipher, KEY);
    expect(record?.bot?.token).toBe(installed.botToken);
    expect(record?.bot?.refreshToken).toBe(installed.refreshToken);
    const left = (record?.bot?.expiresAt?.getTime() ?? 0) - Date.now();
    expect(left).toBeGreaterThan(minutes(4));
    expect(left).toBeLessThanOrEqual(minutes(5));
  });

  it('posts a reminder due now with a renewed token when the installed one runs out within minutes', async () => {
    const report = await runTick(scheduler(), PDO_P7D_DUE);
    expect(report.sent.map((sent) => sent.channelId)).toEqual(['C1']);
    const [renewal, ...more] = renewals();
    expect(more).toHaveLength(0);
    expect(renewal?.args).toMatchObject({
      client_id: OAUTH.clientId,
      refresh_token: installed.refreshToken,
    });
    const [post] = slack.callsTo('chat.postMessage');
    expect(post?.token).toMatch(/^xoxb-T1-/);
    expect(post?.token).not.toBe(installed.botToken);
    // The new token and its refresh token are stored for every instance, good for Slack's 12 hours.
    const record = await findInstallation(database().handle.db, cipher, KEY);
    expect(record?.bot?.token).toBe(post?.token);
    expect(record?.bot?.refreshToken).not.toBe(installed.refreshToken);
    expect(await expiresAt()).toBeGreaterThan(Date.now() + (ROTATED_TOKEN_SECONDS - 60) * 1000);
    expect(lines.some((line) => line.teamId === 'T1' && /renewed the bot token/.test(String(line.msg)))).toBe(
      true,
    );
    expectNoTokenLogged(installed.refreshToken, record?.bot?.token ?? '', record?.bot?.refreshToken ?? '');
  });

  it('renews once when two instances renew at once, and both use its new token', async () => {
    await setExpiry(new Date(Date.now() + minutes(5)));
    const before = renewals().length;
    const [first, second] = [anInstance(), anInstance()];
    const tokens = await Promise.all([first.token(), second.token(), first.token(), second.token()]);
    expect(renewals()).toHaveLength(before + 1);
    expect(new Set(tokens).size).toBe(1);
    expect((await findInstallation(database().handle.db, cipher, KEY))?.bot?.token).toBe(tokens[0]);
  });

  it('fails a reminder whose token has expired and that Slack refuses to renew, saying why in its last error', async () => {
    const before = renewals().length;
    slack.setHandler('oauth.v2.access', () => ({ body: { ok: false, error: 'invalid_refresh_token' } }));
    await setExpiry(new Date(Date.now() - minutes(1)));
    const posts = slack.callsTo('chat.postMessage').length;
    const report = await runTick(scheduler(), PDO_P1D_DUE);
    expect(report.failed.map((failed) => failed.channelId)).toEqual(['C1']);
    // Refused for good: asked once, not once per retry, and nothing posted with the expired token.
    expect(renewals()).toHaveLength(before + 1);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(posts);
    const failed = (await listDeliveries(workspace)).find(
      (delivery) => delivery.dueAt.getTime() === PDO_P1D_DUE.getTime() && delivery.channelId === 'C1',
    );
    expect(failed?.status).toBe('failed');
    expect(failed?.lastError).toBe(
      'the bot token has expired and could not be renewed: invalid_refresh_token',
    );
    const logged = lines.find((line) => /Slack refused to renew/.test(String(line.msg)));
    expect(logged).toMatchObject({ teamId: 'T1', level: 50, error: 'invalid_refresh_token' });
    const record = await findInstallation(database().handle.db, cipher, KEY);
    expectNoTokenLogged(record?.bot?.token ?? '', record?.bot?.refreshToken ?? '');
  });

  it('posts with the old token while it holds, when Slack refuses to renew it', async () => {
    await setExpiry(new Date(Date.now() + minutes(5)));
    await subscribe(workspace, 'C2', 'reminders', null, SUBSCRIBED);
    const stored = (await findInstallation(database().handle.db, cipher, KEY))?.bot?.token;
    const report = await runTick(scheduler(), PDO_P1D_DUE);
    expect(report.sent.map((sent) => sent.channelId)).toEqual(['C2']);
    expect(slack.callsTo('chat.postMessage').at(-1)?.token).toBe(stored);
    expect(
      lines.some((line) => line.teamId === 'T1' && /old token holds a little longer/.test(String(line.msg))),
    ).toBe(true);
    slack.clearHandlers();
  });
});
