import type { DisposableWhereSupported } from '../disposable.js';
import { DisposedError, ShapeError } from '../errors.js';
import { Matrix, type VectorLike } from '../linalg/matrix.js';
import { asRightHandSide, checkOut } from '../linalg/validate.js';
import { asMatrixOrOperator, type MatrixOrOperator } from '../operators/operand.js';
import { checkOptionsObject, type LinearSolveOptions, pickStructure, type Structure } from './options.js';
import type { SolveReport, SolverName } from './report.js';
import { type Operand, prepareSolver } from './select.js';
import type { Solver } from './solver.js';

/** Options of {@link prepare}: the linear-solve options and the structure of A. */
export interface PrepareOptions extends LinearSolveOptions {
  /**
   * What is known of A: `'spd'` (Cholesky, CG), `'symmetric'` (LDLᵀ, MINRES), `'general'` (LU,
   * GMRES), or `'auto'` (default): an operator's tags, else `'general'`.
   */
  structure?: Structure | 'auto';
}

/**
 * A matrix A factored (or an operator prepared) once for any number of solves, with A or Aᵀ, one
 * right-hand side or many; see {@link prepare}. Frees its WebAssembly memory on `dispose()` (or
 * at garbage collection), and `[Symbol.dispose]` lets `using` do it.
 */
export interface PreparedSolve extends DisposableWhereSupported {
  /** Order of A. */
  readonly n: number;
  /** The structure A was taken to have. */
  readonly structure: Structure;
  /** The solver that serves the solves (`'cholesky'`, `'ldlt'`, `'lu'`, `'lstsq'` or a Krylov method). */
  readonly solver: SolverName;
  /**
   * x = A⁻¹b, or X = A⁻¹B for every column of a `Matrix` B (n × k) in one multi-right-hand-side solve.
   * @param out - where to write x (a Float64Array of length n) or X (an n × k `Matrix`); it may be b
   * itself (b is read whole first). A new array or matrix when omitted.
   * @throws {ShapeError} when b does not have length n (B not n rows), or out is of another size.
   * @throws {ArgumentError} when b is not a vector or `Matrix` of numbers, or out is not a
   * Float64Array (for a vector b) or a `Matrix` (for a Matrix B).
   * @throws {NonFiniteError} on NaN or ±Infinity in b.
   * @throws {NotSymmetricError} when a matrix taken as symmetric shows it is not (lazy check).
   * @throws {ConvergenceError} when a Krylov solve misses its tolerance (unless `allowUnconverged`).
   * @throws {NotPositiveDefiniteError} when CG finds A is not positive definite (`.pivot` −1).
   * @throws {DisposedError} after `dispose()`.
   */
  solve(b: VectorLike, out?: Float64Array): Float64Array;
  solve(B: Matrix, out?: Matrix): Matrix;
  /** x = A⁻ᵀb (or X = A⁻ᵀB) from the same factorization, into `out` if given; errors as {@link PreparedSolve.solve}. */
  solveTransposed(b: VectorLike, out?: Float64Array): Float64Array;
  solveTransposed(B: Matrix, out?: Matrix): Matrix;
  /**
   * What the solves so far did and how accurately: the solver, rcond (dense), backward error (max
   * over every right-hand side so far), refinement steps or Krylov iterations, inertia (LDLᵀ),
   * rank or damping (`onSingular`).
   * @throws {DisposedError} after `dispose()`.
   */
  readonly report: SolveReport;
  /** Whether `dispose()` has been called. */
  readonly disposed: boolean;
  /** Frees the factorization now; further solves throw `DisposedError`; disposing twice is harmless. */
  dispose(): void;
}

class Prepared implements PreparedSolve {
  readonly n: number;
  readonly structure: Structure;
  readonly solver: SolverName;
  #solver: Solver | undefined;

  constructor(solver: Solver, structure: Structure) {
    this.n = solver.n;
    this.structure = structure;
    this.solver = solver.solver;
    this.#solver = solver;
  }

