import { allocBytes, free, i32View } from '../wasm/heap.js';

// WASM blocks allocated together and freed together: the temporaries of one analysis or one
// numeric factorization. `what` names the object in the error thrown when a block does not
// fit in 32-bit WebAssembly memory.

/** A list of WASM blocks owned together. */
export class Blocks {
  readonly #ptrs: number[] = [];

  /** A block of `n` i32. */
  i32(n: number, what: string): number {
    return this.bytes(4 * n, what);
  }

  /** A block of `n` f64. */
  f64(n: number, what: string): number {
    return this.bytes(8 * n, what);
  }

  /** A block of `bytes` bytes (16-byte aligned). */
  bytes(bytes: number, what: string): number {
    const ptr = allocBytes(bytes, 1, what);
    this.#ptrs.push(ptr);
    return ptr;
  }

  /** A block holding a copy of `data`. */
  i32Copy(data: Int32Array, what: string): number {
    const ptr = this.i32(data.length, what);
    i32View(ptr, data.length).set(data);
    return ptr;
  }

  /** Frees one block of this list. */
  release(ptr: number): void {
    const at = this.#ptrs.indexOf(ptr);
    if (at < 0) return;
    this.#ptrs.splice(at, 1);
    free(ptr);
  }

  /** Frees every block. */
  freeAll(): void {
    for (const ptr of this.#ptrs) free(ptr);
    this.#ptrs.length = 0;
  }
}

/** A copy of the `n` i32 at `ptr`. */
export function readI32(ptr: number, n: number): Int32Array {
  return i32View(ptr, n).slice();
}
