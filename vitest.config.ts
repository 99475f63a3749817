import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Opening an embedded PGlite takes a few seconds; a cold start of the app more.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The migrations applied once per run, into templates each test file's database is copied from.
    globalSetup: ['tests/support/globalSetup.ts'],
    reporters: ['default'],
  },
});
