// A JavaScript-side work vector for the intermediate results of one call, reused from call to call.
// A Float64Array of more than eight doubles lives outside V8's heap, and allocating one costs more
// than the arithmetic of a small solve (`node bench/typed-array-alloc.mjs`); a value that only lives within
// a call therefore goes here. It never reaches a user (not returned, not passed to a callback), and
// its holder writes it and reads it back with no user code running in between: user code that runs
// earlier in the call (a Krylov operator, say) may itself call into the library and use the same
// slot, before the holder has written anything there. So a vector per slot suffices.

/** Vectors up to this length are kept for the next call; longer ones are allocated each time. */
const KEPT_MAX = 4096;

const kept = [new Float64Array(0), new Float64Array(0)];

/**
 * A Float64Array of exactly `n` doubles with unspecified contents, valid until the next call of
 * this function for the same `slot` (a call that needs two at once takes slots 0 and 1): the caller
 * must not return it, keep it, or hand it to user code.
 */
export function workVector(n: number, slot: 0 | 1 = 0): Float64Array {
  if (n > KEPT_MAX) return new Float64Array(n);
  if (kept[slot].length !== n) kept[slot] = new Float64Array(n);
  return kept[slot];
}
