import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: '@autoskill/store-local', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
