import type { KnownBlock } from '@slack/types';
import type { Idea } from '../../db/ideaRepository.js';
import type { OwedMessage } from '../../db/outboxRepository.js';
import { formatInstant, type Locale, messages } from '../../i18n/index.js';
import { esc } from '../../present/mrkdwn.js';
import { actions, button, context, section, truncate } from '../blocks/index.js';
import { IDEA_ACTIONS } from './ideaModal.js';

/** Slack's and the poster's errors are short; anything longer is cut so one line stays one line. */
const ERROR_SHOWN = 200;
/** A description in a list is a reminder of the idea, not the idea: the direct message has it whole. */
const DESCRIPTION_SHOWN = 300;

export interface PendingIdeasView {
  ideas: Idea[];
  undelivered: OwedMessage[];
}

/**
 * The admins' list of ideas waiting for a decision, each with the approve and decline buttons of the
 * direct message, and the messages Koers gave up on. At most `maxBlocks` blocks: ideas that do not
 * fit are counted in a line of their own.
 */
export function pendingIdeasBlocks(
  view: PendingIdeasView,
  options: { locale: Locale; timezone: string; maxBlocks: number },
): KnownBlock[] {
  const m = messages(options.locale);
  const blocks: KnownBlock[] = [section(`*${m.pendingIdeasTitle(view.ideas.length)}*`)];
  const undelivered = undeliveredBlocks(view.undelivered, options.locale);
  if (view.ideas.length === 0) blocks.push(context([m.noPendingIdeas]));
  for (const [index, idea] of view.ideas.entries()) {
    const left = view.ideas.length - index;
    // Two blocks for this idea, and room for the count of the rest and what was not delivered.
    if (blocks.length + 2 + (left > 1 ? 1 : 0) + undelivered.length > options.maxBlocks) {
      blocks.push(context([m.morePendingIdeas(left)]));
      break;
    }
    const when = formatInstant(idea.createdAt.toISOString(), options.timezone, options.locale);
    const value = String(idea.id);
    blocks.push(
      section(
        `*${esc(idea.title)}*\n${esc(truncate(idea.description, DESCRIPTION_SHOWN))}\n_${m.pendingIdeaBy(idea.proposedBy, when)}_`,
      ),
      actions(
        [
          button({ text: m.ideaApprove, actionId: IDEA_ACTIONS.approve, value, style: 'primary' }),
          button({ text: m.ideaDecline, actionId: IDEA_ACTIONS.decline, value, style: 'danger' }),
          button({ text: m.admin.toProject, actionId: IDEA_ACTIONS.toProject, value }),
        ],
        `idea_decision_${idea.id}`,
      ),
    );
  }
  return [...blocks, ...undelivered].slice(0, options.maxBlocks);
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
