import type { VectorIndexMatch } from '@autoskill/core';

/**
 * Picks the `topK` best rows from `scores[0..count)`: score descending, ties by id ascending.
 * A bounded min-heap keeps the worst kept row at the root, so most rows cost one comparison.
 * `filter` is only called for rows that would enter the heap.
 */
export function selectTopK(
  scores: Float32Array | Float64Array,
  count: number,
  ids: readonly string[],
  topK: number,
  filter: ((id: string) => boolean) | undefined,
): VectorIndexMatch[] {
  const limit = Math.min(topK, count);
  if (limit <= 0) return [];
  const heapRows = new Int32Array(limit);
  const heapScores = new Float64Array(limit);
  let size = 0;

  // True when (scoreA, rowA) ranks below (scoreB, rowB).
  const isWorse = (scoreA: number, rowA: number, scoreB: number, rowB: number): boolean =>
    scoreA < scoreB || (scoreA === scoreB && ids[rowA]! > ids[rowB]!);

  const siftDown = (start: number): void => {
    let position = start;
    for (;;) {
      const left = position * 2 + 1;
      if (left >= size) return;
      const right = left + 1;
      let worst = left;
      if (
        right < size &&
        isWorse(heapScores[right]!, heapRows[right]!, heapScores[left]!, heapRows[left]!)
      ) {
        worst = right;
      }
      if (
        !isWorse(heapScores[worst]!, heapRows[worst]!, heapScores[position]!, heapRows[position]!)
      )
        return;
      swap(heapRows, heapScores, position, worst);
      position = worst;
    }
  };

  for (let row = 0; row < count; row++) {
    const score = scores[row]!;
    if (size === limit) {
      const rootScore = heapScores[0]!;
      if (score < rootScore) continue;
      if (!isWorse(rootScore, heapRows[0]!, score, row)) continue;
      if (filter && !filter(ids[row]!)) continue;
      heapRows[0] = row;
      heapScores[0] = score;
      siftDown(0);
      continue;
    }
    if (filter && !filter(ids[row]!)) continue;
    // Sift up.
    let position = size++;
    heapRows[position] = row;
    heapScores[position] = score;
    while (position > 0) {
      const parent = (position - 1) >> 1;
      if (
        !isWorse(heapScores[position]!, heapRows[position]!, heapScores[parent]!, heapRows[parent]!)
      )
        break;
      swap(heapRows, heapScores, position, parent);
      position = parent;
    }
  }

  const matches: VectorIndexMatch[] = [];
  for (let position = 0; position < size; position++) {
    matches.push({ id: ids[heapRows[position]!]!, score: heapScores[position]! });
  }
  return matches.sort((left, right) =>
    left.score !== right.score
      ? right.score - left.score
      : left.id < right.id
        ? -1
        : left.id > right.id
          ? 1
          : 0,
  );
}

function swap(rows: Int32Array, scores: Float64Array, left: number, right: number): void {
  const row = rows[left]!;
  rows[left] = rows[right]!;
  rows[right] = row;
  const score = scores[left]!;
  scores[left] = scores[right]!;
  scores[right] = score;
}
