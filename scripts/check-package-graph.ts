// Checks that workspace packages depend one way (core ← libraries ← sdk ← apps) and that the
// isomorphic packages import no Node built-ins. Run: pnpm check:graph (also runs as a test).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(fileURLToPath(import.meta.url), '..', '..');

/** Runtime dependencies each workspace package may have on other workspace packages. */
export const allowedEdges: Record<string, string[]> = {
  '@autoskill/core': [],
  '@autoskill/providers': ['@autoskill/core'],
  // Node-only foundation of the file-backed libraries (beside core, below them).
  '@autoskill/file-lock': ['@autoskill/core'],
  '@autoskill/store-local': ['@autoskill/core', '@autoskill/file-lock'],
  '@autoskill/vectors-flat': ['@autoskill/core', '@autoskill/file-lock'],
  // PostgreSQL SkillStore and VectorIndex (a library beside the file-backed ones).
  '@autoskill/store-postgres': ['@autoskill/core'],
  '@autoskill/extraction': ['@autoskill/core'],
  '@autoskill/maintenance': ['@autoskill/core'],
  '@autoskill/test-suite': ['@autoskill/core'],
  '@autoskill/test-vendors': [],
  '@autoskill/sdk': [
    '@autoskill/core',
    '@autoskill/providers',
    '@autoskill/store-local',
    '@autoskill/store-postgres',
    '@autoskill/vectors-flat',
    '@autoskill/extraction',
    '@autoskill/maintenance',
  ],
  '@autoskill/proxy': ['@autoskill/core', '@autoskill/sdk'],
  '@autoskill/tui': ['@autoskill/core', '@autoskill/sdk'],
  '@autoskill/web': ['@autoskill/core'],
  '@autoskill/cli': [
    '@autoskill/core',
    '@autoskill/sdk',
    '@autoskill/proxy',
    '@autoskill/tui',
    '@autoskill/web',
  ],
};
/** Test-only packages any package but core may use as a devDependency. */
const testOnly = new Set(['@autoskill/test-suite', '@autoskill/test-vendors']);
/** Packages that must run in a browser too. */
const isomorphic = ['packages/core', 'packages/extraction', 'packages/maintenance'];

export function checkPackageGraph(root = repoRoot): string[] {
  const problems: string[] = [];
  const folders = ['packages', 'apps'].flatMap((group) =>
    safeReaddir(join(root, group)).map((name) => join(group, name)),
  );
  for (const folder of folders) {
    let manifest: {
      name: string;
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
    try {
      manifest = JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    const allowed = allowedEdges[manifest.name];
    if (!allowed) {
      problems.push(
        `${manifest.name} (${folder}) is not in the allowed graph of scripts/check-package-graph.ts`,
      );
      continue;
    }
    for (const dependency of Object.keys(manifest.dependencies ?? {})) {
      if (dependency.startsWith('@autoskill/') && !allowed.includes(dependency)) {
        problems.push(`${manifest.name} must not depend on ${dependency}`);
      }
    }
    for (const dependency of Object.keys(manifest.devDependencies ?? {})) {
      if (!dependency.startsWith('@autoskill/')) continue;
      if (
        manifest.name === '@autoskill/core' ||
        (!allowed.includes(dependency) && !testOnly.has(dependency))
      ) {
        problems.push(`${manifest.name} must not devDepend on ${dependency}`);
      }
    }
  }
  for (const folder of isomorphic) {
    for (const file of walk(join(root, folder, 'src'))) {
      // Test code (files, fixtures, test-support helpers) is not shipped: it may use Node.
      if (
        !file.endsWith('.ts') ||
        file.endsWith('.test.ts') ||
        file.includes('__fixtures__') ||
        /[\\/]test-support[\\/]/.test(file)
      )
        continue;
      const text = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '');
      const match = /from\s+['"](node:[^'"]+|fs|path|os|crypto|child_process)['"]/.exec(text);
      if (match)
        problems.push(
          `${relative(root, file)} imports ${match[1]}, but ${folder} must run in browsers too`,
        );
      if (/\bBuffer\.|\bprocess\.(env|cwd|argv)/.test(text))
        problems.push(
          `${relative(root, file)} uses a Node global, but ${folder} must run in browsers too`,
        );
    }
  }
  return problems;
}

function safeReaddir(directory: string): string[] {
  try {
    return readdirSync(directory);
  } catch {
    return [];
  }
}

function* walk(directory: string): Generator<string> {
  for (const name of safeReaddir(directory)) {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const problems = checkPackageGraph();
  for (const problem of problems) console.error(problem);
  console.log(problems.length === 0 ? 'package graph ok' : `${problems.length} problem(s)`);
  process.exitCode = problems.length === 0 ? 0 : 1;
}
