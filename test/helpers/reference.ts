import { Matrix } from '../../src/index.js';

// Plain scalar references and the LAPACK-style scaled residuals of the accuracy tests.

/** Unit roundoff of float64 as LAPACK's dlamch('E')·2 = 2⁻⁵². */
export const EPS = 2 ** -52;

/**
 * The scaled residual ‖b − A·x‖∞ / (‖A‖∞‖x‖∞·n·ε) of the system with row i of A and b divided by
 * d[i] (the unscaled system of an equilibration test), by scalar loops over A.
 */
export function rowScaledResidual(A: Matrix, x: ArrayLike<number>, b: ArrayLike<number>, d: ArrayLike<number>): number {
  const n = A.rows;
  let r = 0;
  let anorm = 0;
  let xnorm = 0;
  for (let i = 0; i < n; i++) {
    let s = -b[i];
    let row = 0;
    for (let j = 0; j < n; j++) {
      s += A.data[i * n + j] * x[j];
      row += Math.abs(A.data[i * n + j] / d[i]);
    }
    r = Math.max(r, Math.abs(s / d[i]));
    anorm = Math.max(anorm, row);
    xnorm = Math.max(xnorm, Math.abs(x[i]));
  }
  return r / (anorm * xnorm * n * EPS);
}

/** C = A·B by the textbook triple loop. */
export function naiveMatmul(A: Matrix, B: Matrix): Matrix {
  const C = new Matrix(A.rows, B.cols);
  for (let i = 0; i < A.rows; i++) {
    for (let j = 0; j < B.cols; j++) {
      let s = 0;
      for (let k = 0; k < A.cols; k++) s += A.data[i * A.cols + k] * B.data[k * B.cols + j];
      C.data[i * B.cols + j] = s;
    }
  }
  return C;
}

/** y = A·x by the textbook loop. */
export function naiveMatvec(A: Matrix, x: ArrayLike<number>): Float64Array {
  const y = new Float64Array(A.rows);
  for (let i = 0; i < A.rows; i++) {
    let s = 0;
    for (let j = 0; j < A.cols; j++) s += A.data[i * A.cols + j] * x[j];
    y[i] = s;
  }
  return y;
}

/** ‖A‖₁: the largest column sum of absolute values. */
export function norm1(A: Matrix): number {
  let best = 0;
  for (let j = 0; j < A.cols; j++) {
    let s = 0;
    for (let i = 0; i < A.rows; i++) s += Math.abs(A.data[i * A.cols + j]);
    best = Math.max(best, s);
  }
  return best;
}

/** ‖x‖₁ of a vector. */
export function vnorm1(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.abs(x[i]);
  return s;
}

/** A − B. */
export function subtract(A: Matrix, B: Matrix): Matrix {
  return new Matrix(
    A.rows,
    A.cols,
    A.data.map((a, i) => a - B.data[i]),
  );
}

/** ‖A − B‖₁ / (n·‖A‖₁·ε): LAPACK's scaled residual of a factorization B ≈ A; below 30 passes. */
export function factorResidual(A: Matrix, B: Matrix): number {
  const n = Math.max(A.rows, 1);
  const an = norm1(A);
  if (an === 0) return norm1(subtract(A, B)) === 0 ? 0 : Number.POSITIVE_INFINITY;
  return norm1(subtract(A, B)) / (n * an * EPS);
}

/**
 * max over columns of ‖A·x − b‖₁ / (‖A‖₁·‖x‖₁·n·ε): LAPACK's scaled residual of a solve; below 30
 * passes. X and B are n × k (one column per right-hand side).
 */
export function solveResidual(A: Matrix, X: Matrix, B: Matrix): number {
  const n = Math.max(A.rows, 1);
  const an = norm1(A);
  const R = subtract(naiveMatmul(A, X), B);
  let worst = 0;
  for (let j = 0; j < X.cols; j++) {
    let r = 0;
    let x = 0;
    for (let i = 0; i < X.rows; i++) {
      r += Math.abs(R.data[i * X.cols + j]);
      x += Math.abs(X.data[i * X.cols + j]);
    }
    if (r === 0) continue;
    worst = Math.max(worst, r / (an * x * n * EPS));
  }
  return worst;
}

/** The column vector x as an n × 1 matrix. */
export function column(x: ArrayLike<number>): Matrix {
  return new Matrix(x.length, 1, Float64Array.from(x));
}

/** Asserts |actual[i] − expected[i]| ≤ tol·(1 + |expected[i]|) for every i, and equal lengths. */
export function expectAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): void {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} differs from ${expected.length}`);
  for (let i = 0; i < actual.length; i++) {
    const err = Math.abs(actual[i] - expected[i]);
    if (!(err <= tol * (1 + Math.abs(expected[i])))) {
      throw new Error(`entry ${i}: ${actual[i]} differs from ${expected[i]} by ${err} (tolerance ${tol})`);
    }
  }
}
