import type { KnownBlock } from '@slack/types';
import { DIFF_ENTITIES, diffHasChanges, type ProgrammeDiff } from '../../domain/programmeDiff.js';
import { type Locale, messages } from '../../i18n/index.js';
import { esc } from '../../present/mrkdwn.js';
import { diffLines, touchedEntities } from '../../present/programmeDiffLines.js';
import { actions, button, context, header, section } from '../blocks/builders.js';
import { composeMessage } from '../blocks/message.js';
import type { SlackMessage } from './answerLayout.js';

export const PROGRAMME_FILE_ACTIONS = {
  import: 'programme_file_import',
  importAndRemove: 'programme_file_import_remove',
  cancel: 'programme_file_cancel',
} as const;

/** Entries named per kind; the rest is counted, so a file of a thousand projects still fits a message. */
const ENTRIES_SHOWN = 12;
/** Likely renames warned about one by one; the rest is counted. */
const RENAMES_SHOWN = 5;
/** A file's problems listed; the rest is counted. */
const PROBLEMS_SHOWN = 15;

/** How many entries the stored programme has that the file does not list. */
export function absentCount(diff: ProgrammeDiff): number {
  return DIFF_ENTITIES.reduce((sum, entity) => sum + diff[entity].removed.length, 0);
}

/**
 * What a sent programme file would change, entry by entry, as `import --check` prints it, with
 * Import (and, when the file leaves entries out, Import and remove) and Cancel.
 */
export function renderProgrammeFilePreview(
  preview: { uploadId: number; fileName: string; diff: ProgrammeDiff },
  locale: Locale,
  lead?: string,
): SlackMessage {
  const m = messages(locale);
  const w = m.programmeFileDm;
  const { diff } = preview;
  const blocks: KnownBlock[] = [header(w.previewTitle(preview.fileName))];
  if (lead) blocks.push(section(lead));
  const changes = diffHasChanges(diff);
  blocks.push(...diffBlocks(diff, locale, changes ? w.previewIntro : w.previewNoChanges));
  const absent = absentCount(diff);
  if (absent > 0) blocks.push(context([w.absentNote(absent)]));
  const value = String(preview.uploadId);
  blocks.push(
    actions([
      button({ text: w.importButton, actionId: PROGRAMME_FILE_ACTIONS.import, value, style: 'primary' }),
      ...(absent > 0
        ? [
            button({
              text: w.importAndRemoveButton(absent),
              actionId: PROGRAMME_FILE_ACTIONS.importAndRemove,
              value,
              style: 'danger' as const,
              confirm: {
                title: w.confirmRemoveTitle,
                text: w.confirmRemoveText(absent),
                confirm: w.confirmRemove,
                deny: w.confirmDeny,
              },
            }),
          ]
        : []),
      button({ text: w.cancelButton, actionId: PROGRAMME_FILE_ACTIONS.cancel, value }),
    ]),
  );
  return composeMessage({ text: w.previewTitle(preview.fileName), blocks });
}

/** What the preview's message becomes once imported: who did it and what changed, without buttons. */
export function renderProgrammeFileImported(
  imported: { fileName: string; diff: ProgrammeDiff; userId: string },
  locale: Locale,
): SlackMessage {
  const w = messages(locale).programmeFileDm;
  const name = esc(imported.fileName);
  const changes = diffHasChanges(imported.diff);
  const lead = changes ? w.imported(name, imported.userId) : w.importedNoChanges(name, imported.userId);
  const blocks = changes ? diffBlocks(imported.diff, locale, lead) : [section(lead)];
  return composeMessage({ text: lead, blocks });
}

/** A file that was not imported, with its problems (the CLI's words for them), line by line. */
export function renderProgrammeFileProblems(
  fileName: string,
  problems: string[],
  locale: Locale,
): SlackMessage {
  const w = messages(locale).programmeFileDm;
  const lead = w.notImported(esc(fileName));
  const listed = problems.slice(0, PROBLEMS_SHOWN).map((problem) => `• ${esc(problem)}`);
  if (problems.length > PROBLEMS_SHOWN) listed.push(w.moreProblems(problems.length - PROBLEMS_SHOWN));
  return composeMessage({ text: lead, blocks: [section(lead), section(listed.join('\n'))] });
}

function diffBlocks(diff: ProgrammeDiff, locale: Locale, lead: string): KnownBlock[] {
  const m = messages(locale);
  const cli = m.cli;
  const w = m.programmeFileDm;
  const blocks: KnownBlock[] = [section(lead)];
  if (diff.programme.length > 0) blocks.push(section(cli.programmeChanged(diff.programme.join(', '))));
  const words = { ...cli, absent: w.absentKept };
  for (const entity of touchedEntities(diff)) {
    const { added, changed, removed } = diff[entity];
    const lines = diffLines(diff, entity, words).map(
      (line) => `${line.sign} ${esc(line.label)} (${line.note})`,
    );
    const shown = lines.slice(0, ENTRIES_SHOWN);
    if (lines.length > ENTRIES_SHOWN) shown.push(w.moreEntries(lines.length - ENTRIES_SHOWN));
    const counts = cli.counts(added.length, changed.length, removed.length, diff.prune);
    blocks.push(section(`*${cli.entity[entity]}*: ${counts}\n${shown.join('\n')}`));
  }
  // A context block each, a few at most: the buttons after them must stay within the message's 50 blocks.
  for (const rename of diff.likelyRenames.slice(0, RENAMES_SHOWN)) {
    blocks.push(context([`⚠️ ${esc(cli.likelyRename(rename.from, rename.to, rename.name))}`]));
  }
  if (diff.likelyRenames.length > RENAMES_SHOWN)
    blocks.push(context([w.moreEntries(diff.likelyRenames.length - RENAMES_SHOWN)]));
  return blocks;
}
