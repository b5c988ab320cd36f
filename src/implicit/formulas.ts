import { NonFiniteError, SingularMatrixError } from '../errors.js';
import { Matrix, type VectorLike } from '../linalg/matrix.js';
import { assertFinite } from '../linalg/validate.js';
import { isPositiveDefinite, isSymmetric, type LinearOperator } from '../operators/linear-operator.js';
import { type LinearSolveOptions, materialize, prepareSolve, type Structure, solveOnce } from './linear-solve.js';
import { applyTransposed, asMatrixOrOperator, finiteVector, type MatrixOrOperator } from './operands.js';
import type { SolveReport } from './report.js';

/** Options of {@link implicitJacobian} and {@link hypergradient}. */
export interface FormulaOptions extends LinearSolveOptions {
  /**
   * Structure of the system matrix. `implicitJacobian`: default `'general'` (LU), or taken from
   * an operator's tags. `hypergradient`: default `'spd'` (Cholesky).
   */
  structure?: Structure | 'auto';
  /** Receives the report of the linear solve (solver, rcond or iterations, backward error). */
  onReport?: (report: SolveReport) => void;
}

/**
 * The scalar implicit function theorem: if f(x, y) = 0 and ∂f/∂y ≠ 0 then
 * dy/dx = −(∂f/∂x) / (∂f/∂y).
 *
 * @throws NonFiniteError when an argument is NaN or ±Infinity.
 * @throws SingularMatrixError (pivot 0) when dfdy is 0: y is then not a differentiable function of x there.
 */
export function implicitDerivative(dfdx: number, dfdy: number): number {
  if (typeof dfdx !== 'number' || !Number.isFinite(dfdx))
    throw new NonFiniteError(`dfdx is ${dfdx}; it must be a finite number`);
  if (typeof dfdy !== 'number' || !Number.isFinite(dfdy))
    throw new NonFiniteError(`dfdy is ${dfdy}; it must be a finite number`);
  if (dfdy === 0) {
    throw new SingularMatrixError(
      'dfdy is 0: the implicit function theorem does not apply, y is not a differentiable function of x here',
      0,
    );
  }
  return -dfdx / dfdy;
}

function structureOf(
  A: Matrix | LinearOperator,
  asked: Structure | 'auto' | undefined,
  fallback: Structure,
): Structure {
  if (asked !== undefined && asked !== 'auto') return asked;
  if (!(A instanceof Matrix)) {
    if (isPositiveDefinite(A)) return 'spd';
    if (isSymmetric(A)) return 'symmetric';
  }
  return fallback;
}

/**
 * The vector implicit function theorem: if F(x, y) = 0 with ∂F/∂y invertible, then
 * dy/dx = −(∂F/∂y)⁻¹ ∂F/∂x, computed with one factorization of dFdy (LU, or Cholesky with
 * `structure: 'spd'`) and one multi-right-hand-side solve of all nx columns of dFdx (or nx Krylov
 * solves with `method: 'krylov'` or an operator dFdy).
 *
 * @param dFdy - ∂F/∂yᵀ, ny × ny: a `Matrix`, an array of rows, or a `LinearOperator`.
 * @param dFdx - ∂F/∂xᵀ, ny × nx: a `Matrix`, an array of rows, or a `LinearOperator` (nx products).
 * @returns the Jacobian dy/dxᵀ, ny × nx.
 * @throws ShapeError on mismatched sizes. @throws NonFiniteError on NaN or ±Infinity.
 * @throws SingularMatrixError when LU meets an exactly zero pivot.
 * @throws NotPositiveDefiniteError with `structure: 'spd'` when dFdy is not.
 * @throws ConvergenceError when a Krylov solve misses its tolerance (unless `allowUnconverged`).
 */
export function implicitJacobian(dFdy: MatrixOrOperator, dFdx: MatrixOrOperator, options: FormulaOptions = {}): Matrix {
  const A = asMatrixOrOperator(dFdy, 'dFdy', undefined, undefined, false);
  const ny = A.rows;
  const B0 = asMatrixOrOperator(dFdx, 'dFdx', ny);
  const B = B0 instanceof Matrix ? B0 : materialize(B0, 'dFdx');
  const solver = prepareSolve(A, structureOf(A, options.structure, 'general'), options, 'dFdy');
  try {
    const X = solver.solveMany(B, false);
    const d = X.data;
    for (let i = 0; i < d.length; i++) d[i] = -d[i];
    options.onReport?.(solver.report());
    return X;
  } finally {
    solver.dispose();
  }
}

/**
 * The hypergradient of an outer loss L(y*(x)) where y*(x) = argmin_y g(x, y):
 * dL/dx = −(∂²g/∂y∂xᵀ)ᵀ (∂²g/∂y∂yᵀ)⁻ᵀ ∂L/∂y — the adjoint method: one solve with the Hessian
 * (Cholesky, its O(ny³/3) factorization the whole cost) and one product with the cross Hessian,
 * whatever nx. With `structure: 'general'` the Hessian is factored by LU and the transposed solve
 * makes this the vector-Jacobian product of any root problem with dFdy = hessian, dFdx = crossHessian.
 *
 * @param hessian - ∂²g/∂y∂yᵀ, ny × ny, symmetric positive definite (a `Matrix`, rows, or operator).
 * @param crossHessian - ∂²g/∂y∂xᵀ, ny × nx, rows indexed by y (an operator needs `rmatvec`).
 * @param gradLoss - ∂L/∂y, length ny.
 * @returns dL/dx, length nx.
 * @throws ShapeError on mismatched sizes. @throws NonFiniteError on NaN or ±Infinity.
 * @throws NotPositiveDefiniteError when the Hessian is not symmetric positive definite (`.pivot`
 * from the Cholesky factorization; −1 when found by CG).
 * @throws ConvergenceError when a Krylov solve misses its tolerance (unless `allowUnconverged`).
 */
export function hypergradient(
  hessian: MatrixOrOperator,
  crossHessian: MatrixOrOperator,
  gradLoss: VectorLike,
  options: FormulaOptions = {},
): Float64Array {
  const H = asMatrixOrOperator(hessian, 'hessian', undefined, undefined, false);
  const ny = H.rows;
  // The cross Hessian's entries are checked through the product (O(nx)); the O(ny·nx) scan that
  // names the bad entry runs only when the product is not finite.
  const C = asMatrixOrOperator(crossHessian, 'crossHessian', ny, undefined, false);
  const g = finiteVector(gradLoss, 'gradLoss', ny);
  const structure = structureOf(H, options.structure, 'spd');
  const { x: v, report } = solveOnce(H, structure, options, 'hessian', g, true, options.onReport !== undefined);
  const out = applyTransposed(C, v, 'crossHessian');
  for (let i = 0; i < out.length; i++) {
    const t = out[i];
    if (t - t !== 0) {
      if (C instanceof Matrix) assertFinite(C.data, 'crossHessian', C.cols);
      throw new NonFiniteError(
        `the hypergradient overflowed at index ${i} (${t}): crossHessian or hessian⁻¹ gradLoss too large`,
      );
    }
    out[i] = -t;
  }
  if (report !== undefined) options.onReport?.(report);
  return out;
}
