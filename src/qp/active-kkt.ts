import type { Inertia } from '../linalg/ldlt.js';
import type { QPConstraint } from './problem.js';

/** What the factorization of the KKT matrix at the solution says. */
export interface KKTReport {
  /** Order n + p + k of [[Q, Aᵀ, G_Sᵀ], [A, 0, 0], [G_S, 0, 0]], k active inequalities. */
  order: number;
  /**
   * Its inertia; (n, p + k, 0) exactly when the solution is strict and its active constraints
   * independent. For a sparse problem, that of the regularized quasi-definite matrix, which is
   * (n, p + k, 0) by construction; `secondOrderSufficient` then rests on `rcond`.
   */
  inertia: Inertia;
  /**
   * Whether the inertia is (n, p + k, 0) (for a sparse problem: whether K is nonsingular, which for
   * a positive semidefinite Q is the same): then [A; G_S] has full row rank and Q is positive
   * definite on its null space (strict second-order sufficiency), and the derivative is unique.
   */
  secondOrderSufficient: boolean;
  /**
   * Reciprocal 1-norm condition estimate of the KKT matrix (LAPACK dsycon; for a sparse problem
   * Hager's estimator for its Ruiz-equilibrated form S·K·S, with the regularized sparse factor).
   */
  rcond: number;
  /**
   * Active inequalities left out of the KKT matrix because they are linearly dependent on the
   * equalities and the other active rows (dense problems; a sparse problem keeps them all).
   */
  dependent: QPConstraint[];
  warnings: string[];
}

/** The KKT matrix of the active set S at a solution, factored once for every derivative solve. */
export interface ActiveKKT {
  /** z = K⁻¹r, r of length n + p + k. */
  solve(r: Float64Array): Float64Array;
  readonly report: KKTReport;
  /** The active rows K holds (those given, unless some were dependent and left out). */
  readonly active: Int32Array;
  /** Multipliers recomputed on `active` when it differs from the set given. */
  readonly multipliers?: { nu: Float64Array; lambdaActive: Float64Array };
  dispose(): void;
}

/** Below this reciprocal condition the KKT matrix is treated as singular (no derivative is given). */
export const SINGULAR_RCOND = 1e-14;
/** Below this the derivative is given with a warning. */
export const ILL_CONDITIONED_RCOND = 1e-10;

/** The report's warnings on a factorization with this inertia and condition. */
export function kktWarnings(secondOrderSufficient: boolean, inertia: Inertia, n: number, k: number, rcond: number) {
  const warnings: string[] = [];
  if (!secondOrderSufficient) {
    warnings.push(
      `the KKT matrix has inertia (${inertia.positive}, ${inertia.negative}, ${inertia.zero}), not (${n}, ${k}, 0): ` +
        'Q is not positive definite on the null space of the active constraints, so the solution or its derivative is not unique',
    );
  }
  if (rcond < ILL_CONDITIONED_RCOND) {
    warnings.push(
      `the KKT matrix is ill-conditioned (rcond ${rcond.toExponential(2)}): the derivative may be inaccurate`,
    );
  }
  return warnings;
}
