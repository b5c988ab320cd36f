/**
 * A factorization that keeps A's untouched copy beside its factors, for the checked solve of the
 * dense driver (assembly/checked.ts, as LAPACK xPOSVX/xGESVX). Declared apart from the classes that
 * implement it, so that the published declarations of the factorizations do not reach them.
 */
export interface CheckedSolver {
  /**
   * X = op(A)⁻¹B for the n × nrhs row-major `data`, its normwise backward error
   * η = ‖b − op(A)x‖∞ / (‖op(A)‖∞‖x‖∞ + ‖b‖∞) against A's copy, and up to `maxSteps` refinement steps
   * while η > `tolerance`, in one kernel call. `normA` is ‖op(A)‖∞ when known, else negative.
   * Returns the solution, in `out` when given (n·nrhs doubles; it may be `data`, read first); what
   * was measured is in {@link CheckedOutcome} (`checkedOutcome()`).
   * @throws {NonFiniteError} on NaN/±Infinity in the right-hand sides (named `b`), or in the
   * solution (an answer beyond float64's range, or a numerically singular A).
   * @throws {DisposedError} after `dispose()`.
   */
  solveChecked(
    data: Float64Array,
    nrhs: number,
    transpose: boolean,
    tolerance: number,
    maxSteps: number,
    normA: number,
    out?: Float64Array,
  ): Float64Array;
  /**
   * Whether the reciprocal condition estimate `rcond()` is at least `threshold`: the same answer,
   * computing the estimate only when a cheap rigorous lower bound on rcond does not prove it.
   */
  rcondAtLeast(threshold: number): boolean;
}

/** A factorization object as the library makes it with `checked`: its public type and the checked solve. */
export type CheckedFactor<T> = T & CheckedSolver;

/** What the last checked solve measured; one record, overwritten by each call. */
export interface CheckedOutcome {
  /** ‖op(A)‖∞ as used (computed by the kernel when the caller passed a negative one). */
  normA: number;
  /** The normwise backward error η of the returned solution (the largest over columns). */
  backwardError: number;
  /** η of the first solution, before refinement. */
  firstBackwardError: number;
  /** Refinement steps taken. */
  steps: number;
}

const outcome: CheckedOutcome = { normA: 0, backwardError: 0, firstBackwardError: 0, steps: 0 };

/** What the last checked solve measured (overwritten by the next call). */
export function checkedOutcome(): CheckedOutcome {
  return outcome;
}
