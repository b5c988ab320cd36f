import type { Preconditioner } from '../operators/linear-operator.js';

/**
 * Options shared by the Krylov solvers. The iteration stops when the residual satisfies
 * ‖b − A x‖₂ ≤ max(tol·‖b‖₂, atol).
 */
export interface KrylovOptions {
  /** Relative tolerance on ‖b − A x‖₂ / ‖b‖₂ (default 1e-10). */
  tol?: number;
  /** Absolute tolerance on ‖b − A x‖₂ (default 0). */
  atol?: number;
  /** Cap on the number of iterations (one product with A each; two for BiCGStab); default max(50, 10·n). */
  maxIter?: number;
  /** P ≈ A⁻¹ applied as r ↦ P r (symmetric positive definite for CG and MINRES). */
  preconditioner?: Preconditioner;
  /** Starting guess (default zero). */
  x0?: ArrayLike<number>;
}

/** Options of restarted GMRES. */
export interface GmresOptions extends KrylovOptions {
  /** Krylov subspace dimension before a restart (default 30; memory (restart + 1)·n). */
  restart?: number;
}

/**
 * The outcome of a Krylov solve. `residualNorm` is the true ‖b − A x‖₂ recomputed at the returned
 * x (not a recurrence estimate). `breakdown`, when set, says why the iteration stopped early:
 * `'not-positive-definite'` (CG met pᵀAp ≤ 0, or a preconditioner is not positive definite),
 * `'breakdown'` (a zero denominator in BiCGStab), `'stagnation'` (restarts made no progress,
 * which happens when the tolerance is below the accuracy attainable for this conditioning).
 */
export interface KrylovResult {
  x: Float64Array;
  iterations: number;
  converged: boolean;
  residualNorm: number;
  breakdown?: 'not-positive-definite' | 'breakdown' | 'stagnation';
}
