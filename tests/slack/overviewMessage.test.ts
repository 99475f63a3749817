import { describe, expect, it } from 'vitest';
import { overviewStanding } from '../../src/domain/overviewStanding.js';
import type { Programme, Project } from '../../src/domain/programme.js';
import {
  CANVAS_MARKDOWN_MAX,
  renderOverviewMarkdown,
  renderOverviewMessage,
} from '../../src/slack/render/overviewMessage.js';
import { findLimitViolations } from '../support/blockLimits.js';
import { visibleText } from '../support/messageText.js';

/** Wednesday 20 September 2017, in the feedback phase. */
const NOW = new Date('2017-09-20T10:00:00Z');

function programmeOf(libraryCount: number, projectCount: number): Programme {
  const libraries = Array.from({ length: libraryCount }, (_, i) => ({
    code: `L${i}`,
    name: `Bibliotheek ${i} ${'met een lange naam '.repeat(4)}`,
    aliases: [],
  }));
  const projects: Project[] = Array.from({ length: projectCount }, (_, i) => ({
    slug: `project-${i}`,
    name: `Project ${i} ${'🚀'.repeat(i % 3)} ${'x'.repeat(i % 80)}`,
    aliases: [],
    description: '',
    status: (['running', 'idea', 'paused', 'completed'] as const)[i % 4]!,
    allLibraries: false,
    partners: [
      { libraryCode: `L${i % libraryCount}`, role: 'lead' as const },
      { libraryCode: `L${(i + 1) % libraryCount}`, role: 'partner' as const },
    ],
    // Every eighth project was updated this quarter; the others owe an update when running.
    updates: i % 8 === 0 ? [{ at: '2017-08-01T12:00:00.000Z', status: null, note: 'ok', author: null }] : [],
  }));
  return {
    info: { name: 'Groot programma', organisation: 'Test', timezone: 'Europe/Amsterdam', contact: null },
    libraries,
    projects,
    phases: [
      {
        id: 'feedback',
        title: 'Feedback op het plan',
        description: '',
        date: null,
        start: '2017-09-15',
        end: '2017-09-29',
        label: null,
        kind: 'feedback',
        reminders: null,
      },
      {
        id: 'deadline',
        title: 'Deadline aanvraag',
        description: '',
        date: '2017-10-31',
        start: null,
        end: null,
        label: null,
        kind: 'deadline',
        reminders: null,
      },
    ],
    holidays: [],
  };
}

describe('the live overview message', () => {
  it('stays within Slack’s Block Kit limits with 40 libraries and 1,000 projects, and its canvas under the cap', () => {
    const programme = programmeOf(40, 1_000);
    const answered = new Map([['feedback', new Set(['L0', 'L1'])]]);
    const standing = overviewStanding(programme, answered, NOW);
    const message = renderOverviewMessage(programme, standing, 'nl');
    expect(findLimitViolations(message)).toEqual([]);
    const text = visibleText(message);
    expect(text).toContain('Lopend (250)');
    expect(text).toMatch(/en \d+ meer/);
    expect(text).toContain('2 van de 40 bibliotheken heeft gereageerd');
    expect(renderOverviewMarkdown(programme, standing, 'nl').length).toBeLessThanOrEqual(CANVAS_MARKDOWN_MAX);
  });

  it('names per library what is still open: feedback on the open phase, and the updates due this quarter', () => {
    const programme = programmeOf(3, 4);
    const answered = new Map([['feedback', new Set(['L1'])]]);
    const standing = overviewStanding(programme, answered, NOW);
    const text = visibleText(renderOverviewMessage(programme, standing, 'en'));
    // Project 0 (running) was updated in August, so nothing is due for it; L1 answered.
    const lineOf = (code: string) =>
      text.split('\n').find((line) => line.includes(`Bibliotheek ${code.slice(1)} `));
    expect(lineOf('L0')).toContain('feedback on Feedback op het plan');
    expect(lineOf('L0')).not.toContain('an update');
    expect(lineOf('L1')).toBeUndefined();
    expect(text).toContain('in progress: *Feedback op het plan*');
    expect(text).toContain('9 days');
  });

  it('leaves an archived project out: not among the projects by status, no update due for it', () => {
    const programme = programmeOf(3, 4);
    // Project 4 runs without an update this quarter: L1 (its lead) owes one, until it is archived.
    const running = { ...programme.projects[0]!, slug: 'project-4', name: 'Archiefstuk', updates: [] };
    const withIt = { ...programme, projects: [...programme.projects, running] };
    const answered = new Map([['feedback', new Set(['L0', 'L1', 'L2'])]]);
    const before = visibleText(renderOverviewMessage(withIt, overviewStanding(withIt, answered, NOW), 'en'));
    expect(before).toContain('Archiefstuk');
    const archived = { ...withIt, projects: [...programme.projects, { ...running, archived: true }] };
    const after = visibleText(
      renderOverviewMessage(archived, overviewStanding(archived, answered, NOW), 'en'),
    );
    expect(after).not.toContain('Archiefstuk');
  });
});
