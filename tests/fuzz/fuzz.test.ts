import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerCommand } from '../../src/domain/answers.js';
import { parseCommand } from '../../src/domain/command.js';
import type { Programme } from '../../src/domain/programme.js';
import { parseProgrammeFile, serializeProgrammeFile } from '../../src/domain/programmeFile.js';
import { EXAMPLE_PROGRAMME_FILE } from '../../src/koers.js';
import { presentAnswer } from '../../src/present/answerDocument.js';
import { layoutAsText } from '../../src/present/textLayout.js';
import { actions, button, context, fields, header, section } from '../../src/slack/blocks/index.js';
import { layoutAnswer } from '../../src/slack/render/answerLayout.js';
import { renderFeedbackModal } from '../../src/slack/render/feedbackModal.js';
import { renderHomeView } from '../../src/slack/render/homeView.js';
import { renderDigestMessage, renderReminderMessage } from '../../src/slack/render/reminderMessage.js';
import { findLimitViolations } from '../support/blockLimits.js';

/** How many arbitrary inputs each property is tried with; failures are shrunk to the smallest case. */
const RUNS = 300;

const example = (() => {
  const parsed = parseProgrammeFile(readFileSync(EXAMPLE_PROGRAMME_FILE, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.programme;
})();

/** Any text a Slack user could type: all of Unicode (emoji, RTL, combining marks), up to 10,000 characters. */
const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 10_000 }),
  fc.string({
    unit: fc.constantFrom(
      ' ',
      '\t',
      '\n',
      '\u00a0',
      '\u200b',
      '\u2028',
      'a',
      'é',
      '🚀',
      'مكتبة',
      '<',
      '&',
      '*',
    ),
    maxLength: 500,
  }),
);
const commandText = fc.oneof(
  anyText,
  fc
    .tuple(
      fc.constantFrom('status', 'partners', 'tijdlijn', 'help', 'STATUS', 'bibliotheken', 'xyz'),
      anyText,
    )
    .map(([word, rest]) => `${word} ${rest}`),
);

describe('fuzzing: no input escapes as an exception, every surface stays within Slack limits', () => {
  it('parses any command text', () => {
    fc.assert(
      fc.property(commandText, (text) => {
        const parsed = parseCommand(text);
        expect(['command', 'empty', 'unknown']).toContain(parsed.kind);
      }),
      { numRuns: RUNS },
    );
  });

  it('answers any command text with a valid Slack message and plain text, in both languages', () => {
    fc.assert(
      fc.property(
        commandText,
        fc.constantFrom('nl' as const, 'en' as const),
        fc.nat(5),
        (text, locale, page) => {
          const answer = answerCommand(example, parseCommand(text), new Date('2017-09-20T10:00:00Z'));
          const document = presentAnswer(answer, locale, example.info);
          const message = layoutAnswer(document, { locale, commandText: text.slice(0, 200), page });
          expect(findLimitViolations(message)).toEqual([]);
          expect(layoutAsText(document).length).toBeGreaterThan(0);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('imports or rejects any text as a programme file, never throwing', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const result = parseProgrammeFile(text);
        if (!result.ok) expect(result.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: RUNS },
    );
  });

  it('imports or rejects programme files with arbitrary names, codes and dates', () => {
    const entry = fc.record({
      name: anyText,
      code: fc.oneof(fc.constantFrom('AVV', 'HGH'), fc.string({ maxLength: 14 })),
      date: fc.oneof(fc.constantFrom('2017-06-08', '2017-02-30', '2017-13-01'), fc.string({ maxLength: 12 })),
    });
    fc.assert(
      fc.property(entry, ({ name, code, date }) => {
        const text = [
          `programme: { name: ${JSON.stringify(name)}, organisation: O }`,
          `libraries: [ { code: ${JSON.stringify(code)}, name: ${JSON.stringify(name)} } ]`,
          `projects: [ { slug: p, name: ${JSON.stringify(name)}, status: running, partners: [${JSON.stringify(code)}] } ]`,
          `phases: [ { id: f, title: ${JSON.stringify(name)}, date: ${JSON.stringify(date)}, kind: feedback } ]`,
        ].join('\n');
        const result = parseProgrammeFile(text);
        if (result.ok) {
          // What is accepted survives its own round trip.
          const again = parseProgrammeFile(serializeProgrammeFile(result.programme));
          expect(again.ok).toBe(true);
        } else {
          expect(result.errors.every((error) => /^line \\d+/.test(error) || error.length > 0)).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('builds valid blocks from any text with every builder', () => {
    fc.assert(
      fc.property(anyText, anyText, (a, b) => {
        const blocks = [
          header(a),
          section(a),
          fields([a, b, a, b, a, b, a, b, a, b, a, b]),
          context([a, b, a, b, a, b, a, b, a, b, a, b]),
          actions([button({ text: a, actionId: 'x', value: b.slice(0, 2000) })]),
        ];
        expect(findLimitViolations({ text: a.slice(0, 3000), blocks })).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it('renders reminders, the digest, the feedback modal and the App Home from any programme texts', () => {
    fc.assert(
      fc.property(anyText, anyText, fc.integer({ min: -5, max: 400 }), (title, description, days) => {
        const programme: Programme = {
          ...example,
          info: { ...example.info, name: title || 'P' },
          libraries: example.libraries.map((library) => ({ ...library, name: `${library.name} ${title}` })),
          projects: example.projects.map((project) => ({ ...project, name: `${project.name} ${title}` })),
          phases: example.phases.map((phase) => ({ ...phase, title: title || phase.title, description })),
        };
        const phase = programme.phases.find((p) => p.kind === 'feedback')!;
        const reminder = renderReminderMessage(
          {
            phase,
            daysLeft: days,
            programmeName: title,
            organisation: title,
            missingLibraries: programme.libraries.map((l) => l.name),
          },
          'nl',
        );
        expect(findLimitViolations(reminder)).toEqual([]);
        const digest = renderDigestMessage(
          { changes: [], phases: [], nextDeadline: null, coverage: [{ phase, answered: 1, total: 7 }] },
          title,
          'en',
        );
        expect(findLimitViolations(digest)).toEqual([]);
        const modal = renderFeedbackModal({
          programme,
          phase,
          window: 'late',
          locale: 'nl',
          libraryCode: 'AVV',
          previous: null,
        });
        expect(findLimitViolations(modal)).toEqual([]);
        const home = renderHomeView(programme, 'en', new Date('2017-09-20T10:00:00Z'), {
          libraryCode: 'AVV',
          seesCoverage: true,
          answeredBy: new Map([[phase.id, new Set(['AVV'])]]),
          answeredByMe: new Set(),
        });
        expect(findLimitViolations(home)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
