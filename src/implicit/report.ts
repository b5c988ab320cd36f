/** The linear solver that applied (∂F/∂y)⁻¹ or its transpose. */
export type SolverName = 'cholesky' | 'ldlt' | 'lu' | 'lstsq' | 'cg' | 'minres' | 'gmres' | 'bicgstab';

/**
 * Where a derivative of F came from: `'exact'` as the user supplied it, `'finite-difference'`, or
 * `'autodiff'` (taken by jax-js through the `implicit-diff/jax` adapters).
 */
export type DerivativeSource = 'exact' | 'finite-difference' | 'autodiff';

/** What the linear solves of one call did, and how accurately. */
export interface SolveReport {
  /** The solver used: a dense factorization (`'cholesky'`, `'ldlt'`, `'lu'`), least squares (`'lstsq'`, see `onSingular`) or a Krylov method. */
  solver: SolverName;
  /**
   * Reciprocal condition estimate of ∂F/∂y in the 1-norm, 1/(‖A‖₁‖A⁻¹‖₁) (LAPACK dpocon/dgecon
   * estimator); dense solvers only. Near 1e-16, the derivative has no correct digits.
   */
  rcond?: number;
  /**
   * LDLᵀ only: how many eigenvalues of ∂F/∂y are positive, negative and zero (Sylvester's law of
   * inertia on D). For an argmin solved with `structure: 'symmetric'`, any negative count means
   * the point is a saddle, not a minimum.
   */
  inertia?: { positive: number; negative: number; zero: number };
  /**
   * `onSingular: 'lstsq'` only: the numerical rank of ∂F/∂y; below n, the derivative is the
   * minimum-norm one, −(∂F/∂y)⁺ ∂F/∂x, and `backwardError` is the relative least-squares residual
   * ‖A x − b‖/‖b‖ (positive when b is outside the range of ∂F/∂y: no exact solution exists).
   */
  rank?: number;
  /** `onSingular: { ridge: λ }` only, when it applied: λ, the derivative being that of ∂F/∂y + λI. */
  damping?: number;
  /** Dense only: iterative-refinement steps taken, summed over right-hand sides. */
  refinementSteps?: number;
  /** Krylov only: iterations summed over every right-hand side of the call. */
  iterations?: number;
  /** Krylov only: whether every right-hand side met the tolerance. */
  converged?: boolean;
  /**
   * Normwise backward error of the linear solve, max over right-hand sides: the smallest relative
   * perturbation of the system that the computed solution solves exactly,
   * ‖A x − b‖ / (‖A‖‖x‖ + ‖b‖) (Rigal–Gaches; Higham, "Accuracy and Stability of Numerical
   * Algorithms", Thm 7.1). Dense: ∞-norms, exact for up to 2 right-hand sides or a small block
   * (n²k ≤ 256), else measured on 2 fixed ±1 combinations of the right-hand sides. Krylov: 2-norms with ‖A‖ replaced
   * by the lower bound (‖b‖ − ‖r‖)/‖x‖, hence an upper bound.
   */
  backwardError: number;
}

/**
 * The diagnostic report carried by every result of `implicitRoot`, `implicitArgmin` and
 * `implicitFixedPoint`. Forward error of the derivative ≲ (condition number) × (backward error
 * + error of the derivatives of F + effect of the residual).
 */
export interface Report extends SolveReport {
  /**
   * `'exact'` when both ∂F/∂y and ∂F/∂x were given; `'finite-difference'` when either was not;
   * `'autodiff'` from the jax adapters.
   */
  derivatives: DerivativeSource;
  /** Where each derivative of F came from. */
  sources: { dFdy: DerivativeSource; dFdx: DerivativeSource };
  /**
   * `implicitArgmin` with an LDLᵀ solve (`structure: 'symmetric'`): whether y is a strict local
   * minimum of g, i.e. the Hessian's inertia has no negative and no zero eigenvalue. `false`
   * means the returned y is a saddle point or a maximum: its derivatives are those of a
   * stationary point, not of a minimizer.
   */
  minimum?: boolean;
  /** ‖F(x, y)‖₂ at the y returned by the user's solver: an inexact inner solve shows here. */
  residual: number;
  /** Evaluations of F (or grad, or T) spent on finite differences in this call. */
  fdEvaluations: number;
  /** What makes this result less trustworthy than it looks, in words; absent when nothing does. */
  warnings?: string[];
}
