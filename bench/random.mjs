// Seeded inputs shared by the focused benchmark scripts: mulberry32, a small generator of uniform
// numbers in [0, 1).

/** A seeded generator of uniform numbers in [0, 1). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fills `arr` with uniform values in [-1, 1) from `seed`; returns it. */
export function fill(arr, seed) {
  const r = rng(seed);
  for (let i = 0; i < arr.length; i++) arr[i] = 2 * r() - 1;
  return arr;
}
