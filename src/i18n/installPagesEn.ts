import type { installPagesNl } from './installPagesNl.js';

export const installPagesEn: typeof installPagesNl = {
  installTitle: 'Add Koers to Slack',
  installIntro:
    "Koers brings the libraries' innovation programme into Slack: which projects run, who takes part, when the next deadline comes, and reminders in time.",
  installButton: 'Add to Slack',
  installServes: (workspace) =>
    `For now this Koers serves one workspace: ${workspace}. Installing again, for new permissions say, works only there.`,
  installedTitle: 'Koers is added',
  installedBody: (workspace) => `Koers is added to ${workspace}. Type /project help in a channel to begin.`,
  openSlack: 'Open Slack',
  cancelledTitle: 'Install cancelled',
  cancelledBody: 'You did not add Koers; nothing has changed.',
  stateTitle: 'This install link is no longer valid',
  stateBody:
    'The link had expired, was used already, or was not started in this browser. Start again; it only takes a moment.',
  otherWorkspaceTitle: 'This Koers serves one workspace',
  otherWorkspaceBody: (served) =>
    `For now this Koers serves only ${served}. Each workspace will get a programme of its own later, but not yet, so Koers was not added to your workspace and the permissions Slack gave for it are revoked again. Ask whoever runs this Koers for an installation of your own.`,
  failedTitle: 'Install failed',
  failedBody: 'Slack did not complete the install. Please try again in a moment.',
  startAgain: 'Start again',
  otherLanguage: 'Nederlands',
};
