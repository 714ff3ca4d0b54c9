/** Rows a new posting starts with (most terms occur in a few documents). */
const INITIAL_POSTING_CAPACITY = 2;

/**
 * One term's postings in the keyword index as growable typed columns: a row per document slot
 * (rows in increasing slot order) with the term's frequency in each field. Rows of removed
 * documents stay until the index compacts.
 */
export interface TermPosting {
  slots: Int32Array;
  /** `fieldCount` frequencies per row (saturating at 255, where BM25 has long saturated: a quarter of the memory of floats). */
  frequencies: Uint8Array;
  /** Rows in use (live and dead). */
  length: number;
  /** Live documents containing the term (its document frequency). */
  live: number;
}

/** An empty posting for an index with `fieldCount` fields. */
export function createTermPosting(fieldCount: number): TermPosting {
  return {
    slots: new Int32Array(INITIAL_POSTING_CAPACITY),
    frequencies: new Uint8Array(INITIAL_POSTING_CAPACITY * fieldCount),
    length: 0,
    live: 0,
  };
}

/** Adds an all-zero row for `slot` (higher than every slot in the posting), growing the columns. */
export function appendPostingRow(posting: TermPosting, slot: number, fieldCount: number): void {
  if (posting.length === posting.slots.length) {
    const capacity = Math.max(4, posting.slots.length * 2);
    const slots = new Int32Array(capacity);
    const frequencies = new Uint8Array(capacity * fieldCount);
    // Plain loops: these arrays are small, and subarray() + set() allocate per call.
    for (let row = 0; row < posting.length; row++) slots[row] = posting.slots[row]!;
    for (let cell = 0; cell < posting.length * fieldCount; cell++)
      frequencies[cell] = posting.frequencies[cell]!;
    posting.slots = slots;
    posting.frequencies = frequencies;
  }
  posting.slots[posting.length] = slot;
  // Rows past `length` may hold leftovers of a compaction.
  const base = posting.length * fieldCount;
  for (let field = 0; field < fieldCount; field++) posting.frequencies[base + field] = 0;
  posting.length++;
  posting.live++;
}

/**
 * Renumbers a posting's slots after a compaction (`renumber[old]` is the new slot, -1 for a
 * removed document) and drops the rows of removed documents.
 */
export function compactPosting(
  posting: TermPosting,
  renumber: Int32Array,
  fieldCount: number,
): void {
  let kept = 0;
  for (let row = 0; row < posting.length; row++) {
    const slot = renumber[posting.slots[row]!]!;
    if (slot < 0) continue;
    posting.slots[kept] = slot;
    posting.frequencies.copyWithin(kept * fieldCount, row * fieldCount, (row + 1) * fieldCount);
    kept++;
  }
  posting.length = kept;
}

/** Row of `slot` in a posting, or -1. */
export function findPostingRow(posting: TermPosting, slot: number): number {
  let low = 0;
  let high = posting.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const value = posting.slots[middle]!;
    if (value === slot) return middle;
    if (value < slot) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}
