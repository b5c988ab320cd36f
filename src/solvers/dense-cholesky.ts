import { NotPositiveDefiniteError } from '../errors.js';
import { choleskyOf } from '../linalg/cholesky.js';
import { type CheckedSolve, choleskySolveChecked } from '../linalg/cholesky-solve.js';
import type { Matrix } from '../linalg/matrix.js';
import { type DenseStrategy, SUSPECT_BACKWARD_ERROR } from './dense.js';
import type { LinearSolveOptions } from './options.js';
import { type SolveReport, warningsOf } from './report.js';
import { checkSymmetric } from './symmetry.js';

/**
 * Structure `'spd'`: Cholesky A = L·Lᵀ of the lower triangle (as LAPACK dpotrf). Backward stable,
 * so never refined; a matrix that is not positive definite is refused with the structures that
 * would take it.
 */
export const denseCholesky: DenseStrategy = {
  solver: 'cholesky',
  symmetric: true,
  refines: false,
  factor(M, name) {
    try {
      return choleskyOf(M, name, true, true);
    } catch (error) {
      throw error instanceof NotPositiveDefiniteError ? notSpd(error) : error;
    }
  },
};

function notSpd(error: NotPositiveDefiniteError): NotPositiveDefiniteError {
  return new NotPositiveDefiniteError(
    `${error.message}; it was taken as symmetric positive definite (pass structure: 'symmetric' to factor it by LDLᵀ and report its inertia, 'general' for LU, or an onSingular policy)`,
    error.pivot,
    { cause: error },
  );
}

/**
 * Largest order solved by {@link choleskyOnce}: the one-shot path holds two copies of A in
 * WebAssembly memory and gains only where the per-call overhead matters.
 */
export const ONE_SHOT_MAX_ORDER = 256;

/**
 * x = A⁻¹b for one right-hand side in one call (linalg's `choleskySolveChecked`: no factorization
 * object; the backward error, and whether rcond ≥ n·ε, decided in WebAssembly — by the cheap lower
 * bound on rcond where it suffices, the estimate being computed only for a report or when the bound
 * does not decide) with the symmetry checks and the report of the prepared Cholesky solve. Returns
 * undefined when the one-shot path cannot vouch for its answer — a solution or backward error that
 * is not finite, or an rcond below n·ε — so that the caller takes the prepared path, which
 * equilibrates a badly scaled A and then decides (an rcond of 2⁻¹⁰⁶⁰·I underflows here but not
 * after equilibration). x is written into `out` when given (then overwritten even when undefined
 * is returned).
 */
export function choleskyOnce(
  A: Matrix,
  options: LinearSolveOptions,
  name: string,
  b: Float64Array,
  withReport: boolean,
  out?: Float64Array,
): { x: Float64Array; report: SolveReport | undefined } | undefined {
  const checkSymmetry = options.checkSymmetry !== false;
  if (options.checkSymmetry === true) checkSymmetric(A, name);
  let result: CheckedSolve;
  try {
    result = choleskySolveChecked(A, b, withReport, name, 'b', A.rows * EPS, out);
  } catch (error) {
    if (!(error instanceof NotPositiveDefiniteError)) throw error;
    if (checkSymmetry) checkSymmetric(A, name);
    throw notSpd(error);
  }
  const { x, backwardError, rcond } = result;
  if (!Number.isFinite(backwardError) || !result.rcondAtLeast) return undefined;
  if (backwardError > SUSPECT_BACKWARD_ERROR && checkSymmetry) checkSymmetric(A, name);
  if (!withReport) return { x, report: undefined };
  const report = { solver: 'cholesky' as const, rcond, backwardError, refinementSteps: 0 };
  return { x, report: { ...report, warnings: warningsOf(report, A.rows) } };
}

const EPS = 2 ** -52;
