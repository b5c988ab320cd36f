import { copyF64, maxAbsF64, readF64 } from '../wasm/heap.js';
import { kernels } from '../wasm/instance.js';
import { scratch } from '../wasm/scratch.js';
import { notPositiveDefinite } from './cholesky.js';
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
  /** The reciprocal 1-norm condition estimate (as {@link Cholesky.rcond}); NaN unless asked for. */
  readonly rcond: number;
}

/**
 * x = A⁻¹b for one right-hand side by Cholesky of the lower triangle of A (as {@link cholesky}), in
 * one call: the factor lives in scratch memory only, no factorization object is made, and the
 * normwise backward error of x against the whole of A comes with it (a residual b − A·x computed in
 * WebAssembly from an untouched copy of A). The checked one-shot SPD solve of LAPACK dposvx, in
 * normwise terms: for the many small solves of implicit differentiation, where an object per call
 * costs more than the arithmetic.
 *
 * @param withRcond - also estimate the reciprocal condition number (O(n²) more).
 * @param name - how errors name A; `bName` likewise for b.
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
): CheckedSolve {
  const M = asSquare(A, name);
  const n = M.rows;
  const rhs = asVector(b, bName, n);
  // Layout: the factor, a copy of A, x, the residual, the condition estimator's workspace (3n).
  const nn = 8 * n * n;
  const factor = scratch(2 * nn + 8 * n * (withRcond ? 5 : 2), 'a Cholesky solve');
  const copy = factor + nn;
  const x = copy + nn;
  const r = x + 8 * n;
  writeFinite(factor, M.data, name, n);
  copyF64(copy, factor, n * n);
  writeFinite(x, rhs, bName);
  copyF64(r, x, n);
  const k = kernels();
  const anorm = withRcond ? k.norm1SymLower(n, factor, n) : 0;
  const info = k.potrf(n, factor, n);
  if (info > 0) throw notPositiveDefinite(info, name);
  const bn = maxAbsF64(r, n);
  k.potrs(n, 1, factor, n, x, 1);
  k.gemv(0, n, n, -1, copy, Math.max(1, n), x, 1, r);
  const denom = k.normInf(n, n, copy, Math.max(1, n)) * maxAbsF64(x, n) + bn;
  const rn = maxAbsF64(r, n);
  const rcond = !withRcond ? Number.NaN : n === 0 ? 1 : k.pocon(n, factor, n, anorm, r + 8 * n);
  return { x: readF64(x, n), backwardError: denom === 0 ? 0 : rn / denom, rcond };
}
