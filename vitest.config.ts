import { defineConfig } from 'vitest/config';

/**
 * Three projects, run as groups by `npm test` (scripts/test.mjs), which times each:
 * - unit: the layers' own tests and the cross-cutting rule and layering checks;
 * - fault: the crash and fault suites, which spawn processes and kill them;
 * - e2e: Debian's Chromium against browser mode, and the Electron shell's checks. A scenario here waits on
 *   what must show, never on a clock, so its limits are generous: on a loaded 2-core machine a scenario
 *   takes minutes, and a limit that fires early is a false alarm, not a finding.
 * Benchmarks (tests/bench) are not tests: `npm run bench`.
 */
const E2E_SHOWS_WITHIN = 120_000;

export default defineConfig({
  test: {
    exclude: ['node_modules/**', 'tests/bench/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Crash and fault suites spawn processes; two cores only.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'shared/**/*.test.ts',
            'station/**/*.test.ts',
            'hub/**/*.test.ts',
            'electron/**/*.test.ts',
            'renderer/**/*.test.{ts,tsx}',
            'tests/*.test.ts',
            'tests/rules/**/*.test.ts',
          ],
        },
      },
      {
        extends: true,
        test: { name: 'fault', include: ['tests/fault/**/*.test.ts', 'tests/crash/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 15 * 60_000,
          hookTimeout: 5 * 60_000,
          expect: { poll: { timeout: E2E_SHOWS_WITHIN, interval: 100 } },
        },
      },
    ],
  },
});
