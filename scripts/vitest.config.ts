import { defineProject } from 'vitest/config';

// Repository checks (package graph, changesets, fixtures) as tests, so `pnpm test` runs them too.
export default defineProject({
  test: { name: 'repo-checks', include: ['*.test.ts'] },
});
