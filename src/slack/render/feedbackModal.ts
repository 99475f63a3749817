import type { KnownBlock, ModalView } from '@slack/types';
import type { StoredFeedback } from '../../db/feedbackRepository.js';
import {
  type FeedbackWindow,
  MAX_PRIORITIES,
  MAX_REMARKS,
  priorityChoices,
} from '../../domain/feedbackForm.js';
import { FEEDBACK_JUDGEMENTS } from '../../domain/forms.js';
import { type Phase, type Programme, phaseSpan } from '../../domain/programme.js';
import { formatDay, type Locale, messages } from '../../i18n/index.js';
import { esc } from '../../present/mrkdwn.js';
import {
  checkboxes,
  context,
  input,
  modal,
  multiSearchSelect,
  multiSelect,
  option,
  radioButtons,
  SLACK_LIMITS,
  searchSelect,
  section,
  select,
  textInput,
} from '../blocks/index.js';

export const FEEDBACK_CALLBACK = 'feedback';
/** One action id per input: the block_id says which field it is. */
export const FEEDBACK_ACTION = 'value';
/** Past 100 choices Slack needs an external select: the options are then searched as the user types. */
export const SEARCH_OPTIONS_ACTION = 'search';

export interface FeedbackModalInput {
  programme: Programme;
  phase: Phase;
  window: FeedbackWindow;
  locale: Locale;
  /** The user's own library, chosen by default. */
  libraryCode: string | null;
  /** The user's newest earlier submission, to start from. */
  previous: { feedback: StoredFeedback; version: number } | null;
}

/** The phase id travels in private_metadata and is checked again on submit. */
export function feedbackMetadata(phaseId: string): string {
  return JSON.stringify({ phaseId });
}

export function renderFeedbackModal(input_: FeedbackModalInput): ModalView {
  const { programme, phase, locale, previous } = input_;
  const m = messages(input_.locale);
  const due = formatDay(phaseSpan(phase).last, locale);
  if (input_.window === 'closed') {
    return modal({
      callbackId: FEEDBACK_CALLBACK,
      title: m.feedbackModalTitle,
      close: m.close,
      blocks: [section(m.feedbackClosed(esc(phase.title), due))],
    });
  }

  const blocks: KnownBlock[] = [section(m.feedbackIntro(esc(phase.title), due))];
  if (input_.window === 'late') blocks.push(context([m.feedbackLate]));
  if (previous) blocks.push(context([m.feedbackPrevious(previous.version)]));

  const libraryOptions = programme.libraries.map((library) => option(library.name, library.code));
  const chosenLibrary = previous?.feedback.libraryCode ?? input_.libraryCode;
  blocks.push(input('library', m.libraryLabel, choice(libraryOptions, chosenLibrary)));

  const judgements = FEEDBACK_JUDGEMENTS.map((judgement) => option(m.judgementName[judgement], judgement));
  const previousJudgement = judgements.find((o) => o.value === previous?.feedback.judgement);
  blocks.push(
    input('judgement', m.judgementLabel, radioButtons(FEEDBACK_ACTION, judgements, previousJudgement)),
  );

  blocks.push(
    input(
      'remarks',
      m.remarksLabel,
      textInput(FEEDBACK_ACTION, {
        multiline: true,
        maxLength: MAX_REMARKS,
        initial: previous?.feedback.remarks ?? '',
      }),
      { optional: true, hint: m.remarksHint },
    ),
  );

  const priorities = priorityChoices(programme).map((choice_) => option(choice_.name, choice_.slug));
  const previousPriorities = priorities.filter((o) => previous?.feedback.priorities.includes(o.value ?? ''));
  blocks.push(
    input('priorities', m.prioritiesLabel, choices(priorities, previousPriorities), {
      optional: true,
      hint: m.prioritiesHint(MAX_PRIORITIES),
    }),
  );

  const consent = option(m.contactOption, 'yes');
  blocks.push(
    input(
      'contact',
      m.contactLabel,
      checkboxes(FEEDBACK_ACTION, [consent], previous?.feedback.mayContact ? [consent] : []),
      {
        optional: true,
      },
    ),
  );

  return modal({
    callbackId: FEEDBACK_CALLBACK,
    title: m.feedbackModalTitle,
    submit: m.submit,
    close: m.close,
    privateMetadata: feedbackMetadata(phase.id),
    blocks,
  });
}

type Opt = ReturnType<typeof option>;

/** A single choice: a static list up to Slack's 100 options, else searched as the user types. */
function choice(options: Opt[], initialValue: string | null) {
  const initial = options.find((o) => o.value === initialValue);
  if (options.length <= SLACK_LIMITS.selectOptions) return select(FEEDBACK_ACTION, options, initial);
  return searchSelect(SEARCH_OPTIONS_ACTION, initial);
}

function choices(options: Opt[], initial: Opt[]) {
  if (options.length <= SLACK_LIMITS.selectOptions) return multiSelect(FEEDBACK_ACTION, options, initial);
  return multiSearchSelect(SEARCH_OPTIONS_ACTION, MAX_PRIORITIES, initial);
}

/** The confirmation the modal turns into after a valid submission. */
export function renderFeedbackThanks(
  summary: {
    library: string;
    phase: string;
    version: number;
    late: boolean;
    judgement: string;
    remarks: string;
    priorities: string[];
  },
  locale: Locale,
): ModalView {
  const m = messages(locale);
  const lines = [
    `*${m.judgementLabel}:* ${summary.judgement}`,
    ...(summary.remarks ? [`*${m.remarksLabel}:* ${esc(summary.remarks)}`] : []),
    ...(summary.priorities.length > 0
      ? [`*${m.prioritiesLabel}:* ${summary.priorities.map(esc).join(', ')}`]
      : []),
  ];
  return modal({
    callbackId: 'feedback_thanks',
    title: m.feedbackThanksTitle,
    close: m.close,
    blocks: [
      section(m.feedbackThanks(esc(summary.library), esc(summary.phase), summary.version, summary.late)),
      section(`*${m.feedbackSummary}*\n${lines.join('\n')}`),
    ],
  });
}

/**
 * What a form's modal turns into when the form cannot be used (a stale or forged form, or a save that
 * failed): the form's own title, and why.
 */
export function renderFormProblem(title: string, text: string, locale: Locale): ModalView {
  return modal({
    callbackId: 'form_problem',
    title,
    close: messages(locale).close,
    blocks: [section(text)],
  });
}
