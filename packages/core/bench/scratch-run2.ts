import { sets, scoreSet, evaluate, fmt } from './scratch-experiments';
import { tokenize, hashingVector } from '../src/index';
const HAN_RUN = /[\p{Script=Han}]+/gu;
function withTrigrams(text: string): string[] {
  const t = tokenize(text);
  for (const m of text.normalize('NFKC').toLowerCase().matchAll(HAN_RUN)) {
    const c = Array.from(m[0]);
    for (let i = 0; i + 3 <= c.length; i++) t.push(c[i]! + c[i + 1]! + c[i + 2]!);
  }
  return t;
}
const variants: [string, any][] = [
  ['base', {}],
  ['kw trigrams', { tokenizer: withTrigrams }],
  ['k1 1.2', { keyword: { k1: 1.2 } }],
  ['k1 2', { keyword: { k1: 2 } }],
  ['b 0.1', { keyword: { b: 0.1 } }],
  ['b 0.3', { keyword: { b: 0.3 } }],
];
const only = process.argv[2];
for (const set of sets) {
  for (const [name, config] of variants) {
    if (only && !name.includes(only)) continue;
    const m = scoreSet(set, config);
    for (const w of [0, 0.25]) console.log(set.name, name, w, fmt(evaluate(m, w)));
  }
}
