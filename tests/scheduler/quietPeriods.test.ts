import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { listDeliveries } from '../../src/db/deliveryRepository.js';
import { importProgramme, loadProgramme } from '../../src/db/programmeRepository.js';
import { deliveries, subscriptions } from '../../src/db/schema.js';
import { subscribe } from '../../src/db/subscriptionRepository.js';
import { runTick } from '../../src/scheduler/reminderWorker.js';
import { deliveryLogBlocks } from '../../src/slack/render/deliveryLog.js';
import { showDeliveryLog } from '../../src/usecases/deliveryLog.js';
import { describeOnBothDatabases } from '../support/databases.js';
import { type FakeSlack, startFakeSlack } from '../support/fakeSlack.js';
import { importExample } from '../support/koersUnderTest.js';
import { visibleText } from '../support/messageText.js';
import { workerFor } from '../support/schedulerUnderTest.js';

/*
 * The example's PDO meeting is Thursday 8 June 2017, reminded P7D (Thursday 1 June) and P1D (Wednesday
 * 7 June). With Pinksteren quiet from 31 May to 2 June, P7D moves past the weekend and Tweede Pinksterdag
 * (Monday 5 June) to Tuesday 6 June; with a quiet "Studieweek" from 7 to 9 June, P1D would move to
 * Monday 12 June, after the meeting: it is skipped.
 */
const QUIET = [
  { name: 'Pinksteren', from: '2017-05-31', to: '2017-06-02' },
  { name: 'Studieweek', from: '2017-06-07', to: '2017-06-09' },
];
const nineOn = (day: string) => new Date(`${day}T07:00:00Z`);

describeOnBothDatabases('quiet periods', (database) => {
  let slack: FakeSlack;

  beforeAll(async () => {
    slack = await startFakeSlack();
  });
  afterAll(async () => {
    await slack?.close();
  });
  beforeEach(async () => {
    const db = database().handle.db;
    await db.delete(deliveries);
    await db.delete(subscriptions);
    await importExample(database());
    const programme = await loadProgramme(db);
    await importProgramme(
      db,
      { ...programme!, quietPeriods: QUIET },
      { now: new Date('2017-05-01T00:00:00Z') },
    );
    await subscribe(db, 'C1', 'reminders', null, new Date('2017-01-01T00:00:00Z'));
    slack.reset();
  });

  it('a reminder that falls in a quiet period is posted on the first working day after it', async () => {
    const worker = workerFor(database(), slack);
    expect((await runTick(worker, nineOn('2017-06-01'))).sent).toEqual([]);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);

    const moved = await runTick(worker, nineOn('2017-06-06'));
    expect(moved.sent.map((sent) => sent.key)).toEqual(['pdo-strategische-kaders/P7D']);
    const [post] = slack.callsTo('chat.postMessage');
    expect(visibleText(post?.args)).toContain('Provinciaal Directieoverleg');
    expect(visibleText(post?.args)).toContain('Nog *2 dagen*');
  });

  it('a reminder whose phase has ended by the end of its quiet period is skipped, and the log says why', async () => {
    const worker = workerFor(database(), slack);
    await runTick(worker, nineOn('2017-06-06'));
    const skipped = await runTick(worker, nineOn('2017-06-07'));
    expect(skipped.sent).toEqual([]);
    expect(skipped.skipped.map((entry) => entry.key)).toEqual(['pdo-strategische-kaders/P1D']);
    expect(skipped.skipped[0]?.reason).toMatch(/^quiet period "Studieweek"/);
    // Nothing later either: the meeting day comes and goes without the skipped reminder.
    const later = await runTick(worker, nineOn('2017-06-12'));
    expect(later.sent.filter((sent) => sent.key.startsWith('pdo-strategische-kaders/'))).toEqual([]);

    const stored = (await listDeliveries(database().handle.db)).find(
      (delivery) => delivery.key === 'pdo-strategische-kaders/P1D',
    );
    expect(stored?.status).toBe('skipped');
    const log = await showDeliveryLog(database().handle.db, {
      userId: 'UADMIN',
      isAdmin: true,
      libraryCode: null,
    });
    if (log.kind !== 'log') throw new Error('an admin sees the log');
    const programme = await loadProgramme(database().handle.db);
    const text = visibleText({
      blocks: deliveryLogBlocks(log.channels, { locale: 'nl', programme, maxBlocks: 50 }),
    });
    expect(text).toContain(
      'overgeslagen: viel in de stilteperiode Studieweek, en de fase was daarna voorbij',
    );
  });
});
