import { Matrix, type VectorLike } from './matrix.js';

// Fixed-precision iterative refinement (Skeel, "Iterative refinement implies numerical stability
// for Gaussian elimination", Math. Comp. 35, 1980; as LAPACK dgerfs/dsyrfs): with the residual
// r = b − A·x computed in float64 and the correction d = A⁻¹r from the same factorization,
// x ← x + d. One or two steps bring the componentwise backward error
//   ω(x) = maxᵢ |b − A·x|ᵢ / (|A|·|x| + |b|)ᵢ
// (the smallest ω with (A + ΔA)·x = b + Δb, |ΔA| ≤ ω|A|, |Δb| ≤ ω|b|) down to the order of n·ε even
// where the factorization alone is only normwise stable — rows scaled over many orders of
// magnitude are the classic case.

/** Float64 unit roundoff ε = 2⁻⁵². */
const EPS = 2 ** -52;

/** The outcome of {@link refineSolution}. */
export interface Refined<T extends Float64Array | Matrix> {
  /** The refined solution. */
  readonly x: T;
  /** Corrections applied (0 when the first solution already met the tolerance). */
  readonly steps: number;
  /** Componentwise backward error ω of the returned x (the largest over columns of a `Matrix`). */
  readonly backwardError: number;
}

/** Options of {@link refineSolution}. */
export interface RefineOptions {
  /**
   * Use only the lower triangle of A, mirrored — the matrix that Cholesky and LDLᵀ factor when A
   * is declared symmetric. Default false.
   */
  readonly symmetricLower?: boolean;
  /** At most this many corrections (default 5, as LAPACK's ITMAX). */
  readonly maxSteps?: number;
  /** Stop once ω ≤ tolerance (default ε, as LAPACK dgerfs; in practice the halving test stops first, at O(n·ε)). */
  readonly tolerance?: number;
}

/**
 * Residuals R = B − A·X (n × k, row-major, written into `r`) and ω of each column, returned as the
 * largest. `x` and `b` are n × k row-major.
 */
function residual(A: Matrix, x: Float64Array, b: Float64Array, k: number, lower: boolean, r: Float64Array): number {
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
 * of A·x = b (of each column of X for a `Matrix`, the largest returned). Small ω (a modest multiple
 * of ε) means x solves a system whose every entry is within relative ω of A's and b's.
 */
export function backwardError(
  A: Matrix,
  x: Float64Array | Matrix,
  b: VectorLike | Matrix,
  symmetricLower = false,
): number {
  const k = x instanceof Matrix ? x.cols : 1;
  const xs = x instanceof Matrix ? x.data : x;
  const bs = b instanceof Matrix ? b.data : Float64Array.from(b);
  return residual(A, xs, bs, k, symmetricLower, new Float64Array(A.rows * k));
}

/**
 * Refines a solution x₀ of A·x = b (or A·X = B) by fixed-precision iterative refinement:
 * x ← x + A⁻¹(b − A·x) with `correct(r)` applying A⁻¹ from an existing factorization, until the
 * componentwise backward error is at most the tolerance (ε by default, as LAPACK), stops halving, or
 * `maxSteps` corrections have been made. A correction that does not lower ω is discarded.
 *
 * @param A - the matrix, n × n (the full matrix, or its lower triangle with `symmetricLower`).
 * @param b - the right-hand side, as given to the solve.
 * @param x0 - the first solution (not modified).
 * @param correct - d = A⁻¹r for a residual r of the same shape as b.
 */
export function refineSolution(
  A: Matrix,
  b: VectorLike,
  x0: Float64Array,
  correct: (r: Float64Array) => Float64Array,
  options?: RefineOptions,
): Refined<Float64Array>;
export function refineSolution(
  A: Matrix,
  B: Matrix,
  X0: Matrix,
  correct: (R: Matrix) => Matrix,
  options?: RefineOptions,
): Refined<Matrix>;
export function refineSolution(
  A: Matrix,
  b: VectorLike | Matrix,
  x0: Float64Array | Matrix,
  correct: (r: never) => Float64Array | Matrix,
  options: RefineOptions = {},
): Refined<Float64Array | Matrix> {
  const n = A.rows;
  const lower = options.symmetricLower ?? false;
  const maxSteps = options.maxSteps ?? 5;
  const tolerance = options.tolerance ?? EPS;
  const isMatrix = x0 instanceof Matrix;
  const k = isMatrix ? x0.cols : 1;
  const bs = b instanceof Matrix ? b.data : Float64Array.from(b);
  const wrap = (data: Float64Array): Float64Array | Matrix => (isMatrix ? new Matrix(n, k, data) : data);
  let x = (isMatrix ? x0.data : (x0 as Float64Array)).slice();
  const r = new Float64Array(n * k);
  let omega = residual(A, x, bs, k, lower, r);
  let steps = 0;
  while (omega > tolerance && steps < maxSteps) {
    const d = correct(wrap(r.slice()) as never);
    const dd = d instanceof Matrix ? d.data : (d as Float64Array);
    const next = x.slice();
    for (let i = 0; i < next.length; i++) next[i] += dd[i];
    const rNext = new Float64Array(n * k);
    const omegaNext = residual(A, next, bs, k, lower, rNext);
    if (!(omegaNext < omega)) break;
    steps++;
    const halved = omegaNext <= omega / 2;
    x = next;
    r.set(rNext);
    omega = omegaNext;
    if (!halved) break;
  }
  return { x: wrap(x), steps, backwardError: omega };
}
