import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Patience, not speed: timings are measured by `npm run bench`, and a loaded 2-core machine
    // can take a minute to start an embedded database.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Two cores: two files at a time (each with its own database, browsers included).
    maxWorkers: 2,
    globalSetup: ['test/support/global-setup.ts'],
  },
});
