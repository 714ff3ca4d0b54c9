import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: '@autoskill/test-vendors', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
