import { defineProject } from 'vitest/config';
import { testTags } from '../../vitest.shared';

export default defineProject({
  test: {
    name: '@autoskill/sdk',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    tags: testTags,
  },
});
