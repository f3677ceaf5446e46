import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Patience, not speed: timings are measured by `npm run bench`, and a loaded 2-core machine
    // can take a minute to start an embedded database.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // A forgotten `.only` would silently skip the rest of a file: it fails the run instead.
    allowOnly: false,
    projects: [
      {
        extends: true,
        test: {
          name: 'api',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/e2e/**'],
          // Two cores: two files at a time, each with its own database.
          maxWorkers: 2,
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
          globalSetup: ['test/support/global-setup.ts', 'test/e2e/support/global-setup.ts'],
        },
      },
    ],
  },
});
