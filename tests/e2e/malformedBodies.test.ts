import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnBothDatabases } from '../support/databases.js';
import { type KoersUnderTest, SIGNING_SECRET, startKoersUnderTest } from '../support/koersUnderTest.js';
import { askProject, signRequest } from '../support/slackRequests.js';

/*
 * A body signed with the right secret that is still no Slack payload (a bug in a proxy, a test tool,
 * someone holding the secret): answered 400 at once, never left hanging, and the app goes on answering.
 */
describeOnBothDatabases('signed bodies that are not a Slack payload', (database) => {
  let app: KoersUnderTest;

  beforeAll(async () => {
    app = await startKoersUnderTest(database());
  });
  afterAll(async () => {
    await app?.stop();
  });

  async function sendSigned(body: string, contentType: string) {
    const response = await fetch(`${app.baseUrl}/slack/events`, {
      method: 'POST',
      headers: { ...signRequest(SIGNING_SECRET, body), 'content-type': contentType },
      body,
      // Slack gives up after 3 seconds; a request still open after 5 was left hanging.
      signal: AbortSignal.timeout(5_000),
    });
    return { status: response.status, text: await response.text() };
  }

  it.each([
    ['JSON null', 'null', 'application/json'],
    ['payload=null', 'payload=null', 'application/x-www-form-urlencoded'],
    ['a JSON number', '42', 'application/json'],
    ['a JSON array', 'payload=%5B%5D', 'application/x-www-form-urlencoded'],
    ['broken JSON', 'payload=%7B%22type', 'application/x-www-form-urlencoded'],
  ])('answers %s with 400 and goes on serving', async (_name, body, contentType) => {
    const answer = await sendSigned(body, contentType);
    expect(answer.status).toBe(400);
    expect(answer.text).not.toMatch(/at .*\.(js|ts)|Error/);
    const next = await askProject({ ...app, signingSecret: SIGNING_SECRET }, 'status');
    expect(next.status).toBe(200);
    expect(next.text).toContain('Effectmeting');
  });
});
