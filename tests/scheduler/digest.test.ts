import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { deliveries, projects, statusUpdates, subscriptions } from '../../src/db/schema.js';
import { subscribe } from '../../src/db/subscriptionRepository.js';
import { runTick } from '../../src/scheduler/reminderWorker.js';
import { findLimitViolations } from '../support/blockLimits.js';
import { describeOnBothDatabases } from '../support/databases.js';
import { type FakeSlack, startFakeSlack } from '../support/fakeSlack.js';
import { importExample } from '../support/koersUnderTest.js';
import { visibleText } from '../support/messageText.js';
import { workerFor } from '../support/schedulerUnderTest.js';

/*
 * Monday 18 September 2017 (ISO week 38), 09:00 in Amsterdam = 07:00Z: the digest of that week is due.
 * The feedback phase (15–29 September) is open; the application deadline of 31 October comes next.
 */
const MONDAY_DIGEST_DUE = new Date('2017-09-18T07:00:00Z');
const NEXT_MONDAY_DIGEST_DUE = new Date('2017-09-25T07:00:00Z');
const minutes = (n: number) => n * 60 * 1000;
const at = (base: Date, offsetMs: number) => new Date(base.getTime() + offsetMs);

const UPDATE_LAST_WEEK =
  'Nulmeting afgerond bij Het Groene Hart; de vervolgmeting wacht op de nieuwe vragenlijst.';
const UPDATE_TWO_WEEKS_AGO = 'Eerste werkplek ingericht in de vestiging Amersfoort.';
/** Monday 23 October 2017, 09:30 in Amsterdam (summer time): just after that morning's digest. */
const UPDATE_AFTER_A_DIGEST = 'Aanvraag ingediend voor de vervolgfase.';

