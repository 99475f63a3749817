import type { KnownBlock } from '@slack/types';
import { type Phase, phaseSpan } from '../../domain/programme.js';
import { formatDay, type Locale, messages } from '../../i18n/index.js';
import { esc } from '../../present/mrkdwn.js';
import {
  actions,
  button,
  context,
  header,
  option,
  plainText,
  SLACK_LIMITS,
  section,
  select,
  truncate,
} from '../blocks/index.js';
import type { SlackMessage } from './answerLayout.js';
import { REMINDER_ACTIONS } from './reminderMessage.js';

/** The projects a nudge lists by name; the rest are counted, so the message stays one section. */
const PROJECTS_LISTED = 20;

/** A nudge's buttons: they open the feedback form, or one project's update form. */
export const NUDGE_ACTIONS = { update: 'nudge_update', chooseUpdate: 'nudge_update_choice' } as const;

interface NudgeAbout {
  phase: Phase;
  libraryName: string;
  programmeName: string;
  /** Sent to the library's contact, as nobody has said yet they belong to it: the message says so. */
  asContact?: boolean;
}

export type NudgeContent =
  | ({ subject: 'feedback' } & NudgeAbout)
  | ({ subject: 'update'; projects: { slug: string; name: string }[] } & NudgeAbout);

/**
 * A nudge as a direct message to one person of a library that still owes something: feedback, with the
 * reminder's own button to open the form, or a project update.
 */
export function renderNudgeMessage(content: NudgeContent, locale: Locale): SlackMessage {
  const m = messages(locale);
  const { phase } = content;
  const { first, last } = phaseSpan(phase);
  const library = esc(content.libraryName);
  const why = [content.asContact ? m.nudgeWhyContact : m.nudgeWhy, esc(content.programmeName)];
  if (content.subject === 'feedback') {
    const date = formatDay(last, locale);
    return {
      text: truncate(m.nudgeFeedbackTitle(phase.title), SLACK_LIMITS.sectionText),
      blocks: [
        header(m.nudgeFeedbackTitle(phase.title)),
        section(m.nudgeFeedbackBody(library, date)),
        actions([
          button({
            text: m.giveFeedback,
            actionId: REMINDER_ACTIONS.feedback,
            value: phase.id,
            style: 'primary',
          }),
        ]),
        context(why),
      ] satisfies KnownBlock[],
    };
  }
  const listed = content.projects.slice(0, PROJECTS_LISTED).map((project) => `• ${esc(project.name)}`);
  const more = content.projects.length - listed.length;
  if (more > 0) listed.push(`+${more}`);
  return {
    text: truncate(m.nudgeUpdateTitle(phase.title), SLACK_LIMITS.sectionText),
    blocks: [
      header(m.nudgeUpdateTitle(phase.title)),
      section(
        truncate(
          m.nudgeUpdateBody(library, formatDay(first, locale), listed.join('\n')),
          SLACK_LIMITS.sectionText,
        ),
      ),
      ...updateOpener(content.projects, locale),
      context(why),
    ],
  };
}

/** One project: its button. More: a menu of them, a choice opening that project's form. */
function updateOpener(projects: { slug: string; name: string }[], locale: Locale): KnownBlock[] {
  const m = messages(locale);
  const [only] = projects;
  if (!only) return [];
  if (projects.length === 1) {
    return [
      actions([
        button({
          text: m.nudgeGiveUpdate,
          actionId: NUDGE_ACTIONS.update,
          value: only.slug,
          style: 'primary',
        }),
      ]),
    ];
  }
  const options = projects.map((project) => option(project.name, project.slug));
  return [
    actions([
      {
        ...select(NUDGE_ACTIONS.chooseUpdate, options),
        placeholder: plainText(m.nudgeChooseProject, SLACK_LIMITS.placeholder),
      },
    ]),
  ];
}
