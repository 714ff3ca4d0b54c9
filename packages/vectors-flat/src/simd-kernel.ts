/**
 * A tiny WebAssembly SIMD kernel for the score accumulation, assembled here from opcodes (no
 * build step, no binary blob): 4 float32 rows per instruction instead of 1.
 *
 *   axpy4(scores, c0, c1, c2, c3, w0, w1, w2, w3, count):
 *     scores[i] += w0·c0[i] + w1·c1[i] + w2·c2[i] + w3·c3[i]   for i in [0, ceil(count/4)·4)
 *   axpy1(scores, c0, w0, count): scores[i] += w0·c0[i]
 *
 * Pointers are byte offsets into the imported memory, 16-byte aligned.
 */
export interface SimdKernel {
  readonly memory: WasmMemory;
  axpy4(
    scores: number,
    column0: number,
    column1: number,
    column2: number,
    column3: number,
    weight0: number,
    weight1: number,
    weight2: number,
    weight3: number,
    count: number,
  ): void;
  axpy1(scores: number, column: number, weight: number, count: number): void;
}

/** The few WebAssembly APIs used (the TypeScript lib here has no DOM/WebAssembly types). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;

const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, depth],
  brIf: (depth: number) => [0x0d, depth],
  get: (local: number) => [0x20, local],
  set: (local: number) => [0x21, local],
  i32Const: (value: number) => [0x41, ...signedLeb(value)],
  i32Add: [0x6a],
  i32Shl: [0x74],
  i32GeU: [0x4f],
  v128Load: [0xfd, 0x00, 0x04, 0x00], // align 2^4, offset 0
  v128Store: [0xfd, 0x0b, 0x04, 0x00],
  f32x4Splat: [0xfd, 0x13],
  f32x4Add: [0xfd, 0xe4, 0x01],
  f32x4Mul: [0xfd, 0xe6, 0x01],
};

function signedLeb(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    if ((rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0)) {
      bytes.push(byte);
      return bytes;
    }
    bytes.push(byte | 0x80);
  }
}

function unsignedLeb(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  do {
    const byte = rest & 0x7f;
    rest >>>= 7;
    bytes.push(rest === 0 ? byte : byte | 0x80);
  } while (rest !== 0);
  return bytes;
}

function vector(items: number[][]): number[] {
  return [...unsignedLeb(items.length), ...items.flat()];
}

function section(id: number, content: number[]): number[] {
  return [id, ...unsignedLeb(content.length), ...content];
}

function text(value: string): number[] {
  const bytes = [...new TextEncoder().encode(value)];
  return [...unsignedLeb(bytes.length), ...bytes];
}

/** Body of a loop over 16-byte steps: scores[i..i+4] += Σ weight_k · column_k[i..i+4]. */
function axpyBody(columns: number): number[] {
  // Locals: params 0 = scores, 1..columns = column pointers, then weights, then count.
  const countLocal = 1 + columns * 2;
  const offset = countLocal + 1;
  const end = offset + 1;
  const weightVector = (index: number) => end + 1 + index;
  const code: number[] = [];
  code.push(...op.get(countLocal), ...op.i32Const(2), ...op.i32Shl, ...op.set(end));
  for (let index = 0; index < columns; index++) {
    code.push(...op.get(1 + columns + index), ...op.f32x4Splat, ...op.set(weightVector(index)));
  }
  code.push(...op.block, ...op.loop);
  code.push(...op.get(offset), ...op.get(end), ...op.i32GeU, ...op.brIf(1));
  code.push(...op.get(0), ...op.get(offset), ...op.i32Add); // store address
  code.push(...op.get(0), ...op.get(offset), ...op.i32Add, ...op.v128Load);
  for (let index = 0; index < columns; index++) {
    code.push(...op.get(1 + index), ...op.get(offset), ...op.i32Add, ...op.v128Load);
    code.push(...op.get(weightVector(index)), ...op.f32x4Mul, ...op.f32x4Add);
  }
  code.push(...op.v128Store);
  code.push(...op.get(offset), ...op.i32Const(16), ...op.i32Add, ...op.set(offset));
  code.push(...op.br(0), ...op.end, ...op.end, ...op.end);
  const locals = vector([
    [2, I32],
    [columns, V128],
  ]);
  const body = [...locals, ...code];
  return [...unsignedLeb(body.length), ...body];
}

function functionType(columns: number): number[] {
  const parameters = [I32, ...Array(columns).fill(I32), ...Array(columns).fill(F32), I32];
  return [0x60, ...vector(parameters.map((type) => [type])), 0x00];
}

function assembleModule(): Uint8Array {
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector([functionType(4), functionType(1)])),
    ...section(2, vector([[...text('env'), ...text('memory'), 0x02, 0x00, 0x01]])),
    ...section(3, vector([[0], [1]])),
    ...section(
      7,
      vector([
        [...text('axpy4'), 0x00, 0],
        [...text('axpy1'), 0x00, 1],
      ]),
    ),
    ...section(10, vector([axpyBody(4), axpyBody(1)])),
  ];
  return new Uint8Array(bytes);
}

let compiled: object | null | undefined;

/** A kernel bound to a new memory of `bytes`, or undefined where WebAssembly SIMD is missing. */
export function createSimdKernel(bytes: number): SimdKernel | undefined {
  if (!wasm) return undefined;
  if (compiled === undefined) {
    try {
      const binary = assembleModule();
      compiled = wasm.validate(binary) ? new wasm.Module(binary) : null;
    } catch {
      compiled = null;
    }
  }
  if (!compiled) return undefined;
  try {
    const memory = new wasm.Memory({ initial: Math.max(1, Math.ceil(bytes / 65_536)) });
    const instance = new wasm.Instance(compiled, { env: { memory } });
    const exports = instance.exports as unknown as Pick<SimdKernel, 'axpy4' | 'axpy1'>;
    return { memory, axpy4: exports.axpy4, axpy1: exports.axpy1 };
  } catch {
    return undefined;
  }
}
