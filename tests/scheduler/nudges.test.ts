import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { listDeliveries } from '../../src/db/deliveryRepository.js';
import { addFeedback } from '../../src/db/feedbackRepository.js';
import { muteUntil } from '../../src/db/muteRepository.js';
import { setLibraryOf } from '../../src/db/peopleRepository.js';
import { importProgramme, loadProgramme } from '../../src/db/programmeRepository.js';
import { deliveries, dmMutes, feedbackResponses, subscriptions, userLibraries } from '../../src/db/schema.js';
import { runTick } from '../../src/scheduler/reminderWorker.js';
import { deliveryLogBlocks } from '../../src/slack/render/deliveryLog.js';
import { showDeliveryLog } from '../../src/usecases/deliveryLog.js';
import { describeOnBothDatabases } from '../support/databases.js';
import { type FakeSlack, startFakeSlack } from '../support/fakeSlack.js';
import { importExample } from '../support/koersUnderTest.js';
import { visibleText } from '../support/messageText.js';
import { expectEverySlackPayloadValid } from '../support/payloads.js';
import { workerFor } from '../support/schedulerUnderTest.js';

/*
 * The example's feedback on the vision is due Friday 29 September 2017. Three working days before it,
 * Tuesday 26 September 09:00 in Amsterdam (07:00Z), the libraries that have not answered are nudged.
 * Of its 7 libraries, AVV and HGH have answered.
 */
const NUDGE_DUE = new Date('2017-09-26T07:00:00Z');
const minutes = (n: number) => n * 60 * 1000;
const at = (base: Date, offsetMs: number) => new Date(base.getTime() + offsetMs);
const PEOPLE: [string, string][] = [
  ['UAVV', 'AVV'],
  ['UHGH', 'HGH'],
  ['UIDEA', 'IDEA'],
  ['UEEM1', 'EEM'],
  ['UEEM2', 'EEM'],
  ['ULEK', 'LEK'],
  ['UZOUT', 'ZOUT'],
  ['UUTR', 'UTR'],
];
const OWING = ['UIDEA', 'UEEM1', 'UEEM2', 'ULEK', 'UZOUT', 'UUTR'];

