import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { admins } from '../../src/db/schema.js';
import { describeOnBothDatabases } from '../support/databases.js';
import { type KoersUnderTest, SIGNING_SECRET, startKoersUnderTest } from '../support/koersUnderTest.js';
import { visibleText } from '../support/messageText.js';
import { postToSlackEndpoint, slashCommandBody } from '../support/slackRequests.js';

/*
 * Who the admins are, kept in Slack: an admin makes someone an admin or takes it off again, never the
 * last one; the server's ADMIN_USER_IDS stays as it is, and is changed on the server only.
 */

const SEEDED = 'USEEDED';
const mention = (userId: string) => `<@${userId}|${userId.toLowerCase()}>`;

describeOnBothDatabases('/project beheerders: admins managed in Slack', (database) => {
  let app: KoersUnderTest;

  beforeAll(async () => {
    app = await startKoersUnderTest(database(), { config: { ADMIN_USER_IDS: [SEEDED] } });
    app.slack.setUserLocale('UENGLISH', 'en-GB');
  });
  afterAll(async () => {
    await app?.stop();
  });
  beforeEach(async () => {
    await database().handle.db.delete(admins);
  });

  async function command(text: string, userId: string, to: KoersUnderTest = app): Promise<string> {
    const body = slashCommandBody({ text, userId, responseUrl: to.slack.respondUrl() });
    const response = await postToSlackEndpoint(to.baseUrl, body, { signingSecret: SIGNING_SECRET });
    expect(response.status).toBe(200);
    return visibleText(response.json);
  }

  it('lets an admin make someone an admin, who can then act as one, and take it off again', async () => {
    expect(await command('ideeën', 'UNEW')).toContain('alleen de beheerders');
    expect(await command(`beheerders toevoegen ${mention('UNEW')}`, SEEDED)).toContain(
      '<@UNEW> is nu beheerder',
    );
    expect(await command('ideeën', 'UNEW')).not.toContain('alleen de beheerders');
    // The new admin makes another, then takes it off; everyone can see who the admins are.
    expect(await command(`beheerders toevoegen ${mention('UOTHER')}`, 'UNEW')).toContain('nu beheerder');
    const list = await command('beheerders', 'UMEMBER');
    expect(list).toContain('<@UNEW>');
    expect(list).toContain('<@UOTHER>');
    expect(list).toContain('<@USEEDED> (ADMIN_USER_IDS op de server)');
    expect(await command(`beheerders verwijderen ${mention('UOTHER')}`, 'UNEW')).toContain(
      '<@UOTHER> is geen beheerder meer',
    );
    expect(await command('ideeën', 'UOTHER')).toContain('alleen de beheerders');
  });

  it('refuses a member, and leaves the server’s admins to the server', async () => {
    expect(await command(`beheerders toevoegen ${mention('UMEMBER')}`, 'UMEMBER')).toContain(
      'alleen de beheerders',
    );
    expect(await database().handle.db.select().from(admins)).toEqual([]);
    expect(await command(`beheerders verwijderen ${mention(SEEDED)}`, SEEDED)).toContain(
      'via `ADMIN_USER_IDS` op de server',
    );
    expect(await command('ideeën', SEEDED)).not.toContain('alleen de beheerders');
    expect(await command('beheerders toevoegen', SEEDED)).toContain('Gebruik:');
    expect(await command('admins add @someone', 'UENGLISH')).toContain('Usage:');
    expect(await command(`admins remove ${mention(SEEDED)}`, 'UENGLISH')).toContain('Only the');
  });

  it('never removes the last admin, also when two remove each other at once', async () => {
    // An installation whose server names no admin: the admins are those kept in Slack alone.
    const alone = await startKoersUnderTest(database(), {
      withExample: false,
      slack: app.slack,
      config: { ADMIN_USER_IDS: [] },
    });
    try {
      await database()
        .handle.db.insert(admins)
        .values([{ userId: 'UA' }, { userId: 'UB' }]);
      const answers = await Promise.all([
        command(`admins remove ${mention('UB')}`, 'UA', alone),
        command(`admins remove ${mention('UA')}`, 'UB', alone),
      ]);
      const left = await database().handle.db.select().from(admins);
      expect(left).toHaveLength(1);
      expect(answers.filter((answer) => answer.includes('is geen beheerder meer'))).toHaveLength(1);
      // The other was decided after: either it found the last admin left, or its sender no admin any more.
      const other = answers.find((answer) => !answer.includes('is geen beheerder meer'))!;
      expect(other).toMatch(/de laatste beheerder|alleen de beheerders/);
      const last = left[0]!.userId;
      expect(await command(`admins remove ${mention(last)}`, last, alone)).toContain('de laatste beheerder');
    } finally {
      await alone.koers.stop();
    }
  });
});
