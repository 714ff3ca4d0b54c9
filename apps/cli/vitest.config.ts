import { defineProject } from 'vitest/config';
import { testTags } from '../../vitest.shared';

export default defineProject({
  test: { name: '@autoskill/cli', include: ['src/**/*.test.ts'], tags: testTags },
});
