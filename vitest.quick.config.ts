import { defineConfig } from 'vitest/config';

/**
 * `npm run test:quick`: the tests that need no database, no process and no browser (the domain's
 * rules, the words and the Block Kit an answer becomes, the playground's renderer, the translations,
 * the manifest, the layer check), in seconds. `npm test` runs them too, with everything else.
 */
export const QUICK_TESTS = [
  'tests/domain/**/*.test.ts',
  'tests/present/**/*.test.ts',
  'tests/i18n/**/*.test.ts',
  'tests/slack/**/*.test.ts',
  'tests/fuzz/**/*.test.ts',
  'tests/playground/renderer.test.ts',
  'tests/playground/config.test.ts',
  'tests/support/blockLimits.test.ts',
  'tests/scripts/checkLayers.test.ts',
  'tests/manifest.test.ts',
];

export default defineConfig({
  test: {
    include: QUICK_TESTS,
    testTimeout: 30_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
