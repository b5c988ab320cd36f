import type { VectorLike } from '../linalg/matrix.js';
import { asMatrixOrOperator, type MatrixOrOperator } from '../operators/operand.js';
import { checkedAtFirstUse } from './check-derivatives.js';
import { implicitFunction, type Solution } from './problem.js';
import { checkSpec } from './spec.js';
import type { ImplicitFunction, ImplicitOptions } from './types.js';

/** A root problem: `solve(x)` returns y with F(x, y) ≈ 0. */
export interface RootSpec extends ImplicitOptions {
  /** The user's solver: y*(x), any method; or `{ y, aux }`, aux then carried to every result. */
  solve(x: Float64Array): Solution;
  /** F(x, y), a vector of length ny. */
  F(x: Float64Array, y: Float64Array): VectorLike;
  /** ∂F/∂yᵀ (ny × ny) at (x, y): a `Matrix`, rows, or `LinearOperator`; finite differences of F when absent. */
  dFdy?(x: Float64Array, y: Float64Array): MatrixOrOperator;
  /** ∂F/∂xᵀ (ny × nx) at (x, y); finite differences of F when absent. */
  dFdx?(x: Float64Array, y: Float64Array): MatrixOrOperator;
}

/**
 * Makes y*(x), defined by F(x, y*(x)) = 0 and computed by the user's `solve`, differentiable by
 * the implicit function theorem: ∂y/∂xᵀ = −(∂F/∂yᵀ)⁻¹ ∂F/∂xᵀ (as JAXopt's `custom_root`).
 * JVPs solve with ∂F/∂y, VJPs with its transpose (one solve whatever nx), full Jacobians with one
 * multi-right-hand-side solve; each result carries a {@link Report}.
 *
 * `ArgumentError` when `spec` is not an object, has an unknown key (a typo such as `structur`), or a
 * function of it is not a function. Errors thrown by the methods of the returned object:
 * `ArgumentError` / `ShapeError` / `NonFiniteError` naming
 * `x`, `dx`, `w`, `solve(x)`, `F(x, y)`, `dFdy`, `dFdx` or `loss(y)`; `SingularMatrixError`,
 * `NotPositiveDefiniteError` (structure `'spd'`), `ConvergenceError` (Krylov), `ResidualError`
 * (‖F(x, y)‖ above `residualTolerance`, by default the scale-aware one), `DerivativeCheckError`
 * (with `checkDerivatives: true`, at the first call, when a supplied derivative disagrees with
 * central differences).
 */
export function implicitRoot(spec: RootSpec): ImplicitFunction {
  checkSpec(spec, 'implicitRoot', ['solve', 'F'], ['dFdy', 'dFdx']);
  const { dFdy, dFdx } = spec;
  const f = implicitFunction({
    names: { solve: 'solve', F: 'F', dFdy: 'dFdy', dFdx: 'dFdx' },
    solve: (x) => spec.solve(x),
    F: (x, y) => spec.F(x, y),
    dFdy:
      dFdy &&
      ((x, y, ny) => {
        const value = dFdy.call(spec, x, y);
        return asMatrixOrOperator(value, 'dFdy', ny, ny, false);
      }),
    dFdx: dFdx && ((x, y, ny, nx) => asMatrixOrOperator(dFdx.call(spec, x, y), 'dFdx', ny, nx)),
    fallback: 'general',
    options: spec,
  });
  return checkedAtFirstUse(spec, f);
}
