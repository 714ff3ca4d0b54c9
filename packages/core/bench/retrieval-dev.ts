// Retrieval benchmark on the skillbank dev sets (see /work/shared/data/README.md):
// each skill is indexed WITHOUT triggers/examples (and its `## Triggers` section cut); every
// trigger that belongs to exactly one skill is a query whose answer is that skill.
// Run: pnpm tsx packages/core/bench/retrieval-dev.ts   (defaults + baseline + latency at ~1,000 skills)
//   --data <dir>        skillbank-dev folder (default ../shared/data/skillbank-dev beside the repo)
//   --grid fusion,bm25,fields,stem,hashing   parameter sweeps
//   --json '[{"label":"x","keyword":{"k1":1.2,"b":0.3},"weights":{"vector":0.3,"keyword":0.7}}]'
//   --only <label part>  --failures (print misses)  --oracle (keyword-only vs vector-only at rank 1)
// Not shipped (outside src/); uses node:fs, which core's source must not.
// biome-ignore-all lint/correctness/noNodejsModules: benchmark script, runs in Node only
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import YAML from 'yaml';
import {
  createHashingEmbeddingModel,
  createInMemoryVectorIndex,
  createKeywordIndex,
  createNoEmbeddingModel,
  createSkillRetriever,
  DEFAULT_KEYWORD_FIELD_WEIGHTS,
  DEFAULT_RETRIEVAL_WEIGHTS,
  type EmbeddingModel,
  type KeywordIndexOptions,
  type RetrievableSkill,
  type RetrievalWeights,
  type SkillSearchInput,
  skillEmbeddingText,
  slugifySkillName,
} from '../src/index';

interface Query {
  text: string;
  answer: string;
}

interface DevSet {
  name: string;
  skills: RetrievableSkill[];
  queries: Query[];
  skipped: string[];
}

interface Variant {
  label: string;
  keyword?: KeywordIndexOptions;
  /** undefined = hashing with defaults; null = keyword only. */
  embedding?: EmbeddingModel | null;
  weights?: Partial<RetrievalWeights>;
  embeddingText?: (skill: SkillSearchInput) => string;
}

const arguments_ = process.argv.slice(2);
const dumpFailures = arguments_.includes('--failures');
const dataDirectory = resolve(
  flagValue('--data') ?? join(import.meta.dirname, '../../../../shared/data/skillbank-dev'),
);

function flagValue(flag: string): string | undefined {
  const position = arguments_.indexOf(flag);
  return position >= 0 ? arguments_[position + 1] : undefined;
}

/** Frontmatter (read with `yaml`) and body, as gray-matter split them when these figures were first taken. */
function splitFrontmatter(raw: string): { data: Record<string, unknown>; content: string } {
  const match = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)([\s\S]*)$/.exec(raw);
  if (!match) return { data: {}, content: raw };
  return {
    data: (YAML.parse(match[1] ?? '') ?? {}) as Record<string, unknown>,
    content: match[2] ?? '',
  };
}

