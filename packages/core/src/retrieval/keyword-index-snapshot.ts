import { InvalidArgumentError } from '../errors/errors';
import type { TermPosting } from './term-posting';

/** Version of `KeywordIndexSnapshot`; a snapshot of another version is rejected (rebuild instead). */
export const KEYWORD_INDEX_SNAPSHOT_FORMAT = 2;

/**
 * A keyword index as plain typed columns (no object per document or term), for saving to disk
 * (e.g. with `node:v8` `serialize`) and restoring without tokenizing anything again. Documents
 * are numbered densely 0…ids.length−1 in this snapshot.
 */
export interface KeywordIndexSnapshot {
  format: typeof KEYWORD_INDEX_SNAPSHOT_FORMAT;
  /** Field names in index order; a snapshot restores only into an index with the same fields. */
  fields: string[];
  ids: string[];
  /** Token count per document and field: `lengths[document * fields.length + field]`. */
  lengths: Uint32Array;
  terms: string[];
  /** Rows of term `t` are `postingOffsets[t]` … `postingOffsets[t + 1] − 1`. */
  postingOffsets: Uint32Array;
  /** Document of each row, increasing within a term. */
  postingDocuments: Uint32Array;
  /**
   * Per row, bit `f` set when field `f` holds the term (at most 8 fields). A term is in one or
   * two of a document's fields, so only those frequencies are kept (`postingFrequencyValues`).
   */
  postingFieldMasks: Uint8Array;
  /** The non-zero frequencies, row by row and field by field; term `t`'s start at `postingFrequencyOffsets[t]`. */
  postingFrequencyValues: Uint8Array;
  postingFrequencyOffsets: Uint32Array;
}

/** Most fields a snapshot can hold (one bit each in `postingFieldMasks`). */
export const KEYWORD_SNAPSHOT_MAX_FIELDS = 8;

/**
 * A restored snapshot the index reads lazily: a term's posting becomes an object only when a
 * query or write touches it. Documents' term lists (needed only to remove one) are not saved:
 * they are derived from the postings at the first removal.
 */
export interface RestoredKeywordState {
  snapshot: KeywordIndexSnapshot;
  /** Terms not materialised yet → term number. */
  pendingTerms: Map<string, number>;
  /** Term numbers of each document (CSR), built at the first removal of a restored document. */
  documentTerms?: { offsets: Uint32Array; terms: Uint32Array };
}

/** Checks a snapshot's shape against the index's fields; throws InvalidArgumentError otherwise. */
export function restoreKeywordSnapshot(
  snapshot: KeywordIndexSnapshot,
  fields: readonly string[],
): RestoredKeywordState {
  const fail = (message: string): never => {
    throw new InvalidArgumentError('snapshot', message);
  };
  if (!snapshot || snapshot.format !== KEYWORD_INDEX_SNAPSHOT_FORMAT)
    fail(`expected a keyword index snapshot of format ${KEYWORD_INDEX_SNAPSHOT_FORMAT}`);
  if (!Array.isArray(snapshot.fields) || snapshot.fields.join('\n') !== fields.join('\n'))
    fail('was taken from an index with other fields');
  const documents = snapshot.ids?.length ?? 0;
  const termCount = snapshot.terms?.length ?? 0;
  const rows = snapshot.postingDocuments?.length ?? 0;
  if (
    !Array.isArray(snapshot.ids) ||
    !Array.isArray(snapshot.terms) ||
    !(snapshot.lengths instanceof Uint32Array) ||
    snapshot.lengths.length !== documents * fields.length ||
    !(snapshot.postingOffsets instanceof Uint32Array) ||
    snapshot.postingOffsets.length !== termCount + 1 ||
    snapshot.postingOffsets[termCount] !== rows ||
    !(snapshot.postingDocuments instanceof Uint32Array) ||
    !(snapshot.postingFieldMasks instanceof Uint8Array) ||
    snapshot.postingFieldMasks.length !== rows ||
    !(snapshot.postingFrequencyOffsets instanceof Uint32Array) ||
    snapshot.postingFrequencyOffsets.length !== termCount + 1 ||
    !(snapshot.postingFrequencyValues instanceof Uint8Array) ||
    snapshot.postingFrequencyOffsets[termCount] !== snapshot.postingFrequencyValues.length
  ) {
    fail('has inconsistent columns');
  }
  return {
    snapshot,
    pendingTerms: new Map(snapshot.terms.map((term, index) => [term, index])),
  };
}

/**
 * The posting of term number `index`: document slots as a view into the snapshot (no copy),
 * frequencies unpacked into one dense array (only for the terms a query or write touches).
 */
export function restoredPosting(state: RestoredKeywordState, index: number): TermPosting {
  const { snapshot } = state;
  const fieldCount = snapshot.fields.length;
  const start = snapshot.postingOffsets[index]!;
  const end = snapshot.postingOffsets[index + 1]!;
  const frequencies = new Uint8Array((end - start) * fieldCount);
  const masks = snapshot.postingFieldMasks;
  const values = snapshot.postingFrequencyValues;
  let value = snapshot.postingFrequencyOffsets[index]!;
  for (let row = start; row < end; row++) {
    const mask = masks[row]!;
    if (mask === 0) continue;
    const base = (row - start) * fieldCount;
    for (let field = 0; field < fieldCount; field++)
      if (mask & (1 << field)) frequencies[base + field] = values[value++]!;
  }
  return {
    slots: new Int32Array(
      snapshot.postingDocuments.buffer,
      snapshot.postingDocuments.byteOffset + start * 4,
      end - start,
    ),
    frequencies,
    length: end - start,
    live: end - start,
  };
}

