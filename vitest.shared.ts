// Test tags every project uses (imported by the root config and each package's own config, so
// `pnpm --filter <package> test` knows them too).

/**
 * `slow`: work that grows with data or starts processes. A long timeout instead of vitest's 5 s
 * default, so a loaded machine never fails them; `pnpm test --tags-filter='!slow'` skips them.
 * `shared-data`: reads the big corpora in ../shared/data; skipped, saying why, where absent.
 */
export const testTags = [
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
];
