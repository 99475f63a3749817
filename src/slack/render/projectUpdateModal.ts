import type { KnownBlock, ModalView } from '@slack/types';
import { PROJECT_STATUSES, type Project } from '../../domain/programme.js';
import { MAX_UPDATE_NOTE, type ProjectUpdateValues } from '../../domain/projectForms.js';
import { formatDay, type Locale, messages } from '../../i18n/index.js';
import { esc } from '../../present/mrkdwn.js';
import {
  context,
  datepicker,
  input,
  modal,
  option,
  SLACK_LIMITS,
  section,
  select,
  textInput,
  truncate,
} from '../blocks/index.js';
import type { SlackMessage } from './answerLayout.js';

export const PROJECT_UPDATE_CALLBACK = 'project_update';
/** One action id per input: the block_id (status, note, milestone) says which field it is. */
export const PROJECT_UPDATE_ACTION = 'value';

/** The project's slug travels in private_metadata; the submission handler checks it again. */
export function projectUpdateMetadata(slug: string): string {
  return JSON.stringify({ slug });
}

/** The update form: the status (the current one chosen), what is new, and the next milestone. */
export function renderProjectUpdateModal(project: Project, locale: Locale): ModalView {
  const m = messages(locale);
  const statuses = PROJECT_STATUSES.map((status) => option(m.status[status], status));
  const current = statuses.find((o) => o.value === project.status);
  return modal({
    callbackId: PROJECT_UPDATE_CALLBACK,
    title: m.updateModalTitle,
    submit: m.submit,
    close: m.close,
    privateMetadata: projectUpdateMetadata(project.slug),
    blocks: [
      section(m.updateIntro(esc(project.name), m.status[project.status])),
      input('status', m.statusLabel, select(PROJECT_UPDATE_ACTION, statuses, current)),
      input(
        'note',
        m.updateNoteLabel,
        textInput(PROJECT_UPDATE_ACTION, { multiline: true, maxLength: MAX_UPDATE_NOTE }),
      ),
      input('milestone', m.updateMilestoneLabel, datepicker(PROJECT_UPDATE_ACTION), {
        optional: true,
        hint: m.updateMilestoneHint,
      }),
    ],
  });
}

function summaryLines(values: ProjectUpdateValues, locale: Locale): string[] {
  const m = messages(locale);
  return [
    `*${m.statusLabel}:* ${m.status[values.status]}`,
    `*${m.noteLabel}:* ${esc(values.note)}`,
    ...(values.nextMilestone ? [`*${m.nextMilestone}:* ${formatDay(values.nextMilestone, locale)}`] : []),
  ];
}

/** What the modal turns into after a stored update: a summary, and where else it goes. */
export function renderProjectUpdateSaved(
  project: Pick<Project, 'name'>,
  values: ProjectUpdateValues,
  linkedChannelId: string | null,
  locale: Locale,
): ModalView {
  const m = messages(locale);
  const blocks: KnownBlock[] = [
    section(m.updateSaved(esc(project.name))),
    section(`*${m.feedbackSummary}*\n${summaryLines(values, locale).join('\n')}`),
  ];
  if (linkedChannelId) blocks.push(context([m.updatePostedIn(linkedChannelId)]));
  return modal({ callbackId: 'project_update_saved', title: m.updateSavedTitle, close: m.close, blocks });
}

/** The update as posted in the project's linked channel. */
export function renderProjectUpdatePost(
  project: Pick<Project, 'name'>,
  values: ProjectUpdateValues,
  authorId: string,
  locale: Locale,
): SlackMessage {
  const m = messages(locale);
  const title = m.updatePostTitle(esc(project.name));
  return {
    text: truncate(`${title} · ${m.status[values.status]}`, SLACK_LIMITS.fallbackText),
    blocks: [
      section(`*${title}*\n${summaryLines(values, locale).join('\n')}`),
      context([m.updatePostBy(authorId)]),
    ],
  };
}
