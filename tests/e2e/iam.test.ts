import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { libraryOf, setLibraryOf } from '../../src/db/peopleRepository.js';
import { userLibraries } from '../../src/db/schema.js';
import { describeOnBothDatabases } from '../support/databases.js';
import { type KoersUnderTest, SIGNING_SECRET, startKoersUnderTest } from '../support/koersUnderTest.js';
import { visibleText } from '../support/messageText.js';
import { startPlaygroundUnderTest } from '../support/playgroundUnderTest.js';
import { postToSlackEndpoint, slashCommandBody } from '../support/slackRequests.js';

const ADMIN = 'UADMIN';
const MEMBER = 'UAVV';
const SAM = 'USAM01';

describeOnBothDatabases('/project ik-ben: naming a colleague as Slack sends it', (database) => {
  let app: KoersUnderTest;

  beforeAll(async () => {
    app = await startKoersUnderTest(database(), { config: { ADMIN_USER_IDS: [ADMIN] } });
    app.slack.setUserLocale('UEN', 'en-US');
  });
  afterAll(async () => {
    await app?.stop();
  });
  beforeEach(async () => {
    const db = database().handle.db;
    await db.delete(userLibraries);
    await setLibraryOf(db, MEMBER, 'AVV', 'test', new Date());
    await setLibraryOf(db, 'UEN', 'HGH', 'test', new Date());
  });

  async function iam(text: string, userId: string): Promise<string> {
    const body = slashCommandBody({ text: `ik-ben ${text}`, userId, responseUrl: app.slack.respondUrl() });
    const response = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
    expect(response.status).toBe(200);
    return visibleText(response.json);
  }

  it('lets an admin link a colleague named as Slack escapes a mention, <@U…|name>', async () => {
    expect(await iam(`UTR <@${SAM}|sam>`, ADMIN)).toContain(
      `<@${SAM}> spreekt nu namens *Bibliotheek Utrecht*`,
    );
    expect(await libraryOf(database().handle.db, SAM)).toBe('UTR');
    // The mention may come first, too.
    expect(await iam(`<@${SAM}> avv`, ADMIN)).toContain('Bibliotheek Angstel, Vecht en Venen');
    expect(await libraryOf(database().handle.db, SAM)).toBe('AVV');
  });

  it('tells an admin an @name Slack did not make a mention is not known as a colleague, not that no library was found', async () => {
    const answer = await iam('UTR @Sam', ADMIN);
    expect(answer).toContain('Koers herkent “@Sam” niet als collega');
    expect(answer).not.toContain('Geen bibliotheek gevonden');
    expect(await libraryOf(database().handle.db, SAM)).toBeNull();
  });

  it('tells a non-admin naming someone else that only admins can, in their language', async () => {
    for (const text of [`UTR <@${SAM}|sam>`, 'UTR @Sam', `@Sam onbekend`]) {
      const answer = await iam(text, MEMBER);
      expect(answer).toContain('Alleen beheerders kunnen iemand anders aan een bibliotheek koppelen');
      expect(answer).not.toContain('Geen bibliotheek gevonden');
    }
    expect(await iam(`UTR <@${SAM}|sam>`, 'UEN')).toContain('Only admins can link someone else to a library');
    expect(await libraryOf(database().handle.db, SAM)).toBeNull();
    expect(await libraryOf(database().handle.db, MEMBER)).toBe('AVV');
  });
});

describe('/project ik-ben in the playground', { timeout: 120_000 }, () => {
  it('lets Anke link Sam by typing @Sam, as Slack sends a mention with should_escape', async () => {
    const running = await startPlaygroundUnderTest();
    try {
      await running.playground.handle(
        'command' as never,
        {
          user: 'U0PGADMIN',
          channel: 'C0INNOVATIE',
          text: '/project ik-ben UTR @Sam',
        } as never,
      );
      for (let waited = 0; waited < 10_000; waited += 50) {
        const answer = running.playground.workspace.messages.find((message) =>
          JSON.stringify(message).includes('spreekt nu namens'),
        );
        if (answer) {
          expect(JSON.stringify(answer)).toContain('<@U0PGGUEST> spreekt nu namens *Bibliotheek Utrecht*');
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(
        `no answer; messages: ${JSON.stringify(running.playground.workspace.messages.map((m) => m.text))}`,
      );
    } finally {
      await running.dispose();
    }
  });
});
