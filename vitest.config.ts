import { defineConfig } from 'vitest/config';
import { testTags } from './vitest.shared';

export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*'],
    restoreMocks: true,
    clearMocks: true,
    tags: testTags,
  },
});
