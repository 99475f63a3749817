/** The vocabulary of the forms: what a library can answer, and where an idea stands. */
export const FEEDBACK_JUDGEMENTS = ['agree', 'agree_with_remarks', 'disagree'] as const;
export type FeedbackJudgement = (typeof FEEDBACK_JUDGEMENTS)[number];

export const IDEA_STATUSES = ['proposed', 'approved', 'declined'] as const;
export type IdeaStatus = (typeof IDEA_STATUSES)[number];
