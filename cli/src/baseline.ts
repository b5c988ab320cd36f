import { cholesky } from 'implicit-diff';
import { isNotPositiveDefinite, meanLoss, type RidgeProblem, solveRidge } from './ridge.js';

/** A fitted reference model: its penalty, its coefficients on the final training set, and its validation loss. */
export interface Fit {
  readonly lambda: number;
  readonly w: Float64Array;
  readonly validationLoss: number;
}

/** The scale of penalties: the mean diagonal of the Gram matrix, trace(G)/p (≈ training rows for standardized features). */
export function penaltyScale(problem: RidgeProblem): number {
  let trace = 0;
  for (let j = 0; j < problem.p; j++) trace += problem.gram.data[j * problem.p + j];
  return trace / problem.p;
}

/** Whether G is numerically non-singular: Cholesky succeeds and the reciprocal condition exceeds 1e-12. */
function wellPosed(problem: RidgeProblem): boolean {
  try {
    using factor = cholesky(problem.gram);
    return factor.rcond() > 1e-12;
  } catch (error) {
    if (isNotPositiveDefinite(error)) return false;
    throw error;
  }
}

/**
 * Ordinary least squares, argmin ‖Xw − y‖², fitted on `final`, its validation loss the mean over
 * `problems` (one holdout set, or the folds of cross-validation). When some XᵀX is singular or
 * numerically so (reciprocal condition ≤ 1e-12: collinear columns, as on the wages data where
 * experience = age − education − 6 for most workers, or fewer rows than features), the limit
 * λ → 0⁺ of ridge is used instead — the minimum-norm least-squares solution — computed as ridge
 * with λ = 1e-9·trace(G)/p; `lambda` then reports that λ.
 */
export function ordinaryLeastSquares(problems: readonly RidgeProblem[], final: RidgeProblem): Fit {
  const p = final.p;
  const exact = [final, ...problems].every(wellPosed);
  const lambda = exact ? 0 : 1e-9 * penaltyScale(final);
  const theta = new Float64Array(1).fill(exact ? Number.NEGATIVE_INFINITY : Math.log(lambda));
  const groupOf = new Int32Array(p);
  return {
    lambda,
    w: solveRidge(final, new Float64Array(p).fill(lambda)),
    validationLoss: meanLoss(problems, theta, groupOf),
  };
}

/** The grid of global penalties searched: trace(G)/p · 10^k for k = −6, −5.9, …, 3 (91 values). */
export function penaltyGrid(problem: RidgeProblem): Float64Array {
  const scale = penaltyScale(problem);
  return Float64Array.from({ length: 91 }, (_, i) => scale * 10 ** (-6 + i / 10));
}

/**
 * Ridge with one global penalty λ, chosen on the grid {@link penaltyGrid} by the lowest mean
 * validation loss over `problems`, then fitted on `final`.
 */
export function gridSearchRidge(
  problems: readonly RidgeProblem[],
  final: RidgeProblem,
): Fit & { grid: Float64Array; losses: Float64Array } {
  const grid = penaltyGrid(final);
  const losses = new Float64Array(grid.length);
  const groupOf = new Int32Array(final.p);
  let best = 0;
  for (const [i, l] of grid.entries()) {
    losses[i] = meanLoss(problems, new Float64Array([Math.log(l)]), groupOf);
    if (losses[i] < losses[best]) best = i;
  }
  const lambda = grid[best];
  return {
    lambda,
    w: solveRidge(final, new Float64Array(final.p).fill(lambda)),
    validationLoss: losses[best],
    grid,
    losses,
  };
}
