import type { DisposableWhereSupported } from '../disposable.js';
import { NotPositiveDefiniteError } from '../errors.js';
import { f64View } from '../wasm/heap.js';
import { kernels } from '../wasm/instance.js';
import type { CheckedFactor } from './checked-factor.js';
import { DenseFactorization, type DenseLayout, denseLayout, factorInBlock, KIND } from './dense-factorization.js';
import { Matrix, type MatrixLike, type VectorLike } from './matrix.js';
import { logSum, reciprocals } from './scaling.js';
import { asSquare } from './validate.js';

/** A Cholesky factorization A = L·Lᵀ kept in WASM memory; see {@link cholesky}. */
export interface Cholesky extends DisposableWhereSupported {
  /** Order of A. */
  readonly n: number;
  /** Whether `dispose()` has been called. */
  readonly disposed: boolean;
  /**
   * x = A⁻¹b by two triangular solves (L·z = b, Lᵀ·x = z), O(n²).
   * @param b - length n; not modified.
   * @param out - where to write x (a Float64Array of length n, which may be b itself); a new array when omitted.
   * @returns x (`out` when given).
   * @throws {ArgumentError} when b is not a vector or `Matrix` of numbers, or out is not a Float64Array.
   * @throws {ShapeError} when b or out does not have length n.
   * @throws {NonFiniteError} on NaN/±Infinity in b.
   * @throws {DisposedError} after `dispose()`.
   * @throws {OutOfMemoryError} when factors copied out of WASM memory cannot be copied back.
   */
  solve(b: VectorLike, out?: Float64Array): Float64Array;
  /** X = A⁻¹B for every column of B (n × k) in one call, into `out` (an n × k Matrix, may be B) if given. */
  solve(B: Matrix, out?: Matrix): Matrix;
  /** log det A = 2·Σᵢ log Lᵢᵢ (finite where det A itself would overflow or underflow). */
  logDet(): number;
  /**
   * Estimate of the reciprocal 1-norm condition number 1 / (‖A‖₁‖A⁻¹‖₁), as LAPACK dpocon
   * (Hager/Higham estimator), O(n²). Near 0 for nearly singular A, 1 for the identity.
   */
  rcond(): number;
  /** The lower-triangular factor L as a new n × n `Matrix` (zeros above the diagonal). */
  factor(): Matrix;
  /** Frees the factor's WASM memory now; further use throws `DisposedError`. */
  dispose(): void;
}

// Layout of the block (dense-factorization.ts): L in the lower triangle of the n × n row-major
// factor, then the scaling s, then A's copy when checked.

class CholeskyFactorization extends DenseFactorization implements Cholesky {
  /** The equilibration Â = S·A·S that was factored, when one was needed (see scaling.ts). */
  readonly #scaling: Float64Array | undefined;

  constructor(ptr: number, n: number, anorm: number, layout: Readonly<DenseLayout>, scaling: Float64Array | undefined) {
    super(ptr, n, anorm, layout, KIND.cholesky, 'Cholesky', 0, 0, scaling !== undefined);
    this.#scaling = scaling;
  }

  logDet(): number {
    const log = kernels().potrfLogDet(this.n, this.ptr, this.n);
    // det A = det Â / (det S)²
    return this.#scaling === undefined ? log : log - 2 * logSum(this.#scaling);
  }

  protected conditionKernel(factors: number, anorm: number, work: number): number {
    return kernels().pocon(this.n, factors, this.n, anorm, work);
  }

  factor(): Matrix {
    const n = this.n;
    const stored = f64View(this.ptr, n * n);
    const L = new Matrix(n, n);
    for (let i = 0; i < n; i++) L.data.set(stored.subarray(i * n, i * n + i + 1), i * n);
    // A = S⁻¹·L̂·L̂ᵀ·S⁻¹, so L = S⁻¹·L̂
    if (this.#scaling !== undefined) scaleRows(L, reciprocals(this.#scaling));
    return L;
  }
}

/**
 * Cholesky factorization A = L·Lᵀ of a symmetric positive definite matrix (blocked, as LAPACK
 * dpotrf), O(n³/3) flops. Only the lower triangle of A is read, as in LAPACK, NumPy and SciPy:
 * the upper triangle is taken to mirror it. The factor stays in WASM memory for any number of
 * solves until `dispose()` (or garbage collection) frees it.
 *
 * @param A - symmetric positive definite, n × n (`Matrix` or array of rows); not modified.
 * @throws {ArgumentError} when A is not a `Matrix` or an array of rows of numbers (see the README's
 * validation rules: nothing is coerced).
 * @throws {ShapeError} when A is not square or its rows are ragged, or too large for WASM memory.
 * @throws {OutOfMemoryError} when WASM memory cannot hold the factors even with other factorizations copied out.
 * @throws {NonFiniteError} when A holds NaN or ±Infinity.
 * @throws {NotPositiveDefiniteError} when A is not positive definite; `.pivot` is the 0-based
 * index of the first leading minor that is not.
 */
export function cholesky(A: MatrixLike): Cholesky {
  return choleskyOf(asSquare(A, 'A'), 'A');
}

/**
 * {@link cholesky} of a square `M`, its errors naming the argument `name`; `equilibrate: false`
 * factors M as it is; `checked` keeps an untouched copy of M beside the factor for the checked
 * solve ({@link CheckedFactor.solveChecked}).
 */
export function choleskyOf(M: Matrix, name: string, equilibrate = true, checked = false): CheckedFactor<Cholesky> {
  const n = M.rows;
  const layout = denseLayout(n, 8 * n * n, 1, checked);
  // Badly scaled A is equilibrated first; the condition estimate is then that of Â, as LAPACK dposvx's.
  const f = factorInBlock(KIND.cholesky, M, name, layout, `the Cholesky factor of ${name}`, equilibrate, 0, 0);
  if (f.info > 0) throw notPositiveDefinite(f.info, name);
  const scaling = f.scaled ? f64View(f.ptr + layout.scaleAt, n).slice() : undefined;
  return new CholeskyFactorization(f.ptr, n, f.anorm, layout, scaling);
}

/** The error for potrf's info > 0 on the matrix `name`: its leading minor of order `info` is not positive definite. */
export function notPositiveDefinite(info: number, name: string): NotPositiveDefiniteError {
  return new NotPositiveDefiniteError(
    `${name} is not positive definite: its leading minor of order ${info} is not (pivot ${info - 1}, 0-based)`,
    info - 1,
  );
}

/** Multiplies row i of M by d[i], in place. */
function scaleRows(M: Matrix, d: Float64Array): void {
  const { cols, data } = M;
  for (let i = 0; i < M.rows; i++) for (let j = 0; j < cols; j++) data[i * cols + j] *= d[i];
}
