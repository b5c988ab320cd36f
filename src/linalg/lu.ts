import type { DisposableWhereSupported } from '../disposable.js';
import { SingularMatrixError } from '../errors.js';
import { writeF64 } from '../wasm/heap.js';
import { kernels } from '../wasm/instance.js';
import { scratch } from '../wasm/scratch.js';
import type { CheckedFactor } from './checked-factor.js';
import type { Matrix, MatrixLike, VectorLike } from './matrix.js';
import { allocMatrixCopy, copyOffset, Resident, releaseFactorBlock } from './resident.js';
import { asSquare, assertFinite } from './validate.js';

/** An LU factorization P·A = L·U kept in WASM memory; see {@link lu}. */
export interface LU extends DisposableWhereSupported {
  /** Order of A. */
  readonly n: number;
  /** Whether `dispose()` has been called. */
  readonly disposed: boolean;
  /**
   * x = A⁻¹b from the factors (row swaps, then L and U triangular solves), O(n²).
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
  /**
   * x = A⁻ᵀb from the same factors (Uᵀ, then Lᵀ, then the inverse row swaps), into `out` if given;
   * arguments and errors as {@link LU.solve}.
   */
  solveTransposed(b: VectorLike, out?: Float64Array): Float64Array;
  /** X = A⁻ᵀB for every column of B in one call, into `out` (an n × k Matrix) if given. */
  solveTransposed(B: Matrix, out?: Matrix): Matrix;
  /** det A = ±Πᵢ Uᵢᵢ (computed in WASM with power-of-two rescaling); ±Infinity or ±0 only where det A is outside float64's range, where `logAbsDet` still is finite. */
  det(): number;
  /** log |det A| = Σᵢ log |Uᵢᵢ|. */
  logAbsDet(): number;
  /**
   * Estimate of the reciprocal 1-norm condition number 1 / (‖A‖₁‖A⁻¹‖₁), as LAPACK dgecon
   * (Hager/Higham estimator), O(n²).
   */
  rcond(): number;
  /** Frees the factors' WASM memory now; further use throws `DisposedError`. */
  dispose(): void;
}

// Layout of the block: the n × n factors (row-major, L strictly below the diagonal with a unit
// diagonal implied, U on and above), then n i32 pivot indices.
const ipivOffset = (n: number) => 8 * n * n;

/** The bytes of an LU factorization of order n, with A's copy when `checked`. */
function blockBytes(n: number, checked: boolean): number {
  const bytes = 8 * n * n + 4 * n;
  return checked ? copyOffset(bytes) + 8 * n * n : bytes;
}

class LUFactorization extends Resident implements LU {
  constructor(ptr: number, n: number, anorm: number, checked: boolean) {
    super(ptr, n, anorm, blockBytes(n, checked), 'LU', checked ? copyOffset(8 * n * n + 4 * n) : -1);
  }

  solveTransposed(b: VectorLike, out?: Float64Array): Float64Array;
  solveTransposed(B: Matrix, out?: Matrix): Matrix;
  solveTransposed(b: VectorLike | Matrix, out?: Float64Array | Matrix): Float64Array | Matrix {
    return this.solveCopy(b, true, out);
  }

  protected solveKernel(factors: number, ptr: number, nrhs: number, transpose: boolean): void {
    const n = this.n;
    kernels().getrs(transpose ? 1 : 0, n, nrhs, factors, n, factors + ipivOffset(n), ptr, nrhs);
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
    const n = this.n;
    kernels().checkedSolve(
      1,
      trans,
      n,
      nrhs,
      factors,
      0,
      factors + ipivOffset(n),
      a,
      b,
      x,
      w,
      tolerance,
      maxSteps,
      result,
    );
  }

  det(): number {
    return kernels().getrfDet(this.n, this.ptr, this.n, this.ptr + ipivOffset(this.n));
  }

  logAbsDet(): number {
    const sign = scratch(8, 'determinant sign');
    return kernels().getrfLogAbsDet(this.n, this.ptr, this.n, this.ptr + ipivOffset(this.n), sign);
  }

  protected conditionKernel(factors: number, anorm: number, work: number): number {
    return kernels().gecon(this.n, factors, this.n, anorm, work);
  }
}

/**
 * LU factorization with partial pivoting P·A = L·U (blocked, as LAPACK dgetrf), O(2n³/3) flops.
 * The factors stay in WASM memory for any number of solves, with A or Aᵀ, until `dispose()` (or
 * garbage collection) frees them.
 *
 * @param A - square, n × n (`Matrix` or array of rows); not modified.
 * @throws {ShapeError} when A is not square or its rows are ragged, or too large for WASM memory.
 * @throws {OutOfMemoryError} when WASM memory cannot hold the factors even with other factorizations copied out.
 * @throws {NonFiniteError} when A holds NaN or ±Infinity.
 * @throws {SingularMatrixError} when a pivot of U is exactly zero; `.pivot` is its 0-based index.
 */
export function lu(A: MatrixLike): LU {
  return luOf(asSquare(A, 'A'), 'A');
}

/**
 * {@link lu} of a square `M`, its errors naming the argument `name`; `checked` keeps a copy of M
 * beside the factors for {@link Resident.solveChecked}.
 */
export function luOf(M: Matrix, name: string, checked = false): CheckedFactor<LU> {
  const n = M.rows;
  const bytes = blockBytes(n, checked);
  const ptr = allocMatrixCopy(M, bytes, name, `the LU factors of ${name}`, false);
  if (checked) writeF64(ptr + copyOffset(8 * n * n + 4 * n), M.data);
  const k = kernels();
  // ‖A‖₁ is finite when every entry is (or its sum overflowed): one pass serves as the check.
  const anorm = k.norm1(n, n, ptr, n);
  if (!Number.isFinite(anorm)) {
    try {
      assertFinite(M.data, name, n);
    } catch (error) {
      releaseFactorBlock(ptr, bytes);
      throw error;
    }
  }
  const info = k.getrf(n, n, ptr, n, ptr + ipivOffset(n));
  if (info > 0) {
    releaseFactorBlock(ptr, bytes);
    throw new SingularMatrixError(
      `${name} is singular: pivot ${info - 1} (0-based) of its LU factorization is exactly zero`,
      info - 1,
    );
  }
  return new LUFactorization(ptr, n, anorm, checked);
}
