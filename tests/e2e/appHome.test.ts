import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { addFeedback } from '../../src/db/feedbackRepository.js';
import { setLibraryOf } from '../../src/db/peopleRepository.js';
import { importProgramme, loadProgramme } from '../../src/db/programmeRepository.js';
import { findLimitViolations } from '../support/blockLimits.js';
import { describeOnBothDatabases } from '../support/databases.js';
import {
  importExample,
  type KoersUnderTest,
  SIGNING_SECRET,
  startKoersUnderTest,
} from '../support/koersUnderTest.js';
import { visibleText } from '../support/messageText.js';
import { blockActionBody, eventBody, postToSlackEndpoint } from '../support/slackRequests.js';

/** 20 September 2017, 12:00 in Amsterdam: the feedback phase on the draft vision is open. */
const DURING_FEEDBACK = new Date('2017-09-20T10:00:00Z');

describeOnBothDatabases('the App Home, as Slack opens it', (database) => {
  let app: KoersUnderTest;

  beforeAll(async () => {
    app = await startKoersUnderTest(database(), {
      now: () => DURING_FEEDBACK,
      config: { ADMIN_USER_IDS: ['UHOMEADMIN'] },
    });
    app.slack.setUserLocale('UHOMEEN', 'en-US');
  });
  afterAll(async () => {
    await app?.stop();
  });
  beforeEach(() => {
    app.slack.reset();
  });

  /** The user opens Koers's tab in Slack; Slack tells the app with a signed event. */
  async function openTab(userId: string, tab: 'home' | 'messages'): Promise<void> {
    const body = eventBody({
      event: {
        type: 'app_home_opened',
        user: userId,
        channel: `D${userId.slice(1)}`,
        tab,
        event_ts: (Date.now() / 1000).toFixed(6),
      },
    });
    const response = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
    expect(response.status).toBe(200);
  }

  /** The Home views published for a user so far, once there are `count` publishes in all. */
  async function publishedHomes(count: number, userId: string) {
    const calls = await app.slack.waitForCalls('views.publish', count);
    return calls
      .filter((call) => call.args.user_id === userId)
      .map((call) => call.args.view as { type: string; blocks: unknown[] });
  }

  it('publishes the programme at a glance: its name, the current and next phase, projects by status', async () => {
    await openTab('UHOME', 'home');
    const [home] = await publishedHomes(1, 'UHOME');
    expect(home?.type).toBe('home');
    expect(findLimitViolations(home)).toEqual([]);

    const text = visibleText(home);
    expect(text).toContain('Meerjaren innovatieprogramma 2018-2020');
    expect(text).toContain('nu bezig: *Feedback op visie retour aan BiSC*');
    expect(text).toContain('eind september, 15–29 september 2017');
    expect(text).toContain('volgende: *Deadline aanvraag meerjaren innovatieprogramma 2018-2020*');
    expect(text).toMatch(/Nog \*9 dagen\* tot Feedback op visie retour aan BiSC \(29 september 2017\)/);
    // The draft vision went out on 15 September: behind us, so not shown as current.
    expect(text).not.toContain('nu bezig: *Concept-visie');
    expect(text).toContain('*Lopend (7)*');
    expect(text).toContain('*Afgerond (2)*\nProject Utrecht West, Social CRM');
    expect(text).toContain('*Idee (2)*\nPrivacy &amp; Security, CRM');
    expect(text).toContain('Effectmeting');
  });

  it('lets a user pick their library on the Home once: the Home shows it at once; a second pick changes nothing', async () => {
    const programme = await loadProgramme(database().handle.db);
    const nameOf = (code: string) =>
      programme?.libraries.find((library) => library.code === code)?.name ?? code;
    await openTab('UPICK', 'home');
    const [before] = await publishedHomes(1, 'UPICK');
    expect(visibleText(before)).toContain('Voor welke bibliotheek spreek je?');
    expect(visibleText(before)).not.toContain(`*${nameOf('AVV')}*`);

    const pick = async (code: string, publishes: number) => {
      const body = blockActionBody({
        actionId: 'home_choose_library',
        selectedValue: code,
        userId: 'UPICK',
        view: { id: 'VHOMEPICK', type: 'home' },
      });
      const response = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
      expect(response.status).toBe(200);
      return (await publishedHomes(publishes, 'UPICK')).at(-1);
    };
    const chosen = visibleText(await pick('AVV', 2));
    expect(chosen).not.toContain('Voor welke bibliotheek spreek je?');
    expect(chosen).toContain(`*${nameOf('AVV')}*`);

    // The picker is gone from the Home, but a forged or stale choice is refused all the same.
    const again = visibleText(await pick('HGH', 3));
    expect(again).toContain(`*${nameOf('AVV')}*`);
    expect(again).not.toContain(`*${nameOf('HGH')}*`);
  });

  it('publishes the Home again every time it is opened, with the programme as it is then', async () => {
    await openTab('UAGAIN', 'home');
    const [before] = await publishedHomes(1, 'UAGAIN');
    expect(visibleText(before)).toContain('*Idee (2)*\nPrivacy &amp; Security, CRM');

    // Meanwhile the CRM idea becomes a running project.
    const db = database().handle.db;
    const programme = (await loadProgramme(db))!;
    programme.projects.find((project) => project.slug === 'crm')!.status = 'running';
    await importProgramme(db, programme, { now: new Date() });
    try {
      await openTab('UAGAIN', 'home');
      const homes = await publishedHomes(2, 'UAGAIN');
      expect(homes).toHaveLength(2);
      const after = homes[1];
      expect(findLimitViolations(after)).toEqual([]);
      expect(visibleText(after)).toContain('nu bezig: *Feedback op visie retour aan BiSC*');
      expect(visibleText(after)).toContain('*Lopend (8)*');
      expect(visibleText(after)).toContain('*Idee (1)*\nPrivacy &amp; Security');
    } finally {
      await importExample(database());
    }
  });

  it('shows the Home in English to a user whose Slack is in English', async () => {
    await openTab('UHOMEEN', 'home');
    const [home] = await publishedHomes(1, 'UHOMEEN');
    expect(findLimitViolations(home)).toEqual([]);
    const text = visibleText(home);
    expect(text).toContain('*Feedback op visie retour aan BiSC*');
    expect(text).toContain('15–29 September 2017');
    expect(text).toContain('*Running (7)*');
    expect(text).not.toContain('Lopend');
  });

  it('shows an admin which libraries still owe feedback, and which of them have nobody to remind', async () => {
    const db = database().handle.db;
    await setLibraryOf(db, 'UAVVHOME', 'AVV', 'UAVVHOME', DURING_FEEDBACK);
    await setLibraryOf(db, 'UHGHHOME', 'HGH', 'UHGHHOME', DURING_FEEDBACK);
    await addFeedback(
      db,
      {
        phaseId: 'feedback-visie',
        libraryCode: 'AVV',
        userId: 'UAVVHOME',
        judgement: 'agree',
        remarks: '',
        priorities: [],
        mayContact: false,
        late: false,
      },
      DURING_FEEDBACK,
    );
    await openTab('UHOMEADMIN', 'home');
    const [home] = await publishedHomes(1, 'UHOMEADMIN');
    const lines = visibleText(home).split('\n');
    expect(lines).toContain('1 van de 7 bibliotheken heeft gereageerd.');
    expect(lines).toContain('✓ Bibliotheek Angstel, Vecht en Venen');
    // Het Groene Hart owes feedback, and someone of it is linked: a nudge can reach it.
    expect(lines).toContain('· Bibliotheek Het Groene Hart');
    expect(lines).toContain('· Bibliotheek IDEA · _niemand om te herinneren_');
  });

  it('publishes nothing when the Messages tab is opened', async () => {
    await openTab('UMESSAGES', 'messages');
    // A Home opened afterwards by someone else is published; the Messages tab left no publish before it.
    await openTab('ULATER', 'home');
    const calls = await app.slack.waitForCalls('views.publish', 1);
    expect(calls.map((call) => call.args.user_id)).toEqual(['ULATER']);
  });
});
