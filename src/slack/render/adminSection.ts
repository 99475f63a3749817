import type { KnownBlock } from '@slack/types';
import type { Programme, Project } from '../../domain/programme.js';
import { phaseSpan } from '../../domain/programme.js';
import type { EditedEntity } from '../../domain/programmeEdits.js';
import { formatSpan, type Locale, messages } from '../../i18n/index.js';
import { esc } from '../../present/mrkdwn.js';
import { actions, button, divider, option, overflow, SLACK_LIMITS, section } from '../blocks/index.js';
import { pagedList } from './pagedList.js';

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

export const ENTRY_ACTIONS = ['edit', 'finish', 'archive', 'unarchive', 'remove'] as const;
export type EntryAction = (typeof ENTRY_ACTIONS)[number];

/** An entry's menu option value; a key too long to come back whole gets no menu (see entryMenu). */
export function entryValue(entity: EditedEntity, action: EntryAction, key: string): string {
  return `${entity}|${action}|${key}`;
}

interface Entry {
  entity: EditedEntity;
  key: string;
  line: string;
  /** What the menu offers besides Edit and Remove. */
  actions: EntryAction[];
}

/** What a project's menu offers: Mark finished while it is not, and Archive or Unarchive. */
function projectActions(project: Project): EntryAction[] {
  return [
    ...(project.status !== 'completed' ? (['finish'] as const) : []),
    project.archived ? 'unarchive' : 'archive',
  ];
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
        actions: [],
      };
    }),
    ...programme.projects.map((project) => ({
      entity: 'project' as const,
      key: project.slug,
      line: `${m.admin.section.project} · *${esc(project.name)}*\n${m.status[project.status]}${
        project.archived ? ` · _${m.admin.archived}_` : ''
      } · ${
        project.allLibraries
          ? m.allLibraries
          : project.partners.map((partner) => esc(partner.libraryCode)).join(', ') || m.noPartners
      }`,
      actions: projectActions(project),
    })),
    ...programme.libraries.map((library) => ({
      entity: 'library' as const,
      key: library.code,
      line: `${m.admin.section.library} · *${esc(library.name)}* · \`${esc(library.code)}\``,
      actions: [],
    })),
  ];
}

/**
 * For admins: every phase, project and library with a menu (Edit, Mark finished, Archive, Remove), the
 * buttons to add one, and Next / Previous through a long list, within `maxBlocks` of the Home's 100.
 */
export function adminSectionBlocks(
  programme: Programme,
  locale: Locale,
  options: { offset: number; maxBlocks: number },
): KnownBlock[] {
  const m = messages(locale);
  const lines = entriesOf(programme, locale).map((entry) => ({
    text: entry.line,
    menu: entryMenu(entry, locale),
  }));
  return [
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
    // The divider, title and add buttons above take three of the blocks.
    ...pagedList(lines, {
      offset: options.offset,
      maxBlocks: options.maxBlocks - 3,
      locale,
      paging: { previous: ADMIN_ACTIONS.previous, next: ADMIN_ACTIONS.next },
    }),
  ];
}

function entryMenu(entry: Entry, locale: Locale) {
  const m = messages(locale);
  const value = (action: EntryAction) => entryValue(entry.entity, action, entry.key);
  if (value('unarchive').length > SLACK_LIMITS.optionValue) return null;
  return overflow(ADMIN_ACTIONS.entry, [
    option(m.admin.edit, value('edit')),
    ...entry.actions.map((action) => option(m.admin[action], value(action))),
    option(m.admin.remove, value('remove')),
  ]);
}
