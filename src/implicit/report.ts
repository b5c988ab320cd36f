import type { SolveReport } from '../solvers/report.js';

/**
 * Where a derivative of F came from: `'exact'` as the user supplied it, `'finite-difference'`, or
 * `'autodiff'` (taken by jax-js through the `implicit-diff/jax` adapters).
 */
export type DerivativeSource = 'exact' | 'finite-difference' | 'autodiff';

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
}
