import type { CatalogDocument, CatalogEntry, RecordedHead } from './catalog-types';

/** A line without the fields that repeat others (format 2). */
export function compactLine(entry: CatalogEntry): CatalogEntry {
  const { head, document, files } = entry;
  const line = { ...entry };
  if (head) {
    const compact: Partial<RecordedHead> = { revision: head.revision };
    if (head.markdown !== entry.markdownHash) compact.markdown = head.markdown;
    if (!files || !sameList(head.files, files)) compact.files = head.files;
    line.head = compact as RecordedHead;
  }
  if (document.title === document.name) {
    const { title: _title, ...rest } = document;
    line.document = rest as CatalogDocument;
  }
  return line;
}

/** Fills in what `compactLine` left out, sharing the repeated string and array. */
export function expandLine(entry: CatalogEntry): void {
  if (entry.head) {
    entry.head.markdown ??= entry.markdownHash;
    entry.head.files ??= entry.files ?? [];
  }
  if (entry.document && entry.document.title === undefined)
    entry.document.title = entry.document.name;
}

function sameList(left: readonly string[], right: readonly string[]): boolean {
  return left.length === right.length && left.every((value, index) => value === right[index]);
}
