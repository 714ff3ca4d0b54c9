import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: '@autoskill/core', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
