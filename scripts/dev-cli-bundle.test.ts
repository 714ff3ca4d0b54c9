// The fast `pnpm autoskill`: a bundle of the sources, reused while fresh and rebuilt as soon as
// a source file changes (so an edit is never ignored). Shown on a two-file project in a temp dir.
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWhenStale } from './dev-cli/bundle-when-stale.mjs';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'autoskill-dev-cli-'));
  await writeFile(
    join(root, 'entry.ts'),
    "import { greeting } from './greeting';\nexport const answer: string = greeting + ' from ' + import.meta.dirname;\n",
  );
  await writeFile(join(root, 'greeting.ts'), "export const greeting = 'hello';\n");
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const options = () => ({
  entry: join(root, 'entry.ts'),
  root,
  cacheDir: join(root, 'cache'),
  extraInputs: [join(root, 'settings.json')],
});

async function load(bundle: string): Promise<string> {
  return ((await import(pathToFileURL(bundle).href)) as { answer: string }).answer;
}

describe('bundleWhenStale', () => {
  it('builds once, reuses a fresh bundle and rebuilds after an edit', {
    tags: ['slow'],
  }, async () => {
    await writeFile(join(root, 'settings.json'), '{}');
    const first = await bundleWhenStale(options());
    // Each module keeps its own location, as it has under tsx.
    expect(await load(first)).toBe(`hello from ${root}`);
    expect(await bundleWhenStale(options())).toBe(first);

    await writeFile(join(root, 'greeting.ts'), "export const greeting = 'hi';\n");
    const later = new Date(Date.now() + 2_000);
    await utimes(join(root, 'greeting.ts'), later, later);
    const second = await bundleWhenStale(options());
    expect(second).not.toBe(first);
    expect(await load(second)).toBe(`hi from ${root}`);

    // A file that shapes the build without being bundled counts too.
    const evenLater = new Date(Date.now() + 4_000);
    await utimes(join(root, 'settings.json'), evenLater, evenLater);
    expect(await bundleWhenStale(options())).not.toBe(second);
  });

  it('fails (so the caller falls back to tsx) when a source does not compile', async () => {
    const broken = await mkdtemp(join(tmpdir(), 'autoskill-dev-cli-broken-'));
    try {
      await writeFile(join(broken, 'entry.ts'), 'export const = ;\n');
      await expect(
        bundleWhenStale({
          entry: join(broken, 'entry.ts'),
          root: broken,
          cacheDir: join(broken, 'c'),
        }),
      ).rejects.toThrow();
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  });
});
