import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: '@autoskill/sdk', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
