import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'station/**/*.test.ts', 'hub/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'tests/**/*.test.ts'],
    exclude: ['node_modules/**', 'tests/bench/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Crash and fault suites spawn processes; two cores only.
    maxWorkers: 2,
  },
});
