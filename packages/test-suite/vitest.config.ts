import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: '@autoskill/test-suite', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
