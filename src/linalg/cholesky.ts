import type { DisposableWhereSupported } from '../disposable.js';
import { NotPositiveDefiniteError } from '../errors.js';
import { f64View, writeF64 } from '../wasm/heap.js';
import { kernels } from '../wasm/instance.js';
import type { CheckedFactor } from './checked-factor.js';
import { Matrix, type MatrixLike, type VectorLike } from './matrix.js';
import { allocMatrixCopy, copyOffset, Resident, releaseFactorBlock } from './resident.js';
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
   * @throws {ShapeError} when b or out does not have length n.
   * @throws {ArgumentError} when out is not a Float64Array.
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

class CholeskyFactorization extends Resident implements Cholesky {
  constructor(ptr: number, n: number, anorm: number, checked: boolean) {
    super(ptr, n, anorm, blockBytes(n, checked), 'Cholesky', checked ? copyOffset(8 * n * n) : -1);
  }

  protected solveKernel(factors: number, ptr: number, nrhs: number): void {
    kernels().potrs(this.n, nrhs, factors, this.n, ptr, nrhs);
  }

  protected checkedKernel(
    factors: number,
    a: number,
    trans: number,
    nrhs: number,
    b: number,
    x: number,
    w: number,
    tolerance: number,
    maxSteps: number,
    result: number,
  ): void {
    kernels().checkedSolve(0, trans, this.n, nrhs, factors, 0, 0, a, b, x, w, tolerance, maxSteps, result);
  }

  logDet(): number {
    return kernels().potrfLogDet(this.n, this.ptr, this.n);
  }

  protected conditionKernel(factors: number, anorm: number, work: number): number {
    return kernels().pocon(this.n, factors, this.n, anorm, work);
  }

  factor(): Matrix {
    const n = this.n;
    const stored = f64View(this.ptr, n * n);
    const L = new Matrix(n, n);
    for (let i = 0; i < n; i++) L.data.set(stored.subarray(i * n, i * n + i + 1), i * n);
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
 * @throws {ShapeError} when A is not square or its rows are ragged, or too large for WASM memory.
 * @throws {OutOfMemoryError} when WASM memory cannot hold the factors even with other factorizations copied out.
 * @throws {NonFiniteError} when A holds NaN or ±Infinity.
 * @throws {NotPositiveDefiniteError} when A is not positive definite; `.pivot` is the 0-based
 * index of the first leading minor that is not.
 */
export function cholesky(A: MatrixLike): Cholesky {
  return choleskyOf(asSquare(A, 'A'), 'A');
}

/** The bytes of a Cholesky factorization of order n, with A's copy when `checked`. */
function blockBytes(n: number, checked: boolean): number {
  return checked ? copyOffset(8 * n * n) + 8 * n * n : 8 * n * n;
}

/**
 * {@link cholesky} of a square `M`, its errors naming the argument `name`; `checked` keeps a copy of
 * M beside the factor for {@link Resident.solveChecked}.
 */
export function choleskyOf(M: Matrix, name: string, checked = false): CheckedFactor<Cholesky> {
  const n = M.rows;
  const bytes = blockBytes(n, checked);
  const ptr = allocMatrixCopy(M, bytes, name, `the Cholesky factor of ${name}`);
  if (checked) writeF64(ptr + copyOffset(8 * n * n), M.data);
  const k = kernels();
  const anorm = k.norm1SymLower(n, ptr, n);
  const info = k.potrf(n, ptr, n);
  if (info > 0) {
    releaseFactorBlock(ptr, bytes);
    throw notPositiveDefinite(info, name);
  }
  return new CholeskyFactorization(ptr, n, anorm, checked);
}

/** The error for potrf's info > 0 on the matrix `name`: its leading minor of order `info` is not positive definite. */
export function notPositiveDefinite(info: number, name: string): NotPositiveDefiniteError {
  return new NotPositiveDefiniteError(
    `${name} is not positive definite: its leading minor of order ${info} is not (pivot ${info - 1}, 0-based)`,
    info - 1,
  );
}
