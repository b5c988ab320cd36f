import { heapF64, readF64, readF64Into } from '../wasm/heap.js';
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
  /**
   * The reciprocal 1-norm condition estimate (as {@link Cholesky.rcond}); NaN unless asked for
   * (`withRcond`) or needed to decide {@link CheckedSolve.rcondAtLeast}.
   */
  readonly rcond: number;
  /** Whether the condition estimate is at least `rcondThreshold` (decided as assembly/rcond-bound.ts's rcondAtLeast). */
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
 * @param rcondThreshold - decide whether the condition estimate reaches it, by a cheap rigorous lower
 * bound on rcond when that suffices, else by the estimate (assembly/rcond-bound.ts).
 * @param out - where to write x (length n); a new array when omitted.
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
  out?: Float64Array,
): CheckedSolve {
  const M = asSquare(A, name);
  const n = M.rows;
  const rhs = asVector(b, bName, n);
  // Layout: A, the factor, b, x, the kernel's workspace (5n + 1), its result block (5).
  const nn = 8 * n * n;
  const a = scratch(2 * nn + 8 * (7 * n + 6), 'a Cholesky solve');
  const factor = a + nn;
  const bp = factor + nn;
  const x = bp + 8 * n;
  const result = x + 8 * n + 8 * (5 * n + 1);
  writeFinite(a, M.data, name, n);
  writeFinite(bp, rhs, bName);
  const info = kernels().posvChecked(n, a, factor, bp, x, x + 8 * n, withRcond ? 1 : 0, rcondThreshold, result);
  if (info > 0) throw notPositiveDefinite(info, name);
  const heap = heapF64(result + 40);
  const at = result >>> 3;
  const solution = out === undefined ? readF64(x, n) : readF64Into(x, out);
  return { x: solution, backwardError: heap[at + 1], rcond: heap[at + 2], rcondAtLeast: heap[at + 3] === 1 };
}