describeOnBothDatabases('the weekly digest', (database) => {
  let slack: FakeSlack;

  beforeAll(async () => {
    slack = await startFakeSlack();
    await importExample(database());
    const db = database().handle.db;
    const projectId = async (slug: string) => {
      const [row] = await db.select({ id: projects.id }).from(projects).where(eq(projects.slug, slug));
      if (!row) throw new Error(`no project ${slug} in the example`);
      return row.id;
    };
    // Thursday 14 September: in the week before the digest of the 18th.
    await db.insert(statusUpdates).values({
      projectId: await projectId('effectmeting'),
      status: 'paused',
      note: UPDATE_LAST_WEEK,
      author: 'BiSC',
      createdAt: new Date('2017-09-14T10:00:00Z'),
    });
    // Friday 8 September: before that week, so it belongs to the previous digest.
    await db.insert(statusUpdates).values({
      projectId: await projectId('werkplek-21e-eeuw'),
      status: null,
      note: UPDATE_TWO_WEEKS_AGO,
      author: 'BiSC',
      createdAt: new Date('2017-09-08T10:00:00Z'),
    });
    await db.insert(statusUpdates).values({
      projectId: await projectId('nieuwe-zoekinterface-nbc'),
      status: 'running',
      note: UPDATE_AFTER_A_DIGEST,
      author: 'BiSC',
      createdAt: new Date('2017-10-23T07:30:00Z'),
    });
  });
  afterAll(async () => {
    await slack?.close();
  });
  beforeEach(async () => {
    const db = database().handle.db;
    await db.delete(deliveries);
    await db.delete(subscriptions);
    slack.reset();
    slack.clearHandlers();
  });

  const digestsPostedTo = (channel: string) =>
    slack
      .callsTo('chat.postMessage')
      .filter((call) => call.args.channel === channel && visibleText(call.args).includes('Weekoverzicht'));

  it("posts one digest on Monday at 09:00 with last week's project updates and the coming phases", async () => {
    await subscribe(database().handle.db, 'CDIGEST', 'digest', 'UADMIN', new Date('2017-01-01T00:00:00Z'));
    const worker = workerFor(database(), slack);

    expect((await runTick(worker, at(MONDAY_DIGEST_DUE, -minutes(1)))).sent).toEqual([]);
    expect(slack.callsTo('chat.postMessage')).toEqual([]);

    const report = await runTick(worker, MONDAY_DIGEST_DUE);
    expect(report.sent.map((sent) => `${sent.key}→${sent.channelId}`)).toEqual(['digest/2017-W38→CDIGEST']);
    const posts = slack.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    const digest = posts[0]!;
    expect(findLimitViolations(digest.args)).toEqual([]);

    const text = visibleText(digest.args);
    expect(text).toContain('Weekoverzicht · Meerjaren innovatieprogramma 2018-2020');
    expect(text).toContain(`• *Effectmeting* · Gepauzeerd: ${UPDATE_LAST_WEEK}`);
    expect(text).not.toContain(UPDATE_TWO_WEEKS_AGO);
    expect(text).not.toContain('Innovatiemiddag');
    expect(text).toContain('• *Feedback op visie retour aan BiSC* · 15–29 september 2017 · _nu bezig_');
    expect(text).toContain(
      '• *Deadline aanvraag meerjaren innovatieprogramma 2018-2020* · 31 oktober 2017 · _volgende_',
    );
    expect(text).not.toContain('Provinciaal Directieoverleg');
    expect(text).toMatch(/Nog \*11 dagen\* tot Feedback op visie retour aan BiSC \(29 september 2017\)/);
  });

  it('posts nothing more in the same week, and the next digest the Monday after', async () => {
    await subscribe(database().handle.db, 'CDIGEST', 'digest', 'UADMIN', new Date('2017-01-01T00:00:00Z'));
    const worker = workerFor(database(), slack);

    await runTick(worker, MONDAY_DIGEST_DUE);
    for (const later of [
      at(MONDAY_DIGEST_DUE, minutes(1)),
      new Date('2017-09-20T10:00:00Z'), // Wednesday 12:00
      new Date('2017-09-24T21:59:00Z'), // Sunday 23:59
    ]) {
      expect((await runTick(worker, later)).sent).toEqual([]);
    }
    expect(digestsPostedTo('CDIGEST')).toHaveLength(1);

    const nextWeek = await runTick(worker, NEXT_MONDAY_DIGEST_DUE);
    expect(nextWeek.sent.map((sent) => sent.key)).toEqual(['digest/2017-W39']);
    const [, second] = digestsPostedTo('CDIGEST');
    expect(findLimitViolations(second?.args)).toEqual([]);
    // The update of 14 September was last week's news.
    expect(visibleText(second?.args)).toContain('Geen nieuwe updates.');
    expect(visibleText(second?.args)).not.toContain(UPDATE_LAST_WEEK);
  });

  it('sends no digest to a channel subscribed only to the reminders', async () => {
    const db = database().handle.db;
    await subscribe(db, 'CREMINDERS', 'reminders', 'UADMIN', new Date('2017-01-01T00:00:00Z'));
    await subscribe(db, 'CDIGEST', 'digest', 'UADMIN', new Date('2017-01-01T00:00:00Z'));

    await runTick(workerFor(database(), slack), MONDAY_DIGEST_DUE);
    expect(digestsPostedTo('CDIGEST')).toHaveLength(1);
    expect(digestsPostedTo('CREMINDERS')).toEqual([]);
    // The channel does get its phase reminders: only the digest is opt-in.
    const reminders = slack.callsTo('chat.postMessage').filter((call) => call.args.channel === 'CREMINDERS');
    expect(reminders.map((call) => visibleText(call.args))).toEqual([
      expect.stringContaining('Herinnering: Feedback op visie retour aan BiSC'),
    ]);
  });

  it('covers each week from the previous digest on, also in the week the clocks go back', async () => {
    await subscribe(database().handle.db, 'CDIGEST', 'digest', 'UADMIN', new Date('2017-01-01T00:00:00Z'));
    const worker = workerFor(database(), slack);

    // Monday 23 October, 09:00 summer time (07:00Z): the update comes half an hour after this digest.
    expect((await runTick(worker, new Date('2017-10-23T07:00:00Z'))).sent.map((sent) => sent.key)).toEqual([
      'digest/2017-W43',
    ]);
    expect(visibleText(digestsPostedTo('CDIGEST')[0]?.args)).not.toContain(UPDATE_AFTER_A_DIGEST);

    // Summer time ended on Sunday 29 October: Monday 30 October, 09:00 is now 08:00Z.
    expect((await runTick(worker, new Date('2017-10-30T08:00:00Z'))).sent.map((sent) => sent.key)).toEqual([
      'digest/2017-W44',
    ]);
    const [, afterTheChange] = digestsPostedTo('CDIGEST');
    expect(findLimitViolations(afterTheChange?.args)).toEqual([]);
    expect(visibleText(afterTheChange?.args)).toContain(
      `• *Nieuwe zoekinterface / NBC+* · Lopend: ${UPDATE_AFTER_A_DIGEST}`,
    );
  });

  it('still posts a digest that is a few hours late', async () => {
    await subscribe(database().handle.db, 'CDIGEST', 'digest', 'UADMIN', new Date('2017-01-01T00:00:00Z'));
    // Down over the weekend and Monday morning; back at Monday 15:00.
    const report = await runTick(workerFor(database(), slack), new Date('2017-09-18T13:00:00Z'));
    expect(report.sent.map((sent) => sent.key)).toEqual(['digest/2017-W38']);
    expect(digestsPostedTo('CDIGEST')).toHaveLength(1);
  });

  it('skips, with a reason, a digest missed by more than the grace period instead of posting it late', async () => {
    await subscribe(database().handle.db, 'CDIGEST', 'digest', 'UADMIN', new Date('2017-01-01T00:00:00Z'));
    const worker = workerFor(database(), slack);

    // Down from before Monday until Wednesday 20 September, 12:00 in Amsterdam.
    const report = await runTick(worker, new Date('2017-09-20T10:00:00Z'));
    expect(report.sent).toEqual([]);
    expect(report.skipped).toContainEqual(
      expect.objectContaining({
        key: 'digest/2017-W38',
        channelId: 'CDIGEST',
        reason: expect.stringMatching(/missed: due 2017-09-18T07:00:00\.000Z, after the grace period/),
      }),
    );
    expect(slack.callsTo('chat.postMessage')).toEqual([]);

    expect((await runTick(worker, new Date('2017-09-20T10:01:00Z'))).sent).toEqual([]);
    expect(slack.callsTo('chat.postMessage')).toEqual([]);
  });
});
