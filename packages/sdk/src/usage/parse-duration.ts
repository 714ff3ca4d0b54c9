import { InvalidArgumentError } from '@autoskill/core';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;

/**
 * A window like `30d`, `12h`, `90m` or `2w` in milliseconds (whole numbers, one unit: what a
 * prune window needs, not a general duration grammar).
 *
 * @example
 * parseDuration('30d', 'unusedFor'); // 2_592_000_000
 */
export function parseDuration(text: unknown, field: string): number {
  const match = typeof text === 'string' ? /^\s*(\d{1,6})\s*([mhdw])\s*$/i.exec(text) : null;
  const amount = Number(match?.[1]);
  const unit = match?.[2]?.toLowerCase() as keyof typeof UNIT_MS | undefined;
  if (!unit || amount < 1)
    throw new InvalidArgumentError(
      field,
      `must be a duration like 30d, 12h, 90m or 2w (got ${JSON.stringify(text)})`,
    );
  return amount * UNIT_MS[unit];
}
