import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'scripts'],
    restoreMocks: true,
    clearMocks: true,
    // Tags every project uses. `slow`: work that grows with data or starts processes — a long
    // timeout instead of vitest's 5 s default, so a loaded machine never fails them
    // (`pnpm test --tags-filter='!slow'` skips them). `shared-data`: reads the corpora in
    // ../shared/data; where they are absent a skipped test says why (fixtures/corpora.ts).
    tags: [
      {
        name: 'slow',
        description: 'work that scales with data or starts processes (long timeout)',
        timeout: 120_000,
      },
      {
        name: 'shared-data',
        description: 'reads the corpora in ../shared/data (skipped where they are absent)',
        timeout: 120_000,
      },
    ],
  },
});
