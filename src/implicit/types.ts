import type { Matrix, VectorLike } from '../linalg/matrix.js';
import type { Preconditioner } from '../operators/linear-operator.js';
import type { LinearSolveOptions, Structure } from '../solvers/options.js';
import type { Report } from './report.js';

/** Options shared by `implicitRoot`, `implicitArgmin` and `implicitFixedPoint`. */
export interface ImplicitOptions extends LinearSolveOptions {
  /**
   * What is known of ∂F/∂y: `'spd'`, `'symmetric'`, `'general'`, or `'auto'` (the tags of an
   * operator, else the default of the wrapper: `'general'` for roots and fixed points, `'spd'`
   * for argmin).
   */
  structure?: Structure | 'auto';
  /**
   * A y from `solve(x)` with ‖F(x, y)‖₂ above this throws `ResidualError` instead of returning
   * derivatives of a point that is not a root. Default: scale-aware, ε^(1/3)·(‖∂F/∂y·y‖₂ +
   * ‖∂F/∂x·x‖₂) (`RESIDUAL_RELATIVE_TOLERANCE` times the size of F's terms at (x, y)), which the
   * residual of a float64 solver that converged meets and that of a stalled one does not. A number
   * ≥ 0 is an absolute tolerance; `Infinity` turns the check off.
   */
  residualTolerance?: number;
  /**
   * A Krylov preconditioner built at each point: `preconditionerAt(x, y*)` returns P ≈ (∂F/∂y)⁻¹
   * there (as `preconditioner`, which it replaces: give one or the other), so that one wrapper
   * serves an outer loop whose Hessian changes with x.
   */
  preconditionerAt?: (x: Float64Array, y: Float64Array) => Preconditioner;
  /**
   * When true, the first call of any method first runs {@link checkDerivatives} at its x and throws
   * `DerivativeCheckError` if a supplied derivative disagrees with central differences.
   */
  checkDerivatives?: boolean;
}

/** `loss(y)` returns the outer loss L(y) and its gradient ∂L/∂y (length ny). */
export type Loss = (y: Float64Array) => readonly [number, VectorLike];

/** Result of `jacobian(x)`: y*(x), ∂y/∂xᵀ (ny × nx) and the report. */
export interface JacobianResult {
  y: Float64Array;
  jacobian: Matrix;
  report: Report;
  /** What the user's solver returned beside y (`solve(x)` returning `{ y, aux }`); absent otherwise. */
  aux?: unknown;
}

/** Result of `jvp(x, dx)`: y*(x) and the tangent (∂y/∂xᵀ)·dx (length ny). */
export interface JvpResult {
  y: Float64Array;
  tangent: Float64Array;
  report: Report;
  /** What the user's solver returned beside y (`solve(x)` returning `{ y, aux }`); absent otherwise. */
  aux?: unknown;
}

/** Result of `vjp(x, w)`: y*(x) and the cotangent (∂y/∂xᵀ)ᵀ·w (length nx). */
export interface VjpResult {
  y: Float64Array;
  cotangent: Float64Array;
  report: Report;
  /** What the user's solver returned beside y (`solve(x)` returning `{ y, aux }`); absent otherwise. */
  aux?: unknown;
}

/** Result of `valueAndGrad(x, loss)`: L(y*(x)), its gradient dL/dx (length nx), y*(x) and the report. */
export interface ValueAndGradResult {
  value: number;
  grad: Float64Array;
  y: Float64Array;
  report: Report;
  /** What the user's solver returned beside y (`solve(x)` returning `{ y, aux }`); absent otherwise. */
  aux?: unknown;
}

/**
 * A user's solver x ↦ y*(x) made differentiable by the implicit function theorem. Each method
 * calls the solver once, then F and its derivatives at (x, y*), factors ∂F/∂y once, and serves
 * every right-hand side of the call from that factor.
 *
 * Every method but `solve` may throw (each documented error is pinned by test/errors):
 * - `ShapeError` / `NonFiniteError` naming `x`, `dx`, `w`, `solve(x)`, `F(x, y)` (or `grad`, `T`),
 *   the derivatives or `loss(y)`, on a wrong size or a NaN/±Infinity;
 * - `ArgumentError` on a bad option, a `loss` that is not a function, or a transposed product that
 *   matrix-free finite differences cannot give;
 * - `ResidualError` when ‖F(x, y)‖₂ exceeds `residualTolerance`;
 * - `SingularMatrixError`, `NotPositiveDefiniteError`, `NotSymmetricError` from the dense solve of
 *   ∂F/∂y (unless `onSingular` says otherwise), `ConvergenceError` from a Krylov solve.
 */
export interface ImplicitFunction {
  /** y*(x) from the user's solver, checked to be finite. */
  solve(x: VectorLike): Float64Array;
  /** The full Jacobian ∂y/∂xᵀ = −(∂F/∂y)⁻¹ ∂F/∂x: one factorization, one multi-right-hand-side solve. */
  jacobian(x: VectorLike): JacobianResult;
  /** Forward mode: (∂y/∂xᵀ)·dx = −(∂F/∂y)⁻¹ (∂F/∂x · dx), one solve. */
  jvp(x: VectorLike, dx: VectorLike): JvpResult;
  /** Reverse mode: (∂y/∂xᵀ)ᵀ·w = −(∂F/∂x)ᵀ (∂F/∂y)⁻ᵀ w, one transposed solve, whatever nx. */
  vjp(x: VectorLike, w: VectorLike): VjpResult;
  /** L(y*(x)) and dL/dx = vjp(x, ∂L/∂y). */
  valueAndGrad(x: VectorLike, loss: Loss): ValueAndGradResult;
}
