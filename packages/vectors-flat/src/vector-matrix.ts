import type { VectorIndexMatch } from '@autoskill/core';
import { createSimdKernel, type SimdKernel } from './simd-kernel';
import { selectTopK } from './top-k';

const MINIMUM_CAPACITY = 16;

/**
 * The in-memory state of a flat index. Vectors live in one dimension-major Float32Array
 * (`columns[dimension * capacity + row]`), so a query touches only the columns of its non-zero
 * dimensions: sparse hashing queries read ~20 columns instead of the whole matrix. Scores are
 * accumulated into one reused array, four rows per instruction with the WebAssembly SIMD kernel
 * (plain JavaScript loops where it is unavailable or memory cannot grow).
 * Deletes move the last row into the hole (swap-with-last), so rows stay dense.
 */
export class VectorMatrix {
  readonly dimensions: number;
  capacity: number;
  count = 0;
  /** Views into the kernel memory (or plain arrays); re-read after any growth. */
  columns: Float32Array;
  private scores: Float32Array | Float64Array;
  private kernel: SimdKernel | undefined;
  ids: string[] = [];
  hashes: (string | undefined)[] = [];
  private readonly rowOf = new Map<string, number>();
  private readonly activeDimensions: Int32Array;
  private readonly activeWeights: Float64Array;

  constructor(dimensions: number, capacity = MINIMUM_CAPACITY, options: { simd?: boolean } = {}) {
    this.dimensions = dimensions;
    this.capacity = roundCapacity(capacity);
    this.activeDimensions = new Int32Array(dimensions);
    this.activeWeights = new Float64Array(dimensions);
    this.kernel =
      options.simd === false ? undefined : createSimdKernel(this.byteLength(this.capacity));
    if (this.kernel) {
      this.columns = new Float32Array(0);
      this.scores = new Float32Array(0);
      this.bindKernelViews();
    } else {
      this.columns = new Float32Array(dimensions * this.capacity);
      this.scores = new Float64Array(this.capacity);
    }
  }

  /** True when queries run on the WebAssembly SIMD kernel. */
  get usesSimd(): boolean {
    return this.kernel !== undefined;
  }

  /**
   * A matrix holding `ids` (with some headroom) whose vectors the caller then writes into
   * `column(dimension)` — the snapshot reader reads them from disk straight into place, without
   * an intermediate copy of the file. Returns undefined when `ids` holds a duplicate.
   */
  static withRows(
    dimensions: number,
    ids: readonly string[],
    hashes: readonly (string | undefined)[],
  ): VectorMatrix | undefined {
    const count = ids.length;
    const matrix = new VectorMatrix(dimensions, Math.ceil(count * 1.25));
    const { rowOf } = matrix;
    for (let row = 0; row < count; row++) {
      // One lookup per id: a duplicate leaves the map a size short.
      rowOf.set(ids[row]!, row);
      if (rowOf.size !== row + 1) return undefined;
    }
    matrix.ids = ids.slice();
    matrix.hashes = hashes.slice();
    matrix.count = count;
    return matrix;
  }

  /** The live values of one dimension for rows 0..count-1 (a view, not a copy). */
  column(dimension: number): Float32Array {
    const start = dimension * this.capacity;
    return this.columns.subarray(start, start + this.count);
  }

  has(id: string): boolean {
    return this.rowOf.has(id);
  }

  /** Adds or replaces `id`. `vector` must already be validated and unit-normalised. */
  set(id: string, vector: Float32Array, hash: string | undefined): void {
    let row = this.rowOf.get(id);
    if (row === undefined) {
      if (this.count === this.capacity) this.grow(this.capacity * 2);
      row = this.count++;
      this.rowOf.set(id, row);
      this.ids[row] = id;
    }
    this.hashes[row] = hash;
    const { columns, capacity, dimensions } = this;
    for (let dimension = 0; dimension < dimensions; dimension++) {
      columns[dimension * capacity + row] = vector[dimension]!;
    }
  }

  /** Removes `id` by moving the last row into its place. Returns false for unknown ids. */
  remove(id: string): boolean {
    const row = this.rowOf.get(id);
    if (row === undefined) return false;
    const last = this.count - 1;
    this.rowOf.delete(id);
    if (row !== last) {
      const { columns, capacity, dimensions } = this;
      for (let dimension = 0; dimension < dimensions; dimension++) {
        const base = dimension * capacity;
        columns[base + row] = columns[base + last]!;
      }
      const movedId = this.ids[last]!;
      this.ids[row] = movedId;
      this.hashes[row] = this.hashes[last];
      this.rowOf.set(movedId, row);
    }
    this.ids.pop();
    this.hashes.pop();
    this.count = last;
    return true;
  }

  get(id: string): Float32Array | undefined {
    const row = this.rowOf.get(id);
    if (row === undefined) return undefined;
    const vector = new Float32Array(this.dimensions);
    for (let dimension = 0; dimension < this.dimensions; dimension++) {
      vector[dimension] = this.columns[dimension * this.capacity + row]!;
    }
    return vector;
  }

  getHash(id: string): string | undefined {
    const row = this.rowOf.get(id);
    return row === undefined ? undefined : this.hashes[row];
  }

