import { describe, expect, it } from 'vitest';
import type { Phase } from '../../src/domain/programme.js';
import {
  DEFAULT_REMINDER_OFFSETS,
  decideDue,
  isWorkingDay,
  type PlannedReminder,
  type PlanOptions,
  parseOffsetDays,
  planReminders,
  supersededReminders,
} from '../../src/domain/reminderPlan.js';

function phase(fields: Pick<Phase, 'id' | 'kind'> & Partial<Phase>): Phase {
  return {
    title: fields.id,
    description: '',
    date: null,
    start: null,
    end: null,
    label: null,
    reminders: null,
    ...fields,
  };
}

// Phases from the example programme (2017).
const pdoStrategischeKaders = phase({ id: 'pdo-strategische-kaders', kind: 'meeting', date: '2017-06-08' });
const gesprekkenVisie = phase({
  id: 'gesprekken-visie',
  kind: 'consultation',
  start: '2017-06-15',
  end: '2017-07-15',
  label: 'medio juni/juli',
});
const conceptVisie = phase({ id: 'concept-visie', kind: 'deadline', date: '2017-09-15' });
const feedbackVisie = phase({
  id: 'feedback-visie',
  kind: 'feedback',
  start: '2017-09-15',
  end: '2017-09-29',
});
const deadlineAanvraag = phase({ id: 'deadline-aanvraag', kind: 'deadline', date: '2017-10-31' });

const TWEEDE_PINKSTERDAG = '2017-06-05';
const amsterdam: PlanOptions = { timezone: 'Europe/Amsterdam', holidays: [TWEEDE_PINKSTERDAG] };

/** What a reader checks: which offset, on which day, at which instant. */
function schedule(plan: PlannedReminder[]) {
  return plan.map(({ phaseId, offset, dueDay, dueAt }) => ({
    phaseId,
    offset,
    dueDay,
    dueAt: dueAt.toISOString(),
  }));
}

function dueOf(offset: string, dueDay: string, dueAt: string) {
  return { offset, dueDay, dueAt };
}

function plan(subject: Phase, reminders: string[], options: Partial<PlanOptions> = {}) {
  return planReminders([{ ...subject, reminders }], { ...amsterdam, ...options }).map(
    ({ offset, dueDay, dueAt }) => dueOf(offset, dueDay, dueAt.toISOString()),
  );
}

describe('parseOffsetDays', () => {
  it('reads whole days before the phase', () => {
    expect(parseOffsetDays('P14D')).toBe(14);
    expect(parseOffsetDays('P0D')).toBe(0);
  });

  it('rejects anything but P<n>D with a message that says what is expected', () => {
    for (const offset of ['P1W', '7', 'PT9H', '-P1D', 'p7d']) {
      expect(() => parseOffsetDays(offset)).toThrow(`Invalid reminder offset "${offset}": expected`);
    }
  });
});

describe('isWorkingDay', () => {
  it('excludes weekends and listed holidays', () => {
    expect(isWorkingDay('2017-06-02', [TWEEDE_PINKSTERDAG])).toBe(true);
    expect(isWorkingDay('2017-06-03', [])).toBe(false);
    expect(isWorkingDay('2017-06-04', [])).toBe(false);
    expect(isWorkingDay(TWEEDE_PINKSTERDAG, [TWEEDE_PINKSTERDAG])).toBe(false);
    expect(isWorkingDay(TWEEDE_PINKSTERDAG, [])).toBe(true);
  });
});

