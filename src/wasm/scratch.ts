import { allocBytes, free } from './heap.js';

// One reusable block of WASM memory for the temporaries of a single call (right-hand sides,
// workspaces, operands of a product). Kernels run synchronously and never call back into
// JavaScript, so no two calls can hold it at once. It only grows, geometrically, so that
// repeated calls of one size allocate nothing.

let block = 0;
let capacity = 0;

/**
 * The byte offset of a scratch block of at least `bytes` bytes, valid until the next call of
 * `scratch`. `what` names the data in the error thrown when it cannot fit in WASM memory.
 */
export function scratch(bytes: number, what: string): number {
  if (bytes > capacity) {
    const grown = Math.max(bytes, Math.min(2 * capacity, 2 ** 30 - 16));
    const ptr = allocBytes(grown, 1, what);
    if (block !== 0) free(block);
    block = ptr;
    capacity = grown;
  }
  return block;
}
