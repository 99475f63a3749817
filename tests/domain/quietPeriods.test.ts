import { describe, expect, it } from 'vitest';
import type { Phase } from '../../src/domain/programme.js';
import {
  outOfQuietPeriods,
  planReminders,
  quietPeriodNamed,
  shiftForQuietPeriods,
} from '../../src/domain/reminderPlan.js';

const summer = { name: 'Zomervakantie', from: '2017-07-17', to: '2017-08-27' };
const christmas = { name: 'Kerst', from: '2017-12-23', to: '2018-01-07' };
const options = { timezone: 'Europe/Amsterdam', holidays: [], quietPeriods: [summer, christmas] };

function phase(overrides: Partial<Phase>): Phase {
  return {
    id: 'feedback-plan',
    title: 'Feedback op het plan',
    description: '',
    date: null,
    start: '2017-08-01',
    end: '2017-09-08',
    label: null,
    kind: 'feedback',
    reminders: null,
    ...overrides,
  };
}

describe('quiet periods', () => {
  it('a day in a quiet period moves to the first working day after it', () => {
    // Sunday 27 August ends the summer: Monday the 28th is the first working day after it.
    expect(outOfQuietPeriods('2017-08-01', [summer], [])).toEqual({ day: '2017-08-28', quiet: summer });
    expect(outOfQuietPeriods('2017-08-01', [summer], ['2017-08-28'])).toEqual({
      day: '2017-08-29',
      quiet: summer,
    });
    expect(outOfQuietPeriods('2017-09-01', [summer], [])).toEqual({ day: '2017-09-01', quiet: null });
  });

  it('quiet periods that follow one another are all passed over', () => {
    const next = { name: 'Studiedagen', from: '2017-08-28', to: '2017-08-29' };
    expect(outOfQuietPeriods('2017-08-01', [summer, next], []).day).toBe('2017-08-30');
  });

  it('a reminder in a quiet period moves to after it while its phase still runs then, and says from where', () => {
    // Feedback due Friday 8 September: P14D falls on Friday 25 August, in the summer.
    const plan = planReminders([phase({})], options);
    const p14 = plan.find((reminder) => reminder.offset === 'P7D' || reminder.offset === 'P14D');
    expect(plan.map((reminder) => [reminder.offset, reminder.dueDay])).toEqual([
      ['P7D', '2017-09-01'],
      ['P1D', '2017-09-07'],
      ['P0D', '2017-09-08'],
    ]);
    expect(p14?.movedFrom).toBeUndefined();
    const withFourteen = planReminders([phase({ reminders: ['P14D', 'P7D'] })], options);
    expect(withFourteen[0]).toMatchObject({
      offset: 'P14D',
      dueDay: '2017-08-28',
      dueAt: new Date('2017-08-28T07:00:00Z'),
      movedFrom: { day: '2017-08-25', period: 'Zomervakantie' },
    });
    expect(withFourteen[0]?.skip).toBeUndefined();
  });

  it('a reminder whose phase has ended by the end of the quiet period is skipped, with the reason', () => {
    const meeting = phase({ id: 'bijeenkomst', kind: 'meeting', date: '2017-08-10', start: null, end: null });
    const [p7, p1] = planReminders([meeting], options);
    expect(p7).toMatchObject({
      offset: 'P7D',
      dueDay: '2017-08-03',
      dueAt: new Date('2017-08-03T07:00:00Z'),
    });
    expect(p7?.skip).toBe(
      'quiet period "Zomervakantie" (2017-07-17 to 2017-08-27): the first working day after it, 2017-08-28, is after the phase ended on 2017-08-10',
    );
    expect(p1?.skip).toMatch(/^quiet period "Zomervakantie"/);
    expect(quietPeriodNamed(p7?.skip ?? '')).toBe('Zomervakantie');
    expect(quietPeriodNamed('missed: due …')).toBeNull();
  });

  it('a day outside every quiet period stays where it is', () => {
    expect(shiftForQuietPeriods('2017-10-02', phase({}), options)).toEqual({ dueDay: '2017-10-02' });
  });
});
