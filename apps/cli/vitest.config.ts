import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: '@autoskill/cli', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
