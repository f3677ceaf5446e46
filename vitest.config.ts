import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores and one PostgreSQL with 100 connections: a few files at a time.
    maxWorkers: 3,
    globalSetup: ['test/support/global-setup.ts', 'test/e2e/support/global-setup.ts'],
  },
});
