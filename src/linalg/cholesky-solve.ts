import { copyF64, heapF64, readF64 } from '../wasm/heap.js';
import { kernels } from '../wasm/instance.js';
import { scratch } from '../wasm/scratch.js';
import { notPositiveDefinite } from './cholesky.js';
import { rcondAtLeast } from './condition.js';
import { KIND } from './dense-factorization.js';
import type { MatrixLike, VectorLike } from './matrix.js';
import { asSquare, asVector, writeFinite } from './validate.js';

/** The result of {@link choleskySolveChecked}. */
export interface CheckedSolve {
  /** x = A⁻¹b. */
  readonly x: Float64Array;
  /**
   * The normwise backward error ‖b − A·x‖∞ / (‖A‖∞‖x‖∞ + ‖b‖∞) of x, with the residual taken against
   * the whole of A: of the order of ε for a symmetric A (Cholesky is backward stable), large when
   * A's upper triangle does not mirror the lower one that was factored.
   */
  readonly backwardError: number;
  /**
   * The reciprocal 1-norm condition estimate (as {@link Cholesky.rcond}); NaN unless asked for or
   * needed to decide {@link CheckedSolve.rcondAtLeast}.
   */
  readonly rcond: number;
  /** Whether the condition estimate is at least the threshold given (linalg/condition.ts). */
  readonly rcondAtLeast: boolean;
}

/**
 * x = A⁻¹b for one right-hand side by Cholesky of the lower triangle of A (as {@link cholesky}), in
 * one call: the factor lives in scratch memory only, no factorization object is made, and the
 * normwise backward error of x against the whole of A comes with it (the checked kernel of the
 * dense driver, assembly/checked.ts, against an untouched copy of A; no refinement, Cholesky being
 * backward stable; no equilibration). The checked one-shot SPD solve of LAPACK dposvx, in normwise
 * terms: for the many small solves of implicit differentiation, where an object per call costs more
 * than the arithmetic.
 *
 * @param withRcond - also estimate the reciprocal condition number (O(n²) more).
 * @param name - how errors name A; `bName` likewise for b.
 * @param rcondThreshold - decide whether the condition estimate reaches it, by the cheap lower bound
 * when that suffices, else by the estimate (see {@link rcondAtLeast}).
 * @throws {ShapeError} when A is not square or b's length differs from its order.
 * @throws {NonFiniteError} when A or b holds NaN or ±Infinity.
 * @throws {NotPositiveDefiniteError} as {@link cholesky}.
 */
export function choleskySolveChecked(
  A: MatrixLike,
  b: VectorLike,
  withRcond = false,
  name = 'A',
  bName = 'b',
  rcondThreshold = 0,
): CheckedSolve {
  const M = asSquare(A, name);
  const n = M.rows;
  const rhs = asVector(b, bName, n);
  // Layout: the factor, a copy of A, b, x, the checked kernel's workspace (2n + 1 + 3n, which also
  // serves the condition estimator's 3n and the bound's 2n), its result block (4).
  const nn = 8 * n * n;
  const factor = scratch(2 * nn + 8 * (7 * n + 5), 'a Cholesky solve');
  const copy = factor + nn;
  const bp = copy + nn;
  const x = bp + 8 * n;
  const w = x + 8 * n;
  const result = w + 8 * (5 * n + 1);
  writeFinite(factor, M.data, name, n);
  copyF64(copy, factor, n * n);
  writeFinite(bp, rhs, bName);
  const k = kernels();
  const anorm = k.norm1SymLower(n, factor, n);
  const info = k.potrf(n, factor, n);
  if (info > 0) throw notPositiveDefinite(info, name);
  const heap = heapF64(result + 32);
  heap[result >>> 3] = -1;
  k.checkedSolve(KIND.cholesky, 0, n, 1, factor, 0, 0, 0, 0, copy, bp, x, w, 0, 0, result);
  const backwardError = heap[(result >>> 3) + 1];
  let rcond = Number.NaN;
  const estimate = () => {
    rcond = n === 0 ? 1 : k.pocon(n, factor, n, anorm, w);
    return rcond;
  };
  if (withRcond) estimate();
  const atLeast = withRcond
    ? rcond >= rcondThreshold
    : rcondAtLeast(rcondThreshold, k.rcondBound(KIND.cholesky, n, factor, anorm, w), estimate);
  return { x: readF64(x, n), backwardError, rcond, rcondAtLeast: atLeast };
}
