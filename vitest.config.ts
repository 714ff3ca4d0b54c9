import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

const repoRoot = import.meta.dirname;

/** Every workspace package with tests, as a project named after the package. */
function packageProjects() {
  return ['packages', 'apps'].flatMap((group) =>
    readdirSync(join(repoRoot, group))
      .map((folder) => join(repoRoot, group, folder))
      .filter((folder) => existsSync(join(folder, 'package.json')))
      .map((folder) => ({
        extends: true as const,
        test: {
          name: JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')).name as string,
          root: folder,
          include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
        },
      })),
  );
}

export default defineConfig({
  test: {
    projects: [
      ...packageProjects(),
      // Repository checks (package graph, changesets, fixtures), so `pnpm test` runs them too.
      {
        extends: true,
        test: { name: 'repo-checks', root: join(repoRoot, 'scripts'), include: ['*.test.ts'] },
      },
    ],
    restoreMocks: true,
    clearMocks: true,
    unstubGlobals: true,
    unstubEnvs: true,
    // Vitest's default is one worker per core minus one: a single worker on our 2-core machines.
    // Most test files wait on disks, sockets and child processes, so two share 2 cores well.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Test files share a worker's module cache (no test mutates module state; mocks and stubbed
    // globals are restored after each test): re-importing the SDKs per file was a third of the time.
    isolate: false,
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
