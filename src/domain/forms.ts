import { z } from 'zod';

/** The vocabulary of the forms: what a library can answer, and where an idea stands. */
export const FEEDBACK_JUDGEMENTS = ['agree', 'agree_with_remarks', 'disagree'] as const;
export type FeedbackJudgement = (typeof FEEDBACK_JUDGEMENTS)[number];

export const IDEA_STATUSES = ['proposed', 'approved', 'declined'] as const;
export type IdeaStatus = (typeof IDEA_STATUSES)[number];

/**
 * Control characters other than tab and line feed: C0 (U+0000 NUL among them, which PostgreSQL refuses
 * in text, so an answer holding one could never be stored), DEL, C1, and UTF-16 halves without their
 * other half (which no database stores as typed). None of them is anything a person means to write; a
 * carriage return is kept as the line break it stands for.
 */
const CONTROL_CHARACTERS = /(?![\t\n])\p{Cc}|\p{Cs}/gu;

/**
 * Every text a user submits (form fields, a command's text) passes through this one rule before any
 * other: control characters are taken out, line breaks become `\n`.
 */
export function withoutControlCharacters(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROL_CHARACTERS, '');
}

/** A user's text in a zod schema: a string, with `withoutControlCharacters` applied. */
export const userText = z.string().transform(withoutControlCharacters);
