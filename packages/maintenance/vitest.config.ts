import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: '@autoskill/maintenance', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
