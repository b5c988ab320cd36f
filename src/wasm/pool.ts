// Small typed arrays carved out of shared 16 KiB ArrayBuffers, for the library's private copies
// only (a small factorization copied out of WASM memory, linalg/resident.ts): never for a result,
// which owns its buffer so that it can be transferred or cloned alone. On V8 a typed array of more
// than 64 bytes gets a backing store of its own outside the JavaScript heap, which costs far more
// than a view into an existing buffer (`node bench/typed-array-alloc.mjs`). Regions are never
// reused, so no two arrays share bytes; a slab lives as long as any array in it.

const SLAB_BYTES = 16384;
/** Arrays of more than this many bytes get their own buffer (the allocation is then amortized). */
const POOLED_MAX_BYTES = 4096;
/** Arrays of at most this many bytes live in the V8 heap already and are cheap. */
const ON_HEAP_MAX_BYTES = 64;

let slab = new ArrayBuffer(SLAB_BYTES);
let used = 0;

/** A zero-filled Uint8Array of length n, private to the library (pooled when small, see above). */
export function newPrivateBytes(n: number): Uint8Array {
  if (n <= ON_HEAP_MAX_BYTES || n > POOLED_MAX_BYTES) return new Uint8Array(n);
  const size = (n + 7) & ~7;
  if (used + size > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    used = 0;
  }
  const at = used;
  used += size;
  return new Uint8Array(slab, at, n);
}