  /** Dot products with a unit query over its non-zero dimensions, then a bounded top-K. */
  /**
   * The `topK` best rows, then the scores of the `alsoScore` ids outside them: every row is
   * scored anyway, so those cost a lookup instead of a strided read of their vector.
   */
  query(
    query: Float32Array,
    topK: number,
    filter?: (id: string) => boolean,
    alsoScore: readonly string[] = [],
  ): VectorIndexMatch[] {
    const count = this.count;
    if (count === 0 || topK === 0) return [];
    const { capacity, activeDimensions, activeWeights } = this;
    let active = 0;
    for (let dimension = 0; dimension < this.dimensions; dimension++) {
      const weight = query[dimension]!;
      if (weight !== 0) {
        activeDimensions[active] = dimension;
        activeWeights[active++] = weight;
      }
    }
    // Whole groups of four rows: the kernel writes up to the next multiple of four.
    this.scores.fill(0, 0, Math.min(capacity, (count + 3) & ~3));
    if (this.kernel) this.accumulateSimd(active, count);
    else this.accumulateScalar(active, count);
    const matches = selectTopK(this.scores, count, this.ids, topK, filter);
    if (alsoScore.length === 0) return matches;
    const listed = new Set(matches.map((match) => match.id));
    for (const id of alsoScore) {
      const row = this.rowOf.get(id);
      if (row === undefined || listed.has(id) || (filter && !filter(id))) continue;
      listed.add(id);
      matches.push({ id, score: this.scores[row]! });
    }
    return matches;
  }

  private accumulateSimd(active: number, count: number): void {
    const { kernel, activeDimensions: dimensions, activeWeights: weights } = this;
    const stride = this.capacity * 4;
    const column = (position: number) => stride + dimensions[position]! * stride;
    let next = 0;
    for (; next + 4 <= active; next += 4) {
      kernel!.axpy4(
        0,
        column(next),
        column(next + 1),
        column(next + 2),
        column(next + 3),
        weights[next]!,
        weights[next + 1]!,
        weights[next + 2]!,
        weights[next + 3]!,
        count,
      );
    }
    for (; next < active; next++) kernel!.axpy1(0, column(next), weights[next]!, count);
  }

  private accumulateScalar(active: number, count: number): void {
    const { columns, capacity, activeDimensions: dimensions, activeWeights: weights } = this;
    const scores = this.scores;
    let next = 0;
    // Four columns per pass: a quarter of the loads and stores on `scores`.
    for (; next + 4 <= active; next += 4) {
      const base0 = dimensions[next]! * capacity;
      const base1 = dimensions[next + 1]! * capacity;
      const base2 = dimensions[next + 2]! * capacity;
      const base3 = dimensions[next + 3]! * capacity;
      const weight0 = weights[next]!;
      const weight1 = weights[next + 1]!;
      const weight2 = weights[next + 2]!;
      const weight3 = weights[next + 3]!;
      for (let row = 0; row < count; row++) {
        scores[row] =
          scores[row]! +
          weight0 * columns[base0 + row]! +
          weight1 * columns[base1 + row]! +
          weight2 * columns[base2 + row]! +
          weight3 * columns[base3 + row]!;
      }
    }
    for (; next < active; next++) {
      const base = dimensions[next]! * capacity;
      const weight = weights[next]!;
      for (let row = 0; row < count; row++)
        scores[row] = scores[row]! + weight * columns[base + row]!;
    }
  }

  /** Kernel memory layout: scores (capacity floats), then the columns. */
  private byteLength(capacity: number): number {
    return (capacity + this.dimensions * capacity) * 4;
  }

  private bindKernelViews(): void {
    const buffer = this.kernel!.memory.buffer;
    this.scores = new Float32Array(buffer, 0, this.capacity);
    this.columns = new Float32Array(buffer, this.capacity * 4, this.dimensions * this.capacity);
  }

  private grow(requested: number): void {
    const capacity = roundCapacity(requested);
    const { dimensions, count } = this;
    if (this.kernel) {
      const memory = this.kernel.memory;
      const missing = this.byteLength(capacity) - memory.buffer.byteLength;
      try {
        if (missing > 0) memory.grow(Math.ceil(missing / 65_536));
      } catch {
        this.leaveKernel(capacity);
        return;
      }
      // Move columns to the wider stride, last first so none is overwritten before it moves.
      const all = new Float32Array(memory.buffer);
      const oldCapacity = this.capacity;
      for (let dimension = dimensions - 1; dimension >= 0; dimension--) {
        const from = oldCapacity + dimension * oldCapacity;
        all.copyWithin(capacity + dimension * capacity, from, from + count);
      }
      this.capacity = capacity;
      this.bindKernelViews();
      return;
    }
    const columns = new Float32Array(dimensions * capacity);
    for (let dimension = 0; dimension < dimensions; dimension++) {
      const from = dimension * this.capacity;
      columns.set(this.columns.subarray(from, from + count), dimension * capacity);
    }
    this.columns = columns;
    this.capacity = capacity;
    this.scores = new Float64Array(capacity);
  }

  /** WebAssembly memory is capped (4 GiB): continue with plain arrays. */
  private leaveKernel(capacity: number): void {
    const columns = new Float32Array(this.dimensions * capacity);
    for (let dimension = 0; dimension < this.dimensions; dimension++) {
      const from = dimension * this.capacity;
      columns.set(this.columns.subarray(from, from + this.count), dimension * capacity);
    }
    this.kernel = undefined;
    this.columns = columns;
    this.capacity = capacity;
    this.scores = new Float64Array(capacity);
  }
}

function roundCapacity(capacity: number): number {
  return Math.max(MINIMUM_CAPACITY, Math.ceil(capacity / MINIMUM_CAPACITY) * MINIMUM_CAPACITY);
}