describe('planReminders', () => {
  it('counts offsets back from the phase day and posts at 09:00 in the programme time zone', () => {
    // Thursday 2017-06-08: a week before is Thursday 2017-06-01, a day before Wednesday; summer time, so 07:00Z.
    expect(plan(pdoStrategischeKaders, ['P7D', 'P1D'])).toEqual([
      dueOf('P7D', '2017-06-01', '2017-06-01T07:00:00.000Z'),
      dueOf('P1D', '2017-06-07', '2017-06-07T07:00:00.000Z'),
    ]);
  });

  it('moves a reminder that falls on a Sunday to the Friday before', () => {
    expect(plan(pdoStrategischeKaders, ['P4D'])).toEqual([
      dueOf('P4D', '2017-06-02', '2017-06-02T07:00:00.000Z'),
    ]);
  });

  it('moves a reminder that falls on a listed holiday to the working day before', () => {
    // P3D is Monday 2017-06-05, Tweede Pinksterdag: only skipped when the programme lists it.
    expect(plan(pdoStrategischeKaders, ['P3D'])).toEqual([
      dueOf('P3D', '2017-06-02', '2017-06-02T07:00:00.000Z'),
    ]);
    expect(plan(pdoStrategischeKaders, ['P3D'], { holidays: [] })).toEqual([
      dueOf('P3D', '2017-06-05', '2017-06-05T07:00:00.000Z'),
    ]);
  });

  it('honours a custom local hour and minute', () => {
    expect(plan(pdoStrategischeKaders, ['P1D'], { hour: 14 })).toEqual([
      dueOf('P1D', '2017-06-07', '2017-06-07T12:00:00.000Z'),
    ]);
    expect(plan(pdoStrategischeKaders, ['P1D'], { hour: 14, minute: 30 })).toEqual([
      dueOf('P1D', '2017-06-07', '2017-06-07T12:30:00.000Z'),
    ]);
  });

  it('follows the March daylight-saving change, also when the change day itself shifts to Friday', () => {
    // Summer time starts Sunday 2017-03-26: 09:00 is 08:00Z before it and 07:00Z after it.
    const startbijeenkomst = phase({ id: 'startbijeenkomst', kind: 'meeting', date: '2017-03-28' });
    expect(plan(startbijeenkomst, ['P4D', 'P2D', 'P1D'])).toEqual([
      dueOf('P4D', '2017-03-24', '2017-03-24T08:00:00.000Z'),
      dueOf('P2D', '2017-03-24', '2017-03-24T08:00:00.000Z'),
      dueOf('P1D', '2017-03-27', '2017-03-27T07:00:00.000Z'),
    ]);
  });

  it('follows the October daylight-saving change, also when the change day itself shifts to Friday', () => {
    // Summer time ends Sunday 2017-10-29: 09:00 is 07:00Z before it and 08:00Z after it.
    expect(plan(deadlineAanvraag, ['P4D', 'P2D', 'P1D'])).toEqual([
      dueOf('P4D', '2017-10-27', '2017-10-27T07:00:00.000Z'),
      dueOf('P2D', '2017-10-27', '2017-10-27T07:00:00.000Z'),
      dueOf('P1D', '2017-10-30', '2017-10-30T08:00:00.000Z'),
    ]);
  });

  it('reminds a range before its start, but a feedback phase before its due (last) day', () => {
    const [consultation] = planReminders([gesprekkenVisie], amsterdam);
    expect(consultation).toMatchObject({ targetDay: '2017-06-15', dueDay: '2017-06-08' });

    const feedback = planReminders([feedbackVisie], amsterdam);
    expect(feedback.map((reminder) => reminder.targetDay)).toEqual([
      '2017-09-29',
      '2017-09-29',
      '2017-09-29',
    ]);
    expect(feedback.map((reminder) => reminder.dueDay)).toEqual(['2017-09-22', '2017-09-28', '2017-09-29']);
  });

  it('keeps two offsets that shift onto the same day as separate reminders, the earlier offset first', () => {
    // Due Sunday 2017-10-01: both the Saturday (P1D) and the Sunday (P0D) reminder move to Friday.
    const sundayFeedback = phase({ ...feedbackVisie, end: '2017-10-01' });
    expect(plan(sundayFeedback, ['P1D', 'P0D'])).toEqual([
      dueOf('P1D', '2017-09-29', '2017-09-29T07:00:00.000Z'),
      dueOf('P0D', '2017-09-29', '2017-09-29T07:00:00.000Z'),
    ]);
  });

  it('uses the defaults of each kind when a phase names no offsets, in posting order', () => {
    expect(DEFAULT_REMINDER_OFFSETS).toEqual({
      deadline: ['P14D', 'P7D', 'P1D', 'P0D'],
      feedback: ['P7D', 'P1D', 'P0D'],
      meeting: ['P7D', 'P1D'],
      consultation: ['P7D'],
    });
    const programme = [deadlineAanvraag, feedbackVisie, conceptVisie, gesprekkenVisie, pdoStrategischeKaders];
    expect(schedule(planReminders(programme, amsterdam))).toEqual([
      {
        phaseId: 'pdo-strategische-kaders',
        offset: 'P7D',
        dueDay: '2017-06-01',
        dueAt: '2017-06-01T07:00:00.000Z',
      },
      {
        phaseId: 'pdo-strategische-kaders',
        offset: 'P1D',
        dueDay: '2017-06-07',
        dueAt: '2017-06-07T07:00:00.000Z',
      },
      { phaseId: 'gesprekken-visie', offset: 'P7D', dueDay: '2017-06-08', dueAt: '2017-06-08T07:00:00.000Z' },
      { phaseId: 'concept-visie', offset: 'P14D', dueDay: '2017-09-01', dueAt: '2017-09-01T07:00:00.000Z' },
      { phaseId: 'concept-visie', offset: 'P7D', dueDay: '2017-09-08', dueAt: '2017-09-08T07:00:00.000Z' },
      { phaseId: 'concept-visie', offset: 'P1D', dueDay: '2017-09-14', dueAt: '2017-09-14T07:00:00.000Z' },
      { phaseId: 'concept-visie', offset: 'P0D', dueDay: '2017-09-15', dueAt: '2017-09-15T07:00:00.000Z' },
      { phaseId: 'feedback-visie', offset: 'P7D', dueDay: '2017-09-22', dueAt: '2017-09-22T07:00:00.000Z' },
      { phaseId: 'feedback-visie', offset: 'P1D', dueDay: '2017-09-28', dueAt: '2017-09-28T07:00:00.000Z' },
      { phaseId: 'feedback-visie', offset: 'P0D', dueDay: '2017-09-29', dueAt: '2017-09-29T07:00:00.000Z' },
      {
        phaseId: 'deadline-aanvraag',
        offset: 'P14D',
        dueDay: '2017-10-17',
        dueAt: '2017-10-17T07:00:00.000Z',
      },
      {
        phaseId: 'deadline-aanvraag',
        offset: 'P7D',
        dueDay: '2017-10-24',
        dueAt: '2017-10-24T07:00:00.000Z',
      },
      {
        phaseId: 'deadline-aanvraag',
        offset: 'P1D',
        dueDay: '2017-10-30',
        dueAt: '2017-10-30T08:00:00.000Z',
      },
      {
        phaseId: 'deadline-aanvraag',
        offset: 'P0D',
        dueDay: '2017-10-31',
        dueAt: '2017-10-31T08:00:00.000Z',
      },
    ]);
  });

  it('orders reminders due at the same instant by phase id', () => {
    const onTheDay = { ...pdoStrategischeKaders, reminders: ['P0D'] };
    expect(planReminders([onTheDay, gesprekkenVisie], amsterdam).map((reminder) => reminder.phaseId)).toEqual(
      ['gesprekken-visie', 'pdo-strategische-kaders'],
    );
  });

  it('gives a phase moved later new instants under the same (phaseId, offset) keys', () => {
    const before = planReminders([deadlineAanvraag], amsterdam);
    const after = planReminders([{ ...deadlineAanvraag, date: '2017-11-14' }], amsterdam);
    const keys = (reminders: PlannedReminder[]) =>
      reminders.map(({ phaseId, offset }) => `${phaseId}/${offset}`);
    expect(keys(after)).toEqual(keys(before));
    after.forEach((moved, index) => {
      expect(moved.dueAt.getTime()).toBeGreaterThan(before[index]!.dueAt.getTime());
    });
  });

  it('names the phase when one of its offsets is invalid', () => {
    expect(() => plan(pdoStrategischeKaders, ['1 week'])).toThrow(
      'Phase pdo-strategische-kaders: Invalid reminder offset "1 week"',
    );
  });

  it('rejects an unknown time zone or an impossible time of day', () => {
    expect(() => plan(pdoStrategischeKaders, ['P1D'], { timezone: 'Europe/Atlantis' })).toThrow(
      'Unknown time zone "Europe/Atlantis"',
    );
    expect(() => plan(pdoStrategischeKaders, ['P1D'], { hour: 24 })).toThrow('Invalid reminder time 24:0');
  });
});

