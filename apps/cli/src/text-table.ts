import type { Share } from './bench/learning/learning-figures';

/** Rows of cells as aligned text columns (two spaces apart, no trailing blanks). */
export function textTable(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const cells of rows)
    cells.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, cell.length);
    });
  return rows.map((cells) =>
    cells
      .map((cell, index) => cell.padEnd(widths[index] ?? 0))
      .join('  ')
      .trimEnd(),
  );
}

/** "3 / 4 = 0.750", or "— (none)" when there is nothing to count. */
export function shareText(value: Share): string {
  return value.of === 0
    ? '— (none)'
    : `${value.count} / ${value.of} = ${(value.share ?? 0).toFixed(3)}`;
}
