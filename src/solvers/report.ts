/** The linear solver that applied A⁻¹ or A⁻ᵀ. */
export type SolverName =
  | 'cholesky'
  | 'ldlt'
  | 'lu'
  | 'lstsq'
  | 'sparse-cholesky'
  | 'sparse-ldlt'
  | 'cg'
  | 'minres'
  | 'gmres'
  | 'bicgstab';

/** What the linear solves with one matrix did, and how accurately. */
export interface SolveReport {
  /**
   * The solver used: a dense factorization (`'cholesky'`, `'ldlt'`, `'lu'`), least squares (`'lstsq'`,
   * see `onSingular`), a sparse factorization of a `SparseMatrix` (`'sparse-cholesky'`, `'sparse-ldlt'`)
   * or a Krylov method.
   */
  solver: SolverName;
  /**
   * Reciprocal condition estimate of A in the 1-norm, 1/(‖A‖₁‖A⁻¹‖₁) (LAPACK dpocon/dgecon
   * estimator); dense solvers only. Near 1e-16, the solution has no correct digits.
   */
  rcond?: number;
  /**
   * LDLᵀ only: how many eigenvalues of A are positive, negative and zero (Sylvester's law of
   * inertia on D). For an argmin solved with `structure: 'symmetric'`, any negative count means
   * the point is a saddle, not a minimum.
   */
  inertia?: { positive: number; negative: number; zero: number };
  /**
   * `onSingular: 'lstsq'` only: the numerical rank of A; below n, the solution is the
   * minimum-norm one, A⁺b (see `relativeResidual`).
   */
  rank?: number;
  /**
   * Krylov and `onSingular: 'lstsq'`: the relative residual ‖b − A x‖₂ / ‖b‖₂, max over right-hand
   * sides — what a Krylov method converges on (`tol`), and for least squares positive when b is
   * outside the range of A (no exact solution exists).
   */
  relativeResidual?: number;
  /** `onSingular: { ridge: λ }` only, when it applied: λ, the solution being that of A + λI. */
  damping?: number;
  /** Sparse direct solvers only: nonzeros of the factor L (diagonal included). */
  nnzL?: number;
  /** Sparse direct solvers only: nnz(L) / nnz(tril A), the fill under the fill-reducing ordering. */
  fillRatio?: number;
  /** Dense and sparse direct solvers: iterative-refinement steps taken, summed over right-hand sides. */
  refinementSteps?: number;
  /** Krylov only: iterations summed over every right-hand side. */
  iterations?: number;
  /** Krylov only: whether every right-hand side met the tolerance. */
  converged?: boolean;
  /**
   * Normwise backward error η of the linear solve, max over right-hand sides: the smallest relative
   * perturbation of the system that the computed solution solves exactly,
   * η = ‖A x − b‖ / (‖A‖‖x‖ + ‖b‖) (Rigal–Gaches; Higham, "Accuracy and Stability of Numerical
   * Algorithms", Thm 7.1). Dense and least squares: ∞-norms, exact for up to 2 right-hand sides or
   * a small block (n²k ≤ 256), else measured on 2 fixed ±1 combinations of the right-hand sides.
   * Krylov: 2-norms with ‖A‖ replaced by the lower bound (‖b‖ − ‖r‖)/‖x‖, hence an upper bound on
   * η. Not the componentwise ω of `componentwiseBackwardError`, nor the condition estimate `rcond`.
   */
  backwardError: number;
  /**
   * Sentences about what the numbers above mean for the result, empty when all is well: an rcond
   * below √ε (the solution may have lost more than half of its digits), a Krylov solve that missed
   * its tolerance (`allowUnconverged`), a rank-deficient or damped solve (`onSingular`).
   */
  warnings: string[];
}

const EPS = 2 ** -52;

/** Below this rcond a solve's report warns: the forward error bound ε/rcond exceeds √ε. */
export const WARN_RCOND = Math.sqrt(EPS);

/** The warnings of a solve (see {@link SolveReport.warnings}) from its other fields and the order n. */
export function warningsOf(report: Omit<SolveReport, 'warnings'>, n: number): string[] {
  const warnings: string[] = [];
  const { rcond, converged, rank, damping } = report;
  if (rcond !== undefined && rcond < WARN_RCOND) {
    warnings.push(
      `the matrix is ill-conditioned: rcond = ${rcond.toExponential(2)} is below √ε ≈ 1.5e-8, so the solution's relative error may reach ε/rcond ≈ ${(EPS / rcond).toExponential(1)}`,
    );
  }
  if (converged === false) {
    warnings.push(
      `the Krylov solve did not reach its tolerance (backward error ${report.backwardError.toExponential(2)}); allowUnconverged returned its last iterate`,
    );
  }
  if (rank !== undefined && rank < n) {
    warnings.push(
      `the matrix is singular to working precision (numerical rank ${rank} of ${n}): the minimum-norm least-squares solution was returned (onSingular: 'lstsq')`,
    );
  }
  if (damping !== undefined) {
    warnings.push(
      `the matrix is singular to working precision: A + λI with λ = ${damping} was solved instead (onSingular: ridge)`,
    );
  }
  return warnings;
}
