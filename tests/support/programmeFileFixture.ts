/**
 * The small programme file of the programme-file tests (tests/domain/programmeFile.test.ts and its Dutch
 * twin tests/i18n/cliWords.test.ts): each rejection case changes one thing, so its line numbers are known.
 */
export const SMALL_PROGRAMME_FILE = [
  'programme:', // line 1
  '  name: Testprogramma', // line 2
  '  organisation: BiSC', // line 3
  'libraries:', // line 4
  '  - { code: AVV, name: Bibliotheek AVV }', // line 5
  '  - { code: HGH, name: Bibliotheek HGH }', // line 6
  'projects:', // line 7
  '  - slug: effectmeting', // line 8
  '    name: Effectmeting', // line 9
  '    status: running', // line 10
  '    partners: [AVV, HGH]', // line 11
  '  - slug: crm', // line 12
  '    name: CRM', // line 13
  '    status: idea', // line 14
  '    partners: all', // line 15
  'phases:', // line 16
  '  - { id: aanvraag, title: Deadline aanvraag, date: 2017-10-31, kind: deadline }', // line 17
  '',
].join('\n');

/** One piece of text replaced; fails loudly if the piece is not there, so no test goes stale. */
export function edit(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`the file does not contain ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

/** The small file with one piece replaced. */
export function variant(from: string, to: string): string {
  return edit(SMALL_PROGRAMME_FILE, from, to);
}
