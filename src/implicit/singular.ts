import { ImplicitDiffError, NotPositiveDefiniteError, SingularMatrixError } from '../errors.js';
import { norm2 } from '../krylov/vector.js';
import { lstsq } from '../linalg/lstsq.js';
import { Matrix } from '../linalg/matrix.js';
import type { PreparedSolve } from './linear-solve.js';
import type { SolveReport } from './report.js';

/**
 * What to do when ∂F/∂y is singular (a dense factorization fails, or its reciprocal condition
 * estimate is below n·ε, where the solution would have no correct digits):
 * - `'throw'` (default): `SingularMatrixError` or `NotPositiveDefiniteError`.
 * - `'lstsq'`: the minimum-norm least-squares solution (complete orthogonal decomposition); the
 *   derivative is then the pseudo-inverse one, −(∂F/∂y)⁺ ∂F/∂x, and the report gives the rank.
 * - `{ ridge: λ }`: solve with ∂F/∂y + λI instead (Tikhonov / Levenberg–Marquardt damping), λ > 0;
 *   the report gives the damping. The derivative is that of the damped system, biased by O(λ).
 */
export type SingularPolicy = 'throw' | 'lstsq' | { ridge: number };

/** Checks a policy given by a user. @throws {ImplicitDiffError} naming the bad value. */
export function checkPolicy(policy: unknown): SingularPolicy {
  if (policy === undefined || policy === 'throw' || policy === 'lstsq') return policy ?? 'throw';
  if (typeof policy === 'object' && policy !== null && 'ridge' in policy) {
    const lambda = (policy as { ridge: unknown }).ridge;
    if (typeof lambda === 'number' && lambda > 0 && Number.isFinite(lambda)) return { ridge: lambda };
    throw new ImplicitDiffError(`onSingular.ridge must be a finite number > 0, got ${String(lambda)}`);
  }
  throw new ImplicitDiffError(`onSingular must be 'throw', 'lstsq' or { ridge: λ }, got ${JSON.stringify(policy)}`);
}

/** Whether a factorization error is one the policy may answer (not a malformed input). */
export function isSingularity(error: unknown): boolean {
  return error instanceof SingularMatrixError || error instanceof NotPositiveDefiniteError;
}

/** A + λI, a new matrix. */
export function damped(A: Matrix, lambda: number): Matrix {
  const D = new Matrix(A.rows, A.cols, A.data.slice());
  for (let i = 0; i < A.rows; i++) D.data[i * A.cols + i] += lambda;
  return D;
}

/**
 * Minimum-norm least-squares solves with A (or Aᵀ): x = A⁺b by QR with column pivoting and a
 * complete orthogonal decomposition (`lstsq`). Each call refactors; the policy serves the rare
 * singular case, where correctness matters more than speed.
 */
export class LstsqSolve implements PreparedSolve {
  readonly n: number;
  readonly solver = 'lstsq' as const;
  readonly #A: Matrix;
  #At: Matrix | undefined;
  #rank: number;
  #backwardError = 0;

  constructor(A: Matrix) {
    this.n = A.rows;
    this.#A = A;
    this.#rank = A.rows;
  }

  solve(b: Float64Array, transpose: boolean): Float64Array {
    const r = lstsq(this.#op(transpose), b);
    this.#note(r.rank, r.residualNorm, norm2(b));
    return r.x;
  }

  solveMany(B: Matrix, transpose: boolean): Matrix {
    const r = lstsq(this.#op(transpose), B);
    let largest = 0;
    for (let j = 0; j < B.cols; j++) {
      let s = 0;
      for (let i = 0; i < B.rows; i++) s += B.data[i * B.cols + j] ** 2;
      largest = Math.max(largest, Math.sqrt(s));
    }
    // residualNorm is the largest over the columns; relative to the largest column of B.
    this.#note(r.rank, r.residualNorm, largest);
    return r.x;
  }

  report(): SolveReport {
    return { solver: 'lstsq', rank: this.#rank, backwardError: this.#backwardError };
  }

  dispose(): void {}

  #op(transpose: boolean): Matrix {
    if (!transpose) return this.#A;
    this.#At ??= this.#A.transpose();
    return this.#At;
  }

  /** Records the rank and ‖A x − b‖/‖b‖: zero when b lies in the range of A, positive when only a least-squares solution exists. */
  #note(rank: number, residualNorm: number, bNorm: number): void {
    this.#rank = rank;
    const relative = bNorm === 0 ? 0 : residualNorm / bNorm;
    if (relative > this.#backwardError) this.#backwardError = relative;
  }
}
