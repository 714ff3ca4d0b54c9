import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSharedDataUse } from './check-shared-data-use';

describe('tests on a clone without ../shared', () => {
  it('reach ../shared/data only through fixtures/corpora.ts', () => {
    expect(checkSharedDataUse()).toEqual([]);
  });

  it('reports a test that reads ../shared/data directly, and lets benchmarks and comments be', () => {
    const root = mkdtempSync(join(tmpdir(), 'autoskill-shared-check-'));
    try {
      mkdirSync(join(root, 'packages/x/src'), { recursive: true });
      mkdirSync(join(root, 'packages/x/bench'), { recursive: true });
      writeFileSync(
        join(root, 'packages/x/src/a.test.ts'),
        "// about shared/data\nconst data = '../../../../shared/data/agent-skills';\n",
      );
      writeFileSync(join(root, 'packages/x/bench/b.ts'), "const data = '../shared/data';\n");
      writeFileSync(join(root, 'packages/x/src/c.ts'), "const help = '../shared/data';\n");
      expect(checkSharedDataUse(root)).toEqual([
        'packages/x/src/a.test.ts:2 reads ../shared/data directly; use fixtures/corpora.ts (describeEachCorpus, itWithSharedData)',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
