// `pnpm bench <name> [flags]`: every benchmark of the repository behind one command. They print
// figures; they are not tests. Run without a name for the list.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

const BENCHES: Record<string, { script: string[]; about: string }> = {
  retrieval: {
    script: ['apps/cli/src/bin.ts', 'bench', 'retrieval'],
    about: 'recall@1/@5, MRR, search and import speed on a skill folder (--skills-dir DIR)',
  },
  learning: {
    script: ['apps/cli/src/bin.ts', 'bench', 'learning'],
    about:
      'replays recorded sessions and scenarios: learned where the original learned, skills, retrieval',
  },
  'proxy-load': {
    script: ['apps/proxy/bench/proxy-load.ts'],
    about: 'the proxy as users start it: bursts and N clients, learning on/off, req/s, RSS',
  },
  'proxy-latency': {
    script: ['apps/proxy/bench/latency.ts'],
    about: 'added time to first byte at 1/16/64 clients, compiled proxy vs a bare relay',
  },
  store: { script: ['packages/store-local/bench/store.ts'], about: 'local store open/put/get' },
  'store-open': {
    script: ['apps/cli/bench/store-open.ts'],
    about: 'open + first search (SDK and CLI) at 1k/10k/100k synthetic skills: time, RSS',
  },
  vectors: { script: ['packages/vectors-flat/bench/query.ts'], about: 'flat vector index' },
  'replica-jobs': {
    script: ['apps/cli/bench/replica-jobs.ts'],
    about:
      'learning jobs/s through 1 and 2 proxy replicas on one PostgreSQL server (with-postgres.sh)',
  },
  'vector-search': {
    script: ['packages/store-postgres/bench/vector-search.ts'],
    about: 'pgvector HNSW vs flat fallback at 10k/100k/1M: load, p50/p95, recall@10, RSS',
  },
};

const [name, ...rest] = process.argv.slice(2);
const bench = name ? BENCHES[name] : undefined;
if (!bench) {
  if (name) console.error(`pnpm bench: no benchmark "${name}"`);
  for (const [key, { about }] of Object.entries(BENCHES))
    console.error(`  ${key.padEnd(14)} ${about}`);
  process.exit(name ? 2 : 0);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', join(repoRoot, bench.script[0] as string), ...bench.script.slice(1), ...rest],
  { cwd: repoRoot, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
