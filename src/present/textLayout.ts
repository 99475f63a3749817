import type { AnswerDocument } from './answerDocument.js';
import { mrkdwnToPlain } from './mrkdwn.js';

/** The same answer as Slack shows, as plain text for a terminal: the whole list, no paging. */
export function layoutAsText(doc: AnswerDocument): string {
  const lines: string[] = [
    mrkdwnToPlain(doc.title),
    '='.repeat(Math.min(mrkdwnToPlain(doc.title).length, 72)),
  ];
  for (const paragraph of doc.intro) lines.push('', mrkdwnToPlain(paragraph));
  for (const group of doc.groups) {
    lines.push('');
    if (group.heading) lines.push(mrkdwnToPlain(group.heading));
    for (const line of group.lines) lines.push(mrkdwnToPlain(line));
  }
  if (doc.notes.length > 0) lines.push('', ...doc.notes.map(mrkdwnToPlain));
  return `${lines.join('\n')}\n`;
}
