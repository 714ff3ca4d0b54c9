import { sets, scoreSet, evaluate, fmt } from './scratch-experiments';
import { makeVec } from './scratch-vec';
const variants: [string, any][] = JSON.parse(process.argv[2]!);
for (const set of sets) {
  for (const [name, o] of variants) {
    const m = scoreSet(set, { vector: makeVec(o) });
    for (const w of [1, 0.2, 0.25, 0.3, 0.35]) console.log(set.name, name, w, fmt(evaluate(m, w)));
  }
}
