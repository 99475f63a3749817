/*
 * Slack mrkdwn, the dialect every answer is worded in. It reads `&`, `<` and `>` as markup, so text from
 * users or the programme file is escaped once, where it is put into a sentence (`esc`); a surface that
 * is not Slack (the terminal) turns the finished mrkdwn back into plain text (`mrkdwnToPlain`).
 */

import { withoutBidiControls } from '../domain/text.js';

/**
 * Text from users or the programme file must not ping `<!channel>`, mention `<@U123>`, forge links or
 * turn Koers's own words around it (a U+202E right-to-left override in a name).
 * The one escape for all mrkdwn text Koers builds.
 */
export function esc(text: string): string {
  return withoutBidiControls(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Drops mrkdwn's emphasis and code marks and undoes `esc`: what a terminal should show. */
export function mrkdwnToPlain(mrkdwn: string): string {
  return mrkdwn
    .replace(/(^|[\s(])[*_](\S(?:.*?\S)?)[*_](?=$|[\s),.:;])/gm, '$1$2')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
