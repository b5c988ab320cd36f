import { SparseMatrix } from '../../src/index.js';
import { rng } from '../helpers/random.js';

// Sparse test matrices of every pattern class, and the LAPACK-style residual check.

/** A symmetric pattern as the lower-triangle entries (i ≥ j) of each column. */
export interface Pattern {
  n: number;
  colPtr: ArrayLike<number>;
  rowIndex: ArrayLike<number>;
}

/**
 * A symmetric diagonally dominant (so positive definite) matrix on the pattern, full (both
 * triangles stored) unless `lowerOnly`, with every diagonal entry present; off-diagonal values from `seed`.
 */
export function spdOnPattern(p: Pattern, seed = 1, lowerOnly = false): SparseMatrix {
  const random = rng(seed);
  const rows: number[] = [];
  const cols: number[] = [];
  const vals: number[] = [];
  const rowSum = new Float64Array(p.n);
  for (let j = 0; j < p.n; j++) {
    for (let q = p.colPtr[j]; q < p.colPtr[j + 1]; q++) {
      const i = p.rowIndex[q];
      if (i <= j) continue;
      const v = random() - 0.7;
      rows.push(i);
      cols.push(j);
      vals.push(v);
      if (!lowerOnly) {
        rows.push(j);
        cols.push(i);
        vals.push(v);
      }
      rowSum[i] += Math.abs(v);
      rowSum[j] += Math.abs(v);
    }
  }
  for (let j = 0; j < p.n; j++) {
    rows.push(j);
    cols.push(j);
    vals.push(rowSum[j] + 0.1 + random());
  }
  return SparseMatrix.fromTriplets(p.n, p.n, rows, cols, vals);
}

/** A pattern from lower-triangle pairs [i, j], i ≥ j. */
export function patternOf(n: number, pairs: Array<[number, number]>): Pattern {
  const A = SparseMatrix.fromTriplets(
    n,
    n,
    pairs.map((e) => e[0]),
    pairs.map((e) => e[1]),
    pairs.map(() => 1),
  );
  return { n, colPtr: A.colPtr, rowIndex: A.rowIndex };
}

export function grid2d(a: number, b: number): Pattern {
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < a; i++) {
    for (let j = 0; j < b; j++) {
      const p = i * b + j;
      if (i > 0) pairs.push([p, p - b]);
      if (j > 0) pairs.push([p, p - 1]);
    }
  }
  return patternOf(a * b, pairs);
}

/** Every class the factorization must handle, by name. */
export function patternClasses(): Record<string, Pattern> {
  const random = rng(7);
  const randomPairs = (n: number, m: number): Array<[number, number]> =>
    Array.from({ length: m }, () => {
      const i = Math.floor(random() * n);
      const j = Math.floor(random() * n);
      return [Math.max(i, j), Math.min(i, j)] as [number, number];
    }).filter(([i, j]) => i !== j);
  const n = 60;
  return {
    'n = 0': patternOf(0, []),
    'n = 1': patternOf(1, []),
    'n = 2, coupled': patternOf(2, [[1, 0]]),
    diagonal: patternOf(9, []),
    tridiagonal: patternOf(
      40,
      Array.from({ length: 39 }, (_, k) => [k + 1, k] as [number, number]),
    ),
    'arrowhead (dense last row)': patternOf(
      n,
      Array.from({ length: n - 1 }, (_, k) => [n - 1, k] as [number, number]),
    ),
    'arrowhead (dense first column)': patternOf(
      n,
      Array.from({ length: n - 1 }, (_, k) => [k + 1, 0] as [number, number]),
    ),
    'dense rows': patternOf(200, [
      ...randomPairs(200, 300),
      ...Array.from({ length: 199 }, (_, k) => [k + 1, 0] as [number, number]),
      ...Array.from({ length: 199 }, (_, k) => [199, k] as [number, number]),
    ]),
    disconnected: patternOf(50, [
      ...Array.from({ length: 19 }, (_, k) => [k + 1, k] as [number, number]),
      ...Array.from({ length: 19 }, (_, k) => [k + 31, k + 30] as [number, number]),
    ]),
    'dense block': patternOf(
      30,
      Array.from({ length: 30 * 30 }, (_, q) => [Math.floor(q / 30), q % 30] as [number, number]).filter(
        ([i, j]) => i > j,
      ),
    ),
    'grid 12 × 9': grid2d(12, 9),
    random: patternOf(150, randomPairs(150, 400)),
  };
}

/** max_i |(A·x − b)_i| / (‖A‖∞‖x‖∞ n ε), A given in full. */
export function scaledResidual(A: SparseMatrix, x: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = A.rows;
  if (n === 0) return 0;
  const Ax = A.matvec(Float64Array.from(x));
  const rowSum = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    for (let q = A.colPtr[j]; q < A.colPtr[j + 1]; q++) rowSum[A.rowIndex[q]] += Math.abs(A.values[q]);
  }
  let anorm = 0;
  let rn = 0;
  let xn = 0;
  for (let i = 0; i < n; i++) {
    anorm = Math.max(anorm, rowSum[i]);
    rn = Math.max(rn, Math.abs(Ax[i] - b[i]));
    xn = Math.max(xn, Math.abs(x[i]));
  }
  return rn / (anorm * xn * n * 2 ** -52);
}

/** The lower triangle of a SparseMatrix (diagonal included). */
export function lowerOf(A: SparseMatrix): SparseMatrix {
  const r: number[] = [];
  const c: number[] = [];
  const v: number[] = [];
  for (let j = 0; j < A.cols; j++) {
    for (let q = A.colPtr[j]; q < A.colPtr[j + 1]; q++) {
      if (A.rowIndex[q] < j) continue;
      r.push(A.rowIndex[q]);
      c.push(j);
      v.push(A.values[q]);
    }
  }
  return SparseMatrix.fromTriplets(A.rows, A.cols, r, c, v);
}

/** Whether p is a permutation of 0..n−1. */
export function isPermutation(p: Int32Array, n: number): boolean {
  if (p.length !== n) return false;
  return [...p].sort((a, b) => a - b).every((v, k) => v === k);
}
