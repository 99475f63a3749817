import { englishConfigWording } from '../config.js';
import { englishProgrammeFileWording } from '../domain/programmeFileWording.js';
import type { cliNl } from './cliNl.js';

/** The CLI's words in English; its shape must be that of the Dutch master. */
export const cliEn: typeof cliNl = {
  usage: `Usage: npm run koers -- <command> [options]

Commands:
  migrate                 apply the database migrations
  import FILE.yml [--check] [--prune]
                          load a programme file (upsert; --prune also removes what the file lacks;
                          --check only shows what would change and writes nothing)
  export FILE.yml [--force]
                          write the programme to a file ('-' for standard output)
  rename-project OLD NEW  give a project a new slug; its history, partners and channel stay
  changes                 the latest programme changes: who, when, from where, what
  status [QUERY]          every project by status, or one project
  partners [QUERY]        every library with its projects, or one library
  timeline                the phases and the next deadline
  reminders preview [--from ISO] [--to ISO]
                          the planned reminders with their due instants and channels
  reminders run --at ISO [--dry-run]
                          one scheduler tick as if the clock read that instant; prints what it sent
                          (--dry-run: what it would send, reminders, digests and nudges; writes nothing)
  subscribe CHANNEL_ID [--digest]
                          subscribe a channel to the reminders (or the weekly digest)
  unsubscribe CHANNEL_ID [--digest]
  forget user USER_ID     delete what Koers stores about a Slack user (U…) (see SECURITY.md)
  forget library CODE     delete a library with its feedback and members' choices
  export-feedback [--phase ID] [--format csv|json|xlsx] [--out FILE [--force]] [--bom]
                          the feedback that counts on a feedback phase (each user's newest), as CSV
                          (default), JSON or an Excel workbook (xlsx, needs --out); --bom starts a CSV
                          with a byte order mark, so Excel reads UTF-8; --phase: the id or a word of
                          the title, may be left out when there is one feedback phase
  calendar url            the calendar feed's address (PUBLIC_URL/calendar/<token>.ics), made on first use
  calendar rotate         a new address for the feed; the old one answers 404 from then on
  ideas                   the ideas waiting for a decision, and the messages that could not be delivered
  purge --team T… [--force]
                          delete a workspace's data now: its programme, people, answers, history and
                          installation (only once Koers was uninstalled there; --force: even so)

Options:
  --team T…               (OAuth install) the workspace whose programme the command reads or writes: its
                          team id (T…), or E… for an install across an organisation
  --lang nl|en            language of the answers (default: DEFAULT_LOCALE)
  --force                 overwrite an existing file (export, --out); without it the file stays
  --at ISO-DATE           answer as if today were this day (timeline)

The database is DATABASE_URL when set, else the embedded one in DATA_DIR (see README.md).`,
  seeUsage: 'See `npm run koers -- help`.',
  unknownCommand: (command, suggestion) =>
    `Unknown command "${command}".${suggestion ? ` Did you mean "${suggestion}"? (npm run koers -- ${suggestion})` : ''}`,
  unknownOption: (detail) => `Unknown option: ${detail}`,
  needsFile: 'This command needs a file name.',
  cannotRead: (path, reason) => `Cannot read ${path}: ${reason}`,
  readProblems: {
    ENOENT: 'no such file',
    EACCES: 'permission denied',
    EISDIR: 'that is a folder, not a file',
    notAFile: 'that is not a regular file but a device, pipe or socket',
  },
  outExists: (path) =>
    `${path} already exists; nothing was written. Choose another name, or overwrite it with --force.`,
  cannotWrite: (path, reason) => `Cannot write to ${path}: ${reason}`,
  writeProblems: {
    EISDIR: 'that is a folder; give a file name',
    ENOENT: 'the folder it should go in does not exist',
    EACCES: 'permission denied',
    ENOTDIR: 'part of the path is a file, not a folder',
  },
  optionNeedsValue: (option) => `${option} needs a value.`,
  optionTakesNoValue: (option) => `${option} takes no value.`,
  langMustBe: (locales) => `--lang must be one of ${locales}.`,
  atMustBe: (text) => `--at, --from and --to must be an ISO date or instant, not "${text}".`,
  migrated: (kind, location, throughPid, workspace) =>
    `Migrations applied (${kind}: ${location}${throughPid === undefined ? '' : `, through the running Koers, pid ${throughPid}`}${workspace === undefined ? '' : `, workspace ${workspace}`}).`,
  config: englishConfigWording,
  configProblems: (problems) =>
    `The configuration has ${problems.length === 1 ? 'a problem' : 'problems'}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}\nSee README.md, section "Environment".`,
  dataDirBusy: (dataDir, pid) =>
    `The embedded database in ${dataDir} is in use by another Koers process (pid ${pid}), which does not let the CLI in. Stop that process first, or run both against one PostgreSQL server with DATABASE_URL.`,
  unexpectedError: (message) => `koers: ${message}`,
  unknownTeam: (team, installed) => `Koers is not installed in workspace "${team}". ${installed}`,
  installedTeams: (listed) =>
    listed === '' ? 'This database has no installations.' : `Installed:\n${listed}`,
  teamNeeded: (installed) =>
    `Koers is installed here through OAuth: each workspace has a programme of its own. Name one with --team. ${installed}`,
  teamNotInstalled: (workspace) =>
    `Koers is no longer installed in ${workspace}: there is no bot token to post with. Nothing was sent.`,
  teamTokenExpired: (workspace) =>
    `The bot token of ${workspace} has expired. The app renews it before its own posts; the CLI does not. Let the app send the reminders, or try again once the app has renewed it. Nothing was sent.`,
  purgeNeedsTeam: 'purge needs --team T…: the workspace whose data is to be deleted.',
  stillInstalled: (workspace) =>
    `Koers is still installed in ${workspace}: nothing was deleted. Uninstall Koers from that workspace first, or delete anyway with --force (Koers then stops working there until it is installed again).`,
  purged: (workspace) =>
    `The data of ${workspace} is deleted: its programme, people, answers and history, and the installation.`,
  notImported: (path) => `${path} was not imported; nothing was changed:`,
  programmeFile: englishProgrammeFileWording,
  encoding: (problem) => {
    const saveAs = 'Save it as UTF-8 text (YAML) and try again.';
    switch (problem.kind) {
      case 'tooLarge':
        return `The file is ${megabytes(problem.bytes)} MB; a programme file is at most ${megabytes(problem.maxBytes)} MB.`;
      case 'utf16':
        return `This file is UTF-16 ("Unicode" in Notepad). ${saveAs}`;
      case 'windows1252':
        return `This file is Windows-1252 ("ANSI"), not UTF-8: "${problem.character}" at line ${problem.line}. ${saveAs}`;
      case 'zip':
        return `This is a Word or zip file, not text. ${saveAs}`;
      case 'binary':
        return `This is a binary file, not text. ${saveAs}`;
    }
  },
  imported: (path) => `${path}: imported.`,
  importedNoChanges: (path) => `${path}: imported, no changes.`,
  checked: (path) => `${path}: check; nothing was written. An import would:`,
  checkedNoChanges: (path) => `${path}: check; an import would change nothing.`,
  usingDatabase: (kind, location, throughPid, workspace) =>
    `${
      kind === 'postgres'
        ? `Database: PostgreSQL, ${location}`
        : `Database: embedded, ${location}${throughPid === undefined ? '' : `, through the running Koers, pid ${throughPid}`}`
    }${workspace === undefined ? '' : `; workspace ${workspace}`}.`,
  noDatabaseYet: (location) =>
    `There is no database in ${location} yet: compared with an empty one; nothing was created.`,
  programmeChanged: (fields) => `programme: changed (${fields})`,
  entity: { libraries: 'libraries', projects: 'projects', phases: 'phases', updates: 'updates' },
  counts: (added, changed, removed, prune) =>
    `${added} added, ${changed} changed, ${removed} ${prune ? 'removed' : 'not in the file (kept)'}`,
  added: 'added',
  changed: 'changed',
  removed: 'removed',
  absent: 'not in the file (kept; --prune removes it)',
  orderField: 'order',
  projectField: 'project',
  likelyRename: (from, to, name) =>
    `Note: "${to}" looks like a rename of "${from}" (${name}). If it is: first \`npm run koers -- rename-project ${from} ${to}\`, so the project keeps its history, subscriptions and channel. Otherwise it becomes a second project.`,
  exported: (path) => `Programme written to ${path}.`,
  noProgrammeToExport: 'There is no programme to export yet: import one first.',
  noProgramme: 'There is no programme yet: import one first.',
  calendarNeeds: 'calendar needs "url" or "rotate".',
  calendarRotated: 'New calendar address made; the old one answers 404 from now on.',
  calendarNoPublicUrl:
    'PUBLIC_URL is not set: this is the path on Koers\'s own address. Set PUBLIC_URL to the public https address of Koers (README.md, "Environment") to get the full address.',
  calendarKeyChanged:
    'The calendar address cannot be shown: SLACK_SIGNING_SECRET changed since it was made (the old address still works). Run "npm run koers -- calendar rotate" for a new one.',
  renameNeeds: 'rename-project needs the old and the new slug, e.g.: rename-project ehealth e-health',
  renamed: (from, to) =>
    `Project ${from} is now ${to}; its history, partners, feedback priorities and linked channel went along. Put slug: ${to} in the programme file too.`,
  renameInvalidSlug: (to) =>
    `"${to}" is not a valid slug: use lowercase letters, digits and single hyphens, e.g. social-crm.`,
  renameUnknownProject: (from) => `There is no project with slug "${from}".`,
  renameSlugTaken: (to) => `There already is a project with slug "${to}".`,
  remindersNeedsAction: 'reminders needs "preview" or "run".',
  runNeedsAt: 'reminders run needs --at ISO (the instant the tick runs as).',
  remindersPlanned: (count, channels) =>
    `${count === 1 ? '1 reminder' : `${count} reminders`}; channels: ${channels}`,
  noChannels: '(none subscribed)',
  movedByQuietPeriod: (period, day) => `(moved out of quiet period ${period}, was ${day})`,
  skippedByQuietPeriod: (period) => `(dropped: quiet period ${period} lasts beyond the phase)`,
  wouldSend: 'would send',
  sent: 'sent',
  skipped: 'skipped',
  failed: 'failed',
  retryLater: 'retry later',
  tickSummary: (sent, skipped, failed, retrying, dryRun) =>
    `${sent} ${dryRun ? 'would send' : 'sent'}, ${skipped} skipped, ${failed} failed, ${retrying} to retry.`,
  outcomeUnknown: 'unsure (Slack may have it; the next run looks in the channel first)',
  notRecorded: (count) =>
    `The database went away: the outcome of ${count === 1 ? '1 delivery' : `${count} deliveries`} could not be recorded. ` +
    'What Slack took is in its channel; the next run (of the app or `reminders run`) finds it there, records it ' +
    'and posts nothing twice. It can do so once the claim has expired (5 minutes).',
  notRecordedItem: (outcome) =>
    ({
      sent: 'sent, not recorded yet',
      failed: 'failed, not recorded yet',
      retrying: 'retry later, not recorded yet',
      unknown: 'unsure, not recorded yet',
      released: 'not tried',
    })[outcome],
  databaseAwayRun: (reason) =>
    `The database did not answer (${reason}); this run posted nothing. Try again once the database is back: ` +
    'nothing already posted is posted again.',
  channelIdNeeded: (command) => `${command} needs a channel id such as C012AB3CD.`,
  subscribedTo: (channel, digest) => `${channel} subscribed to the ${digest ? 'digest' : 'reminders'}.`,
  unsubscribedFrom: (channel, digest) =>
    `${channel} unsubscribed from the ${digest ? 'digest' : 'reminders'}.`,
  nothingToChange: (channel) => `${channel}: nothing to change.`,
  pendingIdeas: (count) => `Ideas waiting for a decision: ${count}`,
  pendingIdea: (id, title, by, when) => `  #${id} ${title} (proposed by ${by}, ${when})`,
  undelivered: (count) => `Not delivered (Koers has stopped trying): ${count}`,
  undeliveredMessage: (id, what, to, error) => `  #${id} ${what} to ${to}: ${error}`,
  forgetNeeds: 'forget needs "user USER_ID" or "library CODE".',
  notAUserId: (id) =>
    `"${id}" is not a Slack user id: one starts with U or W, e.g. U012AB3CD (in Slack: profile → ⋮ → Copy member ID).`,
  noSuchLibrary: (code) => `There is no library ${code}.`,
  forgotUser: (id) => `Forgot user ${id}:`,
  forgotLibrary: (code) => `Forgot library ${code}:`,
  forgetItems: {},
  formatMustBe: (formats) => `--format must be one of ${formats}.`,
  workbookNeedsOut: '--format xlsx writes a file: give it with --out FILE.xlsx.',
  bomIsForCsv: '--bom is for --format csv only.',
  noFeedbackPhases: 'The programme has no feedback phases: there is nothing to export.',
  chooseFeedbackPhase: (phases) => `Which feedback phase? Give --phase with one of:\n${phases}`,
  unknownFeedbackPhase: (phase, phases) =>
    `There is no feedback phase "${phase}". The feedback phases:\n${phases}`,
  feedbackWritten: (count, phase, path, format) =>
    `${count === 1 ? '1 answer' : `${count} answers`} on ${phase} written to ${path} (${format}).`,
};

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toLocaleString('en-GB', { maximumFractionDigits: 1 });
}
