import { defineConfig } from 'vitest/config';

/**
 * Files that check a time limit (Slack's 3 s for an ack, the reminder poster's pacing gaps, a hung
 * database's deadline): run after all others, one at a time, so that no other file's processes share
 * the cores while they measure.
 */
const TIMED = [
  'tests/scheduler/reminders.test.ts',
  'tests/e2e/hungDatabase.test.ts',
  'tests/e2e/largeProgramme.test.ts',
  'tests/e2e/slackApiTrouble.test.ts',
  'tests/e2e/socketMode.test.ts',
  'tests/e2e/slashCommands.test.ts',
  'tests/e2e/exportFeedback.test.ts',
  'tests/cli/slackAtStart.test.ts',
  'tests/playground/newcomer.test.ts',
];

/** What both groups share; the global set-up is the root's alone, so it runs once, not once per group. */
const shared = {
  // Opening an embedded PGlite takes a few seconds; a cold start of the app more.
  testTimeout: 30_000,
  hookTimeout: 60_000,
  pool: 'forks',
} as const;

export default defineConfig({
  test: {
    ...shared,
    // The migrations applied once per run, into templates each test file's database is copied from.
    globalSetup: ['tests/support/globalSetup.ts'],
    reporters: ['default'],
    projects: [
      {
        test: {
          ...shared,
          name: 'parallel',
          include: ['tests/**/*.test.ts'],
          exclude: TIMED,
          // Most files wait (on processes, on Slack's fake, on timers) more than they compute: more
          // files at once than this machine's 2 cores. Each has its own databases and ports.
          maxWorkers: 4,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          ...shared,
          name: 'timed',
          include: TIMED,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
