import { describe } from '../check/entries.js';
import { checkOptions, flagOption, numberOption } from '../check/options.js';
import { ArgumentError } from '../errors.js';
import { componentwiseResidual } from './backward-error.js';
import { Matrix, type MatrixLike, type VectorLike } from './matrix.js';
import { columnsOperand, finiteSquare } from './validate.js';

// Fixed-precision iterative refinement (Skeel, "Iterative refinement implies numerical stability
// for Gaussian elimination", Math. Comp. 35, 1980; as LAPACK dgerfs/dsyrfs; Higham, "Accuracy and
// Stability of Numerical Algorithms", §12.2): with the residual r = b − A·x computed in float64 and
// the correction d = A⁻¹r from the same factorization, x ← x + d. One or two steps bring the
// backward error down to the order of n·ε even where the factorization alone is not backward
// stable — pivot growth in LU, rows scaled over many orders of magnitude. The library has one loop
// per measure of the error: here, `refineSolution`'s (componentwise ω, for `solve(…, { refine: true })`
// and users' own factorizations); the checked dense solves refine against the normwise η inside their
// kernel (assembly/checked.ts), by the same rule: a correction that does not lower the error is
// discarded and ends the loop.

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
 * Refines a solution x₀ of A·x = b (or A·X = B) by fixed-precision iterative refinement:
 * x ← x + A⁻¹(b − A·x) with `correct(r)` applying A⁻¹ from an existing factorization, until the
 * componentwise backward error ω = maxᵢ |b − A·x|ᵢ / (|A|·|x| + |b|)ᵢ is at most the tolerance (ε
 * by default, as LAPACK), stops halving, or `maxSteps` corrections have been made. A correction that
 * does not lower ω is discarded.
 *
 * @param A - the matrix, n × n (the full matrix, or its lower triangle with `symmetricLower`).
 * @param b - the right-hand side, as given to the solve.
 * @param x0 - the first solution (not modified).
 * @param correct - d = A⁻¹r for a residual r of the same shape as b; what it returns is checked
 * (same shape, finite entries).
 * @throws {ArgumentError} when an argument is not a matrix or vector of numbers, `correct` is not a
 * function or returns something that is not, or an option is unknown or of the wrong value.
 * @throws {ShapeError} when A is not square, x0 or b do not have n entries (rows) and the same
 * columns, or `correct` returns the wrong shape.
 * @throws {NonFiniteError} when A, b or x0 holds NaN or ±Infinity, or `correct` returns one.
 */
export function refineSolution(
  A: MatrixLike,
  b: VectorLike,
  x0: Float64Array,
  correct: (r: Float64Array) => Float64Array,
  options?: RefineOptions,
): Refined<Float64Array>;
export function refineSolution(
  A: MatrixLike,
  B: Matrix,
  X0: Matrix,
  correct: (R: Matrix) => Matrix,
  options?: RefineOptions,
): Refined<Matrix>;
export function refineSolution(
  A: MatrixLike,
  b: VectorLike | Matrix,
  x0: Float64Array | Matrix,
  correct: (r: never) => Float64Array | Matrix,
  options?: RefineOptions,
): Refined<Float64Array | Matrix> {
  const o = checkOptions(options, 'refineSolution: options', ['symmetricLower', 'maxSteps', 'tolerance']);
  const lower = flagOption(o.symmetricLower, 'options.symmetricLower', false);
  const maxSteps = numberOption(o.maxSteps, 'options.maxSteps', 5, { min: 0, integer: true });
  const tolerance = numberOption(o.tolerance, 'options.tolerance', EPS, { min: 0 });
  const M = finiteSquare(A, 'A');
  const n = M.rows;
  const xs = columnsOperand(x0, 'x0', n);
  const isMatrix = x0 instanceof Matrix;
  const k = xs.k;
  const bs = columnsOperand(b, 'b', n, k).data;
  if (typeof correct !== 'function') throw new ArgumentError(`correct must be a function, got ${describe(correct)}`);
  const wrap = (data: Float64Array): Float64Array | Matrix => (isMatrix ? new Matrix(n, k, data) : data);
  const r = new Float64Array(n * k);
  const measure = (x: Float64Array) => componentwiseResidual(M, x, bs, k, lower, r);
  // The loop: a correction that does not lower ω is discarded and ends it; one that does not at
  // least halve ω is kept and ends it (LAPACK dgerfs's test).
  let x = xs.data.slice();
  let error = measure(x);
  let steps = 0;
  while (error > tolerance && steps < maxSteps) {
    const d = correct(wrap(r.slice()) as never);
    const dd = columnsOperand(d, 'the correction returned by correct', n, k).data;
    const next = x.slice();
    for (let i = 0; i < next.length; i++) next[i] += dd[i];
    const e = measure(next);
    if (!(e < error)) break;
    const halved = e <= error / 2;
    x = next;
    error = e;
    steps++;
    if (!halved) break;
  }
  return { x: wrap(x), steps, backwardError: error };
}
