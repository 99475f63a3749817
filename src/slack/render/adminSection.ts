import type { KnownBlock } from '@slack/types';
import type { Programme } from '../../domain/programme.js';
import { phaseSpan } from '../../domain/programme.js';
import type { EditedEntity } from '../../domain/programmeEdits.js';
import { formatSpan, type Locale, messages } from '../../i18n/index.js';
import { esc } from '../../present/mrkdwn.js';
import {
  actions,
  button,
  context,
  divider,
  option,
  overflow,
  SLACK_LIMITS,
  section,
} from '../blocks/index.js';

export const ADMIN_ACTIONS = {
  /** An entry's overflow menu: the option's value is `entity|edit|key`. */
  entry: 'admin_entry',
  /** "Add phase" and its siblings (an action id each, as Slack wants in one block): the value is the entity. */
  addPhase: 'admin_add_phase',
  addProject: 'admin_add_project',
  addLibrary: 'admin_add_library',
  /** Previous / Next (an action id each): the value is the first entry's position. */
  previous: 'admin_page_previous',
  next: 'admin_page_next',
} as const;

export const ENTRY_ACTIONS = ['edit', 'finish', 'remove'] as const;
export type EntryAction = (typeof ENTRY_ACTIONS)[number];

/** An entry's menu option value; a key too long to come back whole gets no menu (see entryMenu). */
export function entryValue(entity: EditedEntity, action: EntryAction, key: string): string {
  return `${entity}|${action}|${key}`;
}

interface Entry {
  entity: EditedEntity;
  key: string;
  line: string;
  finishable: boolean;
}

/** Phases, then projects, then libraries: one line each, in the order the programme holds them. */
function entriesOf(programme: Programme, locale: Locale): Entry[] {
  const m = messages(locale);
  return [
    ...programme.phases.map((phase) => {
      const { first, last } = phaseSpan(phase);
      return {
        entity: 'phase' as const,
        key: phase.id,
        line: `${m.admin.section.phase} · *${esc(phase.title)}*\n${formatSpan(first, last, locale)} · ${m.phaseKind[phase.kind]}`,
        finishable: false,
      };
    }),
    ...programme.projects.map((project) => ({
      entity: 'project' as const,
      key: project.slug,
      line: `${m.admin.section.project} · *${esc(project.name)}*\n${m.status[project.status]} · ${
        project.allLibraries
          ? m.allLibraries
          : project.partners.map((partner) => esc(partner.libraryCode)).join(', ') || m.noPartners
      }`,
      finishable: project.status !== 'completed',
    })),
    ...programme.libraries.map((library) => ({
      entity: 'library' as const,
      key: library.code,
      line: `${m.admin.section.library} · *${esc(library.name)}* · \`${esc(library.code)}\``,
      finishable: false,
    })),
  ];
}

/**
 * For admins: every phase, project and library with a menu (Edit, Mark finished, Remove), the buttons to
 * add one, and Next / Previous through a long list, within `maxBlocks` of the Home's 100.
 */
export function adminSectionBlocks(
  programme: Programme,
  locale: Locale,
  options: { offset: number; maxBlocks: number },
): KnownBlock[] {
  const m = messages(locale);
  const entries = entriesOf(programme, locale);
  // A title, the add buttons, the range and the paging buttons around the entries.
  const perPage = Math.max(1, options.maxBlocks - 5);
  const offset = Math.min(Math.max(0, options.offset), Math.max(0, entries.length - 1));
  const start = offset - (offset % perPage);
  const shown = entries.slice(start, start + perPage);
  const blocks: KnownBlock[] = [
    divider(),
    section(`*${m.admin.title}*\n${m.admin.intro}`),
    actions(
      (
        [
          ['phase', ADMIN_ACTIONS.addPhase],
          ['project', ADMIN_ACTIONS.addProject],
          ['library', ADMIN_ACTIONS.addLibrary],
        ] as const
      ).map(([entity, actionId]) => button({ text: m.admin.add[entity], actionId, value: entity })),
    ),
    ...shown.map((entry) => {
      const menu = entryMenu(entry, locale);
      return section(entry.line, menu ? { accessory: menu } : {});
    }),
  ];
  if (entries.length > perPage) {
    blocks.push(context([m.admin.range(start + 1, start + shown.length, entries.length)]));
    const paging = [
      ...(start > 0
        ? [
            button({
              text: m.admin.previous,
              actionId: ADMIN_ACTIONS.previous,
              value: String(start - perPage),
            }),
          ]
        : []),
      ...(start + perPage < entries.length
        ? [button({ text: m.admin.next, actionId: ADMIN_ACTIONS.next, value: String(start + perPage) })]
        : []),
    ];
    blocks.push(actions(paging));
  }
  return blocks;
}

function entryMenu(entry: Entry, locale: Locale) {
  const m = messages(locale);
  const value = (action: EntryAction) => entryValue(entry.entity, action, entry.key);
  if (value('finish').length > SLACK_LIMITS.optionValue) return null;
  return overflow(ADMIN_ACTIONS.entry, [
    option(m.admin.edit, value('edit')),
    ...(entry.finishable ? [option(m.admin.finish, value('finish'))] : []),
    option(m.admin.remove, value('remove')),
  ]);
}
