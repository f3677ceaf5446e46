import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'api',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/e2e/**'],
          // Two cores and one PostgreSQL with 100 connections: a few files at a time.
          maxWorkers: 3,
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/e2e/**/*.test.ts'],
          // Chromium and the server share two cores: browser files run one at a time, after the rest.
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          hookTimeout: 120_000,
          globalSetup: ['test/support/global-setup.ts', 'test/e2e/support/global-setup.ts'],
        },
      },
    ],
  },
});
