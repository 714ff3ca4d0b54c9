import { InvalidArgumentError } from '@autoskill/core';

export { assertAlsoScore, assertTopK, toUnitVector } from '@autoskill/core/store-kit';

/** Ids and hashes are stored with a 16-bit byte length; 0xffff marks "no hash". */
export const MAX_ID_BYTES = 0xfffe;
export const MAX_HASH_BYTES = 0xfffe;

const encoder = new TextEncoder();

export function assertId(id: unknown, argument: string): asserts id is string {
  if (typeof id !== 'string' || id.length === 0) {
    throw new InvalidArgumentError(argument, 'expected a non-empty string id');
  }
}

/** Checks what the on-disk format can round-trip: length and well-formed UTF-16. */
export function assertStorableText(value: string, argument: string, maxBytes: number): void {
  const bytes = encoder.encode(value);
  if (bytes.length > maxBytes) {
    throw new InvalidArgumentError(
      argument,
      `is ${bytes.length} UTF-8 bytes, at most ${maxBytes} allowed`,
    );
  }
  if (new TextDecoder().decode(bytes) !== value) {
    throw new InvalidArgumentError(argument, 'contains an unpaired surrogate (not valid Unicode)');
  }
}
