import type { Answer, LibraryProjects } from '../domain/answers.js';
import { type ProgrammeInfo, type Project, phaseSpan } from '../domain/programme.js';
import { BARE_DATE_UPDATE_TIME } from '../domain/programmeFileSchema.js';
import { formatDay, formatInstant, formatSpan, type Locale, messages } from '../i18n/index.js';
import type { Catalogue } from '../i18n/nl.js';
import { esc } from './mrkdwn.js';

/** An update the file dated with a bare day shows that day only: its noon UTC is no time anyone chose. */
function updateTime(at: string, timezone: string, locale: Locale): string {
  return at.endsWith(BARE_DATE_UPDATE_TIME)
    ? formatDay(at.slice(0, 10), locale)
    : formatInstant(at, timezone, locale);
}

/**
 * An answer worded for people, before any surface lays it out: Slack turns it into Block Kit
 * (paged, with buttons), the CLI into plain text. Text is Slack mrkdwn (*bold*, `code`): anything that
 * came from users or the programme file is escaped here, as it is worded (`esc`, present/mrkdwn.ts),
 * and the terminal layout turns the mrkdwn back into plain text.
 */
export interface AnswerDocument {
  title: string;
  /** Paragraphs shown before the list, on the first page only. */
  intro: string[];
  /** The list that may be long: grouped lines, paged by the surface. */
  groups: { heading: string | null; lines: string[] }[];
  /** Small print after the list. */
  notes: string[];
  /** Whether the answer is worth sharing in the channel (errors and help are not). */
  shareable: boolean;
}

/** What every answer is worded with: the language, and the programme it is about. */
interface Wording {
  m: Catalogue;
  locale: Locale;
  programmeName: string;
  timezone: string;
}

type AnswerOf<Kind extends Answer['kind']> = Extract<Answer, { kind: Kind }>;

export function presentAnswer(answer: Answer, locale: Locale, info: ProgrammeInfo | null): AnswerDocument {
  const wording: Wording = {
    m: messages(locale),
    locale,
    programmeName: esc(info?.name ?? 'Koers'),
    timezone: info?.timezone ?? 'Europe/Amsterdam',
  };
  switch (answer.kind) {
    case 'statusOverview':
      return statusOverview(answer, wording);
    case 'projectDetail':
      return projectDetail(answer, wording);
    case 'partnersOverview':
      return partnersOverview(answer, wording);
    case 'libraryDetail':
      return libraryDetail(answer, wording);
    case 'timeline':
      return timeline(answer, wording);
    case 'choices':
      return choices(answer, wording);
    case 'notFound':
      return notFound(answer, wording);
    case 'help':
      return help(answer, wording);
    case 'noProgramme':
      return doc({ title: wording.m.noProgramme, shareable: false });
  }
}

function doc(parts: Partial<AnswerDocument> & { title: string }): AnswerDocument {
  return { intro: [], groups: [], notes: [], shareable: true, ...parts };
}

function statusOverview(answer: AnswerOf<'statusOverview'>, { m, locale, programmeName }: Wording) {
  return doc({
    title: m.statusTitle(programmeName),
    groups: answer.groups.map((group) => ({
      heading: `${m.status[group.status]} (${m.projectCount(group.projects.length)})`,
      lines: group.projects.map((project) => `• *${esc(project.name)}* · ${partnerCodes(project, locale)}`),
    })),
    notes: [m.detailHint],
  });
}

function projectDetail({ project, partners }: AnswerOf<'projectDetail'>, wording: Wording) {
  const { m } = wording;
  const partnerList = project.allLibraries
    ? m.allLibraries
    : partners.map((p) => `${esc(p.name)} (${m.role[p.role]})`).join(', ') || m.noPartners;
  return doc({
    title: esc(project.name),
    intro: [
      `*${m.statusLabel}:* ${m.status[project.status]}\n*${m.partnersLabel}:* ${partnerList}`,
      ...(project.archived ? [`_${m.archivedNote}_`] : []),
      ...(project.description ? [esc(project.description)] : []),
    ],
    groups: [
      {
        heading: m.latestUpdates,
        lines:
          project.updates.length === 0
            ? [m.noUpdates]
            : project.updates.map((update) => updateLine(update, wording)),
      },
    ],
  });
}

function updateLine(
  update: AnswerOf<'projectDetail'>['project']['updates'][number],
  { m, locale, timezone }: Wording,
): string {
  const status = update.status ? ` · ${m.status[update.status]}` : '';
  const author = update.author ? ` · ${authorName(update.author)}` : '';
  const milestone = update.nextMilestone
    ? `\n   _${m.nextMilestone}: ${formatDay(update.nextMilestone, locale)}_`
    : '';
  return `• ${updateTime(update.at, timezone, locale)}${status}${author}\n   ${esc(update.note)}${milestone}`;
}

function partnersOverview(answer: AnswerOf<'partnersOverview'>, wording: Wording) {
  return doc({
    title: wording.m.partnersTitle,
    groups: [
      ...answer.libraries.map((entry) => libraryGroup(entry, wording.locale)),
      ...forAllGroup(answer.forAll, wording),
    ],
  });
}

