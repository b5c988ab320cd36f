// Small typed arrays carved out of shared 16 KiB ArrayBuffers. On V8 a typed array of more than
// 64 bytes gets a backing store of its own outside the JavaScript heap, which costs more than a
// whole 8 × 8 solve, where a view into an existing buffer costs little (bench/typed-array-alloc.mjs;
// DESIGN.md §5). Node's Buffer pool does the
// same for the same reason. Regions are never reused, so every array starts zero-filled and no two
// share bytes; the price is that `array.buffer` is the shared slab (copy with `slice()` before
// transferring a buffer to a worker), and that a slab lives as long as any array in it.

const SLAB_BYTES = 16384;
/** Arrays of more than this many bytes get their own buffer (the allocation is then amortized). */
const POOLED_MAX_BYTES = 4096;
/** Arrays of at most this many bytes live in the V8 heap already and are cheap. */
const ON_HEAP_MAX_BYTES = 64;

let slab = new ArrayBuffer(SLAB_BYTES);
let used = 0;

/** Byte offset of a fresh, zero-filled, 8-byte aligned region of `bytes` bytes in the current slab. */
function carve(bytes: number): number {
  const size = (bytes + 7) & ~7;
  if (used + size > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    used = 0;
  }
  const at = used;
  used += size;
  return at;
}

/** A zero-filled Float64Array of length n (pooled when small, see above). */
export function newFloat64Array(n: number): Float64Array {
  const bytes = 8 * n;
  if (bytes <= ON_HEAP_MAX_BYTES || bytes > POOLED_MAX_BYTES) return new Float64Array(n);
  const at = carve(bytes); // may start a new slab: read `slab` after it
  return new Float64Array(slab, at, n);
}

/** A zero-filled Uint8Array of length n (pooled when small, see above). */
export function newUint8Array(n: number): Uint8Array {
  if (n <= ON_HEAP_MAX_BYTES || n > POOLED_MAX_BYTES) return new Uint8Array(n);
  const at = carve(n);
  return new Uint8Array(slab, at, n);
}
