import type { HomeView, KnownBlock } from '@slack/types';
import { statusOverview } from '../../domain/answers.js';
import { type Programme, phaseSpan } from '../../domain/programme.js';
import { buildTimeline } from '../../domain/timeline.js';
import { formatDay, formatSpan, type Locale, messages } from '../../i18n/index.js';
import { esc } from '../../present/answerDocument.js';
import { context, divider, header, section } from '../blocks/index.js';

/** The App Home: the programme at a glance. Slack shows only what was last published. */
export function renderHomeView(programme: Programme | null, locale: Locale, now: Date): HomeView {
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
  blocks.push(divider(), context([m.homeHint]));
  return { type: 'home', blocks };
}
