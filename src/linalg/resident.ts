import { DisposedError } from '../errors.js';
import { free } from '../wasm/heap.js';

// A block of WASM memory owned by a JavaScript object: freed by `dispose()`, or by the
// FinalizationRegistry when the object is collected without it.

const registry = new FinalizationRegistry<number>((ptr) => free(ptr));

/** Base of every object whose data lives in WASM memory (factorizations). */
export abstract class Resident {
  #ptr: number;
  readonly #kind: string;

  protected constructor(ptr: number, kind: string) {
    this.#ptr = ptr;
    this.#kind = kind;
    registry.register(this, ptr, this);
  }

  /** The block's byte offset. @throws {DisposedError} after `dispose()`. */
  protected get ptr(): number {
    if (this.#ptr === 0) throw new DisposedError(`this ${this.#kind} factorization has been disposed`);
    return this.#ptr;
  }

  /** Whether `dispose()` has been called. */
  get disposed(): boolean {
    return this.#ptr === 0;
  }

  /** Frees the factor's WASM memory now. Further use throws `DisposedError`; disposing twice is harmless. */
  dispose(): void {
    if (this.#ptr === 0) return;
    registry.unregister(this);
    free(this.#ptr);
    this.#ptr = 0;
  }

  /** Same as `dispose()`, for `using` declarations. */
  [Symbol.dispose](): void {
    this.dispose();
  }
}
