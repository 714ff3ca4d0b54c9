// Compiles the benchmark's proxy and relay children to plain JavaScript, the way the published
// packages ship (tsup/esbuild, ESM, Node 20), so they run on bare `node` without the TypeScript
// loader: tsx adds a loader thread (about 60 MB RSS) and helper calls to every function.
import { copyFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';

const here = dirname(fileURLToPath(import.meta.url));

/** Bundles each `<name>.ts` of this folder into `<name>.mjs` in a temp folder; returns it. */
export async function bundleServers(names: string[]): Promise<string> {
  const outDir = join(tmpdir(), 'autoskill-proxy-bench-bundle');
  await build({
    entry: Object.fromEntries(names.map((name) => [name, join(here, `${name}.ts`)])),
    outDir,
    format: ['esm'],
    outExtension: () => ({ js: '.mjs' }),
    platform: 'node',
    target: 'node20',
    // Everything in one file: the workspace packages point at TypeScript sources.
    noExternal: [/.*/],
    // Bundled CommonJS dependencies still call `require`.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    splitting: false,
    sourcemap: false,
    dts: false,
    clean: true,
    silent: true,
    config: false,
  });
  await copyPgliteAssets(outDir);
  return outDir;
}

/**
 * PGlite (a proxy on `pglite:///dir`) reads its WebAssembly and data files beside its module:
 * bundled, that is the bundle's folder, so they are copied there.
 */
async function copyPgliteAssets(outDir: string): Promise<void> {
  const storePostgres = join(here, '../../../packages/store-postgres/package.json');
  const pglite = dirname(createRequire(storePostgres).resolve('@electric-sql/pglite'));
  for (const file of await readdir(pglite))
    if (/\.(wasm|data)$/.test(file) || file === 'vector.tar.gz')
      await copyFile(join(pglite, file), join(outDir, file));
}
