import { PERSONAS } from './personas.js';

/**
 * What Slack itself says to a person (Slackbot's notices), in that person's Slack language as Slack
 * would; Koers's own words come from Koers.
 */
const SLACK_WORDS = {
  nl: {
    notACommand: (command: string, known: string) =>
      `${command} is geen geldige opdracht. In Slack is elk bericht dat met "/" begint een opdracht. Deze app kent ${known}. Wil je een bericht sturen dat met "/" begint, zet er dan een spatie voor.`,
    failed: (command: string, status: number) =>
      `${command ? `${command} ` : ''}is mislukt met de fout "dispatch_failed" (HTTP ${status}).`,
  },
  en: {
    notACommand: (command: string, known: string) =>
      `${command} is not a valid command. In Slack, all messages that start with the "/" character are interpreted as commands. This app knows ${known}. If you are trying to send a message that starts with "/", try adding a space before it.`,
    failed: (command: string, status: number) =>
      `${command ? `${command} ` : ''}failed with the error "dispatch_failed" (HTTP ${status}).`,
  },
};

export function slackWordsFor(userId: string): (typeof SLACK_WORDS)['nl'] {
  const persona = PERSONAS.find((p) => p.id === userId);
  return persona?.locale.startsWith('en') ? SLACK_WORDS.en : SLACK_WORDS.nl;
}
