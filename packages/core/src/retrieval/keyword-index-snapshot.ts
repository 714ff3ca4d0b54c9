import { InvalidArgumentError } from '../errors/errors';
import type { TermPosting } from './term-posting';

/** Version of `KeywordIndexSnapshot`; a snapshot of another version is rejected (rebuild instead). */
export const KEYWORD_INDEX_SNAPSHOT_FORMAT = 1;

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
  /** `fields.length` frequencies per row. */
  postingFrequencies: Uint8Array;
  /** Terms of document `d` are `documentTerms[documentTermOffsets[d]…documentTermOffsets[d + 1] − 1]`. */
  documentTermOffsets: Uint32Array;
  /** Term numbers (indexes into `terms`). */
  documentTerms: Uint32Array;
}

/**
 * A restored snapshot the index reads lazily: a term's posting becomes an object only when a
 * query or write touches it, and a document's term list only when it is removed.
 */
export interface RestoredKeywordState {
  snapshot: KeywordIndexSnapshot;
  /** Terms not materialised yet → term number. */
  pendingTerms: Map<string, number>;
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
    !(snapshot.postingFrequencies instanceof Uint8Array) ||
    snapshot.postingFrequencies.length !== rows * fields.length ||
    !(snapshot.documentTermOffsets instanceof Uint32Array) ||
    snapshot.documentTermOffsets.length !== documents + 1 ||
    !(snapshot.documentTerms instanceof Uint32Array) ||
    snapshot.documentTermOffsets[documents] !== snapshot.documentTerms.length
  ) {
    fail('has inconsistent columns');
  }
  return {
    snapshot,
    pendingTerms: new Map(snapshot.terms.map((term, index) => [term, index])),
  };
}

/** The posting of term number `index` as views into the snapshot's columns (no copy). */
export function restoredPosting(state: RestoredKeywordState, index: number): TermPosting {
  const { snapshot } = state;
  const fieldCount = snapshot.fields.length;
  const start = snapshot.postingOffsets[index]!;
  const end = snapshot.postingOffsets[index + 1]!;
  return {
    slots: new Int32Array(
      snapshot.postingDocuments.buffer,
      snapshot.postingDocuments.byteOffset + start * 4,
      end - start,
    ),
    frequencies: snapshot.postingFrequencies.subarray(start * fieldCount, end * fieldCount),
    length: end - start,
    live: end - start,
  };
}

/** The terms of restored document `document`. */
export function restoredDocumentTerms(state: RestoredKeywordState, document: number): string[] {
  const { snapshot } = state;
  const terms: string[] = [];
  const end = snapshot.documentTermOffsets[document + 1]!;
  for (let at = snapshot.documentTermOffsets[document]!; at < end; at++)
    terms.push(snapshot.terms[snapshot.documentTerms[at]!]!);
  return terms;
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
  const termNumbers = new Map(terms.map((term, number) => [term, number]));
  const postingOffsets = new Uint32Array(terms.length + 1);
  let rows = 0;
  for (const [number, term] of terms.entries()) {
    rows += index.postingOf(term)?.live ?? 0;
    postingOffsets[number + 1] = rows;
  }
  const postingDocuments = new Uint32Array(rows);
  const postingFrequencies = new Uint8Array(rows * fieldCount);
  let row = 0;
  for (const term of terms) {
    const posting = index.postingOf(term);
    if (!posting) continue;
    for (let from = 0; from < posting.length; from++) {
      const document = renumber[posting.slots[from]!]!;
      if (document < 0) continue;
      postingDocuments[row] = document;
      for (let field = 0; field < fieldCount; field++)
        postingFrequencies[row * fieldCount + field] =
          posting.frequencies[from * fieldCount + field]!;
      row++;
    }
  }
  const documentTermOffsets = new Uint32Array(ids.length + 1);
  const documentTerms: number[] = [];
  for (let slot = 0; slot < index.slotIds.length; slot++) {
    const document = renumber[slot]!;
    if (document < 0) continue;
    for (const term of index.termsOf(slot)) {
      const number = termNumbers.get(term);
      if (number !== undefined) documentTerms.push(number);
    }
    documentTermOffsets[document + 1] = documentTerms.length;
  }
  return {
    format: KEYWORD_INDEX_SNAPSHOT_FORMAT,
    fields: [...index.fields],
    ids,
    lengths,
    terms,
    postingOffsets,
    postingDocuments,
    postingFrequencies,
    documentTermOffsets,
    documentTerms: Uint32Array.from(documentTerms),
  };
}