function loadDevSet(name: string): DevSet {
  const directory = join(dataDirectory, name);
  const skills: RetrievableSkill[] = [];
  const triggers: { skill: string; text: string }[] = [];
  const skipped: string[] = [];
  for (const folder of readdirSync(directory).sort()) {
    try {
      const raw = readFileSync(join(directory, folder, 'SKILL.md'), 'utf8');
      if (raw.includes('\0')) throw new Error('NUL byte');
      const parsed = splitFrontmatter(raw);
      const data = parsed.data;
      const title = String(data.name ?? folder);
      const id = String(data.id ?? folder);
      const prompt = parsed.content.split(/^## Prompt\s*$/m)[1] ?? parsed.content;
      const instructions = prompt.split(/^## (?:Triggers|Examples)\s*$/m)[0]!.trim();
      skills.push({
        id,
        name: slugifySkillName(title),
        title,
        description: String(data.description ?? ''),
        tags: asStrings(data.tags),
        triggers: [],
        instructions,
        scope: 'common',
        owner: 'Common',
      });
      for (const trigger of asStrings(data.triggers)) triggers.push({ skill: id, text: trigger });
    } catch (error) {
      skipped.push(`${folder}: ${(error as Error).message}`);
    }
  }
  const owners = new Map<string, Set<string>>();
  for (const { skill, text } of triggers) {
    const key = text.trim().toLowerCase();
    if (!owners.has(key)) owners.set(key, new Set());
    owners.get(key)!.add(skill);
  }
  const seen = new Set<string>();
  const queries: Query[] = [];
  for (const { skill, text } of triggers) {
    const key = text.trim().toLowerCase();
    if (owners.get(key)!.size !== 1 || seen.has(`${skill}\n${key}`) || key.length === 0) continue;
    seen.add(`${skill}\n${key}`);
    queries.push({ text, answer: skill });
  }
  return { name, skills, queries, skipped };
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
}

async function buildRetriever(skills: RetrievableSkill[], variant: Variant) {
  const model =
    variant.embedding === null
      ? createNoEmbeddingModel()
      : (variant.embedding ?? createHashingEmbeddingModel());
  const vectorIndex =
    variant.embedding === null
      ? undefined
      : createInMemoryVectorIndex({ dimensions: model.dimensions! });
  const retriever = createSkillRetriever({
    embeddingModel: model,
    vectorIndex,
    keywordIndex: createKeywordIndex(variant.keyword),
    weights: variant.weights,
    embeddingText: variant.embeddingText,
  });
  await retriever.index(skills);
  return retriever;
}

interface Scores {
  hits1: number;
  hits5: number;
  queries: number;
  recallAt1: number;
  recallAt5: number;
  mrr: number;
  p50: number;
  p95: number;
  /** Median score of the first hit (to choose `minScore`). */
  topScore: number;
}

async function evaluate(set: DevSet, variant: Variant): Promise<Scores> {
  const retriever = await buildRetriever(set.skills, variant);
  let hit1 = 0;
  let hit5 = 0;
  let reciprocal = 0;
  const times: number[] = [];
  const topScores: number[] = [];
  for (const query of set.queries) {
    const started = performance.now();
    const hits = await retriever.search(query.text, { scope: 'common', topK: 10 });
    times.push(performance.now() - started);
    topScores.push(hits[0]?.score ?? 0);
    const rank = hits.findIndex((hit) => hit.id === query.answer);
    if (dumpFailures && rank !== 0) {
      const name = (id: string | undefined) => set.skills.find((skill) => skill.id === id)?.title;
      console.log(
        `    MISS rank ${rank} "${query.text}" → want "${name(query.answer)}" got "${name(hits[0]?.id)}"`,
      );
    }
    if (rank === 0) hit1++;
    if (rank >= 0 && rank < 5) hit5++;
    if (rank >= 0) reciprocal += 1 / (rank + 1);
  }
  const count = set.queries.length;
  return {
    hits1: hit1,
    hits5: hit5,
    queries: count,
    recallAt1: hit1 / count,
    recallAt5: hit5 / count,
    mrr: reciprocal / count,
    ...percentiles(times),
    topScore: percentiles(topScores).p50,
  };
}

function percentiles(times: number[]): { p50: number; p95: number } {
  const sorted = [...times].sort((left, right) => left - right);
  const at = (share: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0;
  return { p50: at(0.5), p95: at(0.95) };
}

function format(scores: Scores): string {
  return `r@1 ${scores.recallAt1.toFixed(4)} (${scores.hits1}/${scores.queries})  r@5 ${scores.recallAt5.toFixed(4)} (${scores.hits5})  MRR ${scores.mrr.toFixed(3)}  p50 ${scores.p50.toFixed(2)} ms  p95 ${scores.p95.toFixed(2)} ms  top-1 score p50 ${scores.topScore.toFixed(2)}`;
}

/** Latency at ~1,000 skills: both sets in one index, every query of both, topK 5. */
async function timeCombined(sets: DevSet[], variant: Variant): Promise<string> {
  const skills = sets.flatMap((set) => set.skills);
  const queries = sets.flatMap((set) => set.queries);
  const retriever = await buildRetriever(skills, variant);
  for (const query of queries.slice(0, 200)) {
    await retriever.search(query.text, { scope: 'common', topK: 5 });
  }
  const times: number[] = [];
  for (const query of queries) {
    const started = performance.now();
    await retriever.search(query.text, { scope: 'common', topK: 5 });
    times.push(performance.now() - started);
  }
  const { p50, p95 } = percentiles(times);
  return `${skills.length} skills, ${queries.length} queries: p50 ${p50.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms`;
}

/** The original's human-readable name is our `title` (our `name` is its slug). */
const BASELINE_WEIGHTS = { title: 3, description: 2, tags: 2, instructions: 1 };

function variants(): Variant[] {
  return [
    {
      label: 'baseline: plain BM25 (k1 1.5, b 0.75, name×3 desc×2 tags×2 body×1, no stemming)',
      embedding: null,
      keyword: {
        fieldWeights: BASELINE_WEIGHTS,
        k1: 1.5,
        b: 0.75,
        tokenizer: (text) => tokenize(text, { stem: false, stopwords: ENGLISH_STOPWORDS }),
        queryTermWeight: () => 1,
      },
    },
    { label: 'default keyword only (BM25F)', embedding: null },
    { label: 'default hashing only', weights: { vector: 1, keyword: 0, phrase: 0 } },
    {
      label: 'hybrid without phrase bigrams',
      weights: { ...DEFAULT_RETRIEVAL_WEIGHTS, phrase: 0 },
    },
    {
      label: 'hybrid without CJK query-term halving',
      keyword: { queryTermWeight: () => 1 },
    },
    { label: 'hybrid with b 0.2 (previous default)', keyword: { b: 0.2 } },
    { label: 'default hybrid', weights: DEFAULT_RETRIEVAL_WEIGHTS },
  ];
}

import { ENGLISH_STOPWORDS, tokenize } from '../src/text/tokenize';

function experimentalTokenizer(stem: boolean, extra: string[]) {
  return (text: string): string[] => {
    const zhStop = extra.includes('no-zh-stop');
    const tokens = tokenize(text, {
      stem,
      cjkUnigrams: !extra.includes('nouni'),
      stopwords: zhStop ? ENGLISH_STOPWORDS : undefined,
    });
    const result = [...tokens];
    const latin = /^[\p{L}\p{N}]+$/u;
    const han = /\p{Script=Han}/u;
    for (let index = 0; index < tokens.length; index++) {
      const token = tokens[index]!;
      const next = tokens[index + 1];
      if (
        extra.includes('bigram') &&
        next &&
        latin.test(token) &&
        latin.test(next) &&
        !han.test(token + next)
      ) {
        result.push(`${token}_${next}`);
      }
      if (extra.includes('prefix') && token.length > 5 && latin.test(token) && !han.test(token)) {
        result.push(`${token.slice(0, 5)}~`);
      }
    }
    return result;
  };
}

function tokenizeNoStem(text: string): string[] {
  return tokenize(text, { stem: false });
}

/** `--json '[{"label":…,"keyword":{…},"weights":{…},"hashing":{…}|null,"instructionChars":n}]'` */
interface JsonVariant {
  label?: string;
  keyword?: {
    fieldWeights?: Record<string, number>;
    k1?: number;
    b?: number | Record<string, number>;
    stem?: boolean;
    extra?: string[];
    perFieldSaturation?: boolean;
    coordination?: number;
  };
  weights?: Partial<RetrievalWeights>;
  hashing?: { dimensions?: number; characterNgramWeight?: number } | null;
  instructionChars?: number;
}

function jsonVariants(text: string): Variant[] {
  return (JSON.parse(text) as JsonVariant[]).map((entry) => ({
    label: entry.label ?? JSON.stringify(entry),
    keyword: entry.keyword && {
      ...entry.keyword,
      tokenizer: experimentalTokenizer(entry.keyword.stem ?? true, entry.keyword.extra ?? []),
    },
    weights: entry.weights,
    embedding: entry.hashing === null ? null : createHashingEmbeddingModel(entry.hashing ?? {}),
    embeddingText:
      entry.instructionChars === undefined
        ? undefined
        : (skill: SkillSearchInput) => skillEmbeddingText(skill, entry.instructionChars),
  }));
}

function gridVariants(): Variant[] {
  const result: Variant[] = [];
  const grids = (arguments_[arguments_.indexOf('--grid') + 1] ?? 'fusion').split(',');
  if (grids.includes('fusion')) {
    for (const vector of [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6]) {
      result.push({ label: `fusion vector ${vector}`, weights: { vector, keyword: 1 - vector } });
    }
  }
  if (grids.includes('bm25')) {
    for (const k1 of [0.9, 1.2, 1.5, 2]) {
      for (const b of [0.5, 0.75, 0.9]) {
        result.push({ label: `bm25 k1 ${k1} b ${b}`, embedding: null, keyword: { k1, b } });
      }
    }
  }
  if (grids.includes('fields')) {
    const base = { ...DEFAULT_KEYWORD_FIELD_WEIGHTS };
    for (const [field, values] of Object.entries({
      name: [1, 2, 4],
      title: [1, 2, 4],
      description: [1, 3],
      tags: [1, 3],
      instructions: [0.5, 1.5],
    })) {
      for (const value of values) {
        result.push({
          label: `fields ${field}=${value}`,
          embedding: null,
          keyword: { fieldWeights: { ...base, [field]: value } },
        });
      }
    }
  }
  if (grids.includes('stem')) {
    result.push({
      label: 'keyword no stemming',
      embedding: null,
      keyword: { tokenizer: tokenizeNoStem },
    });
    result.push({ label: 'keyword stemming', embedding: null });
  }
  if (grids.includes('hashing')) {
    for (const characterNgramWeight of [0, 0.25, 0.5, 1]) {
      for (const dimensions of [256, 1024]) {
        result.push({
          label: `hashing only ng ${characterNgramWeight} d ${dimensions}`,
          embedding: createHashingEmbeddingModel({ dimensions, characterNgramWeight }),
          weights: { vector: 1, keyword: 0 },
        });
      }
    }
  }
  return result;
}

/** Diagnostic: share of queries where keyword-only or hashing-only ranks the answer first. */
async function oracle(set: DevSet, variants: Variant[]): Promise<string> {
  const keyword = await buildRetriever(set.skills, variants[0] ?? { label: 'kw', embedding: null });
  const vector = await buildRetriever(
    set.skills,
    variants[1] ?? { label: 'vec', weights: { vector: 1, keyword: 0 } },
  );
  let either = 0;
  let both = 0;
  for (const query of set.queries) {
    const left =
      (await keyword.search(query.text, { scope: 'common', topK: 1 }))[0]?.id === query.answer;
    const right =
      (await vector.search(query.text, { scope: 'common', topK: 1 }))[0]?.id === query.answer;
    if (left || right) either++;
    if (left && right) both++;
  }
  return `${set.name}: either ${(either / set.queries.length).toFixed(3)}, both ${(both / set.queries.length).toFixed(3)}`;
}

async function main(): Promise<void> {
  const sets = [loadDevSet('english'), loadDevSet('chinese')];
  for (const set of sets) {
    console.log(
      `${set.name}: ${set.skills.length} skills, ${set.queries.length} queries, skipped ${set.skipped.length} (${set.skipped.join('; ')})`,
    );
  }
  const only = flagValue('--only');
  const json = flagValue('--json');
  if (arguments_.includes('--oracle')) {
    for (const set of sets) console.log(await oracle(set, json ? jsonVariants(json) : []));
    return;
  }
  const list = (
    json ? jsonVariants(json) : arguments_.includes('--grid') ? gridVariants() : variants()
  ).filter((variant) => !only || variant.label.includes(only));
  for (const variant of list) {
    console.log(`\n${variant.label}`);
    for (const set of sets)
      console.log(`  ${set.name.padEnd(8)} ${format(await evaluate(set, variant))}`);
  }
  if (!arguments_.includes('--grid') && !only && !json) {
    console.log(`\nlatency, default hybrid: ${await timeCombined(sets, { label: 'hybrid' })}`);
    console.log(
      `latency, keyword only:   ${await timeCombined(sets, { label: 'keyword', embedding: null })}`,
    );
  }
}

await main();