describe('decideDue', () => {
  // The P7D reminder of the Thursday 2017-06-08 meeting: due 2017-06-01 at 09:00 Amsterdam.
  const reminder = { dueAt: new Date('2017-06-01T07:00:00Z'), targetDay: '2017-06-08' };
  const options = { timezone: 'Europe/Amsterdam', graceMs: 2 * 3_600_000 };
  const at = (instant: string) => decideDue(reminder, new Date(instant), options);

  it('waits until the reminder is due', () => {
    expect(at('2017-06-01T06:59:59Z')).toEqual({ action: 'wait' });
  });

  it('sends when due and within the grace period', () => {
    expect(at('2017-06-01T07:00:00Z')).toEqual({ action: 'send' });
    expect(at('2017-06-01T09:00:00Z')).toEqual({ action: 'send' });
  });

  it('still sends after the grace period while the target day lies ahead in the time zone', () => {
    // 23:59 on Wednesday 2017-06-07 in Amsterdam.
    expect(at('2017-06-07T21:59:00Z')).toEqual({
      action: 'send',
      reason: 'late: due 2017-06-01T07:00:00.000Z, 159 h late, but 2017-06-08 is still ahead',
    });
  });

  it('skips after the grace period once the target day has begun in the time zone', () => {
    // Midnight in Amsterdam, though still 2017-06-07 in UTC.
    expect(at('2017-06-07T22:00:00Z')).toEqual({
      action: 'skip',
      reason: 'missed: due 2017-06-01T07:00:00.000Z, 159 h late, after the grace period',
    });
  });

  it('skips an on-the-day reminder as soon as the grace period is over', () => {
    const onTheDay = { dueAt: new Date('2017-09-29T07:00:00Z'), targetDay: '2017-09-29' };
    expect(decideDue(onTheDay, new Date('2017-09-29T10:00:00Z'), options)).toEqual({
      action: 'skip',
      reason: 'missed: due 2017-09-29T07:00:00.000Z, 3 h late, after the grace period',
    });
  });
});

describe('supersededReminders', () => {
  const due = (id: string, phaseId: string, offset: string, channelId: string) => ({
    id,
    phaseId,
    offset,
    channelId,
  });

  it('keeps only the most recent reminder of a phase due for a channel at once', () => {
    const backlog = [
      due('r1', 'deadline-aanvraag', 'P1D', 'C-innovatie'),
      due('r14', 'deadline-aanvraag', 'P14D', 'C-innovatie'),
      due('r7', 'deadline-aanvraag', 'P7D', 'C-innovatie'),
    ];
    expect(supersededReminders(backlog)).toEqual(new Set(['r14', 'r7']));
  });

  it('does not let different channels or different phases supersede each other', () => {
    const backlog = [
      due('a', 'deadline-aanvraag', 'P7D', 'C-innovatie'),
      due('b', 'deadline-aanvraag', 'P1D', 'C-directeuren'),
      due('c', 'feedback-visie', 'P0D', 'C-innovatie'),
    ];
    expect(supersededReminders(backlog)).toEqual(new Set());
  });
});
