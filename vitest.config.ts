import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The corpus and end-to-end suites read hundreds of files or drive a browser.
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
