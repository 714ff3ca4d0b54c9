// Checks that tests reach ../shared/data only through fixtures/corpora.ts, which skips (saying
// why) where it is absent: a clone has no ../shared. Benchmarks and commands may name it (they are
// run by hand with a path). Run: pnpm check:shared-data (also runs as a test).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(fileURLToPath(import.meta.url), '..', '..');
const MENTION = /shared\/data|\.\.\/shared\b|['"`]\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/shared/;
const ALLOWED = new Set([
  'fixtures/corpora.ts',
  'scripts/check-shared-data-use.ts',
  'scripts/check-shared-data-use.test.ts',
]);

function sourceFiles(directory: string, found: string[] = []): string[] {
  for (const entry of readdirSync(directory)) {
    if (entry === 'node_modules' || entry === 'dist' || entry.startsWith('.')) continue;
    const path = join(directory, entry);
    if (statSync(path).isDirectory()) {
      if (entry === 'bench' || entry === 'shared-data-sample') continue;
      sourceFiles(path, found);
    } else if (/\.(ts|tsx|mts|js|mjs)$/.test(entry)) found.push(path);
  }
  return found;
}

/** Test files, test helpers and fixtures: what `pnpm test` runs on a clone. */
function isTestCode(path: string): boolean {
  return (
    /\.test\.tsx?$/.test(path) ||
    /(^|\/)(test|test-support|test-helpers|fixtures)\//.test(path) ||
    /test-helpers?\.ts$/.test(path)
  );
}

/** Test code that name ../shared/data directly (empty when none do). */
export function checkSharedDataUse(root = repoRoot): string[] {
  const problems: string[] = [];
  for (const group of ['packages', 'apps', 'fixtures', 'scripts']) {
    let files: string[];
    try {
      files = sourceFiles(join(root, group));
    } catch {
      continue;
    }
    for (const file of files) {
      const path = relative(root, file);
      if (ALLOWED.has(path) || !isTestCode(path)) continue;
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, index) => {
        if (MENTION.test(line) && !/^\s*(\/\/|\*|\/\*)/.test(line))
          problems.push(
            `${path}:${index + 1} reads ../shared/data directly; use fixtures/corpora.ts (describeEachCorpus, itWithSharedData)`,
          );
      });
    }
  }
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const problems = checkSharedDataUse();
  for (const problem of problems) console.error(problem);
  if (problems.length) process.exit(1);
  console.log('tests reach ../shared/data only through fixtures/corpora.ts');
}
