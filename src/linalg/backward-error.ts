import { flagOption } from '../check/options.js';
import { gemvRows, gemvRowsWithNorm, gemvTransposedRows } from './dense-products.js';
import type { Matrix, MatrixLike, VectorLike } from './matrix.js';
import { columnsOperand, finiteSquare } from './validate.js';

// The error measures of a computed solution x of A·x = b, each with its own name (Higham,
// "Accuracy and Stability of Numerical Algorithms", 2nd ed., §7.1):
//
// - normwise backward error (Rigal–Gaches, Thm 7.1), in the ∞-norm:
//     η(x) = ‖b − A·x‖∞ / (‖A‖∞‖x‖∞ + ‖b‖∞),
//   the smallest ε with (A + ΔA)·x = b + Δb, ‖ΔA‖ ≤ ε‖A‖, ‖Δb‖ ≤ ε‖b‖. The checked dense solves
//   report it (`SolveReport.backwardError`) and refine against it, computed in WebAssembly
//   (assembly/checked.ts); the function below serves the least-squares solves.
// - componentwise backward error (Oettli–Prager, Thm 7.3):
//     ω(x) = maxᵢ |b − A·x|ᵢ / (|A|·|x| + |b|)ᵢ,
//   the smallest ε with |ΔA| ≤ ε|A|, |Δb| ≤ ε|b|: the measure of `solve(…, { refine: true })` and
//   `refineSolution`, which also catches rows scaled over many orders of magnitude.
// - relative residual ‖b − A·x‖₂ / ‖b‖₂: what a Krylov method converges on (`tol`), and what a
//   least-squares solution leaves when b is outside the range of A (`SolveReport.relativeResidual`).
// - the condition estimate rcond ≈ 1/(‖A‖₁‖A⁻¹‖₁) (LAPACK dpocon/dgecon) is none of these: it bounds
//   the forward error, forward ≲ backward / rcond. (`lstsq`'s rank threshold is `rankTolerance`.)

/**
 * η(x) of x as a solution of op(A)·x = b, A n × n row-major, op(A) = Aᵀ when `transposed`; the
 * residual b − op(A)·x is left in `r`. `normA` is ‖op(A)‖∞ when known, else negative: it is then
 * computed in the same pass over A and returned through `norms.normA`.
 */
export function normwiseBackwardError(
  a: Float64Array,
  n: number,
  b: ArrayLike<number>,
  x: Float64Array,
  r: Float64Array,
  transposed: boolean,
  norms: { normA: number },
): number {
  if (transposed) gemvTransposedRows(a, n, n, x, r);
  else if (norms.normA < 0) norms.normA = gemvRowsWithNorm(a, n, n, x, r);
  else gemvRows(a, n, n, x, r);
  let rn = 0;
  let xn = 0;
  let bn = 0;
  for (let i = 0; i < n; i++) {
    const ri = b[i] - r[i];
    r[i] = ri;
    rn = Math.max(rn, Math.abs(ri));
    xn = Math.max(xn, Math.abs(x[i]));
    bn = Math.max(bn, Math.abs(b[i]));
  }
  const denom = norms.normA * xn + bn;
  return denom === 0 ? 0 : rn / denom;
}

/**
 * The largest η over the columns of X as solutions of op(A)·X = B (n × k row-major), each exact, in
 * one pass without allocation; ‖op(A)‖∞ = `normA` given. O(n²k): for small systems.
 */
