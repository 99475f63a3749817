import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { forgetUser } from '../../src/db/privacyRepository.js';
import { dmMutes } from '../../src/db/schema.js';
import { describeOnBothDatabases } from '../support/databases.js';
import { type KoersUnderTest, SIGNING_SECRET, startKoersUnderTest } from '../support/koersUnderTest.js';
import { askProject } from '../support/slackRequests.js';

/** Thursday 1 June 2028, 12:00 in Amsterdam. */
const NOW = new Date('2028-06-01T10:00:00Z');

describeOnBothDatabases('/project stil: muting Koers for oneself', (database) => {
  let app: KoersUnderTest;

  beforeAll(async () => {
    app = await startKoersUnderTest(database(), { now: () => NOW });
    app.slack.setUserLocale('UEN', 'en-US');
  });
  afterAll(async () => {
    await app?.stop();
  });
  beforeEach(async () => {
    await database().handle.db.delete(dmMutes);
  });

  const ask = (text: string, userId = 'UNL') =>
    askProject({ baseUrl: app.baseUrl, slack: app.slack, signingSecret: SIGNING_SECRET }, text, userId);
  const mutes = () => database().handle.db.select().from(dmMutes);

  it('mutes for two weeks, answered privately with the end date; until the end of that day in Amsterdam', async () => {
    const answer = await ask('stil 2w');
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('Koers stuurt je tot en met 15 juni 2028 geen persoonlijke herinneringen.');
    expect((answer.ack as { response_type?: string }).response_type ?? 'ephemeral').toBe('ephemeral');
    const [stored] = await mutes();
    expect(stored?.userId).toBe('UNL');
    expect(stored?.until.toISOString()).toBe('2028-06-15T22:00:00.000Z');
  });

  it('mutes until a date, in English for an English Slack, and turns off again', async () => {
    expect((await ask('quiet until 2028-08-31', 'UEN')).text).toContain(
      'Koers sends you no personal reminders up to and including 31 August 2028.',
    );
    expect((await ask('stil tot 2028-08-31')).text).toContain('tot en met 31 augustus 2028');
    expect(await mutes()).toHaveLength(2);
    expect((await ask('quiet off', 'UEN')).text).toContain('Koers sends you personal reminders again.');
    expect((await ask('stil uit')).text).toContain('Koers stuurt je weer persoonlijke herinneringen.');
    expect(await mutes()).toEqual([]);
    expect((await ask('stil uit')).text).toContain('Je had Koers niet stilgezet');
  });

  it('tells what it expects when the input is not understood, in the past or too far off', async () => {
    expect((await ask('stil morgen')).text).toContain('Hoe lang? Bijvoorbeeld `/project stil 2w`');
    expect((await ask('stil')).text).toContain('Hoe lang?');
    expect((await ask('stil tot 2028-02-30')).text).toContain('Hoe lang?');
    expect((await ask('stil tot 2028-05-01')).text).toContain('Die datum is al voorbij.');
    expect((await ask('quiet 60w', 'UEN')).text).toContain('Muting lasts a year at most.');
    expect(await mutes()).toEqual([]);
  });

  it('is forgotten with the person', async () => {
    await ask('stil 2w', 'UFORGET');
    expect(await mutes()).toHaveLength(1);
    const report = await forgetUser(database().handle.db, 'UFORGET', NOW);
    expect(report['mute deleted']).toBe(1);
    expect(await mutes()).toEqual([]);
  });
});
