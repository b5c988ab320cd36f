import { ConvergenceError, NotPositiveDefiniteError, ShapeError } from '../errors.js';
import { bicgstab } from '../krylov/bicgstab.js';
import { cg } from '../krylov/cg.js';
import { gmres } from '../krylov/gmres.js';
import { minres } from '../krylov/minres.js';
import type { KrylovResult } from '../krylov/types.js';
import { norm2 } from '../krylov/vector.js';
import { Matrix } from '../linalg/matrix.js';
import { assertFinite } from '../linalg/validate.js';
import { type LinearOperator, transposeOperator } from '../operators/linear-operator.js';
import { type KrylovMethod, krylovMethod, type LinearSolveOptions, type Structure } from './options.js';
import { type SolveReport, warningsOf } from './report.js';
import { copyInto, type Solver } from './solver.js';

/**
 * Matrix-free solves with an operator A by a Krylov method (CG for `'spd'`, MINRES for
 * `'symmetric'`, GMRES or BiCGStab for `'general'`); a transposed solve of a general A iterates
 * on Aᵀ through `rmatvec`. Each right-hand side is solved from zero; the report sums iterations.
 */
export class KrylovSolve implements Solver {
  readonly n: number;
  readonly solver: KrylovMethod;
  readonly #A: LinearOperator;
  readonly #options: LinearSolveOptions;
  readonly #name: string;
  readonly #structure: Structure;
  #At: LinearOperator | undefined;
  #iterations = 0;
  #converged = true;
  #backwardError = 0;
  #relativeResidual = 0;

  /**
   * @throws {ShapeError} when A is not square.
   * @throws {ArgumentError} on an unknown `options.krylov`.
   */
  constructor(A: LinearOperator, structure: Structure, options: LinearSolveOptions, name: string) {
    if (A.rows !== A.cols) throw new ShapeError(`${name} must be square, got ${A.rows} × ${A.cols}`);
    this.n = A.rows;
    this.#A = A;
    this.#options = options;
    this.#name = name;
    this.#structure = structure;
    this.solver = krylovMethod(options, structure);
  }

  solve(b: Float64Array, transpose: boolean, out?: Float64Array): Float64Array {
    return copyInto(this.#solve(b, transpose), out);
  }

  #solve(b: Float64Array, transpose: boolean): Float64Array {
    assertFinite(b, 'b');
    const A = transpose && this.#structure === 'general' ? this.#transposed() : this.#A;
    const o = this.#options;
    const options = { tol: o.tol, atol: o.atol, maxIter: o.maxIter, preconditioner: o.preconditioner };
    let result: KrylovResult;
    switch (this.solver) {
      case 'cg':
        result = cg(A, b, options);
        break;
      case 'minres':
        result = minres(A, b, options);
        break;
      case 'bicgstab':
        result = bicgstab(A, b, options);
        break;
      default:
        result = gmres(A, b, { ...options, restart: o.restart });
    }
    this.#iterations += result.iterations;
    const bn = norm2(b);
    const xn = norm2(result.x);
    const rn = result.residualNorm;
    const normA = xn === 0 ? 0 : Math.max(0, bn - rn) / xn;
    const denom = normA * xn + bn;
    const be = denom === 0 ? 0 : rn / denom;
    if (be > this.#backwardError) this.#backwardError = be;
    const relative = bn === 0 ? 0 : rn / bn;
    if (relative > this.#relativeResidual) this.#relativeResidual = relative;
    if (result.breakdown === 'not-positive-definite' && this.solver === 'cg') {
      throw new NotPositiveDefiniteError(
        `${this.#name} is not positive definite: CG met a direction p with pᵀ${this.#name}p ≤ 0 after ${result.iterations} iterations (or the preconditioner is not positive definite); pass structure: 'general' to solve it by GMRES`,
        -1,
      );
    }
    if (!result.converged) {
      this.#converged = false;
      if (o.allowUnconverged !== true) {
        const why = result.breakdown === undefined ? 'reached its iteration cap' : `stopped (${result.breakdown})`;
        throw new ConvergenceError(
          `${this.solver} on ${this.#name} ${why} after ${result.iterations} iterations with ‖b − ${this.#name} x‖ = ${rn.toExponential(3)} (‖b‖ = ${bn.toExponential(3)}, tol ${o.tol ?? 1e-10}); raise maxIter, add a preconditioner, or pass allowUnconverged: true`,
          result.iterations,
          rn,
        );
      }
    }
    return result.x;
  }

  solveMany(B: Matrix, transpose: boolean, out?: Matrix): Matrix {
    // Into a new matrix first: out may share memory with B, whose columns are read one by one.
    const X = new Matrix(this.n, B.cols);
    for (let j = 0; j < B.cols; j++) {
      const x = this.#solve(column(B, j), transpose);
      for (let i = 0; i < this.n; i++) X.data[i * B.cols + j] = x[i];
    }
    return copyInto(X, out);
  }

  report(): SolveReport {
    const report = {
      solver: this.solver,
      iterations: this.#iterations,
      converged: this.#converged,
      backwardError: this.#backwardError,
      relativeResidual: this.#relativeResidual,
    };
    return { ...report, warnings: warningsOf(report, this.n) };
  }

  dispose(): void {}

  #transposed(): LinearOperator {
    this.#At ??= transposeOperator(this.#A, this.#name);
    return this.#At;
  }
}

function column(M: Matrix, j: number): Float64Array {
  const out = new Float64Array(M.rows);
  for (let i = 0; i < M.rows; i++) out[i] = M.data[i * M.cols + j];
  return out;
}
