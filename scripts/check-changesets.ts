// Checks every changeset in .changeset/: frontmatter first, one `"package": bump` line per
// published workspace package, then a summary. A markdown formatter once turned frontmatter into
// headings and `changeset version` stopped working; this catches that. Run: pnpm check:changesets
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(fileURLToPath(import.meta.url), '..', '..');
const LINE = /^"(@autoskill\/[a-z0-9-]+)": (major|minor|patch)$/;

function publishedPackages(): Set<string> {
  const names = new Set<string>();
  for (const group of ['packages', 'apps']) {
    for (const folder of readdirSync(join(repoRoot, group))) {
      try {
        const manifest = JSON.parse(
          readFileSync(join(repoRoot, group, folder, 'package.json'), 'utf8'),
        ) as { name?: string; private?: boolean };
        if (manifest.name && !manifest.private) names.add(manifest.name);
      } catch {
        // not a package folder
      }
    }
  }
  return names;
}

/** Problems found in the changesets, one line each (empty when all are valid). */
export function checkChangesets(directory = join(repoRoot, '.changeset')): string[] {
  const published = publishedPackages();
  const problems: string[] = [];
  for (const file of readdirSync(directory).filter((name) => name.endsWith('.md'))) {
    if (file === 'README.md') continue;
    const lines = readFileSync(join(directory, file), 'utf8').split('\n');
    const close = lines.indexOf('---', 1);
    if (lines[0] !== '---' || close < 2) {
      problems.push(`${file}: must start with "---", package lines, "---"`);
      continue;
    }
    for (const line of lines.slice(1, close)) {
      const match = LINE.exec(line);
      if (!match) problems.push(`${file}: ${JSON.stringify(line)} is not a "package": bump line`);
      else if (!published.has(match[1] as string))
        problems.push(`${file}: ${match[1]} is not a published workspace package`);
    }
    if (
      lines
        .slice(close + 1)
        .join('')
        .trim() === ''
    )
      problems.push(`${file}: no summary`);
  }
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const problems = checkChangesets();
  for (const problem of problems) console.error(problem);
  console.log(problems.length === 0 ? 'changesets ok' : `${problems.length} problem(s)`);
  process.exitCode = problems.length === 0 ? 0 : 1;
}
