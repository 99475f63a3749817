import type { HomeView, KnownBlock } from '@slack/types';
import { statusOverview } from '../../domain/answers.js';
import { openFeedbackPhases } from '../../domain/feedbackForm.js';
import { feedbackOwed, peopleToRemind } from '../../domain/owed.js';
import { activeProjects, type Programme, phaseSpan } from '../../domain/programme.js';
import { buildTimeline } from '../../domain/timeline.js';
import { formatDay, formatSpan, type Locale, messages } from '../../i18n/index.js';
import { esc } from '../../present/mrkdwn.js';
import type { HomeReading } from '../../usecases/showHome.js';
import {
  button,
  context,
  divider,
  header,
  option,
  SLACK_LIMITS,
  searchSelect,
  section,
  select,
  truncate,
} from '../blocks/index.js';
import { homePagesMetadata } from '../homePages.js';
import { adminSectionBlocks } from './adminSection.js';
import { deliveryLogBlocks } from './deliveryLog.js';
import { pendingIdeasBlocks } from './pendingIdeas.js';
import { programmeChangesBlocks } from './programmeChanges.js';

export const HOME_ACTIONS = { feedback: 'home_feedback', chooseLibrary: 'home_choose_library' } as const;

/** Who is looking at the Home, what they and their library answered, and where their admin list starts. */
export interface HomeViewer extends HomeReading {
  /** For admins: the section to change the programme, from this entry of its list on. */
  admin?: { offset: number };
  /** For admins: where the list of ideas waiting starts. */
  ideasOffset?: number;
}

/** The admin section's share of the Home's 100 blocks; its list pages within it. */
const HOME_ADMIN_BLOCKS = 36;

/** The ideas waiting take this share of the Home's 100 blocks (one each); a longer list pages. */
const HOME_IDEA_BLOCKS = 12;

/** The App Home: the programme at a glance. Slack shows only what was last published. */
export function renderHomeView(
  programme: Programme | null,
  locale: Locale,
  now: Date,
  viewer?: HomeViewer,
): HomeView {
  const m = messages(locale);
  if (!programme) {
    return { type: 'home', blocks: [header('Koers'), section(m.noProgramme)] };
  }
  const blocks: KnownBlock[] = [header(programme.info.name), context([esc(programme.info.organisation)])];

  const timeline = buildTimeline(programme.phases, programme.info.timezone, now);
  const current = timeline.entries.filter((entry) => entry.state === 'current');
  const next = timeline.entries.find((entry) => entry.state === 'next');
  const phaseLine = (entry: (typeof timeline.entries)[number]) =>
    `*${esc(entry.phase.title)}*\n${entry.phase.label ? `${esc(entry.phase.label)}, ` : ''}${formatSpan(entry.first, entry.last, locale)}`;
  blocks.push(divider(), section(`*${m.timelineTitle(esc(programme.info.name))}*`));
  for (const entry of current) blocks.push(section(`${m.phaseState.current}: ${phaseLine(entry)}`));
  if (next) blocks.push(section(`${m.phaseState.next}: ${phaseLine(next)}`));
  const deadline = timeline.nextDeadline;
  blocks.push(
    context([
      deadline
        ? m.countdown(
            deadline.daysLeft,
            esc(deadline.phase.title),
            formatDay(phaseSpan(deadline.phase).last, locale),
          )
        : m.noDeadline,
    ]),
  );

  const overview = statusOverview(programme);
  if (overview.kind === 'statusOverview') {
    blocks.push(divider());
    for (const group of overview.groups) {
      const names = group.projects.map((project) => esc(project.name)).join(', ');
      blocks.push(section(`*${m.status[group.status]} (${group.projects.length})*\n${names}`));
    }
  }
  if (viewer) blocks.push(...myLibrary(programme, locale, now, viewer));
  if (viewer?.seesCoverage) blocks.push(...coverage(programme, locale, now, viewer));
  if (viewer?.pendingIdeas) {
    blocks.push(
      divider(),
      ...pendingIdeasBlocks(
        { ...viewer.pendingIdeas, offset: viewer.ideasOffset ?? 0 },
        {
          locale,
          timezone: programme.info.timezone,
          maxBlocks: HOME_IDEA_BLOCKS,
          paging: true,
        },
      ),
    );
  }
  const closing = [divider(), context([m.homeHint, m.proposeIdeaHint])];
  const changes = viewer?.recentChanges
    ? [
        divider(),
        ...programmeChangesBlocks(viewer.recentChanges, locale, programme.info.timezone),
        context([m.admin.moreChanges]),
      ]
    : [];
  if (viewer?.admin) {
    // What the change log and the delivery log need at least (below) is left; the list pages within the rest.
    const adminRoom = Math.min(
      HOME_ADMIN_BLOCKS,
      SLACK_LIMITS.viewBlocks - blocks.length - closing.length - changes.length - 4,
    );
    if (adminRoom >= 8) {
      blocks.push(
        ...adminSectionBlocks(programme, locale, { offset: viewer.admin.offset, maxBlocks: adminRoom }),
      );
    }
  }
  if (blocks.length + changes.length + closing.length <= SLACK_LIMITS.viewBlocks) blocks.push(...changes);
  // The log takes what room Slack's 100 blocks leave; it needs at least a title and one line.
  const room = SLACK_LIMITS.viewBlocks - blocks.length - closing.length - 2;
  if (viewer?.deliveryLog && room >= 1) {
    blocks.push(divider(), section(`*${m.deliveryLogTitle}*`));
    blocks.push(...deliveryLogBlocks(viewer.deliveryLog, { locale, programme, maxBlocks: room }));
  }
  blocks.push(...closing);
  // Where its long lists start, so a change from the Home republishes it on the pages the admin was on.
  const pages = viewer?.admin
    ? {
        private_metadata: homePagesMetadata({
          admin: viewer.admin.offset,
          ideas: viewer.ideasOffset ?? 0,
        }),
      }
    : {};
  return { type: 'home', blocks, ...pages };
}

