import { defineProject } from 'vitest/config';

export default defineProject({
  // CLI tests run the real `autoskill` process (tsx start-up is ~1 s per call).
  test: {
    name: '@autoskill/cli',
    include: ['src/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
