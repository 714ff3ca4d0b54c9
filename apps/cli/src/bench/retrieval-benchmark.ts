import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createSkillId,
  normalizeSkillDocument,
  parseSkillMarkdown,
  type SkillDocument,
} from '@autoskill/core';
import { AutoSkill, findSkillFolders } from '@autoskill/sdk';

export interface RetrievalBenchmarkOptions {
  skillsDir: string;
  /** Pad the index with synthetic copies up to this many skills to measure latency at scale. */
  scale?: number;
  /** Cap on the number of queries (default: all). */
  maxQueries?: number;
  embeddings?: string;
  /** Imports into fresh stores to time (default 3; the median is reported). */
  importRuns?: number;
}

export interface RetrievalBenchmarkResult {
  skills_dir: string;
  skills: number;
  skipped: number;
  indexed: number;
  queries: number;
  recall_at_1: number;
  recall_at_5: number;
  mrr: number;
  search_ms_p50: number;
  search_ms_p95: number;
  search_ms_max: number;
  /** Median over the runs (each into a fresh, empty store). */
  import_skills_per_s: number;
  import_skills_per_s_runs: number[];
  embeddings: string;
}

/**
 * The recipe of shared/data/README.md: index each skill with triggers/examples removed, query with
 * every trigger that belongs to exactly one skill, score recall@1/@5 and MRR, time each search.
 */
export async function runRetrievalBenchmark(
  options: RetrievalBenchmarkOptions,
): Promise<RetrievalBenchmarkResult> {
  const workspace = await mkdtemp(join(tmpdir(), 'autoskill-bench-'));
  try {
    // 1. Import rate: the real folders into an empty local store, several times (fresh stores,
    // deleted only at the end: file creation right after mass deletion is slow on some disks).
    const importRates: number[] = [];
    let imported: Awaited<ReturnType<AutoSkill['importAgentSkillDirs']>> | undefined;
    for (let run = 0; run < (options.importRuns ?? 3); run++) {
      const importer = new AutoSkill({
        storeDir: join(workspace, `import-store-${run}`),
        logger: 'silent',
        llm: { provider: 'mock' },
        embeddings: { provider: options.embeddings ?? 'hashing' },
      });
      await importer.ready();
      const importStarted = performance.now();
      imported = await importer.importAgentSkillDirs({
        rootDir: options.skillsDir,
        scope: 'common',
        library: 'bench',
      });
      const seconds = (performance.now() - importStarted) / 1000;
      importRates.push(Math.round(imported.imported.length / Math.max(seconds, 1e-9)));
      await importer.close();
    }
    if (!imported) throw new Error('importRuns must be at least 1');

    // 2. Stripped copies (no triggers, no examples) for the retrieval run.
    const { folders } = await findSkillFolders(options.skillsDir, { maxDepth: 8 });
    const documents: SkillDocument[] = [];
    // Queries come from the triggers as written (normalisation caps their number per skill).
    const rawTriggers = new Map<string, string[]>();
    for (const folder of folders) {
      try {
        const text = await readFile(join(folder.directory, 'SKILL.md'), 'utf8');
        if (text.includes('\0')) continue;
        const parsed = parseSkillMarkdown(text, {
          folderName: folder.relativePath.split('/').pop(),
        });
        const document = normalizeSkillDocument(parsed);
        if (!document.id) document.id = createSkillId();
        rawTriggers.set(document.id, parsed.triggers);
        documents.push(document);
      } catch {
        // Skipped folders are counted by the import above.
      }
    }
    const owners = new Map<string, Set<string>>();
    for (const document of documents) {
      for (const trigger of rawTriggers.get(document.id) ?? []) {
        const key = trigger.trim().toLowerCase();
        if (!key) continue;
        if (!owners.has(key)) owners.set(key, new Set());
        owners.get(key)?.add(document.id);
      }
    }
    let queries = [...owners.entries()]
      .filter(([, ids]) => ids.size === 1)
      .map(([query, ids]) => ({ query, target: [...ids][0] as string }));
    if (options.maxQueries) queries = queries.slice(0, options.maxQueries);

    const padding = Math.max(0, (options.scale ?? 0) - documents.length);
    const all: SkillDocument[] = documents.map((document) => ({
      ...document,
      triggers: [],
      examples: [],
    }));
    for (let index = 0; index < padding; index++) {
      const source = all[index % documents.length] as SkillDocument;
      all.push({
        ...source,
        id: createSkillId(),
        name: `${source.name.slice(0, 50)}-copy-${index}`,
        title: `${source.title} ${index}`,
      });
    }
    // Search runs on the in-memory indexes whatever the store, so the documents are added in
    // batches to an in-memory store with the default on-disk vector index.
    const searcher = new AutoSkill({
      store: 'memory',
      vectorIndex: 'flat',
      storeDir: join(workspace, 'search-store'),
      logger: 'silent',
      llm: { provider: 'mock' },
      embeddings: { provider: options.embeddings ?? 'hashing' },
    });
    await searcher.ready();
    for (let start = 0; start < all.length; start += 5000)
      await searcher.addSkills(all.slice(start, start + 5000), {
        scope: 'common',
        owner: 'bench',
      });

    // Warm up the JIT so the figures describe steady state.
    for (const { query } of queries.slice(0, 50))
      await searcher.search(query, { scope: 'all', limit: 5 });
    const timings: number[] = [];
    let hitsAt1 = 0;
    let hitsAt5 = 0;
    let reciprocal = 0;
    for (const { query, target } of queries) {
      const started = performance.now();
      const hits = await searcher.search(query, { scope: 'all', limit: 5 });
      timings.push(performance.now() - started);
      const rank = hits.findIndex((hit) => hit.skill.id === target);
      if (rank === 0) hitsAt1++;
      if (rank >= 0) {
        hitsAt5++;
        reciprocal += 1 / (rank + 1);
      }
    }
    await searcher.close();
    timings.sort((left, right) => left - right);
    const count = Math.max(1, queries.length);
    return {
      skills_dir: options.skillsDir,
      skills: folders.length,
      skipped: imported.skipped.length,
      indexed: all.length,
      queries: queries.length,
      recall_at_1: round(hitsAt1 / count),
      recall_at_5: round(hitsAt5 / count),
      mrr: round(reciprocal / count),
      search_ms_p50: round(percentile(timings, 0.5)),
      search_ms_p95: round(percentile(timings, 0.95)),
      search_ms_max: round(timings[timings.length - 1] ?? 0),
      import_skills_per_s: median(importRates),
      import_skills_per_s_runs: importRates,
      embeddings: options.embeddings ?? 'hashing',
    };
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] as number;
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
