import { checkOptions, choice, flagOption } from '../check/options.js';
import { NotPositiveDefiniteError } from '../errors.js';
import { type Cholesky, cholesky } from './cholesky.js';
import { type LDLT, ldlt } from './ldlt.js';
import { type LU, lu } from './lu.js';
import { Matrix, type MatrixLike, type VectorLike } from './matrix.js';
import { refineSolution } from './refine.js';
import { asRightHandSide, asSquare } from './validate.js';

/** Options of {@link solve}. */
export interface SolveOptions {
  /**
   * What to assume about A. `'general'`: LU with partial pivoting. `'spd'`: symmetric positive
   * definite, Cholesky (reads the lower triangle only). `'symmetric'`: symmetric, possibly
   * indefinite, LDLᵀ with Bunch–Kaufman pivoting (reads the lower triangle only). `'auto'`
   * (default): when A is exactly symmetric, Cholesky, falling back to LDLᵀ when A is not positive
   * definite; otherwise LU.
   */
  assume?: 'general' | 'spd' | 'symmetric' | 'auto';
  /**
   * Float64 iterative refinement (as LAPACK dgerfs): after the solve, x ← x + A⁻¹(b − A·x) until the
   * componentwise backward error maxᵢ |b − A·x|ᵢ / (|A|·|x| + |b|)ᵢ is at most ε, stops
   * halving, or 5 corrections were made. Each step costs O(n²) with the factorization reused; it
   * fixes badly scaled systems. Default false.
   */
  refine?: boolean;
}

/**
 * Solves A·x = b (or A·X = B for every column of a `Matrix` B) by a factorization chosen by
 * `options.assume`, freed before returning. To solve several systems with one A, keep the
 * factorization instead: {@link cholesky} or {@link lu}.
 *
 * @throws {ArgumentError} when A or b is not a matrix or vector of numbers, or an option is unknown
 * or of the wrong value.
 * @throws {ShapeError} on non-square A, ragged rows, or b of the wrong length.
 * @throws {NonFiniteError} when A or b holds NaN or ±Infinity.
 * @throws {NotPositiveDefiniteError} with `assume: 'spd'` when A is not positive definite.
 * @throws {SingularMatrixError} when LU or LDLᵀ meets an exactly zero pivot.
 * @throws {ArgumentError} when `assume` is not one of its values.
 */
export function solve(A: MatrixLike, b: VectorLike, options?: SolveOptions): Float64Array;
export function solve(A: MatrixLike, B: Matrix, options?: SolveOptions): Matrix;
export function solve(A: MatrixLike, b: VectorLike | Matrix, options?: SolveOptions): Float64Array | Matrix {
  const o = checkOptions(options, 'solve: options', ['assume', 'refine']);
  const assume = choice(o.assume, 'options.assume', ['general', 'spd', 'symmetric', 'auto'], 'auto');
  const refine = flagOption(o.refine, 'options.refine', false);
  const M = asSquare(A, 'A');
  // Shapes are checked before any factorization, so that a wrong b costs no O(n³) work; entries are
  // checked for NaN and ±Infinity as they are copied into WASM memory.
  asRightHandSide(b, M.rows, 'b', false);
  if (assume === 'symmetric') return solveAndDispose(ldlt(M), M, b, refine, true);
  if (assume === 'spd' || (assume === 'auto' && isSymmetric(M))) {
    let factor: Cholesky;
    try {
      factor = cholesky(M);
    } catch (error) {
      if (assume === 'spd' || !(error instanceof NotPositiveDefiniteError)) throw error;
      // Symmetric but not positive definite: Bunch–Kaufman LDLᵀ at the same O(n³/3) cost.
      return solveAndDispose(ldlt(M), M, b, refine, true);
    }
    return solveAndDispose(factor, M, b, refine, true);
  }
  return solveAndDispose(lu(M), M, b, refine, false);
}

function solveAndDispose(
  factor: Cholesky | LDLT | LU,
  A: Matrix,
  b: VectorLike | Matrix,
  refine: boolean,
  symmetricLower: boolean,
): Float64Array | Matrix {
  try {
    const x = factor.solve(b as Matrix);
    if (!refine) return x;
    return x instanceof Matrix
      ? refineSolution(A, b as Matrix, x, (r) => factor.solve(r), { symmetricLower }).x
      : refineSolution(A, b as VectorLike, x, (r) => factor.solve(r), { symmetricLower }).x;
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