function libraryDetail(answer: AnswerOf<'libraryDetail'>, wording: Wording) {
  const { library } = answer.library;
  return doc({
    title: `${esc(library.name)} (${library.code})`,
    groups: [
      libraryGroup(answer.library, wording.locale, wording.m.partnersLabel),
      ...forAllGroup(answer.forAll, wording),
    ],
  });
}

/** The projects every library takes part in, as one group after the libraries' own; none when there are none. */
function forAllGroup(forAll: Project[], { m, locale }: Wording) {
  if (forAll.length === 0) return [];
  return [{ heading: m.forAllTitle, lines: forAll.map((project) => projectLine(project, locale)) }];
}

function timeline(answer: AnswerOf<'timeline'>, { m, locale, programmeName }: Wording) {
  const deadline = answer.timeline.nextDeadline;
  const countdown = deadline
    ? m.countdown(
        deadline.daysLeft,
        esc(deadline.phase.title),
        formatDay(phaseSpan(deadline.phase).last, locale),
      )
    : m.noDeadline;
  return doc({
    title: m.timelineTitle(programmeName),
    intro: [countdown],
    groups: [
      {
        heading: null,
        lines: answer.timeline.entries.map((entry) => {
          const when = formatSpan(entry.first, entry.last, locale);
          const label = entry.phase.label ? `${esc(entry.phase.label)}, ` : '';
          const marker = { past: '✓', current: '▶', next: '→', upcoming: '·' }[entry.state];
          const title = entry.state === 'past' ? esc(entry.phase.title) : `*${esc(entry.phase.title)}*`;
          return `${marker} ${title}\n   ${label}${when} · ${m.phaseKind[entry.phase.kind]} · _${m.phaseState[entry.state]}_`;
        }),
      },
    ],
    notes: [m.timesIn(answer.timezone)],
  });
}

function choices(answer: AnswerOf<'choices'>, { m }: Wording) {
  return doc({
    title: m.choices(answer.subject, esc(answer.query)),
    groups: [{ heading: null, lines: answer.candidates.map(candidateLine) }],
    notes: [m.choicesHint(exampleCommand(answer.subject, answer.candidates[0]?.key ?? ''))],
    shareable: false,
  });
}

function notFound(answer: AnswerOf<'notFound'>, { m }: Wording) {
  return doc({
    title: m.notFound(answer.subject, esc(answer.query)),
    groups:
      answer.suggestions.length > 0
        ? [{ heading: m.didYouMean, lines: answer.suggestions.map(candidateLine) }]
        : [],
    notes: [m.listAllHint(answer.subject === 'project' ? '/project status' : '/project partners')],
    shareable: false,
  });
}

function help(answer: AnswerOf<'help'>, { m }: Wording) {
  const unknown = answer.unknownWord
    ? [
        [
          m.unknownCommand(esc(answer.unknownWord)),
          answer.suggestion ? m.suggestCommand(`/project ${m.commandWord(answer.suggestion)}`) : '',
        ]
          .filter(Boolean)
          .join(' '),
      ]
    : [];
  return doc({
    title: m.helpTitle,
    intro: unknown,
    groups: [
      { heading: null, lines: m.helpLines.map(([command, meaning]) => `\`${command}\` · ${meaning}`) },
    ],
    notes: [m.helpFooter],
    shareable: false,
  });
}

function partnerCodes(project: Project, locale: Locale): string {
  const m = messages(locale);
  if (project.allLibraries) return m.allLibraries;
  if (project.partners.length === 0) return m.noPartners;
  return project.partners
    .map((p) => (p.role === 'lead' ? `${p.libraryCode} (${m.role.lead})` : p.libraryCode))
    .join(', ');
}

function projectLine(project: Project, locale: Locale, role?: string): string {
  const m = messages(locale);
  return `• *${esc(project.name)}* · ${m.status[project.status].toLowerCase()}${role ? ` · ${role}` : ''}`;
}

function libraryGroup(entry: LibraryProjects, locale: Locale, heading?: string) {
  const m = messages(locale);
  return {
    heading: heading ?? `${esc(entry.library.name)} (${entry.library.code})`,
    lines:
      entry.projects.length === 0
        ? [m.noProjects]
        : entry.projects.map(({ project, role }) => projectLine(project, locale, m.role[role])),
  };
}

function exampleCommand(subject: 'project' | 'library', key: string): string {
  return subject === 'project' ? `/project status ${key}` : `/project partners ${key}`;
}

function candidateLine(candidate: { key: string; name: string }): string {
  return `• *${esc(candidate.name)}* · \`${esc(candidate.key)}\``;
}

/** Updates made in Slack carry the author's user id: shown as a mention, which Slack turns into a name. */
function authorName(author: string): string {
  return /^[UW][A-Z0-9]{2,}$/.test(author) ? `<@${author}>` : esc(author);
}
