import { tokenize, stemEnglishWord, ENGLISH_STOPWORDS } from '../src/index';
import { featureHash } from '../src/embeddings/feature-hash';
const HAN = /\p{Script=Han}/u;
const WORD = /^[\p{L}\p{N}]{4,}$/u;
const RUN = /(\p{Script=Han})|([\p{L}\p{N}]+)/gu;
export interface VecOptions { uni?: number; cjkBi?: number; ng?: number; wordBi?: number; hashes?: number; dims?: number; sub?: boolean; cjkTri?: number; log?: boolean }
export function makeVec(o: VecOptions) {
  const dims = o.dims ?? 256;
  return (text: string): Float32Array => {
    const counts = new Map<string, number>();
    const add = (f: string, w: number) => counts.set(f, (counts.get(f) ?? 0) + w);
    for (const token of tokenize(text)) {
      const isHan = HAN.test(token);
      if (isHan) add(token, token.length === 1 ? (o.uni ?? 1) : (o.cjkBi ?? 1));
      else add(token, 1);
      if ((o.ng ?? 0.5) > 0 && WORD.test(token)) {
        const p = `<${token}>`;
        for (let i = 0; i + 3 <= p.length; i++) add(`#${p.slice(i, i + 3)}`, o.ng ?? 0.5);
      }
    }
    if (o.wordBi || o.cjkTri) {
      for (const part of text.normalize('NFKC').toLowerCase().split(/[\n.;,!?。，；！？]/)) {
        const u: string[] = [];
        const han: string[] = [];
        for (const m of part.matchAll(RUN)) {
          if (m[1]) { han.push(m[1]); continue; }
          if (han.length && o.cjkTri) { for (let i = 0; i + 3 <= han.length; i++) add(`~${han.slice(i, i + 3).join('')}`, o.cjkTri); }
          const w = m[2]!; if (ENGLISH_STOPWORDS.has(w)) continue;
          u.push(/^[a-z]+$/.test(w) ? stemEnglishWord(w) : w);
        }
        if (o.cjkTri) for (let i = 0; i + 3 <= han.length; i++) add(`~${han.slice(i, i + 3).join('')}`, o.cjkTri);
        if (o.wordBi) for (let i = 0; i + 1 < u.length; i++) add(`${u[i]}_${u[i + 1]}`, o.wordBi);
      }
    }
    const v = new Float32Array(dims);
    for (const [f, c] of counts) {
      const w = o.log === false ? c : c >= 1 ? 1 + Math.log(c) : c;
      for (let h = 0; h < (o.hashes ?? 1); h++) {
        const hash = featureHash(f, 0x811c9dc5 + h * 7919);
        v[hash % dims]! += (hash & 0x80000000 ? -w : w) / Math.sqrt(o.hashes ?? 1);
      }
    }
    let n = 0; for (let i = 0; i < dims; i++) n += v[i]! * v[i]!;
    if (n > 0) { const s = 1 / Math.sqrt(n); for (let i = 0; i < dims; i++) v[i]! *= s; }
    return v;
  };
}