/** The viewer's library: its projects, and the open feedback phases with a button to answer each. */
function myLibrary(programme: Programme, locale: Locale, now: Date, viewer: HomeViewer): KnownBlock[] {
  const m = messages(locale);
  const blocks: KnownBlock[] = [divider(), section(`*${m.myLibraryTitle}*`)];
  const library = programme.libraries.find((candidate) => candidate.code === viewer.libraryCode);
  if (!library) {
    const options = programme.libraries.map((candidate) => option(candidate.name, candidate.code));
    const picker =
      options.length <= SLACK_LIMITS.selectOptions
        ? select(HOME_ACTIONS.chooseLibrary, options)
        : searchSelect(HOME_ACTIONS.chooseLibrary);
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: m.chooseLibrary }, accessory: picker });
    return blocks;
  }
  const projects = activeProjects(programme).filter(
    (project) =>
      project.allLibraries || project.partners.some((partner) => partner.libraryCode === library.code),
  );
  blocks.push(
    section(
      `*${esc(library.name)}*\n${projects.map((project) => `• ${esc(project.name)} · ${m.status[project.status].toLowerCase()}`).join('\n') || m.noProjects}`,
    ),
  );
  for (const phase of openFeedbackPhases(programme, now)) {
    const answered = viewer.answeredByMe.has(phase.id) || viewer.answeredBy.get(phase.id)?.has(library.code);
    blocks.push(
      section(`*${esc(phase.title)}* · ${answered ? `✓ ${m.answered}` : m.notAnswered}`, {
        accessory: button({
          text: m.giveFeedback,
          actionId: HOME_ACTIONS.feedback,
          value: phase.id,
          style: 'primary',
        }),
      }),
    );
  }
  return blocks;
}

/** For admins: which libraries answered each open feedback phase, and who still owes it. */
function coverage(programme: Programme, locale: Locale, now: Date, viewer: HomeViewer): KnownBlock[] {
  const m = messages(locale);
  return feedbackOwed(programme, openFeedbackPhases(programme, now), viewer.answeredBy).flatMap(
    ({ phase, answered, owing }) => {
      const owes = new Set(owing.map((library) => library.code));
      const lines = programme.libraries.map((library) => {
        if (!owes.has(library.code)) return `✓ ${esc(library.name)}`;
        const nobody =
          viewer.linkedPeople && peopleToRemind(library, viewer.linkedPeople).length === 0
            ? ` · _${m.nobodyToRemind}_`
            : '';
        return `· ${esc(library.name)}${nobody}`;
      });
      return [
        divider(),
        section(
          `*${m.coverageTitle(esc(phase.title))}*\n${m.coverageLine(answered.length, programme.libraries.length)}`,
        ),
        section(truncate(lines.join('\n'), SLACK_LIMITS.sectionText)),
      ];
    },
  );
}
