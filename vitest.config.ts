import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { QUICK_TESTS } from './vitest.quick.config.js';

/**
 * Files that check a time limit (Slack's 3 s for an ack, a hung database's deadline, a reconnect's
 * timing): run after all others, so that no parallel file's processes share the cores while they
 * measure; three at a time on this 2-core machine, since the two hung-database halves mostly wait.
 */
const TIMED = [
  'tests/e2e/hungDatabase.test.ts',
  'tests/e2e/hungDatabaseServer.test.ts',
  'tests/e2e/slackApiTrouble.test.ts',
  'tests/e2e/socketMode.test.ts',
  'tests/e2e/slashCommands.test.ts',
  'tests/e2e/exportFeedback.test.ts',
  'tests/cli/slackAtStart.test.ts',
  'tests/playground/newcomer.test.ts',
];

/**
 * Files whose limits leave least room: the reminder poster's pacing gaps (tens of milliseconds) and 64
 * near-miss queries at once on 20,000 projects (about half of Slack's 3 s). They run last, alone.
 */
const PACED = ['tests/scheduler/reminders.test.ts', 'tests/e2e/largeProgramme.test.ts'];

/**
 * The files of the parallel group that take longest (tens of seconds: processes started and stopped, a
 * database cut and back, a lease run out), longest first. They start first, so that no long file starts
 * late and leaves the other workers idle at the end. Vitest orders by the last run's durations when it
 * has them, else by file size (a fresh clone, CI), which starts some of these last; a file missing here
 * only starts later.
 */
const LONGEST = [
  'tests/cli/cli.test.ts',
  'tests/cli/teams.test.ts',
  'tests/cli/coordinator.test.ts',
  'tests/e2e/outbox.test.ts',
  'tests/playground/browser.test.ts',
  'tests/scheduler/databaseCut.test.ts',
  'tests/scheduler/remindersDue.test.ts',
  'tests/cli/remindersRunCut.test.ts',
  'tests/e2e/ideasAfterKill.test.ts',
  'tests/cli/startup.test.ts',
  'tests/scheduler/twoInstances.test.ts',
  'tests/cli/slackRefusedAtStart.test.ts',
  'tests/cli/untrustedFiles.test.ts',
  'tests/e2e/programmeModals.test.ts',
  'tests/cli/exportFeedback.test.ts',
  'tests/e2e/socketModeReconnect.test.ts',
  'tests/playground/freshStart.test.ts',
  'tests/playground/cliBesidePlayground.test.ts',
  'tests/e2e/twoWorkspaces.test.ts',
  'tests/e2e/retention.test.ts',
  'tests/e2e/workspacesApart.test.ts',
  'tests/e2e/overview.test.ts',
  'tests/cli/calendar.test.ts',
  'tests/e2e/programmeFileDm.test.ts',
  'tests/scripts/buildStamp.test.ts',
  'tests/e2e/feedback.test.ts',
  'tests/cli/ideas.test.ts',
  'tests/cli/whileAppRuns.test.ts',
];

/** Vitest's own order (groups, then the last run's durations or file size), with LONGEST first in each group. */
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const index = LONGEST.findIndex((path) => file.moduleId.endsWith(`/${path}`));
      return index === -1 ? LONGEST.length : index;
    };
    const group = (file: TestSpecification) => file.project.config.sequence.groupOrder;
    // Array.prototype.sort is stable: within a rank, Vitest's order stays.
    return (await super.sort(files)).sort((a, b) => group(a) - group(b) || rank(a) - rank(b));
  }
}

/** What both groups share; the global set-up is the root's alone, so it runs once, not once per group. */
const shared = {
  // Opening an embedded PGlite takes a few seconds; a cold start of the app more.
  testTimeout: 30_000,
  hookTimeout: 60_000,
  pool: 'forks',
  // A worker's process runs one file after another instead of a new process per file that imports
  // Bolt, Drizzle and PGlite again (about 3 s a file, 90 s a run). Each file still has its own
  // databases, apps and ports, and stops them in its afterAll.
  isolate: false,
} as const;

export default defineConfig({
  test: {
    ...shared,
    // The migrations applied once per run, into templates each test file's database is copied from.
    globalSetup: ['tests/support/globalSetup.ts'],
    reporters: ['default'],
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        test: {
          ...shared,
          name: 'parallel',
          include: ['tests/**/*.test.ts'],
          exclude: [...TIMED, ...PACED, ...QUICK_TESTS],
          // Most files wait (on processes, on Slack's fake, on timers) more than they compute: six
          // files at once on this machine's 2 cores (the whole run: 301 s with four, 281 s with five,
          // 266 s with six). Each has its own databases and ports.
          maxWorkers: 6,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          ...shared,
          // `npm run test:quick`'s files: no database, no process, no state outside the module. They
          // share the parallel group's workers (after its files: 'parallel' sorts before 'quick'), and a
          // worker's process runs one file after another instead of a new process and imports each.
          name: 'quick',
          include: QUICK_TESTS,
          maxWorkers: 6,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          ...shared,
          name: 'timed',
          include: TIMED,
          maxWorkers: 3,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          ...shared,
          name: 'paced',
          include: PACED,
          maxWorkers: 1,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
