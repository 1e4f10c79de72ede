import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Most end-to-end tests wait on the crm processes they start: two files at a time keep both cores busy
    // (vitest's default on a 2-core machine is one).
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Pin the clock's time zone so local dates in tests are reproducible.
    env: { TZ: 'Europe/Berlin' },
  },
});
