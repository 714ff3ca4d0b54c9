/**
 * `"error"` as bytes. In JSON an unescaped `"error"` is only ever a key or a whole value (an
 * error event, or a finish reason "error"), so finding it needs no parsing.
 */
export const ERROR_KEY = Buffer.from('"error"');

/** True when `"error"` starts at the end of `before` and continues at the start of `after`. */
export function errorKeyAcrossSeam(before: Buffer, after: Buffer): boolean {
  // Most chunks end with a blank line: no byte of the key.
  if (before.length === 0 || ERROR_KEY.indexOf(before[before.length - 1] as number) === -1)
    return false;
  for (let split = 1; split < ERROR_KEY.length; split++) {
    const rest = ERROR_KEY.length - split;
    if (before.length < split || after.length < rest) continue;
    let match = true;
    for (let index = 0; index < ERROR_KEY.length && match; index++) {
      const byte = index < split ? before[before.length - split + index] : after[index - split];
      match = byte === ERROR_KEY[index];
    }
    if (match) return true;
  }
  return false;
}
