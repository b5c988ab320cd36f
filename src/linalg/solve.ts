import { NotPositiveDefiniteError } from '../errors.js';
import { type Cholesky, cholesky } from './cholesky.js';
import { type LU, lu } from './lu.js';
import type { Matrix, MatrixLike, VectorLike } from './matrix.js';
import { asRightHandSide, asSquareMatrix } from './validate.js';

/** Options of {@link solve}. */
export interface SolveOptions {
  /**
   * What to assume about A. `'general'`: LU with partial pivoting. `'spd'`: symmetric positive
   * definite, Cholesky (reads the lower triangle only). `'auto'` (default): Cholesky when A is
   * exactly symmetric and the factorization succeeds, otherwise LU.
   */
  assume?: 'general' | 'spd' | 'auto';
}

/**
 * Solves A·x = b (or A·X = B for every column of a `Matrix` B) by a factorization chosen by
 * `options.assume`, freed before returning. To solve several systems with one A, keep the
 * factorization instead: {@link cholesky} or {@link lu}.
 *
 * @throws {ShapeError} on non-square A, ragged rows, or b of the wrong length.
 * @throws {NonFiniteError} when A or b holds NaN or ±Infinity.
 * @throws {NotPositiveDefiniteError} with `assume: 'spd'` when A is not positive definite.
 * @throws {SingularMatrixError} when LU meets an exactly zero pivot.
 */
export function solve(A: MatrixLike, b: VectorLike, options?: SolveOptions): Float64Array;
export function solve(A: MatrixLike, B: Matrix, options?: SolveOptions): Matrix;
export function solve(A: MatrixLike, b: VectorLike | Matrix, options: SolveOptions = {}): Float64Array | Matrix {
  const assume = options.assume ?? 'auto';
  if (assume !== 'general' && assume !== 'spd' && assume !== 'auto') {
    throw new TypeError(`options.assume must be 'general', 'spd' or 'auto', got ${String(assume)}`);
  }
  const M = asSquareMatrix(A, 'A');
  // Checked before any factorization: a bad right-hand side must not cost an O(n³) factorization.
  asRightHandSide(b, M.rows, 'b');
  if (assume === 'spd' || (assume === 'auto' && isSymmetric(M))) {
    let factor: Cholesky;
    try {
      factor = cholesky(M);
    } catch (error) {
      if (assume === 'spd' || !(error instanceof NotPositiveDefiniteError)) throw error;
      return solveAndDispose(lu(M), b);
    }
    return solveAndDispose(factor, b);
  }
  return solveAndDispose(lu(M), b);
}

function solveAndDispose(factor: Cholesky | LU, b: VectorLike | Matrix): Float64Array | Matrix {
  try {
    return factor.solve(b as Matrix);
  } finally {
    factor.dispose();
  }
}

/** Whether A equals Aᵀ exactly. */
function isSymmetric(A: Matrix): boolean {
  const { rows: n, data: a } = A;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) if (a[i * n + j] !== a[j * n + i]) return false;
  }
  return true;
}
