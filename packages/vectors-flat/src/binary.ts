/** Little helpers for the on-disk formats (little-endian hosts only, checked at open). */

/** A Float32Array over `length` floats of `buffer` at `offset`, copying when misaligned. */
export function floatsAt(buffer: Uint8Array, offset: number, length: number): Float32Array {
  const start = buffer.byteOffset + offset;
  if (start % 4 === 0) return new Float32Array(buffer.buffer, start, length);
  // Copy explicitly: Buffer#slice returns a view, not a copy.
  const copy = new Uint8Array(length * 4);
  copy.set(buffer.subarray(offset, offset + length * 4));
  return new Float32Array(copy.buffer, 0, length);
}

/** The bytes of a Float32Array range, without copying. */
export function bytesOf(
  floats: Float32Array,
  start = 0,
  length = floats.length - start,
): Uint8Array {
  return new Uint8Array(floats.buffer, floats.byteOffset + start * 4, length * 4);
}

export function padTo4(length: number): number {
  return (length + 3) & ~3;
}

export function isLittleEndianHost(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}
