import { allocBytes, free } from './heap.js';

// Reusable blocks of WASM memory for what lives only during one call. Kernels run synchronously
// and never call back into JavaScript, so no two calls can hold a block at once. A block only
// grows, geometrically, so that repeated calls of one size allocate nothing.

/** A reusable block of WASM memory. */
class ScratchBlock {
  #block = 0;
  #capacity = 0;

  /** The byte offset of the block, grown to at least `bytes`; valid until the next `reserve`. */
  reserve(bytes: number, what: string): number {
    if (bytes > this.#capacity) {
      const grown = Math.max(bytes, Math.min(2 * this.#capacity, 2 ** 30 - 16));
      const ptr = allocBytes(grown, 1, what);
      if (this.#block !== 0) free(this.#block);
      this.#block = ptr;
      this.#capacity = grown;
    }
    return this.#block;
  }
}

const operands = new ScratchBlock();
const factors = new ScratchBlock();

/**
 * The byte offset of a scratch block of at least `bytes` bytes for the operands and workspaces of
 * one call, valid until the next call of `scratch`. `what` names the data in the error thrown when
 * it cannot fit in WASM memory.
 */
export function scratch(bytes: number, what: string): number {
  return operands.reserve(bytes, what);
}

/**
 * A second scratch block, for the working copy of a small factorization kept in JavaScript memory
 * (see linalg/resident.ts): separate from `scratch`, which holds the right-hand sides solved with it.
 */
export function factorScratch(bytes: number, what: string): number {
  return factors.reserve(bytes, what);
}