describeOnBothDatabases('nudges to those who still owe feedback', (database) => {
  let slack: FakeSlack;

  beforeAll(async () => {
    slack = await startFakeSlack();
    await importExample(database());
  });
  afterAll(async () => {
    await slack?.close();
  });
  afterEach(() => {
    expectEverySlackPayloadValid(slack);
  });
  beforeEach(async () => {
    const db = database().handle.db;
    for (const table of [deliveries, subscriptions, feedbackResponses, userLibraries, dmMutes])
      await db.delete(table);
    for (const [userId, code] of PEOPLE)
      await setLibraryOf(db, userId, code, userId, new Date('2017-09-01T00:00:00Z'));
    for (const [userId, code] of [
      ['UAVV', 'AVV'],
      ['UHGH', 'HGH'],
    ] as const) {
      await addFeedback(
        db,
        {
          phaseId: 'feedback-visie',
          libraryCode: code,
          userId,
          judgement: 'agree',
          remarks: '',
          priorities: [],
          mayContact: false,
          late: false,
        },
        new Date('2017-09-20T10:00:00Z'),
      );
    }
    slack.reset();
  });

  /** The people DMed: each nudge is posted in the person's direct message, which the fake opens as D<user>. */
  const dmsTo = () =>
    slack.callsTo('chat.postMessage').map((call) => String(call.args.channel).replace(/^D(?=[UW])/, ''));

  it('does not nudge a person twice when Slack took the first post but its answer was lost', async () => {
    // The first nudge to this person lands, then the connection drops, and the look in the direct
    // message right after fails too: that tick does not know. The next one finds it there.
    let posts = 0;
    let looks = 0;
    slack.setHandler('chat.postMessage', (args) =>
      args.channel === 'DUEEM1' && posts++ === 0 ? { hangUp: true } : undefined,
    );
    slack.setHandler('conversations.history', (args) =>
      args.channel === 'DUEEM1' && looks++ === 0 ? { status: 503 } : undefined,
    );
    try {
      const worker = workerFor(database(), slack, {}, { maxTries: 2, backoffMs: 10 });
      const first = await runTick(worker, NUDGE_DUE);
      expect(first.unknown.map((entry) => entry.channelId)).toEqual(['UEEM1']);
      await runTick(worker, at(NUDGE_DUE, minutes(1)));
      expect(slack.messagesIn('DUEEM1')).toHaveLength(1);
      const delivery = (await listDeliveries(database().handle.db)).find((d) => d.channelId === 'UEEM1');
      expect(delivery?.status).toBe('sent');
      expect(looks).toBeGreaterThan(1);
    } finally {
      slack.clearHandlers();
    }
  });

  it('of 7 libraries with 2 responded, the linked people of the 5 get one DM each, with the form button', async () => {
    const worker = workerFor(database(), slack);
    expect((await runTick(worker, at(NUDGE_DUE, -minutes(1)))).sent).toEqual([]);
    expect(dmsTo()).toEqual([]);

    const report = await runTick(worker, NUDGE_DUE);
    expect(report.sent.map((sent) => sent.channelId).sort()).toEqual([...OWING].sort());
    expect(dmsTo().sort()).toEqual([...OWING].sort());
    const toEemland = slack.callsTo('chat.postMessage').find((call) => call.args.channel === 'DUEEM1');
    const text = visibleText(toEemland?.args);
    expect(text).toContain('Jullie feedback ontbreekt nog: Feedback op visie retour aan BiSC');
    expect(text).toContain(
      'Van Bibliotheek Eemland is nog geen feedback binnen. De deadline is 29 september 2017.',
    );
    const buttons = JSON.stringify(toEemland?.args.blocks);
    expect(buttons).toContain('"action_id":"reminder_feedback"');
    expect(buttons).toContain('"value":"feedback-visie"');
  });

  it('a nudge is in the language of the person’s Slack', async () => {
    slack.setUserLocale('UZOUT', 'en-US');
    await runTick(workerFor(database(), slack), NUDGE_DUE);
    const toZout = slack.callsTo('chat.postMessage').find((call) => call.args.channel === 'DUZOUT');
    expect(visibleText(toZout?.args)).toContain(
      'Your feedback is still missing: Feedback op visie retour aan BiSC',
    );
    expect(visibleText(toZout?.args)).toContain('Give feedback');
    const toLek = slack.callsTo('chat.postMessage').find((call) => call.args.channel === 'DULEK');
    expect(visibleText(toLek?.args)).toContain('Jullie feedback ontbreekt nog');
  });

  it('exactly once across two instances ticking at once, and after a restart', async () => {
    const [a, b] = [workerFor(database(), slack), workerFor(database(), slack)];
    const reports = await Promise.all([runTick(a, NUDGE_DUE), runTick(b, NUDGE_DUE)]);
    const sent = reports.flatMap((report) => report.sent.map((entry) => entry.channelId));
    expect(sent.sort()).toEqual([...OWING].sort());
    // A restarted instance (a new worker, a new instance id) a minute and an hour later sends nothing again.
    const restarted = workerFor(database(), slack);
    expect((await runTick(restarted, at(NUDGE_DUE, minutes(1)))).sent).toEqual([]);
    expect((await runTick(restarted, at(NUDGE_DUE, minutes(60)))).sent).toEqual([]);
    expect(dmsTo().sort()).toEqual([...OWING].sort());
    const stored = (await listDeliveries(database().handle.db)).filter((row) => row.kind === 'nudge');
    expect(stored.filter((row) => row.status === 'sent')).toHaveLength(OWING.length);
  });

  it('nothing to a library that answers before the nudge, and nothing after the deadline', async () => {
    const db = database().handle.db;
    await addFeedback(
      db,
      {
        phaseId: 'feedback-visie',
        libraryCode: 'EEM',
        userId: 'UEEM2',
        judgement: 'agree',
        remarks: '',
        priorities: [],
        mayContact: false,
        late: false,
      },
      new Date('2017-09-25T10:00:00Z'),
    );
    const worker = workerFor(database(), slack);
    await runTick(worker, at(NUDGE_DUE, -minutes(60)));
    await runTick(worker, NUDGE_DUE);
    expect(dmsTo()).not.toContain('UEEM1');
    expect(dmsTo()).not.toContain('UEEM2');
    expect(dmsTo()).toHaveLength(4);

    // Koers down from before the nudge until after the deadline: a nudge then would only confuse.
    await db.delete(deliveries);
    slack.reset();
    const late = await runTick(workerFor(database(), slack), new Date('2017-09-30T08:00:00Z'));
    expect(late.sent).toEqual([]);
    expect(dmsTo()).toEqual([]);
  });

  it('a muted person gets none; a library with nobody linked shows in the log as "nobody to remind"', async () => {
    const db = database().handle.db;
    await muteUntil(db, 'ULEK', new Date('2017-10-15T00:00:00Z'), new Date('2017-09-20T00:00:00Z'));
    await db.delete(userLibraries).where(eq(userLibraries.userId, 'UUTR'));
    const report = await runTick(workerFor(database(), slack), NUDGE_DUE);
    expect(dmsTo().sort()).toEqual(['UEEM1', 'UEEM2', 'UIDEA', 'UZOUT']);
    expect(report.skipped.map((entry) => entry.channelId).sort()).toEqual(['ULEK', 'library:UTR']);

    const log = await showDeliveryLog(db, { userId: 'UADMIN', isAdmin: true, libraryCode: null });
    if (log.kind !== 'log') throw new Error('an admin sees the log');
    const programme = await loadProgramme(db);
    const text = visibleText({
      blocks: deliveryLogBlocks(log.channels, { locale: 'nl', programme, maxBlocks: 90 }),
    });
    expect(text).toContain('Bibliotheek Utrecht · niemand om te herinneren');
    expect(text).toContain('overgeslagen: de ontvanger heeft berichten van Koers even stilgezet');
    expect(text).toContain('<@UIDEA>');
  });

  it('a library nobody is linked to has its contacts nudged, saying why; once someone is, only they are', async () => {
    const db = database().handle.db;
    const programme = (await loadProgramme(db))!;
    await importProgramme(
      db,
      {
        ...programme,
        libraries: programme.libraries.map((library) =>
          library.code === 'UTR' || library.code === 'LEK' ? { ...library, contacts: ['UCONTACT'] } : library,
        ),
      },
      { now: new Date('2017-09-01T00:00:00Z') },
    );
    try {
      // Nobody is linked to Utrecht any more; Lek en IJssel still has ULEK.
      await db.delete(userLibraries).where(eq(userLibraries.userId, 'UUTR'));
      const report = await runTick(workerFor(database(), slack), NUDGE_DUE);
      expect(dmsTo().sort()).toEqual(['UCONTACT', 'UEEM1', 'UEEM2', 'UIDEA', 'ULEK', 'UZOUT']);
      expect(report.skipped).toEqual([]);
      const toContact = slack.callsTo('chat.postMessage').find((call) => call.args.channel === 'DUCONTACT');
      const text = visibleText(toContact?.args);
      expect(text).toContain('Van Bibliotheek Utrecht is nog geen feedback binnen.');
      expect(text).not.toContain('Lek');
      expect(text).toContain('als contactpersoon van de bibliotheek');
      expect(text).toContain('/project ik-ben');

      // Someone says they belong to Utrecht: the next nudge (a new deadline) goes to them, not the contact.
      await setLibraryOf(db, 'UUTRNEW', 'UTR', 'UUTRNEW', new Date('2017-09-26T08:00:00Z'));
      await db.delete(deliveries);
      slack.reset();
      await runTick(workerFor(database(), slack), NUDGE_DUE);
      expect(dmsTo()).toContain('UUTRNEW');
      expect(dmsTo()).not.toContain('UCONTACT');
    } finally {
      await importExample(database());
    }
  });

  it('a deadline phase with nudge_days nudges the partners of running projects without an update this quarter', async () => {
    const db = database().handle.db;
    const programme = (await loadProgramme(db))!;
    await importProgramme(
      db,
      {
        ...programme,
        phases: programme.phases.map((phase) =>
          phase.id === 'deadline-aanvraag' ? { ...phase, nudgeDays: 5 } : phase,
        ),
        projects: programme.projects.map((project) =>
          project.slug === 'werkplek-21e-eeuw'
            ? {
                ...project,
                updates: [
                  { at: '2017-10-02T10:00:00.000Z', status: 'running', note: 'Pilot loopt', author: 'UEEM1' },
                  ...project.updates,
                ],
              }
            : project,
        ),
      },
      { now: new Date('2017-10-02T10:00:00Z') },
    );
    try {
      // The application deadline is Tuesday 31 October 2017: five working days before is Tuesday the 24th.
      const report = await runTick(workerFor(database(), slack), new Date('2017-10-24T07:00:00Z'));
      const nudged = report.sent.filter((sent) => sent.key === 'nudge/deadline-aanvraag/2017-10-31');
      // Eemland's only running project has its update; Lek en IJssel has no running project.
      expect(nudged.map((sent) => sent.channelId).sort()).toEqual(['UAVV', 'UHGH', 'UIDEA', 'UUTR', 'UZOUT']);
      const toUtrecht = slack.callsTo('chat.postMessage').find((call) => call.args.channel === 'DUUTR');
      const text = visibleText(toUtrecht?.args);
      expect(text).toContain('Projectupdate gevraagd voor Deadline aanvraag');
      expect(text).toContain('• Deltaplan Digitale geletterdheid\n• eHealth');
      expect(text).toContain('/project update');
      // Two projects: a menu of them, each choice opening that project's update form.
      expect(toUtrecht?.args.blocks).toContainEqual({
        type: 'actions',
        elements: [
          expect.objectContaining({
            type: 'static_select',
            action_id: 'nudge_update_choice',
            options: [
              expect.objectContaining({ value: 'deltaplan-digitale-geletterdheid' }),
              expect.objectContaining({ value: 'ehealth' }),
            ],
          }),
        ],
      });
    } finally {
      await importExample(database());
    }
  });
});
