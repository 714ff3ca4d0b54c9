import { displayWidth } from './display-width';

/** Screen rows `line` takes when wrapped at `width` columns. */
export function wrappedRows(line: string, width: number): number {
  return Math.max(1, Math.ceil(displayWidth(line) / Math.max(1, width)));
}

/**
 * The last lines of `lines` that fit in `rows` screen rows at `width` columns, and how many were
 * left out above (a live region taller than the screen makes terminals repaint everything).
 */
export function tailThatFits(
  lines: readonly string[],
  rows: number,
  width: number,
): { shown: string[]; hidden: number } {
  let used = 0;
  let first = lines.length;
  while (first > 0) {
    const height = wrappedRows(lines[first - 1] ?? '', width);
    if (used + height > rows && first < lines.length) break;
    used += height;
    first--;
  }
  return { shown: lines.slice(first), hidden: first };
}

/** `count` items of `total` around `focus`: the first index and how many. */
export function windowAround(
  total: number,
  focus: number,
  count: number,
): { start: number; end: number } {
  if (total <= count) return { start: 0, end: total };
  const start = Math.max(0, Math.min(focus - Math.floor(count / 2), total - count));
  return { start, end: start + count };
}
