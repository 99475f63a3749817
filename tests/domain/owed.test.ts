import { describe, expect, it } from 'vitest';
import {
  feedbackOwed,
  librariesRemindedThrough,
  peopleToRemind,
  updatePeriodOf,
  updatesOwed,
} from '../../src/domain/owed.js';
import type { Phase, Programme, Project } from '../../src/domain/programme.js';

const libraries = ['A', 'B', 'C'].map((code) => ({ code, name: `Bibliotheek ${code}`, aliases: [] }));
const feedback: Phase = {
  id: 'plan',
  title: 'Feedback op het plan',
  description: '',
  date: null,
  start: '2017-09-01',
  end: '2017-09-29',
  label: null,
  kind: 'feedback',
  reminders: null,
};
const meeting: Phase = {
  ...feedback,
  id: 'bijeenkomst',
  kind: 'meeting',
  date: '2017-10-02',
  start: null,
  end: null,
};

function project(slug: string, overrides: Partial<Project> = {}): Project {
  return {
    slug,
    name: slug,
    aliases: [],
    description: '',
    status: 'running',
    allLibraries: false,
    partners: [
      { libraryCode: 'A', role: 'lead' },
      { libraryCode: 'B', role: 'partner' },
    ],
    updates: [],
    ...overrides,
  };
}

const info: Programme['info'] = { name: 'P', organisation: 'O', timezone: 'Europe/Amsterdam', contact: null };

describe('who still owes feedback', () => {
  it('a library that answered owes nothing; the others owe feedback, in the programme order', () => {
    const [owed] = feedbackOwed({ libraries }, [feedback], new Map([['plan', new Set(['B'])]]));
    expect(owed?.answered.map((library) => library.code)).toEqual(['B']);
    expect(owed?.owing.map((library) => library.code)).toEqual(['A', 'C']);
  });

  it('before anyone answered, every library owes feedback; a meeting asks nothing of anyone', () => {
    const owed = feedbackOwed({ libraries }, [meeting, feedback], new Map());
    expect(owed.map((entry) => entry.phase.id)).toEqual(['plan']);
    expect(owed[0]?.owing).toHaveLength(3);
  });

  it('a library with nobody linked has nobody to remind', () => {
    const linked = new Map([['A', ['U1', 'U2']]]);
    expect(peopleToRemind({ code: 'A' }, linked)).toEqual(['U1', 'U2']);
    expect(peopleToRemind({ code: 'C' }, linked)).toEqual([]);
  });

  it('a library nobody is linked to has its contacts reminded; once someone is, only they are', () => {
    const linked = new Map([['A', ['U1']]]);
    expect(peopleToRemind({ code: 'C', contacts: ['UC'] }, linked)).toEqual(['UC']);
    expect(peopleToRemind({ code: 'A', contacts: ['UC'] }, linked)).toEqual(['U1']);
    const programme = {
      libraries: [
        { code: 'A', name: 'A', aliases: [], contacts: ['UC'] },
        { code: 'C', name: 'C', aliases: [], contacts: ['UC'] },
      ],
    };
    expect(librariesRemindedThrough('UC', programme, linked)).toEqual([
      { library: programme.libraries[1], asContact: true },
    ]);
    expect(librariesRemindedThrough('U1', programme, linked)).toEqual([
      { library: programme.libraries[0], asContact: false },
    ]);
  });
});

describe('who still owes a project update', () => {
  const period = updatePeriodOf(new Date('2017-09-20T10:00:00Z'), 'Europe/Amsterdam');

  it('the period is the calendar quarter in the programme time zone', () => {
    expect(period).toEqual({ id: '2017-Q3', first: '2017-07-01', last: '2017-09-30' });
    // 1 October 00:30 in Amsterdam is still 30 September in UTC: the programme's day counts.
    expect(updatePeriodOf(new Date('2017-09-30T22:30:00Z'), 'Europe/Amsterdam').id).toBe('2017-Q4');
  });

  it('a running project without an update this quarter is owed by its lead (without one, by every partner); one with an update is not', () => {
    const owed = updatesOwed(
      {
        info,
        projects: [
          project('stil'),
          project('bijgewerkt', {
            updates: [{ at: '2017-08-01T10:00:00Z', status: null, note: 'ok', author: null }],
          }),
          project('oud', {
            updates: [{ at: '2017-06-30T10:00:00Z', status: null, note: 'ok', author: null }],
          }),
          project('idee', { status: 'idea' }),
          project('klaar', { status: 'completed' }),
          project('zonder-trekker', {
            partners: [
              { libraryCode: 'A', role: 'partner' },
              { libraryCode: 'B', role: 'partner' },
            ],
          }),
        ],
      },
      period,
    );
    expect(owed.map((entry) => [entry.project.slug, entry.libraryCodes])).toEqual([
      ['stil', ['A']],
      ['oud', ['A']],
      ['zonder-trekker', ['A', 'B']],
    ]);
  });

  it('an archived project owes nothing, however long it went without an update', () => {
    const owed = updatesOwed(
      { info, projects: [project('stil'), project('weg', { archived: true })] },
      period,
    );
    expect(owed.map((entry) => entry.project.slug)).toEqual(['stil']);
  });

  it('a project of all libraries is owed by its lead only, and without a lead by nobody', () => {
    const owed = updatesOwed(
      {
        info,
        projects: [
          project('met-trekker', { allLibraries: true, partners: [{ libraryCode: 'C', role: 'lead' }] }),
          project('zonder-trekker', { allLibraries: true, partners: [] }),
        ],
      },
      period,
    );
    expect(owed).toEqual([{ project: { slug: 'met-trekker', name: 'met-trekker' }, libraryCodes: ['C'] }]);
  });
});
