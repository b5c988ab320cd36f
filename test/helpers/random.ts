import { Matrix } from '../../src/index.js';
import { mulberry32 } from '../internal.js';

// Seeded test matrices with known spectra: A = Q·diag(s)·Qᵀ (SPD) or A = Q₁·diag(s)·Q₂ᵀ (general)
// with Q orthogonal, so eigenvalues, singular values, determinants and condition numbers are
// known in closed form rather than computed by the code under test.

/** mulberry32: a small seeded generator of uniform numbers in [0, 1) (the library's own, src/random.ts). */
export const rng: (seed: number) => () => number = mulberry32;

/** Standard normal samples by Box–Muller. */
export function gaussian(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** An m × n matrix of independent standard normal entries. */
export function randomMatrix(m: number, n: number, seed: number): Matrix {
  const g = gaussian(rng(seed));
  const M = new Matrix(m, n);
  for (let i = 0; i < M.data.length; i++) M.data[i] = g();
  return M;
}

/** A vector of independent standard normal entries. */
export function randomVector(n: number, seed: number): Float64Array {
  return randomMatrix(1, n, seed).data;
}

/**
 * A random n × n orthogonal matrix: the product of n Householder reflections I − 2vvᵀ/(vᵀv) with
 * random v, accumulated in plain scalar code.
 */
export function orthogonal(n: number, seed: number): Matrix {
  const Q = Matrix.identity(n);
  const g = gaussian(rng(seed));
  const q = Q.data;
  for (let r = 0; r < n; r++) {
    const v = Float64Array.from({ length: n }, g);
    let vv = 0;
    for (const x of v) vv += x * x;
    // Q ← Q·(I − 2vvᵀ/vᵀv)
    for (let i = 0; i < n; i++) {
      let qv = 0;
      for (let j = 0; j < n; j++) qv += q[i * n + j] * v[j];
      const f = (2 * qv) / vv;
      for (let j = 0; j < n; j++) q[i * n + j] -= f * v[j];
    }
  }
  return Q;
}

/** Eigenvalues log-spaced from 1 down to 1/cond, so that the 2-norm condition number is `cond`. */
export function logSpaced(n: number, cond: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => (n === 1 ? 1 : cond ** (-i / (n - 1))));
}

/** U·diag(s)·Vᵀ for square U, V. */
export function fromFactors(U: Matrix, s: ArrayLike<number>, V: Matrix): Matrix {
  const n = U.rows;
  const A = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += U.data[i * n + k] * s[k] * V.data[j * n + k];
      A.data[i * n + j] = sum;
    }
  }
  return A;
}

/** A symmetric positive definite matrix with eigenvalues `eigenvalues` (exactly symmetric). */
export function spdWithEigenvalues(eigenvalues: ArrayLike<number>, seed: number): Matrix {
  const n = eigenvalues.length;
  const Q = orthogonal(n, seed);
  const A = fromFactors(Q, eigenvalues, Q);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) A.data[j * n + i] = A.data[i * n + j];
  return A;
}

/** A general matrix with singular values `singular` (random left and right singular vectors). */
export function generalWithSingularValues(singular: ArrayLike<number>, seed: number): Matrix {
  const n = singular.length;
  return fromFactors(orthogonal(n, seed), singular, orthogonal(n, seed + 1));
}