/** The terms of restored document `document` (all documents' lists are derived on first use). */
export function restoredDocumentTerms(state: RestoredKeywordState, document: number): string[] {
  const { snapshot } = state;
  state.documentTerms ??= invertPostings(snapshot);
  const { offsets, terms: numbers } = state.documentTerms;
  const terms: string[] = [];
  const end = offsets[document + 1]!;
  for (let at = offsets[document]!; at < end; at++) terms.push(snapshot.terms[numbers[at]!]!);
  return terms;
}

/** Term numbers per document from the term → documents postings: two passes over the rows. */
function invertPostings(snapshot: KeywordIndexSnapshot): {
  offsets: Uint32Array;
  terms: Uint32Array;
} {
  const { postingDocuments, postingOffsets } = snapshot;
  const offsets = new Uint32Array(snapshot.ids.length + 1);
  for (const document of postingDocuments) offsets[document + 1]!++;
  for (let document = 0; document < snapshot.ids.length; document++)
    offsets[document + 1]! += offsets[document]!;
  const cursor = offsets.slice(0, snapshot.ids.length);
  const terms = new Uint32Array(postingDocuments.length);
  for (let term = 0; term < snapshot.terms.length; term++) {
    for (let row = postingOffsets[term]!; row < postingOffsets[term + 1]!; row++)
      terms[cursor[postingDocuments[row]!]!++] = term;
  }
  return { offsets, terms };
}

/** What `buildKeywordSnapshot` reads of a live index. */
export interface KeywordIndexColumns {
  fields: readonly string[];
  /** Id per slot; undefined for removed documents. */
  slotIds: readonly (string | undefined)[];
  lengthOf(slot: number, field: number): number;
  termsOf(slot: number): readonly string[];
  /** Every term with at least one live document. */
  terms(): Iterable<string>;
  postingOf(term: string): TermPosting | undefined;
}

/** A dense snapshot of a live index (removed documents dropped, slots renumbered in order). */
export function buildKeywordSnapshot(index: KeywordIndexColumns): KeywordIndexSnapshot {
  const fieldCount = index.fields.length;
  if (fieldCount > KEYWORD_SNAPSHOT_MAX_FIELDS)
    throw new InvalidArgumentError(
      'fields',
      `a keyword index snapshot holds at most ${KEYWORD_SNAPSHOT_MAX_FIELDS} fields, not ${fieldCount}`,
    );
  const renumber = new Int32Array(index.slotIds.length).fill(-1);
  const ids: string[] = [];
  for (let slot = 0; slot < index.slotIds.length; slot++) {
    const id = index.slotIds[slot];
    if (id === undefined) continue;
    renumber[slot] = ids.length;
    ids.push(id);
  }
  const lengths = new Uint32Array(ids.length * fieldCount);
  for (let slot = 0; slot < index.slotIds.length; slot++) {
    const document = renumber[slot]!;
    if (document < 0) continue;
    for (let field = 0; field < fieldCount; field++)
      lengths[document * fieldCount + field] = index.lengthOf(slot, field);
  }
  const terms = [...index.terms()];
  const postingOffsets = new Uint32Array(terms.length + 1);
  let rows = 0;
  for (const [number, term] of terms.entries()) {
    rows += index.postingOf(term)?.live ?? 0;
    postingOffsets[number + 1] = rows;
  }
  const postingDocuments = new Uint32Array(rows);
  const postingFieldMasks = new Uint8Array(rows);
  // At most every field of every row; cut to what was used at the end.
  let values = new Uint8Array(rows * 2);
  let valueCount = 0;
  const postingFrequencyOffsets = new Uint32Array(terms.length + 1);
  let row = 0;
  for (const [number, term] of terms.entries()) {
    postingFrequencyOffsets[number] = valueCount;
    const posting = index.postingOf(term);
    if (!posting) continue;
    for (let from = 0; from < posting.length; from++) {
      const document = renumber[posting.slots[from]!]!;
      if (document < 0) continue;
      postingDocuments[row] = document;
      if (valueCount + fieldCount > values.length) {
        const grown = new Uint8Array(values.length * 2 + fieldCount);
        grown.set(values);
        values = grown;
      }
      let mask = 0;
      for (let field = 0; field < fieldCount; field++) {
        const frequency = posting.frequencies[from * fieldCount + field]!;
        if (frequency === 0) continue;
        mask |= 1 << field;
        values[valueCount++] = frequency;
      }
      postingFieldMasks[row] = mask;
      row++;
    }
  }
  postingFrequencyOffsets[terms.length] = valueCount;
  return {
    format: KEYWORD_INDEX_SNAPSHOT_FORMAT,
    fields: [...index.fields],
    ids,
    lengths,
    terms,
    postingOffsets,
    postingDocuments,
    postingFieldMasks,
    postingFrequencyValues: values.slice(0, valueCount),
    postingFrequencyOffsets,
  };
}
