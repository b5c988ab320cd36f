import type { VectorLike } from '../linalg/matrix.js';
import { asMatrixOrOperator, type MatrixOrOperator } from '../operators/operand.js';
import { checkedAtFirstUse } from './check-derivatives.js';
import { implicitFunction, type Solution } from './problem.js';
import { checkSpec } from './spec.js';
import type { ImplicitFunction, ImplicitOptions } from './types.js';

/** An optimization problem y*(x) = argmin_y g(x, y), seen through its optimality condition ∂g/∂y = 0. */
export interface ArgminSpec extends ImplicitOptions {
  /** The user's minimizer: y*(x), any method; or `{ y, aux }`, aux then carried to every result. */
  solve(x: Float64Array): Solution;
  /** ∂g/∂y at (x, y), length ny: F of the root problem. */
  grad(x: Float64Array, y: Float64Array): VectorLike;
  /** ∂²g/∂y∂yᵀ (ny × ny); finite differences of `grad` (symmetrized) when absent. */
  hessian?(x: Float64Array, y: Float64Array): MatrixOrOperator;
  /** ∂²g/∂y∂xᵀ (ny × nx, rows indexed by y); finite differences of `grad` (or of `gradX`) when absent. */
  crossHessian?(x: Float64Array, y: Float64Array): MatrixOrOperator;
  /**
   * ∂g/∂x at (x, y), length nx. Without `crossHessian`, the transposed product (∂²g/∂y∂xᵀ)ᵀ u of a
   * VJP is then one directional difference of gradX in y (2 evaluations) instead of 2·nx of `grad`.
   */
  gradX?(x: Float64Array, y: Float64Array): VectorLike;
  /** g(x, y) itself: used by `checkDerivatives` only, to check `grad` and `gradX`. */
  g?(x: Float64Array, y: Float64Array): number;
}

/**
 * Makes y*(x) = argmin_y g(x, y) differentiable: F = ∂g/∂y, so ∂y/∂xᵀ = −H⁻¹ C with
 * H = ∂²g/∂y∂yᵀ and C = ∂²g/∂y∂xᵀ, and the hypergradient of an outer loss is
 * dL/dx = −Cᵀ H⁻¹ ∂L/∂y (`valueAndGrad`: one Cholesky, one solve, one product with Cᵀ).
 * H is taken as symmetric positive definite (Cholesky, or CG for an operator) unless `structure`
 * says otherwise: `'symmetric'` (LDLᵀ, whose report gives the Hessian's inertia, or MINRES) or
 * `'general'` (LU or GMRES).
 *
 * Errors as {@link implicitRoot}, naming `grad`, `hessian` and `crossHessian`; in particular a
 * Hessian that is not positive definite throws `NotPositiveDefiniteError` by default.
 *
 * With `checkDerivatives: true` the first call of any method throws `DerivativeCheckError` when a
 * supplied derivative disagrees with central differences.
 *
 * @param spec the minimizer `solve`, `grad`, optional `hessian`, `crossHessian`, `gradX`, `g`, and
 * the options of {@link ImplicitOptions}.
 */
export function implicitArgmin(spec: ArgminSpec): ImplicitFunction {
  checkSpec(spec, 'implicitArgmin', ['solve', 'grad'], ['hessian', 'crossHessian', 'gradX', 'g']);
  const { hessian, crossHessian, gradX } = spec;
  const f = implicitFunction({
    names: { solve: 'solve', F: 'grad', dFdy: 'hessian', dFdx: 'crossHessian' },
    solve: (x) => spec.solve(x),
    F: (x, y) => spec.grad(x, y),
    dFdy: hessian && ((x, y, ny) => asMatrixOrOperator(hessian.call(spec, x, y), 'hessian', ny, ny, false)),
    dFdx: crossHessian && ((x, y, ny, nx) => asMatrixOrOperator(crossHessian.call(spec, x, y), 'crossHessian', ny, nx)),
    gradX: gradX && ((x, y) => gradX.call(spec, x, y)),
    fallback: 'spd',
    minimization: true,
    options: spec,
  });
  return checkedAtFirstUse(spec, f);
}
