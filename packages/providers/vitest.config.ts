import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: '@autoskill/providers', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
