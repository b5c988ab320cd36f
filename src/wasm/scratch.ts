import { allocBytes, free } from './heap.js';

// Reusable blocks of WASM memory for what lives only during one call. Kernels run synchronously
// and never call back into JavaScript, so no two calls can hold a block at once. A block only
// grows, geometrically, so that repeated calls of one size allocate nothing.

/** A reusable block of WASM memory. */
class ScratchBlock {
  #block = 0;
  #capacity = 0;
  /** Who last wrote contents that stay valid until the block is reserved again (see `holder`). */
  #holder: object | undefined;

  /** The byte offset of the block, grown to at least `bytes`; valid until the next `reserve`. */
  reserve(bytes: number, what: string): number {
    this.#holder = undefined;
    if (bytes > this.#capacity) {
      const grown = Math.max(bytes, Math.min(2 * this.#capacity, 2 ** 30 - 16));
      const ptr = allocBytes(grown, 1, what);
      if (this.#block !== 0) free(this.#block);
      this.#block = ptr;
      this.#capacity = grown;
    }
    return this.#block;
  }

  /**
   * The block's offset if `owner` was the last to {@link claim} it and nobody reserved it since
   * (its contents are then still `owner`'s), else undefined.
   */
  heldBy(owner: object): number | undefined {
    return this.#holder === owner ? this.#block : undefined;
  }

  /** Marks the contents just written by `owner` after `reserve` as its own. */
  claim(owner: object): void {
    this.#holder = owner;
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

/**
 * The factor scratch block when `owner` put its factorization there last and no one has reserved
 * it since (kernels only read factors in solves), so it need not be written again; else undefined.
 */
export function factorScratchHeldBy(owner: object): number | undefined {
  return factors.heldBy(owner);
}

/** Records that the factor scratch block now holds `owner`'s factorization. */
export function claimFactorScratch(owner: object): void {
  factors.claim(owner);
}
