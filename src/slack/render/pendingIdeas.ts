import type { KnownBlock } from '@slack/types';
import type { Idea } from '../../db/ideaRepository.js';
import type { OwedMessage } from '../../db/outboxRepository.js';
import { formatInstant, type Locale, messages } from '../../i18n/index.js';
import { esc } from '../../present/mrkdwn.js';
import { context, option, overflow, section, truncate } from '../blocks/index.js';
import { type ListLine, pagedList } from './pagedList.js';

/** Slack's and the poster's errors are short; anything longer is cut so one line stays one line. */
const ERROR_SHOWN = 200;
/** A description in a list is a reminder of the idea, not the idea: the direct message has it whole. */
const DESCRIPTION_SHOWN = 300;

export const IDEA_LIST_ACTIONS = {
  /** An idea's menu: the option's value is `choice|id` (IDEA_MENU). */
  menu: 'idea_menu',
  previous: 'idea_page_previous',
  next: 'idea_page_next',
} as const;

/** What an idea's menu offers: the decisions of the admins' direct message. */
export const IDEA_MENU = ['approve', 'project', 'decline'] as const;
export type IdeaMenuChoice = (typeof IDEA_MENU)[number];

export interface PendingIdeasView {
  ideas: Idea[];
  undelivered: OwedMessage[];
  /** Where the list starts (the Home's Next / Previous). */
  offset?: number;
}

/**
 * The admins' list of ideas waiting for a decision, one line each with a menu of the decisions the
 * direct message offers (approve, make it a project with its form, decline after a confirmation), and
 * the messages Koers gave up on. At most `maxBlocks` blocks: on the Home (`paging`) a long list pages;
 * in a message the range line says how many are left out.
 */
export function pendingIdeasBlocks(
  view: PendingIdeasView,
  options: { locale: Locale; timezone: string; maxBlocks: number; paging: boolean },
): KnownBlock[] {
  const m = messages(options.locale);
  const title = section(`*${m.pendingIdeasTitle(view.ideas.length)}*`);
  const undelivered = undeliveredBlocks(view.undelivered, options.locale);
  if (view.ideas.length === 0) {
    return [title, context([m.noPendingIdeas]), ...undelivered].slice(0, options.maxBlocks);
  }
  const lines = view.ideas.map((idea): ListLine => {
    const when = formatInstant(idea.createdAt.toISOString(), options.timezone, options.locale);
    const value = (choice: IdeaMenuChoice) => `${choice}|${idea.id}`;
    return {
      text: `*${esc(idea.title)}*\n${esc(truncate(idea.description, DESCRIPTION_SHOWN))}\n_${m.pendingIdeaBy(idea.proposedBy, when)}_`,
      menu: overflow(IDEA_LIST_ACTIONS.menu, [
        option(m.ideaApprove, value('approve')),
        option(m.admin.toProject, value('project')),
        option(m.ideaDeclineMenu, value('decline')),
      ]),
    };
  });
  return [
    title,
    ...pagedList(lines, {
      offset: view.offset ?? 0,
      maxBlocks: options.maxBlocks - 1 - undelivered.length,
      locale: options.locale,
      paging: options.paging ? { previous: IDEA_LIST_ACTIONS.previous, next: IDEA_LIST_ACTIONS.next } : null,
    }),
    ...undelivered,
  ];
}

function undeliveredBlocks(undelivered: OwedMessage[], locale: Locale): KnownBlock[] {
  if (undelivered.length === 0) return [];
  const m = messages(locale);
  const lines = undelivered.map((message) =>
    m.undeliveredLine(
      m.owedKind[message.kind],
      /^[UW]/.test(message.recipient) ? `<@${message.recipient}>` : `<#${message.recipient}>`,
      esc(truncate(message.lastError ?? '', ERROR_SHOWN)),
    ),
  );
  return [section(`*${m.undeliveredTitle}*\n${lines.join('\n')}`)];
}
