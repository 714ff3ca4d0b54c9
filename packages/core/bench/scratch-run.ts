import { sets, scoreSet, evaluate, fmt, type Rerank } from './scratch-experiments';
import { stemEnglishWord, ENGLISH_STOPWORDS, CHINESE_STOP_CHARACTERS } from '../src/index';

const RUN = /(\p{Script=Han})|([\p{L}\p{N}]+)/gu;
function units(text: string): string[] {
  const out: string[] = [];
  for (const m of text.normalize('NFKC').toLowerCase().matchAll(RUN)) {
    if (m[1]) out.push(m[1]);
    else { const w = m[2]!; if (ENGLISH_STOPWORDS.has(w)) continue; out.push(/^[a-z]+$/.test(w) ? stemEnglishWord(w) : w); }
  }
  return out;
}
function grams(u: string[], ns: number[]): Set<string> {
  const s = new Set<string>();
  for (const n of ns) for (let i = 0; i + n <= u.length; i++) s.add(u.slice(i, i + n).join(' '));
  return s;
}
const cache = new Map<string, Set<string>>();
function headGrams(set: any, d: number, ns: number[], key: string) {
  const k = `${set.name}:${d}:${key}`;
  let g = cache.get(k);
  if (!g) {
    const s = set.skills[d];
    const text = [s.name.replace(/[-_]/g, ' '), s.title.replace(/[-_]/g, ' '), s.description, ...(key.includes('tags') ? s.tags : [])].join(' \n ');
    g = new Set<string>();
    for (const part of text.split('\n')) for (const x of grams(units(part), ns)) g.add(x);
    cache.set(k, g);
  }
  return g;
}
function phrase(ns: number[], key: string): Rerank {
  return (q, d, set) => {
    const qg = grams(units(q), ns);
    if (qg.size === 0) return 0;
    const hg = headGrams(set, d, ns, key);
    let c = 0; for (const x of qg) if (hg.has(x)) c++;
    return c / qg.size;
  };
}
const features: [string, Rerank][] = [
  ['bi', phrase([2], 'h')], ['bi+tri', phrase([2, 3], 'h')], ['bi tags', phrase([2], 'htags')], ['uni', phrase([1], 'h')], ['uni+bi', phrase([1, 2], 'h')],
];
for (const set of sets) {
  const m = scoreSet(set, {});
  console.log(set.name, 'base', fmt(evaluate(m, 0.25)));
  for (const [name, f] of features) for (const rw of [0.02, 0.05, 0.1]) console.log(set.name, name, rw, fmt(evaluate(m, 0.25, f, rw)));
}
