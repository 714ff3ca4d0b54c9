import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: '@autoskill/extraction', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
