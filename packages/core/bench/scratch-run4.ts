import { sets, scoreSet, evaluate, fmt } from './scratch-experiments';
import { makeVec } from './scratch-vec';
const HAN1 = /^\p{Script=Han}$/u;
const variants: [string, any][] = [
  ['uniq0.5', { keyword: { queryTermWeight: (t: string) => (HAN1.test(t) ? 0.5 : 1) } }],
  ['uniq0.7', { keyword: { queryTermWeight: (t: string) => (HAN1.test(t) ? 0.7 : 1) } }],
  ['uniq1.3', { keyword: { queryTermWeight: (t: string) => (HAN1.test(t) ? 1.3 : 1) } }],
  ['delta0.2', { keyword: { delta: 0.2 } }],
  ['delta0.5', { keyword: { delta: 0.5 } }],
];
for (const set of sets) {
  for (const [name, o] of variants) {
    const m = scoreSet(set, o);
    for (const w of [0, 0.2, 0.25, 0.3]) console.log(set.name, name, w, fmt(evaluate(m, w)));
  }
}
