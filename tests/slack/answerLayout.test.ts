import { describe, expect, it } from 'vitest';
import { answerCommand } from '../../src/domain/answers.js';
import { parseCommand } from '../../src/domain/command.js';
import type { Programme, Project } from '../../src/domain/programme.js';
import { presentAnswer } from '../../src/present/answerDocument.js';
import { ANSWER_ACTIONS, layoutAnswer, parseAnswerButtonValue } from '../../src/slack/render/answerLayout.js';
import { renderHomeView } from '../../src/slack/render/homeView.js';
import { renderReminderMessage } from '../../src/slack/render/reminderMessage.js';
import { findLimitViolations } from '../support/blockLimits.js';
import { visibleText } from '../support/messageText.js';

function largeProgramme(projectCount: number, descriptionLength = 200): Programme {
  const libraries = Array.from({ length: 200 }, (_, i) => ({
    code: `L${i}`,
    name: `Bibliotheek ${i} ${'met een lange naam '.repeat(5)}`,
    aliases: [],
  }));
  const projects: Project[] = Array.from({ length: projectCount }, (_, i) => ({
    slug: `project-${i}`,
    name: `Project ${i} ${'🚀'.repeat(i % 3)} ${'x'.repeat(i % 120)}`,
    aliases: [],
    description: 'Omschrijving. '.repeat(Math.ceil(descriptionLength / 14)).slice(0, descriptionLength),
    status: (['running', 'idea', 'paused', 'completed'] as const)[i % 4]!,
    allLibraries: i % 10 === 0,
    partners: libraries.slice(0, (i % 40) + 1).map((library, j) => ({
      libraryCode: library.code,
      role: j === 0 ? ('lead' as const) : ('partner' as const),
    })),
    updates: [{ at: '2017-05-30T12:00:00.000Z', status: 'running', note: 'n'.repeat(5_000), author: 'BiSC' }],
  }));
  return {
    info: { name: 'Groot programma', organisation: 'Test', timezone: 'Europe/Amsterdam', contact: null },
    libraries,
    projects,
    phases: [
      {
        id: 'a',
        title: 'T'.repeat(500),
        description: 'd'.repeat(10_000),
        date: '2030-01-10',
        start: null,
        end: null,
        label: 'l'.repeat(300),
        kind: 'feedback',
        reminders: null,
      },
    ],
    holidays: [],
  };
}

function render(programme: Programme, text: string, page = 0) {
  const answer = answerCommand(programme, parseCommand(text), new Date('2029-12-01T10:00:00Z'));
  return layoutAnswer(presentAnswer(answer, 'nl', programme.info), { locale: 'nl', commandText: text, page });
}

describe('answers stay within Slack limits however large the programme', () => {
  const programme = largeProgramme(1_000, 10_000);

  it.each(['status', 'partners', 'timeline', 'status project-7', 'partners L3', 'status project', 'help'])(
    '%s on a 1,000-project programme is a valid message',
    (text) => {
      expect(findLimitViolations(render(programme, text))).toEqual([]);
    },
  );

  it('pages a long list with a "more" button that leads to the next page', () => {
    const first = render(programme, 'status');
    const elements = (first.blocks ?? []).flatMap((block) =>
      block.type === 'actions' ? (block.elements as { action_id?: string; value?: string }[]) : [],
    );
    const more = elements.find((element) => element.action_id === ANSWER_ACTIONS.more);
    expect(more).toBeDefined();
    const next = parseAnswerButtonValue(more?.value);
    expect(next).toEqual({ text: 'status', page: 1 });
    const second = render(programme, 'status', 1);
    expect(findLimitViolations(second)).toEqual([]);
    expect(visibleText(second)).not.toEqual(visibleText(first));
  });

  it('renders a 10,000-character description truncated with an ellipsis', () => {
    const detail = render(programme, 'status project-7');
    expect(visibleText(detail)).toContain('…');
  });

  it('keeps the App Home and a reminder with huge texts valid', () => {
    expect(findLimitViolations(renderHomeView(programme, 'nl', new Date('2029-12-01T10:00:00Z')))).toEqual(
      [],
    );
    const reminder = renderReminderMessage(
      {
        phase: programme.phases[0]!,
        daysLeft: 3,
        programmeName: 'p'.repeat(4_000),
        organisation: 'o'.repeat(4_000),
        missingLibraries: programme.libraries.map((l) => l.name),
      },
      'en',
    );
    expect(findLimitViolations(reminder)).toEqual([]);
  });

  it('refuses a forged button value instead of answering it', () => {
    expect(parseAnswerButtonValue('{"t": 5}')).toBeNull();
    expect(parseAnswerButtonValue('not json')).toBeNull();
    expect(parseAnswerButtonValue(undefined)).toBeNull();
    expect(parseAnswerButtonValue(JSON.stringify({ t: 'status', p: -1 }))).toBeNull();
  });
});
