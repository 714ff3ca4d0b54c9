import { sets, scoreSet, evaluate, fmt } from './scratch-experiments';
import { makeVec } from './scratch-vec';
const HAN1 = /^\p{Script=Han}$/u;
const grid: [string, any][] = [];
for (const vec of [{ uni: 0.5, hashes: 2 }, { uni: 0.5 }, { hashes: 2 }, { uni: 0.7, hashes: 2 }, { uni: 0.5, hashes: 3 }])
  for (const q of [1, 0.7, 0.5])
    grid.push([`${JSON.stringify(vec)} q${q}`, { vector: makeVec(vec), keyword: { queryTermWeight: (t: string) => (HAN1.test(t) ? q : 1) } }]);
for (const set of sets) {
  for (const [name, o] of grid) {
    const m = scoreSet(set, o);
    console.log(set.name, name, [0.15, 0.2, 0.25, 0.3].map((w) => `${w}: ${fmt(evaluate(m, w))}`).join(' | '));
  }
}
