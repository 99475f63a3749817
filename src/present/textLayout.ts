import type { AnswerDocument } from './answerDocument.js';

/** The same answer as Slack shows, as plain text for a terminal: the whole list, no paging. */
export function layoutAsText(doc: AnswerDocument): string {
  const lines: string[] = [plain(doc.title), '='.repeat(Math.min(plain(doc.title).length, 72))];
  for (const paragraph of doc.intro) lines.push('', plain(paragraph));
  for (const group of doc.groups) {
    lines.push('');
    if (group.heading) lines.push(plain(group.heading));
    for (const line of group.lines) lines.push(plain(line));
  }
  if (doc.notes.length > 0) lines.push('', ...doc.notes.map(plain));
  return `${lines.join('\n')}\n`;
}

/** Drops Slack's mrkdwn emphasis and undoes its escaping. */
function plain(mrkdwn: string): string {
  return mrkdwn
    .replace(/(^|[\s(])[*_](\S(?:.*?\S)?)[*_](?=$|[\s),.:;])/gm, '$1$2')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
