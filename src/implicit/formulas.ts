import { describe } from '../check/entries.js';
import { ArgumentError, NonFiniteError, SingularMatrixError } from '../errors.js';
import { Matrix, type VectorLike } from '../linalg/matrix.js';
import { assertFinite, checkOut, finiteVector } from '../linalg/validate.js';
import { workVector } from '../linalg/workspace.js';
import {
  applyTransposed,
  asMatrixOrOperator,
  type MatrixOrOperator,
  materialize,
  type Operand,
} from '../operators/operand.js';
import { checkOptionsObject, type LinearSolveOptions, pickStructure, type Structure } from '../solvers/options.js';
import { isPreparedSolve, type PreparedSolve, prepared } from '../solvers/prepared.js';
import type { SolveReport } from '../solvers/report.js';
import { solveOnce } from '../solvers/select.js';

/** Options of {@link implicitJacobian} and {@link hypergradient}. */
export interface FormulaOptions extends LinearSolveOptions {
  /**
   * Structure of the system matrix. `implicitJacobian`: default `'general'` (LU), or taken from
   * an operator's tags. `hypergradient`: default `'spd'` (Cholesky). With a `PreparedSolve` in place
   * of the matrix, this and every other linear-solve option is that of the prepared solve.
   */
  structure?: Structure | 'auto';
  /**
   * Receives the report of the linear solve (solver, rcond or iterations, backward error); for a
   * `PreparedSolve`, its report after this call's solve.
   */
  onReport?: (report: SolveReport) => void;
}

/**
 * The scalar implicit function theorem: if f(x, y) = 0 and ∂f/∂y ≠ 0 then
 * dy/dx = −(∂f/∂x) / (∂f/∂y).
 *
 * @throws {ArgumentError} when an argument is not a number.
 * @throws {NonFiniteError} when an argument is NaN or ±Infinity.
 * @throws {SingularMatrixError} (pivot 0) when dfdy is 0: y is then not a differentiable function of x there.
 */
export function implicitDerivative(dfdx: number, dfdy: number): number {
  for (const [name, v] of [
    ['dfdx', dfdx],
    ['dfdy', dfdy],
  ] as const) {
    if (typeof v !== 'number') throw new ArgumentError(`${name} must be a number, got ${describe(v)}`);
    if (!Number.isFinite(v)) throw new NonFiniteError(`${name} is ${v}; it must be a finite number`);
  }
  if (dfdy === 0) {
    throw new SingularMatrixError(
      'dfdy is 0: the implicit function theorem does not apply, y is not a differentiable function of x here',
      0,
    );
  }
  return -dfdx / dfdy;
}

/**
 * The vector implicit function theorem: if F(x, y) = 0 with ∂F/∂y invertible, then
 * dy/dx = −(∂F/∂y)⁻¹ ∂F/∂x, computed with one factorization of dFdy (LU, or Cholesky with
 * `structure: 'spd'`) and one multi-right-hand-side solve of all nx columns of dFdx (or nx Krylov
 * solves with `method: 'krylov'` or an operator dFdy). A {@link PreparedSolve} of dFdy (from
 * `prepare`) serves in place of dFdy: its factorization is reused, and left to the caller to dispose.
 *
 * @param dFdy - ∂F/∂yᵀ, ny × ny: a `Matrix`, an array of rows, a `LinearOperator`, or a `PreparedSolve`.
 * @param dFdx - ∂F/∂xᵀ, ny × nx: a `Matrix`, an array of rows, or a `LinearOperator` (nx products).
 * @param options - see {@link FormulaOptions}.
 * @param out - where to write the Jacobian: an ny × nx `Matrix` (it may be dFdx itself, read whole
 * before out is written); a new Matrix when omitted.
 * @returns the Jacobian dy/dxᵀ, ny × nx (`out` when given).
 * @throws {ShapeError} on mismatched sizes, a dFdy that is not square, or an out of another size.
 * @throws {ArgumentError} on a bad option (unknown `structure`, `method`, `krylov`, `onSingular`),
 * or an out that is not a `Matrix`.
 * @throws {NonFiniteError} on NaN or ±Infinity.
 * @throws {SingularMatrixError} when LU meets an exactly zero pivot.
 * @throws {NotPositiveDefiniteError} with `structure: 'spd'` when dFdy is not.
 * @throws {NotSymmetricError} with `structure: 'spd'` or `'symmetric'` when dFdy is not symmetric.
 * @throws {ConvergenceError} when a Krylov solve misses its tolerance (unless `allowUnconverged`).
 * @throws {DisposedError} when a `PreparedSolve` has been disposed.
 */
export function implicitJacobian(
  dFdy: MatrixOrOperator | PreparedSolve,
  dFdx: MatrixOrOperator,
  options?: FormulaOptions,
  out?: Matrix,
): Matrix {
  const o = formulaOptions(options, 'implicitJacobian: options');
  const A = isPreparedSolve(dFdy) ? dFdy : asMatrixOrOperator(dFdy, 'dFdy', undefined, undefined, false);
  const ny = isPreparedSolve(A) ? A.n : A.rows;
  const B = asMatrixOrOperator(dFdx, 'dFdx', ny);
  if (out !== undefined) checkOut(out, ny, B.cols);
  if (isPreparedSolve(A)) return jacobianWith(A, B, o, out);
  const solver = prepared(A, pickStructure(o.structure, A, 'general'), o, 'dFdy');
  try {
    return jacobianWith(solver, B, o, out);
  } finally {
    solver.dispose();
  }
}

