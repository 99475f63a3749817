import { describe, expect, it } from 'vitest';
import { type DueDelivery, dueAfterCatchUp } from '../../src/domain/catchUp.js';
import { digestKey, reminderKey } from '../../src/domain/deliveryKeys.js';

const HOUR = 3_600_000;
const options = { timezone: 'Europe/Amsterdam', graceMs: 24 * HOUR };
/** Koers comes back on Friday 8 September 2017, 10:00 in Amsterdam, after a week away. */
const now = new Date('2017-09-08T08:00:00Z');

function reminder(id: number, offset: string, dueAt: string, channelId = 'C1'): DueDelivery<number> {
  return {
    id,
    kind: 'reminder',
    key: reminderKey({ phaseId: 'concept-visie', offset }),
    channelId,
    phaseId: 'concept-visie',
    offset,
    dueAt: new Date(dueAt),
  };
}

/** The plan of "concept visie", due Friday 15 September 2017. */
const plan = new Map(
  [
    ['P14D', '2017-09-01T07:00:00Z'],
    ['P7D', '2017-09-08T07:00:00Z'],
  ].map(([offset, dueAt]) => [
    reminderKey({ phaseId: 'concept-visie', offset: offset! }),
    { dueAt: new Date(dueAt!), targetDay: '2017-09-15' },
  ]),
);

describe('what is due after downtime', () => {
  it('posts a reminder days late while the day it counts down to is still ahead, and says why', () => {
    const result = dueAfterCatchUp([reminder(1, 'P14D', '2017-09-01T07:00:00Z')], plan, now, options);
    expect(result.send.map((delivery) => delivery.id)).toEqual([1]);
    expect(result.skip).toEqual([]);
  });

  it('of several reminders of one phase due in one channel, posts only the latest', () => {
    const due = [reminder(1, 'P14D', '2017-09-01T07:00:00Z'), reminder(2, 'P7D', '2017-09-08T07:00:00Z')];
    const result = dueAfterCatchUp(due, plan, now, options);
    expect(result.send.map((delivery) => delivery.id)).toEqual([2]);
    expect(result.skip).toEqual([
      { delivery: due[0], reason: 'superseded: a later reminder of the same phase is posted instead' },
    ]);
  });

  it('skips a digest missed by more than the grace period: last week’s news is no news', () => {
    const digest: DueDelivery<number> = {
      id: 3,
      kind: 'digest',
      key: digestKey({ id: '2017-W35' }),
      channelId: 'C1',
      phaseId: null,
      offset: null,
      dueAt: new Date('2017-08-28T07:00:00Z'),
    };
    const result = dueAfterCatchUp([digest], plan, now, options);
    expect(result.send).toEqual([]);
    expect(result.skip).toEqual([
      { delivery: digest, reason: 'missed: due 2017-08-28T07:00:00.000Z, after the grace period' },
    ]);
  });

  it('calls what came due before the channel subscribed just that, not an outage', () => {
    // Subscribed on Wednesday 6 September: the reminder of the 1st was never missed.
    const subscribedAt = new Date('2017-09-06T12:00:00Z');
    const lateInPlan = new Map([
      ...plan,
      [
        reminderKey({ phaseId: 'concept-visie', offset: 'P30D' }),
        { dueAt: new Date('2017-08-16T07:00:00Z'), targetDay: '2017-08-20' },
      ],
    ]);
    const due = [
      { ...reminder(1, 'P30D', '2017-08-16T07:00:00Z'), subscribedAt },
      { ...reminder(2, 'P14D', '2017-09-01T07:00:00Z'), subscribedAt },
      { ...reminder(3, 'P7D', '2017-09-08T07:00:00Z'), subscribedAt },
    ];
    const result = dueAfterCatchUp(due, lateInPlan, now, options);
    expect(result.send.map((delivery) => delivery.id)).toEqual([3]);
    expect(result.skip.map((skipped) => [skipped.delivery.id, skipped.reason.split(':')[0]])).toEqual([
      [1, 'before subscription'],
      [2, 'before subscription'],
    ]);
  });
});
