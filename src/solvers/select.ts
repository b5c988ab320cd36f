import { ShapeError, SingularMatrixError } from '../errors.js';
import { Matrix } from '../linalg/matrix.js';
import { assertFinite } from '../linalg/validate.js';
import { denseOperator } from '../operators/linear-operator.js';
import { materialize, type Operand } from '../operators/operand.js';
import { SparseMatrix } from '../sparse/sparse-matrix.js';
import { DenseSolve, type DenseStrategy } from './dense.js';
import { choleskyOnce, denseCholesky, ONE_SHOT_MAX_ORDER } from './dense-cholesky.js';
import { denseLdlt } from './dense-ldlt.js';
import { denseLu } from './dense-lu.js';
import { KrylovSolve } from './krylov.js';
import { checkPolicy, type LinearSolveOptions, type Structure, solveMethod, structureTags } from './options.js';
import type { SolveReport } from './report.js';
import { underPolicy } from './singular.js';
import type { Solver } from './solver.js';
import { checkSparsePolicy, SparseSolve } from './sparse.js';

// The selection of a strategy from the operand's kind, `options.method` and the structure. A new
// operand kind (a sparse matrix) or structure brings its strategy file and one branch here.

export type { Operand };

/** The dense factorization of each structure. */
const DENSE: Readonly<Record<Structure, DenseStrategy>> = {
  spd: denseCholesky,
  symmetric: denseLdlt,
  general: denseLu,
};

/**
 * Prepares solves with A (called `name` in errors): a dense factorization (Cholesky for `'spd'`,
 * LDLᵀ for `'symmetric'`, LU for `'general'`, under the `onSingular` policy) or a Krylov method over
 * an operator, as `options.method` says (default: dense for a `Matrix`, Krylov for an operator).
 * A `SparseMatrix` gets, by default, sparse Cholesky (`'spd'`) or sparse LDLᵀ (`'symmetric'`), and
 * a Krylov method on its products for `'general'` (there is no sparse LU); `method: 'dense'`
 * factors its dense form, `'krylov'` iterates on its products.
 *
 * @throws {ArgumentError} on an unknown `method`, `krylov` or `onSingular`.
 * @throws {ShapeError} when A is not square.
 * @throws {NonFiniteError} when a dense A holds NaN or ±Infinity.
 * @throws {NotSymmetricError} when A is taken as symmetric and is not (see `checkSymmetry`).
 * @throws {NotPositiveDefiniteError} when `structure` is `'spd'` and a dense A is not.
 * @throws {SingularMatrixError} when LU or LDLᵀ meets an exactly zero pivot, or a dense A's rcond is
 * below n·ε (pivot −1), under policy `'throw'`.
 */
export function prepareSolver(A: Operand, structure: Structure, options: LinearSolveOptions, name: string): Solver {
  const method = solveMethod(options);
  const policy = checkPolicy(options.onSingular);
  if (A instanceof SparseMatrix && method === 'auto' && structure !== 'general') {
    if (A.rows !== A.cols) throw new ShapeError(`${name} must be square, got ${A.rows} × ${A.cols}`);
    checkSparsePolicy(policy, name);
    return new SparseSolve(A, structure, options, name);
  }
  if (method === 'dense' || (method === 'auto' && A instanceof Matrix)) {
    const M = A instanceof Matrix ? A : materialize(A, name);
    checkSquare(M, name);
    const strategy = DENSE[structure];
    if (policy === 'throw') return numericallyNonsingular(new DenseSolve(strategy, M, options, name), name);
    return underPolicy(policy, strategy, M, options, name);
  }
  if (A instanceof Matrix) assertFinite(A.data, name, A.cols);
  const op = A instanceof Matrix ? denseOperator(A, structureTags(structure)) : A;
  return new KrylovSolve(op, structure, options, name);
}

/**
 * x = op(A)⁻¹ b for a single right-hand side (b checked), and the report of the solve when
 * `withReport`. A dense SPD A of order up to {@link ONE_SHOT_MAX_ORDER} under the default
 * `onSingular` policy is solved in one call ({@link choleskyOnce}) with the same checks and report
 * as {@link prepareSolver}'s; anything else is prepared, solved and disposed. x is written into
 * `out` (length n, not b) when given — a caller's work vector, for an intermediate x.
 * Errors as {@link prepareSolver}'s, and `ConvergenceError` from a Krylov solve.
 */
export function solveOnce(
  A: Operand,
  structure: Structure,
  options: LinearSolveOptions,
  name: string,
  b: Float64Array,
  transpose: boolean,
  withReport: boolean,
  out?: Float64Array,
): { x: Float64Array; report: SolveReport | undefined } {
  if (
    A instanceof Matrix &&
    A.rows <= ONE_SHOT_MAX_ORDER &&
    structure === 'spd' &&
    solveMethod(options) !== 'krylov' &&
    checkPolicy(options.onSingular) === 'throw'
  ) {
    checkSquare(A, name);
    const once = choleskyOnce(A, options, name, b, withReport, out);
    if (once !== undefined) return once;
  }
  const solver = prepareSolver(A, structure, options, name);
  try {
    const x = solver.solve(b, transpose, out);
    return { x, report: withReport ? solver.report() : undefined };
  } finally {
    solver.dispose();
  }
}

/**
 * `solve` itself when its rcond is at least n·ε (decided by the factorization's lower bound on
 * rcond where that suffices, else by the estimate: see DenseSolve.rcondAtLeast); else it is
 * disposed and a SingularMatrixError thrown: below n·ε the solution has no correct digit (forward
 * error bound ε/rcond > 1/n), so under `onSingular: 'throw'` a numerically singular matrix is
 * refused as an exactly singular one is.
 * @throws {SingularMatrixError} with pivot −1 (no pivot is exactly zero).
 */
function numericallyNonsingular(solve: DenseSolve, name: string): DenseSolve {
  if (solve.rcondAtLeast(solve.n * EPS)) return solve;
  const rcond = solve.rcond();
  solve.dispose();
  throw new SingularMatrixError(
    `${name} is singular to working precision: its reciprocal condition estimate ${rcond.toExponential(2)} is below n·ε = ${(solve.n * EPS).toExponential(2)}, so a solution would have no correct digit; pass onSingular: 'lstsq' for the minimum-norm (pseudo-inverse) solution or { ridge: λ } to damp it`,
    -1,
  );
}

const EPS = 2 ** -52;

/** @throws {ShapeError} when A is not square. */
function checkSquare(A: Matrix, name: string): void {
  if (A.rows !== A.cols) throw new ShapeError(`${name} must be square, got ${A.rows} × ${A.cols}`);
}
