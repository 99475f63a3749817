import type { KnownBlock } from '@slack/types';
import type { LibraryStanding, OverviewStanding } from '../../domain/overviewStanding.js';
import { type Programme, phaseSpan } from '../../domain/programme.js';
import type { TimelineEntry } from '../../domain/timeline.js';
import { formatDay, formatSpan, type Locale, messages } from '../../i18n/index.js';
import { esc } from '../../present/mrkdwn.js';
import {
  type ComposedMessage,
  composeMessage,
  context,
  divider,
  header,
  SLACK_LIMITS,
  section,
  truncate,
} from '../blocks/index.js';

/** Room left in a section for a list of names, so the title before it always fits. */
const NAMES_BUDGET = SLACK_LIMITS.sectionText - 200;
/** Libraries listed with what they owe; the rest are counted. 40 libraries fit in a few sections. */
const MAX_LIBRARY_SECTIONS = 12;
/**
 * Our own cap on the canvas's Markdown: Slack documents none for `document_content`, so the overview
 * stays within what one message's text may hold (40,000), and ends in "…" beyond it.
 */
export const CANVAS_MARKDOWN_MAX = 40_000;

/**
 * The live overview Koers keeps pinned in each subscribed channel: the current and next phase with the
 * countdown, the projects by status, and per library what is still open. Within Slack's limits whatever
 * the programme's size: long lists end in "and N more".
 */
export function renderOverviewMessage(
  programme: Programme,
  standing: OverviewStanding,
  locale: Locale,
): ComposedMessage {
  const m = messages(locale);
  const blocks: KnownBlock[] = [
    header(m.overview.title(programme.info.name)),
    context([esc(programme.info.organisation)]),
    section(phaseLines(standing, locale).join('\n')),
    context([countdownLine(standing, locale)]),
    divider(),
    section(`*${m.overview.projectsTitle}*`),
  ];
  for (const group of standing.statusGroups) {
    const names = listWithin(
      group.projects.map((project) => esc(project.name)),
      NAMES_BUDGET,
      locale,
    );
    blocks.push(section(`*${m.status[group.status]} (${group.projects.length})*\n${names}`));
  }
  blocks.push(divider(), section(`*${m.overview.openTitle}*`));
  for (const { phase, answered, total } of standing.feedback) {
    blocks.push(context([`${m.coverageTitle(esc(phase.title))}: ${m.coverageLine(answered, total)}`]));
  }
  const owing = standing.libraries.filter(
    (library) => library.feedbackOwed.length + library.updatesDue.length > 0,
  );
  if (owing.length === 0) blocks.push(section(m.overview.allDone));
  const sections = packLines(
    owing.map((library) => owedLine(library, locale)),
    SLACK_LIMITS.sectionText,
  );
  const shown = sections.slice(0, MAX_LIBRARY_SECTIONS);
  for (const lines of shown) blocks.push(section(lines.join('\n')));
  const listed = shown.reduce((sum, lines) => sum + lines.length, 0);
  if (listed < owing.length) blocks.push(context([m.overview.moreLibraries(owing.length - listed)]));
  blocks.push(context([m.overview.quarterHint(formatDay(standing.quarterStart, locale)), m.overview.footer]));
  return composeMessage({ text: m.overview.fallback(programme.info.name), blocks });
}

/**
 * The same overview as Markdown, for the channel canvas (which takes Markdown, not Block Kit). Slack
 * caps a canvas's content; the lists are cut the same way as in the message.
 */
export function renderOverviewMarkdown(
  programme: Programme,
  standing: OverviewStanding,
  locale: Locale,
): string {
  const m = messages(locale);
  const plain = (text: string) => text.replace(/\*/g, '**');
  const lines = [
    `# ${m.overview.title(programme.info.name)}`,
    '',
    ...phaseLines(standing, locale).map((line) => `${plain(line)}  `),
    '',
    plain(countdownLine(standing, locale)),
    '',
    `## ${m.overview.projectsTitle}`,
  ];
  for (const group of standing.statusGroups) {
    const names = listWithin(
      group.projects.map((project) => esc(project.name)),
      NAMES_BUDGET,
      locale,
    );
    lines.push('', `**${m.status[group.status]} (${group.projects.length})**: ${names}`);
  }
  lines.push('', `## ${m.overview.openTitle}`, '');
  for (const { phase, answered, total } of standing.feedback) {
    lines.push(`${m.coverageTitle(esc(phase.title))}: ${m.coverageLine(answered, total)}  `);
  }
  const owing = standing.libraries.filter(
    (library) => library.feedbackOwed.length + library.updatesDue.length > 0,
  );
  if (owing.length === 0) lines.push(m.overview.allDone);
  lines.push('', ...owing.map((library) => `- ${plain(owedLine(library, locale).slice(2))}`));
  lines.push('', m.overview.quarterHint(formatDay(standing.quarterStart, locale)));
  return truncate(lines.join('\n'), CANVAS_MARKDOWN_MAX);
}

function phaseLines(standing: OverviewStanding, locale: Locale): string[] {
  const m = messages(locale);
  const line = (entry: TimelineEntry) =>
    `*${esc(entry.phase.title)}* · ${entry.phase.label ? `${esc(entry.phase.label)}, ` : ''}${formatSpan(entry.first, entry.last, locale)}`;
  const lines = standing.current.map((entry) => `${m.phaseState.current}: ${line(entry)}`);
  if (lines.length === 0) lines.push(m.overview.nothingNow);
  if (standing.next) lines.push(`${m.phaseState.next}: ${line(standing.next)}`);
  return lines;
}

function countdownLine(standing: OverviewStanding, locale: Locale): string {
  const m = messages(locale);
  const deadline = standing.nextDeadline;
  return deadline
    ? m.countdown(
        deadline.daysLeft,
        esc(deadline.phase.title),
        formatDay(phaseSpan(deadline.phase).last, locale),
      )
    : m.noDeadline;
}

function owedLine(standing: LibraryStanding, locale: Locale): string {
  const m = messages(locale);
  const parts: string[] = [];
  if (standing.feedbackOwed.length > 0) {
    parts.push(m.overview.feedbackOwed(standing.feedbackOwed.map((phase) => esc(phase.title)).join(', ')));
  }
  if (standing.updatesDue.length > 0) {
    parts.push(
      m.overview.updateDue(
        listWithin(
          standing.updatesDue.map((project) => esc(project.name)),
          600,
          locale,
        ),
      ),
    );
  }
  return `• *${esc(standing.library.name)}*: ${parts.join('; ')}`;
}

/** Names joined with commas as far as `budget` allows, then "and N more". */
function listWithin(names: string[], budget: number, locale: Locale): string {
  const m = messages(locale);
  const kept: string[] = [];
  let length = 0;
  for (const [index, name] of names.entries()) {
    const rest = names.length - index;
    const tail = rest > 1 ? m.overview.andMore(rest).length + 2 : 0;
    if (length + name.length + 2 + tail > budget) {
      kept.push(m.overview.andMore(rest));
      break;
    }
    kept.push(name);
    length += name.length + 2;
  }
  return kept.join(', ');
}

/** Lines packed into as few sections as fit `max` characters each (a longer line is cut by `section`). */
function packLines(lines: string[], max: number): string[][] {
  const packed: string[][] = [];
  let current: string[] = [];
  let length = 0;
  for (const line of lines) {
    if (current.length > 0 && length + 1 + line.length > max) {
      packed.push(current);
      current = [];
      length = 0;
    }
    current.push(line);
    length += (current.length > 1 ? 1 : 0) + line.length;
  }
  if (current.length > 0) packed.push(current);
  return packed;
}
