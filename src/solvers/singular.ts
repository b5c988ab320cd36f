import { NotPositiveDefiniteError, SingularMatrixError } from '../errors.js';
import { Matrix } from '../linalg/matrix.js';
import { DenseSolve, type DenseStrategy } from './dense.js';
import { LstsqSolve } from './least-squares.js';
import type { LinearSolveOptions, SingularPolicy } from './options.js';
import type { Solver } from './solver.js';
import { checkSymmetric } from './symmetry.js';

const EPS = 2 ** -52;

/**
 * A dense solve under an `onSingular` policy other than `'throw'`: the factorization by
 * `strategy`, unless it fails on a singular (or, for Cholesky, not positive definite) A or its
 * rcond is below n·ε; then the minimum-norm least-squares solve or the damped factorization of
 * A + λI. A matrix taken as symmetric that is not is a malformed input, never a singular one: it
 * throws NotSymmetricError (unless `checkSymmetry: false`).
 */
export function underPolicy(
  policy: Exclude<SingularPolicy, 'throw'>,
  strategy: DenseStrategy,
  M: Matrix,
  options: LinearSolveOptions,
  name: string,
): Solver {
  try {
    const solve = new DenseSolve(strategy, M, options, name);
    if (solve.rcondAtLeast(M.rows * EPS)) return solve;
    solve.dispose();
  } catch (error) {
    if (!(error instanceof SingularMatrixError || error instanceof NotPositiveDefiniteError)) throw error;
    if (strategy.symmetric && options.checkSymmetry !== false) checkSymmetric(M, name);
  }
  if (policy === 'lstsq') return new LstsqSolve(M);
  return new DenseSolve(strategy, damped(M, policy.ridge), options, name, policy.ridge);
}

/** A + λI, a new matrix. */
function damped(A: Matrix, lambda: number): Matrix {
  const D = new Matrix(A.rows, A.cols, A.data.slice());
  for (let i = 0; i < A.rows; i++) D.data[i * A.cols + i] += lambda;
  return D;
}
