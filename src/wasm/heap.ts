import { ShapeError } from '../errors.js';
import { kernels } from './instance.js';

// Blocks of WASM linear memory owned by TypeScript. `memory.grow` detaches every view of the old
// buffer, so views are made after the last allocation of a call and never cached.

/** Largest block the core's TLSF allocator hands out (2^30 - 4 bytes, rounded down to 16). */
export const MAX_BLOCK_BYTES = 2 ** 30 - 16;

/**
 * Allocates room for `count` elements of `bytesPerElement` bytes; `what` names the object in the
 * error thrown when it cannot fit in 32-bit WebAssembly memory.
 */
export function allocBytes(count: number, bytesPerElement: number, what: string): number {
  const bytes = Math.max(count * bytesPerElement, 16);
  if (bytes > MAX_BLOCK_BYTES) {
    throw new ShapeError(
      `${what} needs ${(bytes / 2 ** 30).toFixed(2)} GiB, more than the ${(MAX_BLOCK_BYTES / 2 ** 30).toFixed(2)} GiB that one block of 32-bit WebAssembly memory can hold`,
    );
  }
  const k = kernels();
  let ptr: number;
  try {
    ptr = k.alloc(bytes) >>> 0;
  } catch (cause) {
    throw new ShapeError(`${what} needs ${bytes} bytes, which 32-bit WebAssembly memory could not provide`, { cause });
  }
  return ptr;
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
