import { CliError } from './errors.js';

/** Row indices of the three parts of a split. */
export interface Split {
  readonly train: Int32Array;
  readonly validation: Int32Array;
  readonly test: Int32Array;
}

/** Fewest rows a 60/20/20 split accepts: at least 2 in validation and test, 6 in training. */
export const MIN_ROWS = 10;

/**
 * mulberry32 (Tommy Ettinger, public domain): a 32-bit-state generator, uniform on [0, 1).
 * Enough for a reproducible shuffle; not for statistics that need long periods.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniformly random permutation of 0..n-1 (Fisher–Yates, Knuth's Algorithm P). */
export function permutation(n: number, seed: number): Int32Array {
  const random = mulberry32(seed);
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

/**
 * Shuffles n rows with a seed and cuts them 60/20/20: validation and test get round(0.2·n) rows
 * each, training the rest (534 rows → 320/107/107).
 * @throws CliError when n < MIN_ROWS.
 */
export function splitRows(n: number, seed: number): Split {
  if (n < MIN_ROWS) {
    throw new CliError(`a train/validation/test split needs at least ${MIN_ROWS} data rows, found ${n}`);
  }
  const p = permutation(n, seed);
  const held = Math.round(0.2 * n);
  const train = n - 2 * held;
  return {
    train: p.slice(0, train),
    validation: p.slice(train, train + held),
    test: p.slice(train + held),
  };
}
