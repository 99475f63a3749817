import type { KnownBlock } from '@slack/types';
import type { ProgrammeChangeRecord } from '../../db/programmeChangeLog.js';
import { formatInstant, type Locale, messages } from '../../i18n/index.js';
import { esc } from '../../present/mrkdwn.js';
import { section } from '../blocks/index.js';

/** Who made a change, as a reader knows them: a Slack user by mention, the CLI by its operator. */
function actorText(actor: string): string {
  if (actor.startsWith('cli:')) return esc(actor.slice('cli:'.length));
  return /^[UW][A-Z0-9]+$/.test(actor) ? `<@${actor}>` : esc(actor);
}

/** The change history, newest first: when, who, from where, and what was added, changed and removed. */
export function programmeChangesBlocks(
  changes: ProgrammeChangeRecord[],
  locale: Locale,
  timezone: string,
): KnownBlock[] {
  const m = messages(locale);
  if (changes.length === 0) return [section(`*${m.admin.changesTitle}*\n${m.admin.noChanges}`)];
  return [
    section(`*${m.admin.changesTitle}*`),
    ...changes.map((change) => {
      const lines = [
        m.admin.changeHead(
          formatInstant(change.at.toISOString(), timezone, locale),
          actorText(change.actor),
          m.admin.source[change.source] ?? change.source,
        ),
        ...change.summary.added.map((entry) => `+ ${esc(entry)} (${m.admin.added})`),
        ...change.summary.changed.map((entry) => `~ ${esc(entry)} (${m.admin.changed})`),
        ...change.summary.removed.map((entry) => `− ${esc(entry)} (${m.admin.removed})`),
      ];
      return section(lines.join('\n'));
    }),
  ];
}
