import { viewSubmissionBody } from './slackRequests.js';
import { openedMetadata } from './views.js';

/** The example programme's feedback phase on the draft vision (due Friday 29 September 2017). */
export const FEEDBACK_PHASE = 'feedback-visie';
/** Wednesday 20 September 2017: the draft vision is out, its feedback phase open. */
export const DURING_FEEDBACK = new Date('2017-09-20T10:00:00Z');

export interface FeedbackAnswers {
  library?: string;
  judgement?: string;
  remarks?: string;
  priorities?: string[];
  contact?: boolean;
}

/** The feedback form's state exactly as Slack sends it on submit, for the inputs the modal has. */
export function feedbackFormState(answers: FeedbackAnswers) {
  const selected = (value: string | undefined) =>
    value ? { value, text: { type: 'plain_text', text: value } } : null;
  return {
    library: { value: { type: 'static_select', selected_option: selected(answers.library) } },
    judgement: { value: { type: 'radio_buttons', selected_option: selected(answers.judgement) } },
    remarks: { value: { type: 'plain_text_input', value: answers.remarks ?? null } },
    priorities: {
      value: {
        type: 'multi_static_select',
        selected_options: (answers.priorities ?? []).map((p) => selected(p)),
      },
    },
    contact: { value: { type: 'checkboxes', selected_options: answers.contact ? [selected('yes')] : [] } },
  };
}

/** The feedback form sent in by `userId`, as Slack posts it (the modal Koers opened for them). */
export function feedbackSubmissionBody(userId: string, answers: FeedbackAnswers): string {
  return viewSubmissionBody({
    callbackId: 'feedback',
    userId,
    privateMetadata: openedMetadata('feedback', userId, JSON.stringify({ phaseId: FEEDBACK_PHASE })),
    values: feedbackFormState(answers) as never,
  });
}
