import { adminsEn } from './adminsEn.js';
import { cliEn } from './cliEn.js';
import type { Catalogue } from './nl.js';
import { programmeFileDmEn } from './programmeFileDmEn.js';

export const en: Catalogue = {
  status: { running: 'Running', idea: 'Idea', paused: 'Paused', completed: 'Completed' },
  role: { lead: 'lead', partner: 'partner' },
  phaseKind: { meeting: 'meeting', consultation: 'consultation', feedback: 'feedback', deadline: 'deadline' },
  phaseState: { past: 'past', current: 'in progress', next: 'next', upcoming: 'planned' },
  allLibraries: 'all libraries',
  noPartners: 'no partners yet',
  statusTitle: (programme) => `Projects · ${programme}`,
  projectCount: (count) => (count === 1 ? '1 project' : `${count} projects`),
  partnersLabel: 'Partners',
  statusLabel: 'Status',
  archivedNote:
    'Archived: this project is no longer in the lists, on the Home or in the overviews, and gets no reminders. Its history is kept.',
  descriptionLabel: 'Description',
  latestUpdates: 'Latest updates',
  noUpdates: 'No updates yet.',
  partnersTitle: 'Libraries and their projects',
  forAllTitle: 'For all libraries',
  noProjects: 'No projects.',
  timelineTitle: (programme) => `Timeline · ${programme}`,
  countdown: (days, title, date) =>
    days === 0
      ? `The deadline is *today*: ${title} (${date}).`
      : `*${days} ${days === 1 ? 'day' : 'days'}* left until ${title} (${date}).`,
  noDeadline: 'No upcoming deadline: every phase lies behind us.',
  timesIn: (timezone) =>
    timezone === 'Europe/Amsterdam' ? 'Times in Dutch time.' : `Times in the time zone ${timezone}.`,
  choices: (subject, query) =>
    `Several ${subject === 'project' ? 'projects' : 'libraries'} match “${query}”:`,
  choicesHint: (example) => `Type one exactly, for example \`${example}\`.`,
  notFound: (subject, query) => `No ${subject === 'project' ? 'project' : 'library'} found for “${query}”.`,
  didYouMean: 'Did you mean:',
  listAllHint: (command) => `\`${command}\` lists them all.`,
  detailHint: 'More about one project: `/project status QUERY`.',
  noProgramme:
    'No programme has been loaded yet. An admin loads it with `npm run koers -- import PROGRAMME.yml`.',
  helpTitle: 'Koers: the innovation programme in Slack',
  unknownCommand: (word) => `Unknown command “${word}”.`,
  suggestCommand: (command) => `Did you mean \`${command}\`?`,
  helpLines: [
    ['/project status', 'every project by status'],
    ['/project status QUERY', 'one project: description, partners, latest updates'],
    ['/project partners', 'every library with its projects'],
    ['/project partners LIBRARY', "one library's projects and roles"],
    ['/project timeline', "the plan's phases and the next deadline"],
    ['/project feedback', 'give your feedback on the plan (a form)'],
    ['/project update QUERY', 'report an update on a project'],
    ['/project idea', 'propose an idea for a new project'],
    ['/project ideas', 'admins: the ideas waiting for a decision, and what could not be delivered'],
    ['/project changes', 'admins: the latest changes to the programme, who made them, when and from where'],
    ['/project iam LIBRARY', 'say which library you speak for'],
    ['/project reminders', 'the next reminders in this channel'],
    ['/project reminders log', 'admins: what Koers sent, per channel, with retry'],
    ['/project subscribe [digest]', 'admins: give this channel the reminders or the weekly digest'],
    ['/project unsubscribe [digest]', 'admins: stop that again'],
    ['/project link QUERY', "admins: post a project's updates in this channel"],
    ['/project export feedback PHASE [csv]', 'admins: the feedback as an Excel workbook (or as CSV)'],
    ['/project overview [off|on]', 'post this channel’s overview anew (admins: switch it off or on)'],
    ['/project export programme', 'admins: the programme file, to edit and send back'],
    [
      '/project admins [add|remove @someone]',
      'who the admins are; admins: make someone an admin or not any more',
    ],
    ['/project calendar', 'the timeline in your own calendar (Outlook, Google, Apple)'],
    ['/project quiet 2w | until DATE | off', 'no personal reminders from Koers for a while'],
    ['/project help', 'this help'],
  ],
  mutedUntil: (date) =>
    `Koers sends you no personal reminders up to and including ${date}. Back on: \`/project quiet off\`.`,
  unmuted: 'Koers sends you personal reminders again.',
  wasNotMuted: 'You had not muted Koers: you get personal reminders.',
  muteInvalid: {
    shape:
      'For how long? For example `/project quiet 2w`, `/project quiet 10 days`, `/project quiet until 2028-08-31` or `/project quiet off`.',
    past: 'That date has passed. For example: `/project quiet until 2028-08-31`.',
    tooLong: 'Muting lasts a year at most. For example: `/project quiet 4w`.',
  },
  alreadyShared: 'This answer is in the channel already.',
  helpFooter: 'Answers are visible to you only; share them in the channel with the button.',
  working: 'Looking it up…',
  homeHint: 'Ask for more with `/project help`.',
  onlyAdmins: "Only the programme's admins can change subscriptions. Ask the programme manager.",
  onlyChannels: 'Reminders go to channels: use this command in a channel, not in a direct message.',
  inviteBot:
    'Koers is not in this private channel yet. Invite the bot first with `/invite @Koers`, then try again.',
  subscribed: (digest) =>
    digest
      ? 'This channel now gets the weekly digest every Monday at 9:00.'
      : 'This channel now gets a reminder for every phase of the timeline. `/project reminders` shows the next ones.',
  alreadySubscribed: (digest) =>
    digest ? 'This channel already gets the weekly digest.' : 'This channel already gets the reminders.',
  unsubscribed: (digest) =>
    digest ? 'This channel no longer gets the weekly digest.' : 'This channel no longer gets reminders.',
  notSubscribed: (digest) =>
    digest
      ? 'This channel does not get the weekly digest. An admin subscribes it with `/project subscribe digest`.'
      : 'This channel gets no reminders. An admin subscribes it with `/project subscribe`.',
  digestOnly:
    'This channel gets no reminders of the phases, but it does get the weekly digest every Monday at 9:00. An admin subscribes it to the reminders with `/project subscribe`.',
  upcomingRemindersTitle: 'Upcoming reminders in this channel',
  noUpcomingReminders: 'No reminders are planned any more: every phase lies behind us.',
  reminderLine: (when, phase, days) => `• ${when} · *${phase}* (${days})`,
  daysBefore: (days) => (days === 0 ? 'on the day' : days === 1 ? '1 day before' : `${days} days before`),
  digestAlsoOn: 'This channel also gets the weekly digest (Monday 9:00).',
  reminderAfterSubscribing: (when) =>
    `This reminder was planned for ${when}, before this channel subscribed; that is why it comes now.`,
  reminderTitle: (phase) => `Reminder: ${phase}`,
  daysLeft: (days) => (days <= 0 ? '*Today.*' : days === 1 ? '*1 day* left.' : `*${days} days* left.`),
  expectedByKind: {
    meeting: () => 'Put the meeting in your calendar and prepare the agenda items.',
    consultation: (organisation) =>
      `Schedule the conversation with ${organisation}, if you have not done so yet.`,
    feedback: () => 'Give your feedback before the deadline, so that it counts in the plan.',
    deadline: () => 'Make sure your contribution is in on time: nothing can be added after the deadline.',
  },
  notYetResponded: (libraries) => `*No response yet from:* ${libraries}`,
  viewTimeline: 'View timeline',
  giveFeedback: 'Give feedback',
  digestTitle: (programme) => `Weekly digest · ${programme}`,
  changesThisWeek: 'Changed in the past week',
  noChangesThisWeek: 'No new updates.',
  comingUp: 'Coming up',
  refusal: {
    adminsOnly: "Only the programme's admins may do that. Ask the programme manager.",
    noLibrary:
      'First say which library you speak for: `/project iam LIBRARY` (or choose it on the Koers Home).',
    otherLibrary: 'You can only do that for your own library.',
    libraryAlreadyChosen: 'Your library has already been chosen. An admin can change it.',
    othersAdminsOnly: 'Only admins can link someone else to a library. For yourself: `/project iam LIBRARY`.',
  },
  // — feedback and who is who —
  feedbackModalTitle: 'Feedback',
  submit: 'Send',
  close: 'Close',
  judgementName: { agree: 'Agree', agree_with_remarks: 'Agree, with remarks', disagree: 'Disagree' },
  feedbackIntro: (phase, due) => `*${phase}*\nPlease respond by ${due}.`,
  feedbackLate: 'The deadline has passed: your feedback is still accepted, but marked late.',
  feedbackClosed: (phase, due) =>
    `Feedback on *${phase}* closed on ${due}. Contact the programme manager if you still want to add something.`,
  feedbackPrevious: (version) =>
    `You already gave feedback (version ${version}). It is kept; what you send now counts from now on.`,
  libraryLabel: 'Library',
  judgementLabel: 'Your view of the plan',
  remarksLabel: 'Remarks',
  remarksHint: 'Required with "agree, with remarks" and with "disagree".',
  prioritiesLabel: 'Priorities for the coming years',
  prioritiesHint: (max) => `Choose at most ${max}.`,
  contactLabel: 'Contact',
  contactOption: 'The programme may contact us about this feedback',
  fieldError: {
    libraryRequired: 'Choose the library you speak for.',
    libraryUnknown: 'This library is not part of the programme.',
    judgementRequired: 'Choose your view.',
    remarksRequired: 'Explain your view: what should change?',
    remarksTooLong: 'At most 3000 characters; send a longer explanation separately.',
    prioritiesUnknown: 'One of the chosen priorities no longer exists; please choose again.',
    prioritiesTooMany: 'Choose at most 10 priorities.',
  },
  feedbackThanksTitle: 'Thank you!',
  feedbackThanks: (library, phase, version, late) =>
    `Your feedback for *${library}* on *${phase}* has been saved${version > 1 ? ` (version ${version}; earlier versions are kept)` : ''}.${late ? ' It is marked late.' : ''}`,
  feedbackSummary: 'Summary',
  formOutdated:
    'This form does not (or no longer) belong to a feedback phase. Open it again from the reminder or with `/project feedback`.',
  formNotOpenedForYou:
    'Koers did not open this form for you; nothing was saved. Open it again with `/project`.',
  actionLate:
    'Koers cannot save or answer this right now: its data is out of reach for a moment. Nothing is lost: if it still goes through, you will see it here; otherwise try again in a minute.',
  saveFailed: 'Koers cannot save right now; your input is kept: send the form again in a minute.',
  noFeedbackPhase: 'No feedback phase found. `/project timeline` shows the phases.',
  libraryChosen: (library) => `You now speak for *${library}*.`,
  libraryChosenFor: (user, library) => `<@${user}> now speaks for *${library}*.`,
  iamUnknownColleague: (mention) =>
    `Koers does not know “${mention}” as a colleague. Type @ and pick the name from the list Slack shows: \`/project iam LIBRARY @colleague\`.`,
  iamUsage: 'Usage: `/project iam LIBRARY` (admins: `/project iam LIBRARY @colleague`).',
  myLibraryTitle: 'My library',
  chooseLibrary: 'Which library do you speak for? Choose it here (once).',
  chooseLibraryPlaceholder: 'Choose your library',
  answered: 'answered',
  notAnswered: 'not answered yet',
  nobodyToRemind: 'nobody to remind',
  coverageTitle: (phase) => `Responses · ${phase}`,
  coverageLine: (answered, total) => `${answered} of ${total} libraries have responded.`,
  proposeIdeaHint: 'An idea for a new project? `/project idea`',
  // — project updates and ideas —
  updateUsage: 'Usage: `/project update PROJECT`.',
  updateModalTitle: 'Update project',
  updateIntro: (project, status) => `*${project}*\nCurrent status: ${status}`,
  updateNoteLabel: "What's new?",
  updateMilestoneLabel: 'Next milestone',
  updateMilestoneHint: 'Optional: the day of the next milestone.',
  updateFieldError: {
    statusRequired: "Choose the project's status.",
    noteRequired: 'Write briefly what is new.',
    noteTooLong: 'At most 3000 characters.',
    milestoneInvalid: 'Choose a valid day.',
    milestoneOutOfRange: 'Choose a day at most ten years from today.',
    milestonePast: 'That day has passed: choose today or a later day for the next milestone.',
  },
  updateSavedTitle: 'Update saved',
  updateSaved: (project) => `Your update of *${project}* has been saved.`,
  updatePostedIn: (channel) => `It is also posted in <#${channel}>.`,
  updateFormOutdated:
    'This form does not (or no longer) belong to a project; nothing was saved. Open it again with `/project update PROJECT`.',
  updatePostTitle: (project) => `Update: ${project}`,
  updatePostBy: (user) => `Updated by <@${user}>`,
  noteLabel: 'Note',
  nextMilestone: 'Next milestone',
  linkUsage: "Usage: `/project link PROJECT` in the channel where the project's updates should go.",
  linkOnlyChannels:
    'A project is linked to a channel: use this command in that channel, not in a direct message.',
  linked: (project, channel) =>
    `*${project}* is linked to <#${channel}>: the project's new updates go here. If this is a private channel, invite Koers with \`/invite @Koers\`.`,
  ideaModalTitle: 'New project idea',
  ideaIntro: "Propose an idea for a new project. The programme's admins decide on it.",
  ideaTitleLabel: 'Title',
  ideaDescriptionLabel: 'Description',
  ideaThemeLabel: 'Theme',
  ideaLibrariesLabel: 'Interested libraries',
  ideaFieldError: {
    titleRequired: 'Give the idea a title.',
    titleTooLong: 'At most 150 characters.',
    descriptionRequired: 'Describe the idea.',
    descriptionTooLong: 'At most 3000 characters.',
    themeTooLong: 'At most 150 characters.',
    librariesUnknown:
      'One of the chosen libraries is not (or no longer) part of the programme; please choose again.',
  },
  ideaSavedTitle: 'Idea received',
  ideaSaved: (title) =>
    `Your idea *${title}* has been received. The admins will be told in a direct message and decide on it; Koers will let you know.`,
  ideaAdminTitle: 'New project idea',
  ideaProposedBy: (user) => `Proposed by <@${user}>`,
  ideaApprove: 'Approve',
  ideaDecline: 'Decline',
  ideaDeclineMenu: 'Decline…',
  ideaDeclineTitle: 'Decline the idea?',
  ideaDeclineConfirm: (title, proposer) =>
    `Decline *${title}*? <@${proposer}> hears of it in a direct message. This cannot be undone.`,
  ideaApprovedBy: (user, slug) =>
    `✓ Approved by <@${user}>: now a project with status idea (\`/project status ${slug}\`).`,
  ideaDeclinedBy: (user) => `✗ Declined by <@${user}>.`,
  ideaSameName: (projects) =>
    `Note: a project with this name exists already: ${projects}. If the idea is approved, a second project is added, with a slug of its own.`,
  ideaApprovedSameName: (slug, projects) =>
    `Note: the new project has the same name as ${projects}. The new one is \`/project status ${slug}\`; reach the other by its own slug.`,
  ideaAlreadyDecided: 'This idea had already been decided; nothing changed.',
  ideaNotFound: 'This idea does not exist (any more).',
  ideaApprovedForProposer: (title, slug) =>
    `Good news: your idea *${title}* has been approved. It is now a project with status idea in \`/project status ${slug}\`.`,
  ideaDeclinedForProposer: (title) =>
    `Your idea *${title}* was not taken up. Feel free to ask the programme manager why.`,
  pendingIdeasTitle: (count) => `Ideas waiting for a decision (${count})`,
  noPendingIdeas: 'No ideas are waiting for a decision.',
  pendingIdeaBy: (user, when) => `Proposed by <@${user}> on ${when}`,
  undeliveredTitle: 'Not delivered',
  undeliveredLine: (what, to, error) => `❌ ${what} to ${to}: ${error}; Koers has stopped trying.`,
  owedKind: {
    idea_to_admin: 'Idea to decide on',
    idea_decision_to_proposer: 'Decision on an idea',
    project_update_post: 'Project update',
  },
  // — exports —
  exportUsage:
    'Usage: `/project export feedback PHASE` for an Excel file, `/project export feedback PHASE csv` for CSV, `/project export programme` for the programme file (admins only).',
  exportChoosePhase: (phases) =>
    `Which feedback phase? Use \`/project export feedback PHASE\` with one of: ${phases}`,
  exportNoFeedbackPhases: 'The programme has no feedback phases: there is nothing to export.',
  exportUnknownPhase: (query, phases) =>
    `No feedback phase found for “${query}”. The feedback phases: ${phases}`,
  exportNothingYet: (phase) => `There is no feedback on *${phase}* yet: there is nothing to export.`,
  exportOnItsWay: (phase, count, format) =>
    `The export of the feedback on *${phase}* (${count === 1 ? '1 answer' : `${count} answers`}) is on its way: Koers sends you the ${format === 'csv' ? 'CSV' : 'Excel'} file in a direct message.`,
  exportFileTitle: (phase) => `Feedback · ${phase}`,
  exportFileComment: (phase, count) =>
    `The feedback on *${phase}*: ${count === 1 ? '1 answer' : `${count} answers`}, each person's newest version, in library order.`,
  exportFailed: 'Sending the export failed. Please try again in a minute.',
  exportMissingScope:
    'Sending the export failed: Koers lacks the `files:write` and `im:write` scopes. Reinstall the app with the updated manifest.',
  calendarTitle: 'The timeline in your calendar',
  calendarIntro:
    "Subscribe to the programme's calendar: every phase appears in your own calendar, and moves when the plan moves it.",
  calendarHttpsLabel: 'Address',
  calendarWebcalLabel: 'Or, to subscribe in one click',
  calendarHowTo: [
    '*Outlook*: Calendar → Add calendar → Subscribe from web; paste the address.',
    '*Google Calendar*: Other calendars → + → From URL; paste the address (Google refreshes it a few times a day).',
    '*Apple Calendar*: File → New Calendar Subscription; paste the address, or on iPhone or iPad tap the webcal link.',
  ],
  calendarKeepSecret: 'Whoever has the address can read the calendar: share it only within the programme.',
  calendarNoPublicUrl:
    'The calendar exists, but Koers does not know its own public address yet. An admin must set `PUBLIC_URL` (the https address where Koers is reached); then `/project calendar` shows the links.',
  calendarKeyChanged:
    'The calendar address cannot be shown now: the key Koers makes it with has changed. An admin makes a new address with `npm run koers -- calendar rotate`.',
  calendarDescription: (organisation) => `The phases of the programme of ${organisation}, from Koers.`,
  calendarPlanLabel: (label) => `In the plan: ${label}`,
  calendarKind: (kind) => `Kind: ${kind}`,
  calendarHowToFeedback: (phaseId) =>
    `To give feedback: type /project feedback ${phaseId} in Slack, or use the "Give feedback" button under the reminder.`,
  share: 'Share in channel',
  sharedBy: (userId) => `Shared by <@${userId}>`,
  more: 'Show more',
  page: (shown, total) => `${shown} of ${total} shown`,
  databaseUnavailable: 'Koers cannot reach the programme data right now. Please try again in a minute.',
  somethingWentWrong:
    'Something went wrong while answering. Please try again; if it keeps failing, tell your admin.',
  inputTooLong: (max) => `That search is too long (at most ${max} characters).`,
  shareFailed: 'Sharing failed: the answer could not be posted in the channel.',
  deliveryLogTitle: 'Reminders and digests sent',
  deliveryLogAdminsOnly: "Only the programme's admins see what Koers sent. Ask the programme manager.",
  deliveryLogEmpty: 'Koers has not sent, skipped or failed to send anything yet.',
  deliveryLogUsage:
    'Use `/project reminders` for what is coming, or `/project reminders log` for what was sent.',
  deliveryReminder: (phase, days) => `Reminder *${phase}* (${days})`,
  deliveryDigest: 'Weekly digest',
  deliveryNudge: (phase) => `Personal reminder *${phase}*`,
  nudgeFeedbackTitle: (phase) => `Your feedback is still missing: ${phase}`,
  nudgeFeedbackBody: (library, date) =>
    `No feedback from ${library} has come in yet. The deadline is ${date}.`,
  nudgeUpdateTitle: (phase) => `Project update asked for ${phase}`,
  nudgeUpdateBody: (library, date, projects) =>
    `These projects of ${library} have no update this quarter yet (deadline ${date}):\n${projects}\nPost one with \`/project update\`.`,
  nudgeGiveUpdate: 'Give an update',
  nudgeChooseProject: 'Choose a project to update',
  nudgeProjectGone:
    'This project is no longer in the programme; there is nothing to update. `/project status` shows the projects as they are now.',
  nudgeWhy:
    'You get this message because you are linked to this library. `/project quiet 2w` mutes Koers’s messages for two weeks.',
  nudgeWhyContact:
    'You get this message as the library’s contact: nobody has said yet that they belong to it. If you do, say so with `/project iam`. `/project quiet 2w` mutes Koers’s messages for two weeks.',
  deliverySent: 'sent',
  deliveryFailed: (error) => `failed: \`${error}\``,
  deliveryGivenUp: (error) =>
    `given up: Slack may have had the message, but its channel could not be checked (\`${error}\`); a retry looks in the channel first`,
  deliverySkipped: (reason) => `skipped: ${reason}`,
  skipReasonMissed: 'too late after an outage',
  skipReasonBeforeSubscription: 'its moment had passed before this channel subscribed',
  skipReasonQuietPeriod: (period) => `fell in the quiet period ${period}, and the phase was over after it`,
  skipReasonMuted: 'the recipient has muted Koers’s messages for a while',
  skipReasonSuperseded: 'a later reminder of the same phase went instead',
  deliveryOlder: (count) => (count === 1 ? 'and 1 earlier' : `and ${count} earlier`),
  deliveryMoreChannels: (count) =>
    count === 1 ? '1 more channel not shown.' : `${count} more channels not shown.`,
  retry: 'Retry',
  retrySent: (channel) => `Sent again to ${channel}.`,
  retryFailed: (channel, error) => `Retrying to ${channel} failed again: \`${error}\`.`,
  retryQueued: (channel) => `Slack did not answer for now; Koers tries ${channel} again within a minute.`,
  retryNotFailed: 'That delivery is not (or no longer) failed: it was retried already. Nothing was sent.',
  admin: {
    title: 'Manage the programme',
    intro: 'For admins only: what the programme file holds, changed here.',
    section: { phase: 'Phase', project: 'Project', library: 'Library' },
    add: { phase: 'Add phase', project: 'Add project', library: 'Add library' },
    edit: 'Edit',
    remove: 'Remove',
    finish: 'Mark finished',
    archive: 'Archive',
    unarchive: 'Bring back from the archive',
    archived: 'archived',
    next: 'Next',
    previous: 'Previous',
    range: (from: number, to: number, total: number) => `${from}–${to} of ${total}`,
    modalTitle: { phase: 'Phase', project: 'Project', library: 'Library' },
    save: 'Save',
    removeSubmit: 'Remove',
    removeTitle: 'Remove?',
    removeConfirm: (name: string) =>
      `Remove *${name}* from the programme? This cannot be undone; the change is kept in the history.`,
    field: {
      id: 'Key (id)',
      title: 'Title',
      label: 'Label (such as "mid September")',
      kind: 'Kind',
      start: 'Start date',
      end: 'End date',
      date: 'Date',
      reminders: 'Reminders (days before, such as 14, 7, 1)',
      description: 'Description',
      slug: 'Key (slug)',
      name: 'Name',
      status: 'Status',
      lead: 'Lead',
      partners: 'Partner libraries',
      code: 'Code',
      aliases: 'Other names (separated by commas)',
      contacts: 'Contacts',
    } as Record<string, string>,
    contactsHint:
      'As long as nobody has said they belong to this library (`/project iam`), they get the reminders of what the library still owes.',
    keyHint: 'Lowercase letters, digits and hyphens, such as "feedback-round-2"; cannot be changed later.',
    remindersHint: 'Empty: the default for the kind; "none": no reminders.',
    noReminders: 'none',
    formError: {
      required: 'Please fill this in.',
      remindersShape: 'Write the days before as numbers separated by commas, such as 14, 7, 1.',
    },
    exists: 'That key exists in the programme already.',
    changedBySomeoneElse:
      'Changed by someone else since you opened it. Nothing was saved; open it again to go on. It now reads:',
    gone: 'This is no longer in the programme: someone else removed it meanwhile. Nothing was saved.',
    ideaDecided: 'This idea was decided meanwhile (by another admin); no project was made of it.',
    toProject: 'Make it a project',
    otherProblems: 'The programme would then be wrong elsewhere:',
    changedTitle: 'Programme changed',
    moreChanges: 'More changes: `/project changes`.',
    changesTitle: 'Latest programme changes',
    noChanges: 'The programme has not been changed yet.',
    source: { modal: 'in Slack', file: 'file', cli: 'command line' } as Record<string, string>,
    changeHead: (when: string, who: string, source: string) => `*${when}* · ${who} · ${source}`,
    added: 'added',
    changed: 'changed',
    removed: 'removed',
  },
  overview: {
    title: (programme: string) => `Overview · ${programme}`,
    fallback: (programme: string) => `The overview of ${programme}: phases, projects and what is still open.`,
    nothingNow: 'No phase is running now.',
    projectsTitle: 'Projects by status',
    openTitle: 'What is still open, per library',
    allDone: 'Every library is up to date: nothing is open.',
    feedbackOwed: (phases: string) => `feedback on ${phases}`,
    updateDue: (projects: string) => `an update of ${projects}`,
    quarterHint: (since: string) => `An update counts when given since ${since}.`,
    moreLibraries: (count: number) =>
      `And ${count} more ${count === 1 ? 'library' : 'libraries'} with something open.`,
    andMore: (count: number) => `and ${count} more`,
    footer: 'Koers keeps this message current. `/project overview` posts it anew.',
    reposted: 'Koers will post the overview anew in this channel and pin it.',
    switchedOff:
      'Koers no longer keeps an overview in this channel. `/project overview on` turns it back on.',
    switchedOn: 'Koers keeps the overview in this channel again, and pins it.',
    notSubscribed:
      'This channel has no overview: it is not subscribed. An admin subscribes it with `/project subscribe`.',
    isOff:
      'The overview is switched off in this channel. An admin switches it on with `/project overview on`.',
    onlyAdmins: 'Only the programme’s admins can switch the overview on or off. Ask the programme manager.',
    usage: 'Usage: `/project overview` (post it anew) or `/project overview off|on`.',
  },
  cli: cliEn,
  programmeFileDm: programmeFileDmEn,
  admins: adminsEn,
  commandWord: (name) => name,
};
