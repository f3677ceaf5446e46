import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Patience, not speed: timings are measured by `npm run bench`, and a loaded 2-core machine
    // can take a minute to start an embedded database.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Two cores and one PostgreSQL with 100 connections: a few files at a time.
    maxWorkers: 3,
    globalSetup: ['test/support/global-setup.ts'],
  },
});
