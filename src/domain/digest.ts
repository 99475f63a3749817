import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns/format';
import { startOfISOWeek } from 'date-fns/startOfISOWeek';
import type { Phase, Project, ProjectStatus, StatusUpdate } from './programme.js';
import { buildTimeline, type TimelineEntry } from './timeline.js';

export interface DigestWeek {
  /** ISO week, e.g. 2017-W38: the key that makes each week's digest one delivery per channel. */
  id: string;
  /** Monday of that week at `hour`:00 in the time zone. */
  dueAt: Date;
}

export function digestWeekOf(instant: Date, timezone: string, hour: number): DigestWeek {
  const monday = startOfISOWeek(new TZDate(instant.getTime(), timezone));
  const dueAt = new TZDate(monday.getFullYear(), monday.getMonth(), monday.getDate(), hour, 0, 0, timezone);
  return { id: format(monday, "RRRR-'W'II"), dueAt: new Date(dueAt.getTime()) };
}

export interface DigestChange {
  project: Pick<Project, 'slug' | 'name'>;
  update: StatusUpdate;
}

export interface Digest {
  changes: DigestChange[];
  /** The current phases and the next ones, up to three. */
  phases: TimelineEntry[];
  nextDeadline: ReturnType<typeof buildTimeline>['nextDeadline'];
  /** For each feedback phase open now: how many libraries answered, of how many. */
  coverage: FeedbackCoverage[];
}

export interface FeedbackCoverage {
  phase: Pick<Phase, 'id' | 'title'>;
  answered: number;
  total: number;
}

/** The weekly digest: what changed in the week before `now`, and what comes next. */
export function buildDigest(
  phases: Phase[],
  timezone: string,
  recentUpdates: {
    project: Pick<Project, 'slug' | 'name'>;
    update: StatusUpdate & { status: ProjectStatus | null };
  }[],
  now: Date,
  coverage: FeedbackCoverage[] = [],
): Digest {
  const timeline = buildTimeline(phases, timezone, now);
  return {
    changes: recentUpdates,
    phases: timeline.entries.filter((entry) => entry.state !== 'past').slice(0, 3),
    nextDeadline: timeline.nextDeadline,
    coverage,
  };
}

/** A digest missed during downtime is posted only within the grace period: last week's news is no news. */
export function decideDigest(
  digest: { dueAt: Date },
  now: Date,
  graceMs: number,
): { action: 'send' | 'skip'; reason?: string } {
  const lateMs = now.getTime() - digest.dueAt.getTime();
  return lateMs <= graceMs
    ? { action: 'send' }
    : { action: 'skip', reason: `missed: due ${digest.dueAt.toISOString()}, after the grace period` };
}
