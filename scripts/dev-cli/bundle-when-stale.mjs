// Keeps a bundle of a TypeScript entry (the CLI) fresh: esbuild bundles the workspace sources
// (about 0.5 s) when the last bundle is missing or any file it was built from changed since;
// otherwise the last one is reused. Plain Node, so `pnpm autoskill` needs neither tsx nor a build.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Old builds are removed once this old (a long-running command may still load their chunks). */
const KEEP_OLD_BUILDS_MS = 60 * 60 * 1000;

/**
 * The bundle's entry file, rebuilt first when stale. `extraInputs` are files that change what a
 * build would produce without being bundled (package manifests, the lockfile, this file).
 * @param {{ entry: string, cacheDir: string, root: string, extraInputs?: string[] }} options
 * @returns {Promise<string>} the absolute path of the bundled entry
 */
export async function bundleWhenStale({ entry, cacheDir, root, extraInputs = [] }) {
  const current = await readCurrent(cacheDir);
  if (current && (await isFresh(current))) return current.entry;
  return build({ entry, cacheDir, root, extraInputs });
}

/** @param {string} cacheDir */
async function readCurrent(cacheDir) {
  try {
    return JSON.parse(await readFile(join(cacheDir, 'current.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

/** Fresh when the entry is there and no input is missing or was changed after the build began. */
async function isFresh({ entry, inputs, startedAt }) {
  if (!existsSync(entry)) return false;
  const times = await Promise.all(
    inputs.map((file) =>
      stat(file).then(
        (info) => info.mtimeMs,
        () => Number.POSITIVE_INFINITY,
      ),
    ),
  );
  return times.every((time) => time <= startedAt);
}

async function build({ entry, cacheDir, root, extraInputs }) {
  const { build: esbuild } = await import('esbuild');
  const startedAt = Date.now();
  const outdir = join(cacheDir, `build-${startedAt}-${randomBytes(4).toString('hex')}`);
  const result = await esbuild({
    entryPoints: { autoskill: entry },
    absWorkingDir: root,
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    // Commands import the proxy, the studio and the terminal chat lazily: keep them in chunks.
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    jsx: 'automatic',
    metafile: true,
    logLevel: 'silent',
    plugins: [thirdPartyStaysInNodeModules, modulesKeepTheirLocation],
  });
  const inputs = Object.keys(result.metafile.inputs).map((file) => resolve(root, file));
  const current = {
    entry: join(outdir, 'autoskill.mjs'),
    inputs: [...inputs, ...extraInputs],
    startedAt,
  };
  // Written whole, then renamed: a process starting meanwhile reads the old or the new record.
  await mkdir(cacheDir, { recursive: true });
  const pending = join(cacheDir, `current-${startedAt}-${process.pid}.json`);
  await writeFile(pending, JSON.stringify(current));
  await rename(pending, join(cacheDir, 'current.json'));
  await removeOldBuilds(cacheDir, outdir);
  return current.entry;
}

/** Best effort: another process may be removing the same folders. */
async function removeOldBuilds(cacheDir, keep) {
  const now = Date.now();
  for (const name of await readdir(cacheDir).catch(() => [])) {
    const folder = join(cacheDir, name);
    if (!name.startsWith('build-') || folder === keep) continue;
    const built = Number(name.split('-')[1]);
    if (now - built > KEEP_OLD_BUILDS_MS) await rm(folder, { recursive: true, force: true });
  }
}

/**
 * Workspace packages are bundled from their sources; a third-party import stays an import, of
 * the file it resolves to from the importing source (pnpm gives each package only its own
 * dependencies, so the bundle's folder could not resolve them by name).
 * @type {import('esbuild').Plugin}
 */
const thirdPartyStaysInNodeModules = {
  name: 'third-party-stays-in-node-modules',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === 'resolving' || isBuiltin(args.path)) return undefined;
      if (args.path.startsWith('@autoskill/')) return undefined;
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'resolving',
      });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      return { path: pathToFileURL(resolved.path).href, external: true };
    });
  },
};

/**
 * `import.meta.url`, `.dirname` and `.filename` keep naming each source file, as under tsx: the
 * studio finds its folder, the SDK its learning worker and the bench its scenarios by them.
 * @type {import('esbuild').Plugin}
 */
const modulesKeepTheirLocation = {
  name: 'modules-keep-their-location',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?tsx?$/ }, async (args) => {
      if (args.path.includes('/node_modules/')) return undefined;
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import.meta.')) return undefined;
      const contents = source
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
        .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
        .replaceAll('import.meta.filename', JSON.stringify(args.path));
      return {
        contents,
        loader: args.path.endsWith('x') ? 'tsx' : 'ts',
        resolveDir: dirname(args.path),
      };
    });
  },
};
