import type { DisposableWhereSupported } from '../disposable.js';
import { SingularMatrixError } from '../errors.js';
import { f64View } from '../wasm/heap.js';
import { kernels } from '../wasm/instance.js';
import { scratch } from '../wasm/scratch.js';
import type { CheckedFactor } from './checked-factor.js';
import { DenseFactorization, type DenseLayout, denseLayout, factorInBlock, KIND } from './dense-factorization.js';
import type { Matrix, MatrixLike, VectorLike } from './matrix.js';
import { type GeneralScaling, ldexp, log2Sum, logSum } from './scaling.js';
import { asSquare } from './validate.js';

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
   * @throws {ArgumentError} when b is not a vector or `Matrix` of numbers, or out is not a Float64Array.
   * @throws {ShapeError} when b or out does not have length n.
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

// Layout of the block (dense-factorization.ts): the n × n factors (row-major, L strictly below the
// diagonal with a unit diagonal implied, U on and above), then n i32 pivot indices, then the
// scalings r and c, then A's copy when checked.
const ipivOffset = (n: number) => 8 * n * n;

class LUFactorization extends DenseFactorization implements LU {
  /** The equilibration Â = R·A·C that was factored, when one was needed (see scaling.ts). */
  readonly #scaling: GeneralScaling | undefined;

  constructor(
    ptr: number,
    n: number,
    anorm: number,
    layout: Readonly<DenseLayout>,
    scaling: GeneralScaling | undefined,
  ) {
    super(ptr, n, anorm, layout, KIND.lu, 'LU', 0, ipivOffset(n), scaling !== undefined);
    this.#scaling = scaling;
  }

  solveTransposed(b: VectorLike, out?: Float64Array): Float64Array;
  solveTransposed(B: Matrix, out?: Matrix): Matrix;
  solveTransposed(b: VectorLike | Matrix, out?: Float64Array | Matrix): Float64Array | Matrix {
    return this.solveCopy(b, true, out);
  }

  det(): number {
    const det = kernels().getrfDet(this.n, this.ptr, this.n, this.ptr + ipivOffset(this.n));
    const s = this.#scaling;
    // det A = det Â / (det R · det C), the factors powers of two
    return s === undefined ? det : ldexp(det, -(log2Sum(s.r) + log2Sum(s.c)));
  }

  logAbsDet(): number {
    const sign = scratch(8, 'determinant sign');
    const log = kernels().getrfLogAbsDet(this.n, this.ptr, this.n, this.ptr + ipivOffset(this.n), sign);
    const s = this.#scaling;
    return s === undefined ? log : log - logSum(s.r) - logSum(s.c);
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
 * @throws {ArgumentError} when A is not a `Matrix` or an array of rows of numbers (see the README's
 * validation rules: nothing is coerced).
 * @throws {ShapeError} when A is not square or its rows are ragged, or too large for WASM memory.
 * @throws {OutOfMemoryError} when WASM memory cannot hold the factors even with other factorizations copied out.
 * @throws {NonFiniteError} when A holds NaN or ±Infinity.
 * @throws {SingularMatrixError} when a pivot of U is exactly zero; `.pivot` is its 0-based index.
 */
export function lu(A: MatrixLike): LU {
  return luOf(asSquare(A, 'A'), 'A');
}

/**
 * {@link lu} of a square `M`, its errors naming the argument `name`; `checked` keeps an untouched
 * copy of M beside the factors for the checked solve ({@link CheckedFactor.solveChecked}).
 */
export function luOf(M: Matrix, name: string, checked = false): CheckedFactor<LU> {
  const n = M.rows;
  const layout = denseLayout(n, 8 * n * n + 4 * n, 2, checked);
  // Badly scaled A is equilibrated first; the condition estimate is then that of Â, as LAPACK dgesvx's.
  const f = factorInBlock(KIND.lu, M, name, layout, `the LU factors of ${name}`, true, 0, ipivOffset(n));
  if (f.info > 0) {
    throw new SingularMatrixError(
      `${name} is singular: pivot ${f.info - 1} (0-based) of its LU factorization is exactly zero`,
      f.info - 1,
    );
  }
  const scaling = f.scaled
    ? { r: f64View(f.ptr + layout.scaleAt, n).slice(), c: f64View(f.ptr + layout.colScaleAt, n).slice() }
    : undefined;
  return new LUFactorization(f.ptr, n, f.anorm, layout, scaling);
}
