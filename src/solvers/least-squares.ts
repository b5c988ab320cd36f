import { norm2 } from '../krylov/vector.js';
import { normwiseBackwardError, normwiseBackwardErrorColumns } from '../linalg/backward-error.js';
import { normInfRows } from '../linalg/dense-products.js';
import { lstsq } from '../linalg/lstsq.js';
import type { Matrix } from '../linalg/matrix.js';
import { type SolveReport, warningsOf } from './report.js';
import { copyInto, type Solver } from './solver.js';

/**
 * Minimum-norm least-squares solves with A (or Aᵀ): x = A⁺b by QR with column pivoting and a
 * complete orthogonal decomposition (`lstsq`). Each call refactors; the `onSingular: 'lstsq'`
 * policy serves the rare singular case, where correctness matters more than speed.
 */
export class LstsqSolve implements Solver {
  readonly n: number;
  readonly solver = 'lstsq' as const;
  readonly #A: Matrix;
  #At: Matrix | undefined;
  #rank: number;
  #backwardError = 0;
  #relativeResidual = 0;

  constructor(A: Matrix) {
    this.n = A.rows;
    this.#A = A;
    this.#rank = A.rows;
  }

  solve(b: Float64Array, transpose: boolean, out?: Float64Array): Float64Array {
    const A = this.#op(transpose);
    const r = lstsq(A, b);
    const norms = { normA: -1 };
    const eta = normwiseBackwardError(A.data, this.n, b, r.x, new Float64Array(this.n), false, norms);
    this.#note(r.rank, eta, r.residualNorm, norm2(b));
    return copyInto(r.x, out);
  }

  solveMany(B: Matrix, transpose: boolean, out?: Matrix): Matrix {
    const A = this.#op(transpose);
    const r = lstsq(A, B);
    const eta = normwiseBackwardErrorColumns(A.data, this.n, B, r.x, false, normInfRows(A.data, this.n, this.n));
    let largest = 0;
    for (let j = 0; j < B.cols; j++) {
      let s = 0;
      for (let i = 0; i < B.rows; i++) s += B.data[i * B.cols + j] ** 2;
      largest = Math.max(largest, Math.sqrt(s));
    }
    // residualNorm is the largest over the columns; relative to the largest column of B.
    this.#note(r.rank, eta, r.residualNorm, largest);
    return copyInto(r.x, out);
  }

  report(): SolveReport {
    const report = {
      solver: 'lstsq' as const,
      rank: this.#rank,
      backwardError: this.#backwardError,
      relativeResidual: this.#relativeResidual,
    };
    return { ...report, warnings: warningsOf(report, this.n) };
  }

  dispose(): void {}

  #op(transpose: boolean): Matrix {
    if (!transpose) return this.#A;
    this.#At ??= this.#A.transpose();
    return this.#At;
  }

  /**
   * Records the rank, the normwise backward error η and the relative residual ‖A x − b‖₂/‖b‖₂: zero
   * when b lies in the range of A, positive when only a least-squares solution exists.
   */
  #note(rank: number, eta: number, residualNorm: number, bNorm: number): void {
    this.#rank = rank;
    if (eta > this.#backwardError) this.#backwardError = eta;
    const relative = bNorm === 0 ? 0 : residualNorm / bNorm;
    if (relative > this.#relativeResidual) this.#relativeResidual = relative;
  }
}
