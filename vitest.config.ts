import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Pin the clock's time zone so local dates in tests are reproducible.
    env: { TZ: 'Europe/Berlin' },
  },
});
