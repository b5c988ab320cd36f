import type { VectorLike } from '../linalg/matrix.js';
import { Matrix } from '../linalg/matrix.js';
import { checkProduct, shiftOperator } from '../operators/linear-operator.js';
import { asMatrixOrOperator, type MatrixOrOperator } from '../operators/operand.js';
import { addDiagonal, SparseMatrix } from '../sparse/sparse-matrix.js';
import { checkedAtFirstUse } from './check-derivatives.js';
import { implicitFunction, type Solution } from './problem.js';
import { checkSpec } from './spec.js';
import type { ImplicitFunction, ImplicitOptions } from './types.js';

/** A fixed-point problem y*(x) = T(x, y*(x)). */
export interface FixedPointSpec extends ImplicitOptions {
  /** The user's solver (e.g. iterating T to convergence): y*(x); or `{ y, aux }`, aux then carried to every result. */
  solve(x: Float64Array): Solution;
  /** T(x, y), length ny. */
  T(x: Float64Array, y: Float64Array): VectorLike;
  /** ∂T/∂yᵀ (ny × ny); finite differences of T when absent. */
  dTdy?(x: Float64Array, y: Float64Array): MatrixOrOperator;
  /** ∂T/∂xᵀ (ny × nx); finite differences of T when absent. */
  dTdx?(x: Float64Array, y: Float64Array): MatrixOrOperator;
}

/**
 * Makes a fixed point y*(x) = T(x, y*) differentiable (as JAXopt's `custom_fixed_point`): the root
 * problem F(x, y) = T(x, y) − y, so ∂F/∂y = ∂T/∂y − I and ∂y/∂xᵀ = (I − ∂T/∂yᵀ)⁻¹ ∂T/∂xᵀ, which
 * exists when T is a contraction in y. `structure` describes ∂T/∂y − I (default `'general'`).
 *
 * Errors as {@link implicitRoot} (including `DerivativeCheckError` with `checkDerivatives: true`),
 * naming `T`, `dTdy` and `dTdx`.
 */
export function implicitFixedPoint(spec: FixedPointSpec): ImplicitFunction {
  checkSpec(spec, 'implicitFixedPoint', ['solve', 'T'], ['dTdy', 'dTdx']);
  const { dTdy, dTdx } = spec;
  const f = implicitFunction({
    names: { solve: 'solve', F: 'T', dFdy: 'dTdy − I', dFdx: 'dTdx' },
    solve: (x) => spec.solve(x),
    F: (x, y) => {
      // T gets its own copy of y: one that writes into its argument cannot change F = T − y.
      const t = checkProduct(spec.T(x, Float64Array.from(y)), y.length, 'T(x, y)');
      const out = new Float64Array(y.length);
      for (let i = 0; i < out.length; i++) out[i] = t[i] - y[i];
      return out;
    },
    dFdy:
      dTdy &&
      ((x, y, ny) => {
        const D = asMatrixOrOperator(dTdy.call(spec, x, y), 'dTdy', ny, ny);
        if (D instanceof SparseMatrix) return addDiagonal(D, -1);
        if (!(D instanceof Matrix)) return shiftOperator(D, -1);
        const M = new Matrix(ny, ny, Float64Array.from(D.data));
        for (let i = 0; i < ny; i++) M.data[i * ny + i] -= 1;
        return M;
      }),
    dFdx: dTdx && ((x, y, ny, nx) => asMatrixOrOperator(dTdx.call(spec, x, y), 'dTdx', ny, nx)),
    fallback: 'general',
    options: spec,
  });
  return checkedAtFirstUse(spec, f);
}