export function normwiseBackwardErrorColumns(
  a: Float64Array,
  n: number,
  B: Matrix,
  X: Matrix,
  transposed: boolean,
  normA: number,
): number {
  const k = B.cols;
  const b = B.data;
  const x = X.data;
  let worst = 0;
  for (let j = 0; j < k; j++) {
    let rn = 0;
    let xn = 0;
    let bn = 0;
    for (let i = 0; i < n; i++) {
      // (op(A) x)_i along row i of A, or down column i of A when op(A) = Aᵀ.
      const start = transposed ? i : i * n;
      const step = transposed ? n : 1;
      let s = 0;
      for (let p = 0, q = start, xp = j; p < n; p++, q += step, xp += k) s += a[q] * x[xp];
      const bi = b[i * k + j];
      rn = Math.max(rn, Math.abs(bi - s));
      xn = Math.max(xn, Math.abs(x[i * k + j]));
      bn = Math.max(bn, Math.abs(bi));
    }
    const denom = normA * xn + bn;
    worst = Math.max(worst, denom === 0 ? 0 : rn / denom);
  }
  return worst;
}

/**
 * ω of each column of x (n × k row-major) as a solution of A·x = b, the largest returned, with the
 * residuals b − A·x written into `r`. With `lower`, A is the symmetric matrix its lower triangle
 * defines (the upper triangle is not read).
 */
export function componentwiseResidual(
  A: Matrix,
  x: Float64Array,
  b: ArrayLike<number>,
  k: number,
  lower: boolean,
  r: Float64Array,
): number {
  const n = A.rows;
  const a = A.data;
  let worst = 0;
  const ri = new Float64Array(k);
  const si = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      ri[c] = b[i * k + c];
      si[c] = Math.abs(b[i * k + c]);
    }
    // Row i of A, or of the symmetric matrix its lower triangle defines: a_ij = a_ji right of the
    // diagonal, read down column i (stride n).
    const mirrored = lower ? i + 1 : n;
    for (let j = 0, q = i * n; j < n; j++, q = j < mirrored ? q + 1 : j * n + i) {
      const aij = a[q];
      if (aij === 0) continue;
      const abs = Math.abs(aij);
      for (let c = 0; c < k; c++) {
        const xj = x[j * k + c];
        ri[c] -= aij * xj;
        si[c] += abs * Math.abs(xj);
      }
    }
    for (let c = 0; c < k; c++) {
      r[i * k + c] = ri[c];
      // 0/0 (an exactly satisfied equation with zero data) counts as 0, anything else over 0 as ∞.
      const w = ri[c] === 0 ? 0 : si[c] === 0 ? Number.POSITIVE_INFINITY : Math.abs(ri[c]) / si[c];
      if (!(w <= worst)) worst = w;
    }
  }
  return worst;
}

/**
 * The componentwise backward error ω = maxᵢ |b − A·x|ᵢ / (|A|·|x| + |b|)ᵢ of an approximate solution
 * of A·x = b (Oettli–Prager; of each column of X for a `Matrix`, the largest returned). Small ω (a
 * modest multiple of ε) means x solves a system whose every entry is within relative ω of A's and
 * b's. With `symmetricLower`, A is the symmetric matrix its lower triangle defines.
 *
 * @param A - n × n (`Matrix` or array of rows).
 * @param x - n entries, or an n × k `Matrix`.
 * @param b - as x (a `Matrix` when x is one, with as many columns).
 * @throws {ArgumentError} when an argument is not a matrix or vector of numbers, or `symmetricLower` not a boolean.
 * @throws {ShapeError} when A is not square or x and b do not have n entries (rows) and the same columns.
 * @throws {NonFiniteError} when A, x or b holds NaN or ±Infinity.
 */
export function componentwiseBackwardError(
  A: MatrixLike,
  x: Float64Array | Matrix,
  b: VectorLike | Matrix,
  symmetricLower = false,
): number {
  const lower = flagOption(symmetricLower, 'symmetricLower', false);
  const M = finiteSquare(A, 'A');
  const xs = columnsOperand(x, 'x', M.rows);
  const bs = columnsOperand(b, 'b', M.rows, xs.k);
  return componentwiseResidual(M, xs.data, bs.data, xs.k, lower, new Float64Array(M.rows * xs.k));
}

/** @deprecated The former name of {@link componentwiseBackwardError}, kept as an alias. */
export const backwardError = componentwiseBackwardError;
