// What opening a large store costs: for stores of synthetic skills (default 1k / 10k / 100k,
// generated once and cached), each measured in fresh child processes:
//   store — `createLocalSkillStore` alone (time to a store that answers get/list/put)
//   sdk — open store + vector index + keyword index and answer one search through the SDK
//         (time after imports, and the whole process wall time)
//   cli — `autoskill search` through scripts/autoskill.mjs, as `pnpm autoskill search` runs it
// Prints the first open after generation (derived indexes built) and the median of the next
// runs, with RSS, peak RSS, and memory per skill beyond the empty store.
// Stores are written through the SDK's batch API (`addSkills`: putMany + vectors).
// Run: pnpm bench store-open [--sizes 1000,10000,100000] [--runs 3] [--cache DIR] [--regenerate]
//        [--cpu-prof DIR]  (V8 CPU profiles of the measured children)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SkillPutInput } from '@autoskill/core';
import { AutoSkill } from '@autoskill/sdk';
import { syntheticSkills } from './synthetic-skills';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const QUERY = 'review the release report and deploy the service';

function flag(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}
const sizes = flag('sizes', '1000,10000,100000').split(',').map(Number);
const runs = Math.max(1, Number(flag('runs', '3')));
const cacheRoot = resolve(flag('cache', join(tmpdir(), 'autoskill-bench-store-open')));
const regenerate = process.argv.includes('--regenerate');
const cpuProfileDir = flag('cpu-prof', '');

interface Measurement {
  /** The whole child process (imports included), wall clock and CPU. */
  wallMs: number;
  cpuMs: number;
  /** SDK only: open + first search, after imports (wall clock and CPU). */
  searchMs?: number;
  searchCpuMs?: number;
  rssBytes?: number;
  maxRssBytes: number;
}

/** Runs node (through tsx unless told not to) with the usage reporter; wall time and peak RSS. */
function runNode(
  args: string[],
  label: string,
  viaTsx = true,
): { measurement: Measurement; stdout: string } {
  const usageFile = join(cacheRoot, `usage-${process.pid}.json`);
  const profile = cpuProfileDir
    ? [
        '--cpu-prof',
        '--cpu-prof-dir',
        resolve(cpuProfileDir),
        '--cpu-prof-name',
        `${label}.cpuprofile`,
      ]
    : [];
  const started = performance.now();
  const result = spawnSync(
    process.execPath,
    [
      ...profile,
      ...(viaTsx ? ['--import', 'tsx'] : []),
      '--import',
      join(here, 'report-usage.mjs'),
      ...args,
    ],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, AUTOSKILL_BENCH_USAGE_FILE: usageFile, NO_COLOR: '1' },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const wallMs = performance.now() - started;
  if (result.status !== 0)
    throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as {
    maxRssBytes: number;
    cpuMs: number;
  };
  return { measurement: { wallMs, ...usage }, stdout: result.stdout };
}

function runSdk(directory: string, label: string): Measurement {
  const { measurement, stdout } = runNode(
    [join(here, 'store-open-sdk.ts'), directory, QUERY],
    label,
  );
  const line = JSON.parse(stdout.trim().split('\n').pop() as string) as {
    searchMs: number;
    searchCpuMs: number;
    rssBytes: number;
    hits: number;
  };
  const { searchMs, searchCpuMs, rssBytes } = line;
  return { ...measurement, searchMs, searchCpuMs, rssBytes };
}

/** `createLocalSkillStore` alone, in its own process. */
function runStoreOnly(directory: string, label: string): { openMs: number; skills: number } {
  const { stdout } = runNode(
    [join(repoRoot, 'packages/store-local/bench/open-store-child.ts'), directory],
    label,
  );
  return JSON.parse(stdout.trim().split('\n').pop() as string) as {
    openMs: number;
    skills: number;
  };
}

function runCli(directory: string, label: string): Measurement {
  // As `pnpm autoskill` runs it: the launcher that starts the bundled CLI (rebuilt when stale).
  return runNode(
    [
      join(repoRoot, 'scripts/autoskill.mjs'),
      'search',
      '--store-dir',
      directory,
      '--user-id',
      'u1',
      QUERY,
    ],
    label,
    false,
  ).measurement;
}

