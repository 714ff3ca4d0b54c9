// Packs every public workspace package as it would be published (`pnpm pack` applies
// publishConfig and turns workspace:^ / catalog: into versions; each prepack builds) and lints
// each tarball with publint and Are the Types Wrong (ESM-only profile: the packages ship no
// CommonJS). Run: pnpm check:packages [NAME...] [--out-dir DIR] [--no-lint]
//   NAME           only these packages (default: every public one)
//   --out-dir DIR  keep the tarballs there (default: a temporary folder, removed at the end)
//   --no-lint      only pack (the packed-CLI test installs the tarballs)
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';

const run = promisify(execFile);
const repoRoot = join(fileURLToPath(import.meta.url), '..', '..');
const bin = (name: string) => join(repoRoot, 'node_modules', '.bin', name);

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  exports?: unknown;
  bin?: unknown;
  [field: string]: unknown;
}

export interface PublicPackage {
  name: string;
  version: string;
  directory: string;
}

/** The workspace packages that are published (not `private`), in folder order. */
export async function publicPackages(root = repoRoot): Promise<PublicPackage[]> {
  const found: PublicPackage[] = [];
  for (const group of ['packages', 'apps']) {
    for (const folder of (await readdir(join(root, group))).sort()) {
      const directory = join(root, group, folder);
      let manifest: Manifest;
      try {
        manifest = JSON.parse(await readFile(join(directory, 'package.json'), 'utf8'));
      } catch {
        continue; // not a package folder
      }
      if (!manifest.private)
        found.push({ name: manifest.name, version: manifest.version, directory });
    }
  }
  return found;
}

/** Runs `work` over `items`, `limit` at a time (the machines have 2 cores). */
async function inPool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Builds all packages in one turbo run (parallel, cached), then packs each into `outDir`. */
export async function packPackages(packages: PublicPackage[], outDir: string): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const filters = packages.map((pkg) => `--filter=${pkg.name}`);
  await run('pnpm', ['exec', 'turbo', 'run', 'build', ...filters, '--output-logs=errors-only'], {
    cwd: repoRoot,
    maxBuffer: 64 * 1024 * 1024,
  });
  return inPool(packages, 2, async (pkg) => {
    await run('pnpm', ['pack', '--pack-destination', outDir], {
      cwd: pkg.directory,
      env: { ...process.env, AUTOSKILL_PACKAGES_BUILT: '1' },
      maxBuffer: 64 * 1024 * 1024,
    });
    return join(outDir, `${pkg.name.replace(/^@/, '').replace('/', '-')}-${pkg.version}.tgz`);
  });
}

/** What is wrong in a packed manifest that publint does not look at. */
export function packedManifestProblems(manifest: Manifest): string[] {
  const problems: string[] = [];
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [name, range] of Object.entries((manifest[field] ?? {}) as Record<string, string>))
      if (/^(workspace|catalog):/.test(range)) problems.push(`${field}.${name} is "${range}"`);
  }
  const pointers = JSON.stringify([manifest.exports, manifest.bin, manifest.types]);
  if (pointers.includes('./src/')) problems.push('exports, bin or types point into ./src');
  return problems;
}

async function packedManifest(tarball: string): Promise<Manifest> {
  const { stdout } = await run('tar', ['-xzOf', tarball, 'package/package.json']);
  return JSON.parse(stdout);
}

/** Runs a linter; its output when it fails. */
async function lint(command: string, args: string[]): Promise<string | undefined> {
  try {
    await run(command, args, {
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, NO_COLOR: '1' },
    });
    return undefined;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    return `${stdout}${stderr}`.trim();
  }
}

/** Problems in one tarball: its manifest, publint (warnings count), attw's ESM-only profile. */
export async function checkTarball(tarball: string): Promise<string[]> {
  const problems = packedManifestProblems(await packedManifest(tarball));
  const publint = await lint(bin('publint'), ['run', tarball, '--strict']);
  if (publint !== undefined) problems.push(`publint:\n${publint}`);
  const attw = await lint(bin('attw'), [tarball, '--profile', 'esm-only', '--format', 'ascii']);
  if (attw !== undefined) problems.push(`attw --profile esm-only:\n${attw}`);
  return problems;
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { 'out-dir': { type: 'string' }, 'no-lint': { type: 'boolean', default: false } },
  });
  const outDir = values['out-dir']
    ? resolve(values['out-dir'])
    : await mkdtemp(join(tmpdir(), 'autoskill-packs-'));
  try {
    const packages = (await publicPackages()).filter(
      (pkg) => positionals.length === 0 || positionals.includes(pkg.name),
    );
    if (packages.length === 0) throw new Error(`no public package named ${positionals.join(', ')}`);
    const tarballs = await packPackages(packages, outDir);
    if (values['no-lint']) {
      for (const tarball of tarballs) console.log(tarball);
      return;
    }
    const results = await inPool(tarballs, 2, checkTarball);
    let failed = 0;
    packages.forEach((pkg, index) => {
      const problems = results[index] ?? [];
      if (problems.length === 0) console.log(`${pkg.name}@${pkg.version}: ok`);
      else {
        failed++;
        console.error(`${pkg.name}@${pkg.version}:\n  ${problems.join('\n  ')}`);
      }
    });
    console.log(
      failed === 0
        ? `${packages.length} packages pack cleanly (publint, attw --profile esm-only)`
        : `${failed} of ${packages.length} packages have problems`,
    );
    if (failed > 0) process.exitCode = 1;
  } finally {
    if (!values['out-dir']) await rm(outDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    console.error(`check:packages: ${(error as Error).message}\n${stdout}${stderr}`.trim());
    process.exitCode = 1;
  });
}
