import { describe, expect, it } from 'vitest';
import { planNudges, workingDaysBefore } from '../../src/domain/nudgePlan.js';
import type { Phase } from '../../src/domain/programme.js';

const info = { name: 'P', organisation: 'O', timezone: 'Europe/Amsterdam', contact: null };
function phase(overrides: Partial<Phase>): Phase {
  return {
    id: 'feedback-visie',
    title: 'Feedback',
    description: '',
    date: null,
    start: '2017-09-15',
    end: '2017-09-29',
    label: null,
    kind: 'feedback',
    reminders: null,
    ...overrides,
  };
}

describe('when nudges are sent', () => {
  it('counts working days back from the deadline, past weekends and holidays', () => {
    expect(workingDaysBefore('2017-09-29', 3, [])).toBe('2017-09-26');
    expect(workingDaysBefore('2017-09-29', 5, [])).toBe('2017-09-22');
    expect(workingDaysBefore('2017-09-29', 3, ['2017-09-27'])).toBe('2017-09-25');
    // A deadline on a Sunday: 0 days is the Friday before.
    expect(workingDaysBefore('2017-10-01', 0, [])).toBe('2017-09-29');
  });

  it('a feedback phase nudges 3 working days before its last day unless it names its own days', () => {
    const plan = planNudges({ info, holidays: [], phases: [phase({}), phase({ id: 'b', nudgeDays: 1 })] }, 9);
    expect(
      plan.map((nudge) => [nudge.phaseId, nudge.subject, nudge.dueDay, nudge.dueAt.toISOString()]),
    ).toEqual([
      ['feedback-visie', 'feedback', '2017-09-26', '2017-09-26T07:00:00.000Z'],
      ['b', 'feedback', '2017-09-28', '2017-09-28T07:00:00.000Z'],
    ]);
  });

  it('a deadline phase nudges about project updates only when it names nudge days; a meeting never', () => {
    const deadline = phase({ id: 'aanvraag', kind: 'deadline', date: '2017-10-31', start: null, end: null });
    const meeting = phase({
      id: 'overleg',
      kind: 'meeting',
      date: '2017-10-10',
      start: null,
      end: null,
      nudgeDays: 2,
    });
    expect(planNudges({ info, holidays: [], phases: [deadline, meeting] }, 9)).toEqual([]);
    const [nudge] = planNudges({ info, holidays: [], phases: [{ ...deadline, nudgeDays: 5 }] }, 9);
    expect(nudge).toMatchObject({ subject: 'update', targetDay: '2017-10-31', dueDay: '2017-10-24' });
  });

  it('a nudge in a quiet period moves to after it, or is skipped when the phase has ended by then', () => {
    const quietPeriods = [{ name: 'Herfstvakantie', from: '2017-09-25', to: '2017-09-27' }];
    const [moved] = planNudges({ info, holidays: [], quietPeriods, phases: [phase({})] }, 9);
    expect(moved).toMatchObject({
      dueDay: '2017-09-28',
      movedFrom: { day: '2017-09-26', period: 'Herfstvakantie' },
    });
    const long = [{ name: 'Herfstvakantie', from: '2017-09-25', to: '2017-10-06' }];
    const [skipped] = planNudges({ info, holidays: [], quietPeriods: long, phases: [phase({})] }, 9);
    expect(skipped?.skip).toMatch(/^quiet period "Herfstvakantie"/);
  });
});