/** A cached store of `count` synthetic skills (written with the SDK's batch API). */
async function ensureStore(count: number): Promise<string> {
  const directory = join(cacheRoot, `skills-${count}`);
  const done = join(cacheRoot, `skills-${count}.done`);
  if (!regenerate && existsSync(done)) return directory;
  await rm(directory, { recursive: true, force: true });
  await rm(done, { force: true });
  await mkdir(directory, { recursive: true });
  const started = performance.now();
  const client = new AutoSkill({
    storeDir: directory,
    logger: 'silent',
    llm: { provider: 'mock' },
    embeddings: { provider: 'hashing' },
    env: {},
  });
  const byOwner = new Map<string, SkillPutInput[]>();
  for (const skill of syntheticSkills(count)) {
    const key = `${skill.scope}/${skill.owner}`;
    byOwner.set(key, [...(byOwner.get(key) ?? []), skill]);
  }
  for (const skills of byOwner.values()) {
    const { scope, owner } = skills[0] as SkillPutInput;
    for (let start = 0; start < skills.length; start += 5000)
      await client.addSkills(skills.slice(start, start + 5000), { scope, owner });
  }
  await client.close();
  const seconds = (performance.now() - started) / 1000;
  console.log(`  generated ${count} skills in ${seconds.toFixed(1)} s (${directory})`);
  await writeFile(done, new Date().toISOString());
  return directory;
}

async function folderBytes(path: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(path, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  return total;
}

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const ms = (value: number) => `${value.toFixed(0)} ms`;

function summary(first: Measurement, rest: Measurement[]): Measurement {
  if (rest.length === 0) return first;
  const of = (key: keyof Measurement) => median(rest.map((item) => item[key] as number));
  return {
    wallMs: of('wallMs'),
    cpuMs: of('cpuMs'),
    maxRssBytes: of('maxRssBytes'),
    ...(first.searchMs === undefined
      ? {}
      : { searchMs: of('searchMs'), searchCpuMs: of('searchCpuMs'), rssBytes: of('rssBytes') }),
  };
}

await mkdir(cacheRoot, { recursive: true });
if (cpuProfileDir) await mkdir(resolve(cpuProfileDir), { recursive: true });
console.log(`store-open: query "${QUERY}", ${runs} run(s) after the first, cache ${cacheRoot}`);
const emptyDirectory = join(cacheRoot, 'empty');
await rm(emptyDirectory, { recursive: true, force: true });
const emptySdk = runSdk(emptyDirectory, 'sdk-empty');
const emptyCli = runCli(emptyDirectory, 'cli-empty');
/** One line of figures: time after imports (SDK), whole process, memory. */
function describe(item: Measurement): string {
  const open =
    item.searchMs === undefined
      ? ''
      : `open+search ${ms(item.searchMs)} (CPU ${ms(item.searchCpuMs as number)}), `;
  const rss = item.rssBytes === undefined ? '' : `RSS ${mb(item.rssBytes)}, `;
  return `${open}process ${ms(item.wallMs)} (CPU ${ms(item.cpuMs)}), ${rss}peak RSS ${mb(item.maxRssBytes)}`;
}

console.log(`empty store  sdk: ${describe(emptySdk)}`);
console.log(`empty store  cli search: ${describe(emptyCli)}`);
for (const count of sizes) {
  const directory = await ensureStore(count);
  const sdkRuns = Array.from({ length: runs + 1 }, (_, run) =>
    runSdk(directory, `sdk-${count}-${run}`),
  );
  const cliRuns = Array.from({ length: runs }, (_, run) =>
    runCli(directory, `cli-${count}-${run}`),
  );
  const storeRuns = Array.from({ length: runs }, (_, run) =>
    runStoreOnly(directory, `store-${count}-${run}`),
  );
  const [sdkFirst, ...sdkRest] = sdkRuns as [Measurement, ...Measurement[]];
  const sdk = summary(sdkFirst, sdkRest);
  const cli = summary(cliRuns[0] as Measurement, cliRuns);
  const vectors = join(directory, 'vectors');
  const vectorBytes = existsSync(vectors) ? await folderBytes(vectors) : 0;
  const stateBytes = await folderBytes(join(directory, '.autoskill'));
  const perSkill = ((sdk.rssBytes as number) - (emptySdk.rssBytes as number) - vectorBytes) / count;
  console.log(`${count} skills`);
  console.log(
    `  store open (median): ${ms(median(storeRuns.map((run) => run.openMs)))} (createLocalSkillStore, ${storeRuns[0]?.skills} skills)`,
  );
  console.log(`  sdk first open: ${describe(sdkFirst)}`);
  console.log(`  sdk (median):   ${describe(sdk)}`);
  console.log(
    `  memory: ${(perSkill / 1024).toFixed(1)} KB/skill beyond the empty store and the vectors`,
  );
  console.log(`  cli search (median): ${describe(cli)}`);
  console.log(`  on disk: .autoskill ${mb(stateBytes)}, vectors ${mb(vectorBytes)}`);
}
