// biome-ignore-all lint/correctness/noNodejsModules: scratch
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import matter from 'gray-matter';
import YAML from 'yaml';
import {
  createKeywordIndex,
  hashingVector,
  type RetrievableSkill,
  skillEmbeddingText,
  skillSearchFields,
  slugifySkillName,
  tokenize,
} from '../src/index';

interface Query { text: string; answer: number }
interface DevSet { name: string; skills: RetrievableSkill[]; queries: Query[] }

const dataDirectory = '/work/shared/data/skillbank-dev';
function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
}
function loadDevSet(name: string): DevSet {
  const directory = join(dataDirectory, name);
  const skills: RetrievableSkill[] = [];
  const triggers: { skill: string; text: string }[] = [];
  for (const folder of readdirSync(directory).sort()) {
    const raw = readFileSync(join(directory, folder, 'SKILL.md'), 'utf8');
    if (raw.includes('\0')) continue;
    const parsed = matter(raw, { engines: { yaml: (text: string) => YAML.parse(text) as object } });
    const data = parsed.data as Record<string, unknown>;
    const title = String(data.name ?? folder);
    const id = String(data.id ?? folder);
    const prompt = parsed.content.split(/^## Prompt\s*$/m)[1] ?? parsed.content;
    const instructions = prompt.split(/^## (?:Triggers|Examples)\s*$/m)[0]!.trim();
    skills.push({ id, name: slugifySkillName(title), title, description: String(data.description ?? ''),
      tags: asStrings(data.tags), triggers: [], instructions, scope: 'common', owner: 'Common' });
    for (const trigger of asStrings(data.triggers)) triggers.push({ skill: id, text: trigger });
  }
  const owners = new Map<string, Set<string>>();
  for (const { skill, text } of triggers) {
    const key = text.trim().toLowerCase();
    if (!owners.has(key)) owners.set(key, new Set());
    owners.get(key)!.add(skill);
  }
  const seen = new Set<string>();
  const queries: Query[] = [];
  const index = new Map(skills.map((s, i) => [s.id, i]));
  for (const { skill, text } of triggers) {
    const key = text.trim().toLowerCase();
    if (owners.get(key)!.size !== 1 || seen.has(`${skill}\n${key}`) || key.length === 0) continue;
    seen.add(`${skill}\n${key}`);
    queries.push({ text, answer: index.get(skill)! });
  }
  return { name, skills, queries };
}

export interface Config {
  tokenizer?: (text: string) => string[];
  keyword?: Record<string, unknown>;
  extraFields?: (skill: RetrievableSkill) => Record<string, string>;
  vector?: (text: string) => Float32Array;
  embeddingText?: (skill: RetrievableSkill) => string;
}

export interface Matrices { kw: Float64Array[]; vec: Float64Array[]; set: DevSet }

export function scoreSet(set: DevSet, config: Config): Matrices {
  const index = createKeywordIndex({ tokenizer: config.tokenizer, ...(config.keyword as object) });
  const ids = set.skills.map((s) => s.id);
  set.skills.forEach((s) => index.upsert(s.id, { ...skillSearchFields(s), ...(config.extraFields?.(s) ?? {}) }));
  const vectorOf = config.vector ?? ((t: string) => hashingVector(t, 256));
  const embed = config.embeddingText ?? ((s: RetrievableSkill) => skillEmbeddingText(s));
  const docVectors = set.skills.map((s) => vectorOf(embed(s)));
  const kw: Float64Array[] = [];
  const vec: Float64Array[] = [];
  const pos = new Map(ids.map((id, i) => [id, i]));
  for (const q of set.queries) {
    const k = new Float64Array(ids.length);
    for (const m of index.search(q.text, { topK: ids.length })) k[pos.get(m.id)!] = m.score;
    kw.push(k);
    const qv = vectorOf(q.text);
    const v = new Float64Array(ids.length);
    docVectors.forEach((d, i) => {
      let s = 0;
      for (let j = 0; j < d.length; j++) s += d[j]! * qv[j]!;
      v[i] = Math.max(0, Math.min(1, s));
    });
    vec.push(v);
  }
  return { kw, vec, set };
}

export type Rerank = (query: string, doc: number, set: DevSet) => number;

export function evaluate(m: Matrices, w: number, rerank?: Rerank, rw = 0, depth = 20) {
  let h1 = 0, h5 = 0, rr = 0;
  const n = m.set.queries.length;
  m.set.queries.forEach((q, qi) => {
    const k = m.kw[qi]!, v = m.vec[qi]!;
    const scores = Array.from(k, (x, i) => (1 - w) * x + w * v[i]!);
    let order = scores.map((s, i) => [s, i] as [number, number]).filter(([s]) => s > 0);
    order.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    if (rerank && rw !== 0) {
      const head = order.slice(0, depth).map(([s, i]) => [s + rw * rerank(q.text, i, m.set), i] as [number, number]);
      head.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
      order = [...head, ...order.slice(depth)];
    }
    const rank = order.slice(0, 10).findIndex(([, i]) => i === q.answer);
    if (rank === 0) h1++;
    if (rank >= 0 && rank < 5) h5++;
    if (rank >= 0) rr += 1 / (rank + 1);
  });
  return { r1: h1 / n, r5: h5 / n, mrr: rr / n, h1, h5 };
}

export const sets = [loadDevSet('english'), loadDevSet('chinese')];
export const fmt = (r: ReturnType<typeof evaluate>) => `r@1 ${r.r1.toFixed(4)} (${r.h1}) r@5 ${r.r5.toFixed(4)} (${r.h5}) mrr ${r.mrr.toFixed(4)}`;
export { tokenize };
