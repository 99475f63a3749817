import type { installPagesNl } from './installPagesNl.js';

export const installPagesEn: typeof installPagesNl = {
  installTitle: 'Add Koers to Slack',
  installIntro:
    "Koers brings the libraries' innovation programme into Slack: which projects run, who takes part, when the next deadline comes, and reminders in time.",
  installButton: 'Add to Slack',
  installedTitle: 'Koers is added',
  installedBody: (workspace) =>
    `Koers is added to ${workspace}. ${workspace}'s programme is yours alone; a new one starts empty, with whoever added Koers as its first admin. Send the programme file to Koers in a direct message, or type /project help in a channel to begin.`,
  openSlack: 'Open Slack',
  cancelledTitle: 'Install cancelled',
  cancelledBody: 'You did not add Koers; nothing has changed.',
  stateTitle: 'This install link is no longer valid',
  stateBody:
    'The link had expired, was used already, or was not started in this browser. Start again; it only takes a moment.',
  failedTitle: 'Install failed',
  failedBody: 'Slack did not complete the install. Please try again in a moment.',
  startAgain: 'Start again',
  otherLanguage: 'Nederlands',
};
