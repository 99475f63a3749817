import type { programmeFileDmNl } from './programmeFileDmNl.js';

export const programmeFileDmEn: typeof programmeFileDmNl = {
  exportOnItsWay: 'Koers is sending you the programme file in a direct message.',
  exportFileTitle: (programme) => `Programme · ${programme}`,
  exportFileComment: (programme) =>
    `The programme file of *${programme}*. Edit it and send it back in this conversation: Koers first shows what would change, and imports it only when you press *Import*.`,
  exportFailed: 'Sending the programme file failed. Try again in a minute.',
  notAdmin:
    'Thank you! Only the programme’s admins can import a programme file; nothing has changed. An idea for a project? `/project idea`.',
  noAccess:
    'Koers could not read the file: Slack gave a sign-in page or refused instead of the file. The app most likely lacks the `files:read` scope: reinstall it with the updated manifest.',
  unreachable: 'Koers could not fetch the file from Slack just now. Send it again in a minute.',
  notImported: (file) => `*${file}* was not imported; nothing has changed.`,
  moreProblems: (count) => `… and ${count} more ${count === 1 ? 'problem' : 'problems'}.`,
  previewTitle: (file) => `Preview: ${file}`,
  previewIntro: 'Nothing has changed yet. Importing would:',
  previewNoChanges: 'Importing would change nothing: the file matches the programme.',
  absentKept: 'not in the file',
  absentNote: (count) =>
    `${count === 1 ? '1 entry is' : `${count} entries are`} not in the file. *Import* keeps them; *Import and remove* takes them out.`,
  moreEntries: (count) => `… and ${count} more`,
  importButton: 'Import',
  importAndRemoveButton: (count) => `Import and remove ${count}`,
  cancelButton: 'Cancel',
  confirmRemoveTitle: 'Remove as well?',
  confirmRemoveText: (count) =>
    `${count === 1 ? 'The entry' : `The ${count} entries`} not in the file will be removed from the programme.`,
  confirmRemove: 'Import and remove',
  confirmDeny: 'Back',
  imported: (file, user) => `✅ *${file}* was imported by <@${user}>.`,
  importedNoChanges: (file, user) => `✅ *${file}* was imported by <@${user}>; nothing changed.`,
  cancelled: (file) => `Cancelled: *${file}* was not imported; nothing has changed.`,
  changedSince:
    'The programme changed since this preview, so nothing was imported. Below is the new preview: check it and press again.',
  alreadyDecided: {
    received: 'This file is still being read.',
    refused: 'This file was not imported.',
    previewed: 'This preview is waiting for your choice.',
    imported: 'This file has been imported already.',
    cancelled: 'This preview was cancelled already; nothing was imported.',
    superseded: 'A newer preview replaced this one; look there.',
  },
  gone: 'This preview does not exist (any more). Send the file again.',
};
