import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable } from '../support/databases.js';
import { type FakeSlack, startFakeSlack } from '../support/fakeSlack.js';
import { SIGNING_SECRET } from '../support/koersUnderTest.js';
import {
  createEmptyDatabase,
  type EmptyDatabase,
  EXAMPLE_FILE,
  environment,
  type RunningApp,
  runCli,
  startApp,
} from '../support/processes.js';
import { postToSlackEndpoint, viewSubmissionBody } from '../support/slackRequests.js';
import { openedMetadata } from '../support/views.js';

/*
 * The app as `npm start` runs it, killed with SIGKILL right after it confirmed an idea and before the
 * admin's direct message went out: the message was written with the idea, so the next start sends it.
 * Real processes on both databases; the dead instance's claim is taken over when its lease runs out.
 */

const ADMIN = 'UADMIN';

for (const kind of ['pglite', 'postgres'] as const) {
  describe.skipIf(kind === 'postgres' && !postgresAvailable)(
    `an idea confirmed just before a kill -9 [${kind}]`,
    () => {
      let database: EmptyDatabase;
      let slack: FakeSlack;
      let app: RunningApp | undefined;
      let env: Record<string, string>;

      beforeAll(async () => {
        database = await createEmptyDatabase(kind);
        slack = await startFakeSlack();
        env = environment({
          ...database.env,
          SLACK_BOT_TOKEN: 'xoxb-test',
          SLACK_SIGNING_SECRET: SIGNING_SECRET,
          SLACK_API_URL: slack.apiUrl,
          PORT: '0',
          SCHEDULER: 'off',
          ADMIN_USER_IDS: ADMIN,
          // The dead instance's claim is waited out: a lease of 11 s instead of 50 s, which still outlasts
          // a whole send (2 look-ups of 1 s, then 2 tries of a post, a look in the channel and a turn:
          // 2 × 1 s + 2 × (2 × 1 s + 1 s + 1 s) = 10 s), as the outbox checks when it starts.
          KOERS_OUTBOX_LEASE_MS: '11000',
          KOERS_OUTBOX_SLACK_TIMEOUT_MS: '1000',
          KOERS_OUTBOX_CONCURRENCY: '1',
        });
        if (kind === 'postgres') {
          const imported = await runCli(['import', EXAMPLE_FILE], environment(database.env));
          expect(imported.code, imported.stderr).toBe(0);
        }
      }, 120_000);
      afterAll(async () => {
        await app?.stop();
        await slack?.close();
        await database?.dispose();
      });

      it('sends the admin the direct message after the restart, once', async () => {
        app = await startApp(env, { timeoutMs: 120_000 });
        // Slack takes the post and never answers: the process dies with it under way.
        slack.setHandler('chat.postMessage', () => ({ status: 500, delayMs: 120_000 }));
        const body = viewSubmissionBody({
          callbackId: 'idea',
          userId: 'UPROPOSER',
          privateMetadata: openedMetadata('idea', 'UPROPOSER'),
          values: {
            title: { value: { type: 'plain_text_input', value: 'Bibliotheek aan huis' } },
            description: { value: { type: 'plain_text_input', value: 'Boeken bezorgen aan huis.' } },
            theme: { value: { type: 'plain_text_input', value: null } },
            libraries: { value: { type: 'multi_static_select', selected_options: [] } },
          } as never,
        });
        const answer = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
        expect((answer.json as { response_action: string }).response_action).toBe('update');
        await slack.waitForCalls('chat.postMessage', 1, 30_000);
        process.kill(app.pid, 'SIGKILL');
        await app.stop();
        app = undefined;
        slack.clearHandlers();

        app = await startApp(env, { timeoutMs: 120_000 });
        const delivered = () =>
          slack
            .callsTo('chat.postMessage')
            .filter((call) => call.status === 200 && call.args.channel === `D${ADMIN}`);
        for (const started = Date.now(); delivered().length === 0 && Date.now() - started < 150_000; )
          await new Promise((resolve) => setTimeout(resolve, 200));
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        expect(delivered()).toHaveLength(1);
        expect(JSON.stringify(delivered()[0]!.args.blocks)).toContain('idea_approve');
      }, 400_000);
    },
  );
}
