import { allocBytes, free } from './heap.js';

// Reusable blocks of WASM memory for what lives only during one call. Kernels run synchronously
// and never call back into JavaScript, so no two calls can hold a block at once. A block only
// grows, geometrically, so that repeated calls of one size allocate nothing.

/**
 * Whoever keeps contents in a scratch block beyond the call that wrote them (a small
 * factorization, see linalg/resident.ts). `evict` is called before anyone else reserves the block:
 * the tenant must save what it needs, as a write-back cache saves a dirty line.
 */
export interface ScratchTenant {
  evict(ptr: number): void;
}

/** A reusable block of WASM memory. */
class ScratchBlock {
  #block = 0;
  #capacity = 0;
  #tenant: ScratchTenant | undefined;

  /** The byte offset of the block, grown to at least `bytes`; valid until the next `reserve`. */
  reserve(bytes: number, what: string): number {
    const tenant = this.#tenant;
    if (tenant !== undefined) {
      this.#tenant = undefined;
      tenant.evict(this.#block);
    }
    if (bytes > this.#capacity) {
      const grown = Math.max(bytes, Math.min(2 * this.#capacity, 2 ** 30 - 16));
      const ptr = allocBytes(grown, 1, what);
      if (this.#block !== 0) free(this.#block);
      this.#block = ptr;
      this.#capacity = grown;
    }
    return this.#block;
  }

  /** The block's offset if `tenant` holds it (nobody has reserved it since it moved in), else undefined. */
  heldBy(tenant: ScratchTenant): number | undefined {
    return this.#tenant === tenant ? this.#block : undefined;
  }

  /** Makes `tenant`, which has just written the block after `reserve`, its holder until the next `reserve`. */
  lease(tenant: ScratchTenant): void {
    this.#tenant = tenant;
  }

  /** Ends `tenant`'s lease, if it holds one, without eviction (its contents are no longer wanted). */
  release(tenant: ScratchTenant): void {
    if (this.#tenant === tenant) this.#tenant = undefined;
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
 * A second scratch block, for small factorizations (see linalg/resident.ts): separate from
 * `scratch`, which holds the right-hand sides solved with them. Its current tenant, if any, is
 * evicted first.
 */
export function factorScratch(bytes: number, what: string): number {
  return factors.reserve(bytes, what);
}

/** The factor scratch block's offset when `tenant` holds it, else undefined. */
export function factorScratchHeldBy(tenant: ScratchTenant): number | undefined {
  return factors.heldBy(tenant);
}

/** Leases the factor scratch block, just reserved and written, to `tenant`. */
export function leaseFactorScratch(tenant: ScratchTenant): void {
  factors.lease(tenant);
}

/** Gives the factor scratch block back without eviction if `tenant` holds it. */
export function releaseFactorScratch(tenant: ScratchTenant): void {
  factors.release(tenant);
}
