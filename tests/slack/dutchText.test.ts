import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { answerCommand } from '../../src/domain/answers.js';
import { parseCommand } from '../../src/domain/command.js';
import { buildDigest } from '../../src/domain/digest.js';
import type { Programme } from '../../src/domain/programme.js';
import { parseProgrammeFile } from '../../src/domain/programmeFile.js';
import { formatDay, formatInstant, formatSpan } from '../../src/i18n/index.js';
import { presentAnswer } from '../../src/present/answerDocument.js';
import { layoutAsText } from '../../src/present/textLayout.js';
import { renderDigestMessage, renderReminderMessage } from '../../src/slack/render/reminderMessage.js';
import { visibleText } from '../support/messageText.js';

function programme(): Programme {
  const text = readFileSync(new URL('../fixtures/second-programme.yml', import.meta.url), 'utf8');
  const parsed = parseProgrammeFile(text);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.programme;
}

const NOW = new Date('2030-01-13T10:00:00Z');

describe('the Dutch reads as Dutch', () => {
  const plan = programme();
  const answer = (command: string) =>
    layoutAsText(presentAnswer(answerCommand(plan, parseCommand(command), NOW), 'nl', plan.info));

  it('"1 van de 2 bibliotheken heeft gereageerd"', () => {
    const feedback = plan.phases.find((phase) => phase.kind === 'feedback')!;
    const digest = buildDigest(plan.phases, plan.info.timezone, [], NOW, [
      { phase: feedback, answered: 1, total: 2 },
    ]);
    expect(visibleText(renderDigestMessage(digest, plan.info.name, 'nl'))).toContain(
      '1 van de 2 bibliotheken heeft gereageerd.',
    );
  });

  it('a range within one month names the month once: "15–29 september 2017"', () => {
    expect(formatSpan('2017-09-15', '2017-09-29', 'nl')).toBe('15–29 september 2017');
    expect(formatSpan('2017-06-15', '2017-07-15', 'nl')).toBe('15 juni – 15 juli 2017');
    expect(formatSpan('2017-12-18', '2018-01-05', 'en')).toBe('18 December 2017 – 5 January 2018');
    expect(answer('timeline')).toContain('20 januari – 10 februari 2030');
  });

  it('a day is written out, no leading zero, the month in lower case: "1 maart 2024"', () => {
    const months = Array.from({ length: 12 }, (_, i) =>
      formatDay(`2024-${String(i + 1).padStart(2, '0')}-01`, 'nl'),
    );
    expect(months).toEqual([
      '1 januari 2024',
      '1 februari 2024',
      '1 maart 2024',
      '1 april 2024',
      '1 mei 2024',
      '1 juni 2024',
      '1 juli 2024',
      '1 augustus 2024',
      '1 september 2024',
      '1 oktober 2024',
      '1 november 2024',
      '1 december 2024',
    ]);
    expect(formatDay('2024-02-29', 'nl')).toBe('29 februari 2024');
    expect(formatDay('2024-02-29', 'en')).toBe('29 February 2024');
  });

  it('the timeline says "Tijden in Nederlandse tijd"', () => {
    expect(answer('timeline')).toContain('Tijden in Nederlandse tijd.');
  });

  it('a deadline reminder says "je bijdrage", not "jouw bijdrage"', () => {
    const deadline = plan.phases.find((phase) => phase.kind === 'deadline')!;
    const text = visibleText(
      renderReminderMessage(
        {
          phase: deadline,
          daysLeft: 7,
          programmeName: plan.info.name,
          organisation: plan.info.organisation,
          missingLibraries: null,
        },
        'nl',
      ),
    );
    expect(text).toContain('Zorg dat je bijdrage op tijd binnen is');
  });

  it('an update dated with a bare day shows that day and no made-up time', () => {
    const text = answer('status voorleesbus');
    expect(text).toContain('6 januari 2030 · Lopend');
    expect(text).not.toMatch(/6 januari 2030 \d\d:\d\d/);
  });

  it('an instant is written with its weekday, as in Slack: "vr 1 juni 2017 09:00"', () => {
    expect(formatInstant('2017-06-02T07:00:00Z', 'Europe/Amsterdam', 'nl')).toBe('vr 2 juni 2017 09:00');
    expect(formatInstant('2017-06-02T07:00:00Z', 'Europe/Amsterdam', 'en')).toBe('Fri 2 June 2017 09:00');
  });
});