  solve(b: VectorLike, out?: Float64Array): Float64Array;
  solve(B: Matrix, out?: Matrix): Matrix;
  solve(b: VectorLike | Matrix, out?: Float64Array | Matrix): Float64Array | Matrix {
    return this.#apply(b, false, out);
  }

  solveTransposed(b: VectorLike, out?: Float64Array): Float64Array;
  solveTransposed(B: Matrix, out?: Matrix): Matrix;
  solveTransposed(b: VectorLike | Matrix, out?: Float64Array | Matrix): Float64Array | Matrix {
    return this.#apply(b, true, out);
  }

  #apply(b: VectorLike | Matrix, transpose: boolean, out: Float64Array | Matrix | undefined): Float64Array | Matrix {
    const solver = this.#live();
    // Entries are checked finite by the solver (dense: as they are copied into WebAssembly memory).
    const rhs = b instanceof Float64Array && b.length === this.n ? b : asRightHandSide(b, this.n, 'b', false);
    if (rhs instanceof Matrix) {
      if (out !== undefined) checkOut(out, this.n, rhs.cols);
      return solver.solveMany(rhs, transpose, out as Matrix | undefined);
    }
    if (out !== undefined) checkOut(out, this.n);
    return solver.solve(rhs, transpose, out as Float64Array | undefined);
  }

  get report(): SolveReport {
    return this.#live().report();
  }

  get disposed(): boolean {
    return this.#solver === undefined;
  }

  dispose(): void {
    this.#solver?.dispose();
    this.#solver = undefined;
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  #live(): Solver {
    if (this.#solver === undefined) throw new DisposedError('this PreparedSolve has been disposed');
    return this.#solver;
  }
}

/**
 * Prepares solves with A: factors a dense A once (Cholesky for `structure: 'spd'`, LDLᵀ for
 * `'symmetric'`, LU for `'general'`, with the `onSingular` policy, the lazy symmetry check and
 * iterative refinement of the implicit layer) or readies a Krylov method for an operator, and
 * returns a {@link PreparedSolve} that serves x = A⁻¹b and x = A⁻ᵀb for any number of right-hand
 * sides from that one factorization (Lineax's `state`: factor once, solve many). `hypergradient`
 * and `implicitJacobian` accept it in place of their matrix.
 *
 * A dense A is copied (a later change to the caller's matrix does not affect the solves).
 *
 * @param A - n × n: a `Matrix`, an array of rows, or a `LinearOperator`.
 * @param options - the structure of A and the linear-solve options.
 * @throws {ShapeError} when A is not square or not a matrix or operator.
 * @throws {ArgumentError} when `options` is not an object or holds an unknown `structure`, `method`, `krylov` or `onSingular`.
 * @throws {NonFiniteError} when a dense A holds NaN or ±Infinity.
 * @throws {NotSymmetricError} when A is taken as symmetric and is not (`.row`, `.col`).
 * @throws {NotPositiveDefiniteError} when `structure` is `'spd'` and a dense A is not (`.pivot`).
 * @throws {SingularMatrixError} when LU or LDLᵀ meets an exactly zero pivot (`.pivot`), unless `onSingular` says otherwise.
 */
export function prepare(A: MatrixOrOperator, options?: PrepareOptions): PreparedSolve {
  const o = checkOptionsObject(options, 'prepare: options', ['structure']);
  const operand = asMatrixOrOperator(A, 'A', undefined, undefined, false);
  if (operand.rows !== operand.cols) throw new ShapeError(`A must be square, got ${operand.rows} × ${operand.cols}`);
  const owned =
    operand === A && operand instanceof Matrix ? new Matrix(operand.rows, operand.cols, operand.data.slice()) : operand;
  return prepared(owned, pickStructure(o.structure, operand, 'general'), o, 'A');
}

/** {@link prepare} for an operand the library checked and owns, named `name` in errors. */
export function prepared(A: Operand, structure: Structure, options: LinearSolveOptions, name: string): PreparedSolve {
  return new Prepared(prepareSolver(A, structure, options, name), structure);
}

/** Whether `value` is a {@link PreparedSolve} made by this library. */
export function isPreparedSolve(value: unknown): value is PreparedSolve {
  return value instanceof Prepared;
}