/** −A⁻¹ dFdx by one multi-right-hand-side solve, dFdx checked, into `out` (checked) if given. */
function jacobianWith(solver: PreparedSolve, dFdx: Operand, options: FormulaOptions, out: Matrix | undefined): Matrix {
  const B = dFdx instanceof Matrix ? dFdx : materialize(dFdx, 'dFdx');
  const X = solver.solve(B, out);
  const d = X.data;
  for (let i = 0; i < d.length; i++) d[i] = -d[i];
  options.onReport?.(solver.report);
  return X;
}

/**
 * The hypergradient of an outer loss L(y*(x)) where y*(x) = argmin_y g(x, y):
 * dL/dx = −(∂²g/∂y∂xᵀ)ᵀ (∂²g/∂y∂yᵀ)⁻ᵀ ∂L/∂y — the adjoint method: one solve with the Hessian
 * (Cholesky, its O(ny³/3) factorization the whole cost) and one product with the cross Hessian,
 * whatever nx. With `structure: 'general'` the Hessian is factored by LU and the transposed solve
 * makes this the vector-Jacobian product of any root problem with dFdy = hessian, dFdx = crossHessian.
 * A {@link PreparedSolve} of the Hessian (from `prepare`) serves in place of it: one factorization
 * then serves many hypergradients (folds, losses), and is left to the caller to dispose.
 *
 * @param hessian - ∂²g/∂y∂yᵀ, ny × ny, symmetric positive definite (a `Matrix`, rows, operator, or `PreparedSolve`).
 * @param crossHessian - ∂²g/∂y∂xᵀ, ny × nx, rows indexed by y (an operator needs `rmatvec`).
 * @param gradLoss - ∂L/∂y, length ny.
 * @param options - see {@link FormulaOptions}.
 * @param out - where to write dL/dx: a Float64Array of length nx (it may share memory with
 * gradLoss or crossHessian, read before it is written); a new array when omitted.
 * @returns dL/dx, length nx (`out` when given).
 * @throws {ShapeError} on mismatched sizes, a Hessian that is not square, or an out of another length.
 * @throws {ArgumentError} on a bad option, a crossHessian operator without `rmatvec`, or an out
 * that is not a Float64Array.
 * @throws {NonFiniteError} on NaN or ±Infinity.
 * @throws {NotPositiveDefiniteError} when the Hessian is not positive definite (`.pivot` from the
 * Cholesky factorization; −1 when found by CG).
 * @throws {NotSymmetricError} when the Hessian is not symmetric (`.row`, `.col`).
 * @throws {ConvergenceError} when a Krylov solve misses its tolerance (unless `allowUnconverged`).
 * @throws {DisposedError} when a `PreparedSolve` has been disposed.
 */
export function hypergradient(
  hessian: MatrixOrOperator | PreparedSolve,
  crossHessian: MatrixOrOperator,
  gradLoss: VectorLike,
  options?: FormulaOptions,
  out?: Float64Array,
): Float64Array {
  const o = formulaOptions(options, 'hypergradient: options');
  const H = isPreparedSolve(hessian) ? hessian : asMatrixOrOperator(hessian, 'hessian', undefined, undefined, false);
  const ny = isPreparedSolve(H) ? H.n : H.rows;
  // The cross Hessian's entries are checked through the product (O(nx)); the O(ny·nx) scan that
  // names the bad entry runs only when the product is not finite.
  const C = asMatrixOrOperator(crossHessian, 'crossHessian', ny, undefined, false);
  const g = finiteVector(gradLoss, 'gradLoss', ny);
  if (out !== undefined) checkOut(out, C.cols);
  // v = H⁻ᵀ g lives within this call, in a work vector, unless C is an operator: its rmatvec (user
  // code) must not be handed the library's buffer.
  const into = C instanceof Matrix ? workVector(ny, 1) : undefined;
  let v: Float64Array;
  let report: SolveReport | undefined;
  if (isPreparedSolve(H)) {
    v = H.solveTransposed(g, into);
    if (o.onReport !== undefined) report = H.report;
  } else {
    const structure = pickStructure(o.structure, H, 'spd');
    ({ x: v, report } = solveOnce(H, structure, o, 'hessian', g, true, o.onReport !== undefined, into));
  }
  // Cᵀv goes to a work vector when out is given, so that out may share memory with C or gradLoss
  // (they are read before out is written); the negation then writes it.
  const product = applyTransposed(C, v, 'crossHessian', out === undefined ? undefined : workVector(C.cols));
  const grad = out ?? product;
  for (let i = 0; i < grad.length; i++) {
    const t = product[i];
    if (t - t !== 0) {
      if (C instanceof Matrix) assertFinite(C.data, 'crossHessian', C.cols);
      throw new NonFiniteError(
        `the hypergradient overflowed at index ${i} (${t}): crossHessian or hessian⁻¹ gradLoss too large`,
      );
    }
    grad[i] = -t;
  }
  if (report !== undefined) o.onReport?.(report);
  return grad;
}

const FORMULA_KEYS: readonly string[] = ['structure', 'onReport'];

/** The options of a formula, checked: the linear-solve options, `structure` and an `onReport` function. */
function formulaOptions(options: FormulaOptions | undefined, name: string): FormulaOptions {
  const o = checkOptionsObject(options, name, FORMULA_KEYS);
  if (o.onReport !== undefined && typeof o.onReport !== 'function') {
    throw new ArgumentError(`${name}: onReport must be a function, got ${describe(o.onReport)}`);
  }
  return o;
}
