import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: '@autoskill/vectors-flat', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
