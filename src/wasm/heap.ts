import { kernels } from './instance.js';
import { newPrivateBytes } from './pool.js';
import { allocate } from './working-set.js';

// Blocks of WASM linear memory owned by TypeScript. `memory.grow` detaches every view of the old
// buffer, so views are made after the last allocation of a call; the one exception is the view
// over the whole memory below, which checks that it still covers what it is asked for.

/**
 * Allocates room for `count` elements of `bytesPerElement` bytes; `what` names the object in the
 * errors thrown when it cannot fit in 32-bit WebAssembly memory.
 * @throws {ShapeError} when it is larger than one block can be.
 * @throws {OutOfMemoryError} when WASM memory cannot provide it (see working-set.ts).
 */
export function allocBytes(count: number, bytesPerElement: number, what: string): number {
  return allocate(Math.max(count * bytesPerElement, 16), what);
}

/** Allocates `n` doubles. */
export function allocF64(n: number, what: string): number {
  return allocBytes(n, 8, what);
}

/** Allocates `n` 32-bit integers. */
export function allocI32(n: number, what: string): number {
  return allocBytes(n, 4, what);
}

/** Frees a block. */
export function free(ptr: number): void {
  kernels().free(ptr);
}

/** A fresh view of `n` doubles at `ptr`; valid until the next allocation. */
export function f64View(ptr: number, n: number): Float64Array {
  return new Float64Array(kernels().memory.buffer, ptr, n);
}

/** A fresh view of `n` 32-bit integers at `ptr`; valid until the next allocation. */
export function i32View(ptr: number, n: number): Int32Array {
  return new Int32Array(kernels().memory.buffer, ptr, n);
}

let whole: Float64Array | undefined;

/**
 * A Float64Array over the whole WASM memory, covering at least `endByte` bytes: cached, and remade
 * only when memory has grown (a grown memory detaches the old view, whose length becomes 0; a shared
 * one leaves it valid but short). Saves the cost of a new view on every small call.
 */
export function heapF64(endByte: number): Float64Array {
  if (whole === undefined || whole.length * 8 < endByte) whole = new Float64Array(kernels().memory.buffer);
  return whole;
}

/** Copies `data` into WASM memory at `ptr`. */
export function writeF64(ptr: number, data: ArrayLike<number>): void {
  heapF64(ptr + 8 * data.length).set(data, ptr >>> 3);
}

/**
 * Inputs up to this many doubles are checked by JavaScript while copied: a kernel call costs more
 * than the loop there, while a long loop pays a serial chain of additions (the crossover is
 * measured by `node bench/overhead.mjs`; figures in bench/OVERHEAD.md).
 */
const CHECK_IN_JS_MAX = 16;

/**
 * Copies `data` into WASM memory at `ptr` and returns whether every entry is finite: checked while
 * copying for short inputs, by a SIMD kernel on the copy for long ones (x − x is 0 for finite x and
 * NaN for NaN and ±∞, so the sum of the differences is 0 exactly when all are finite).
 */
export function writeF64Finite(ptr: number, data: ArrayLike<number>): boolean {
  const n = data.length;
  const heap = heapF64(ptr + 8 * n);
  const at = ptr >>> 3;
  if (n > CHECK_IN_JS_MAX) {
    heap.set(data, at);
    return kernels().firstNonFinite(ptr, n) < 0;
  }
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = data[i];
    heap[at + i] = v;
    sum += v - v;
  }
  return sum === 0;
}

/** A new Float64Array holding the `n` doubles at `ptr`. */
export function readF64(ptr: number, n: number): Float64Array {
  const out = new Float64Array(n);
  readF64Prefix(ptr, out, n);
  return out;
}

/** Copies the `out.length` doubles at `ptr` into `out` and returns it. */
export function readF64Into(ptr: number, out: Float64Array): Float64Array {
  readF64Prefix(ptr, out, out.length);
  return out;
}

/** Copies the `n` doubles at `src` to `dst`, both in WASM memory (a memmove: they may overlap). */
export function copyF64(dst: number, src: number, n: number): void {
  heapF64(Math.max(dst, src) + 8 * n).copyWithin(dst >>> 3, src >>> 3, (src >>> 3) + n);
}

/** max |x_i| over the `n` doubles at `ptr` (0 when n = 0; NaN if one is NaN). */
export function maxAbsF64(ptr: number, n: number): number {
  const heap = heapF64(ptr + 8 * n);
  const at = ptr >>> 3;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = Math.abs(heap[at + i]);
    if (!(v <= m)) m = v;
  }
  return m;
}

let wholeBytes: Uint8Array | undefined;

/** A Uint8Array over the whole WASM memory, covering at least `endByte` bytes (as {@link heapF64}). */
function heapU8(endByte: number): Uint8Array {
  if (wholeBytes === undefined || wholeBytes.length < endByte) wholeBytes = new Uint8Array(kernels().memory.buffer);
  return wholeBytes;
}

/** A copy of the `bytes` bytes at `ptr`, private to the library (see pool.ts). */
export function readPrivateBytes(ptr: number, bytes: number): Uint8Array {
  const out = newPrivateBytes(bytes);
  out.set(heapU8(ptr + bytes).subarray(ptr, ptr + bytes));
  return out;
}

/** Copies `data` into WASM memory at `ptr`. */
export function writeBytes(ptr: number, data: Uint8Array): void {
  heapU8(ptr + data.length).set(data, ptr);
}

let wholeI32: Int32Array | undefined;

/** An Int32Array over the whole WASM memory, covering at least `endByte` bytes (as {@link heapF64}). */
function heapI32(endByte: number): Int32Array {
  if (wholeI32 === undefined || wholeI32.length * 4 < endByte) wholeI32 = new Int32Array(kernels().memory.buffer);
  return wholeI32;
}

/** Copies the first `n` entries of `src` (f64 or i32) into WASM memory at `ptr`. */
export function writeFirst(ptr: number, src: Float64Array | Int32Array, n: number): void {
  if (src instanceof Float64Array) writeF64Prefix(ptr, src, n);
  else heapI32(ptr + 4 * n).set(n === src.length ? src : src.subarray(0, n), ptr >>> 2);
}

/** Copies `n` entries (f64 or i32, as `dst`) from WASM memory at `ptr` into the start of `dst`. */
export function readFirst(ptr: number, dst: Float64Array | Int32Array, n: number): void {
  if (dst instanceof Float64Array) readF64Prefix(ptr, dst, n);
  else dst.set(heapI32(ptr + 4 * n).subarray(ptr >>> 2, (ptr >>> 2) + n));
}

// The f64 copies are the hot ones: kept monomorphic (an element access that sees both Float64Array
// and Int32Array is several times slower in V8), by element for short arrays, where a subarray
// object would cost more than the copy.

function writeF64Prefix(ptr: number, src: Float64Array, n: number): void {
  const heap = heapF64(ptr + 8 * n);
  const at = ptr >>> 3;
  if (n <= 64) for (let i = 0; i < n; i++) heap[at + i] = src[i];
  else heap.set(n === src.length ? src : src.subarray(0, n), at);
}

function readF64Prefix(ptr: number, dst: Float64Array, n: number): void {
  const heap = heapF64(ptr + 8 * n);
  const at = ptr >>> 3;
  if (n <= 64) for (let i = 0; i < n; i++) dst[i] = heap[at + i];
  else dst.set(heap.subarray(at, at + n));
}
