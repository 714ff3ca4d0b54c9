import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkChangesets } from './check-changesets';

describe('changesets', () => {
  it('every changeset in the repository can be read by `changeset version`', () => {
    expect(checkChangesets()).toEqual([]);
  });

  it('reports frontmatter a markdown formatter turned into a heading, and unknown packages', () => {
    const directory = mkdtempSync(join(tmpdir(), 'autoskill-changesets-'));
    try {
      writeFileSync(join(directory, 'mangled.md'), '---\n\n## "@autoskill/core": minor\n\nText.\n');
      writeFileSync(join(directory, 'unknown.md'), '---\n"@autoskill/nope": patch\n---\n\nText.\n');
      writeFileSync(join(directory, 'good.md'), '---\n"@autoskill/sdk": patch\n---\n\nText.\n');
      const problems = checkChangesets(directory);
      expect(problems).toHaveLength(2);
      expect(problems).toContain('mangled.md: must start with "---", package lines, "---"');
      expect(problems).toContain(
        'unknown.md: @autoskill/nope is not a published workspace package',
      );
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
