import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { answerCommand } from '../../src/domain/answers.js';
import { parseCommand } from '../../src/domain/command.js';
import { buildDigest } from '../../src/domain/digest.js';
import { PHASE_KINDS, type Programme } from '../../src/domain/programme.js';
import { parseProgrammeFile } from '../../src/domain/programmeFile.js';
import { LOCALES } from '../../src/i18n/index.js';
import { presentAnswer } from '../../src/present/answerDocument.js';
import { layoutAsText } from '../../src/present/textLayout.js';
import { layoutAnswer } from '../../src/slack/render/answerLayout.js';
import { renderFeedbackModal } from '../../src/slack/render/feedbackModal.js';
import { renderHomeView } from '../../src/slack/render/homeView.js';
import { renderIdeaModal } from '../../src/slack/render/ideaModal.js';
import { renderProjectUpdateModal } from '../../src/slack/render/projectUpdateModal.js';
import { renderDigestMessage, renderReminderMessage } from '../../src/slack/render/reminderMessage.js';
import { visibleText } from '../support/messageText.js';

/*
 * Koers runs any programme its file describes. Nothing of the example programme (its organisation,
 * its city) may show on any surface of another one: that would come from the code, not the file.
 */

function secondProgramme(): Programme {
  const text = readFileSync(new URL('../fixtures/second-programme.yml', import.meta.url), 'utf8');
  const parsed = parseProgrammeFile(text);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.programme;
}

const EXAMPLE_NAMES = /BiSC|Utrecht|Huizer|Meerjaren/i;
const NOW = new Date('2030-01-13T10:00:00Z');

describe.each(LOCALES)('a second programme, in %s', (locale) => {
  const programme = secondProgramme();
  const surfaces: [name: string, text: string][] = [];
  for (const command of ['status', 'status voorleesbus', 'partners', 'partners APV', 'timeline', 'help']) {
    const document = presentAnswer(
      answerCommand(programme, parseCommand(command), NOW),
      locale,
      programme.info,
    );
    surfaces.push([
      `answer ${command}`,
      visibleText(layoutAnswer(document, { locale, commandText: command, page: 0 })),
    ]);
    surfaces.push([`CLI ${command}`, layoutAsText(document)]);
  }
  for (const phase of programme.phases) {
    const reminder = renderReminderMessage(
      {
        phase,
        daysLeft: 3,
        programmeName: programme.info.name,
        organisation: programme.info.organisation,
        missingLibraries: ['Bibliotheek Brakel'],
      },
      locale,
    );
    surfaces.push([`reminder ${phase.kind}`, visibleText(reminder)]);
  }
  const voorleesbus = programme.projects[0]!;
  const digest = buildDigest(
    programme.phases,
    programme.info.timezone,
    [{ project: voorleesbus, update: voorleesbus.updates[0]! }],
    NOW,
    [{ phase: programme.phases.find((phase) => phase.kind === 'feedback')!, answered: 1, total: 2 }],
  );
  surfaces.push(['digest', visibleText(renderDigestMessage(digest, programme.info.name, locale))]);
  const feedbackPhase = programme.phases.find((phase) => phase.kind === 'feedback')!;
  const modalInput = { programme, phase: feedbackPhase, locale, libraryCode: 'APV', previous: null };
  surfaces.push(['feedback modal', visibleText(renderFeedbackModal({ ...modalInput, window: 'open' }))]);
  surfaces.push([
    'feedback modal, closed',
    visibleText(renderFeedbackModal({ ...modalInput, window: 'closed' })),
  ]);
  surfaces.push(['update modal', visibleText(renderProjectUpdateModal(voorleesbus, locale))]);
  surfaces.push(['idea modal', visibleText(renderIdeaModal(programme.libraries, locale))]);
  const viewer = {
    libraryCode: 'APV',
    isAdmin: true,
    seesCoverage: true,
    answeredBy: new Map([['reactie', new Set(['APV'])]]),
    answeredByMe: new Set<string>(),
  };
  surfaces.push(['App Home', visibleText(renderHomeView(programme, locale, NOW, viewer))]);

  it.each(surfaces)('%s names nothing of the example programme', (_, text) => {
    expect(text.length).toBeGreaterThan(0);
    expect(text).not.toMatch(EXAMPLE_NAMES);
  });

  it("the consultation reminder names the file's organisation", () => {
    const consultation = surfaces.find(([name]) => name === 'reminder consultation')![1];
    expect(consultation).toContain('Regio Oost Bibliotheken');
    expect(PHASE_KINDS.every((kind) => surfaces.some(([name]) => name === `reminder ${kind}`))).toBe(true);
  });

  it('the App Home and the status answer show what the file says', () => {
    expect(surfaces.find(([name]) => name === 'App Home')![1]).toContain('Leesplan Oost 2030');
    expect(surfaces.find(([name]) => name === 'answer status voorleesbus')![1]).toContain('De bus rijdt');
  });
});
