import type { DisposableWhereSupported } from '../disposable.js';
import { SingularMatrixError } from '../errors.js';
import { f64View, i32View } from '../wasm/heap.js';
import { kernels } from '../wasm/instance.js';
import type { CheckedFactor } from './checked-factor.js';
import { DenseFactorization, type DenseLayout, denseLayout, factorInBlock, KIND } from './dense-factorization.js';
import { Matrix, type MatrixLike, type VectorLike } from './matrix.js';
import { logSum } from './scaling.js';
import { asSquare } from './validate.js';

/** Counts of positive, negative and zero eigenvalues of a symmetric matrix (Sylvester's law of inertia). */
export interface Inertia {
  readonly positive: number;
  readonly negative: number;
  readonly zero: number;
}

/** A symmetric indefinite factorization P·A·Pᵀ = L·D·Lᵀ kept in WASM memory; see {@link ldlt}. */
export interface LDLT extends DisposableWhereSupported {
  /** Order of A. */
  readonly n: number;
  /** Whether `dispose()` has been called. */
  readonly disposed: boolean;
  /**
   * x = A⁻¹b = Pᵀ·L⁻ᵀ·D⁻¹·L⁻¹·P·b (two triangular solves and the 1×1/2×2 blocks of D), O(n²).
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
   * The inertia of A — how many eigenvalues are positive, negative, zero — read from D: A and D
   * are congruent (Sylvester's law of inertia), a 1×1 block counts by its sign and a 2×2 block
   * [[a, c], [c, d]] by the signs of its two eigenvalues (its determinant ad − c² < 0 under
   * Bunch–Kaufman pivoting: one of each). Exact for the factored matrix; for A itself, up to the
   * rounding errors of the factorization (eigenvalues smaller than about ε·‖A‖ may change side).
   */
  inertia(): Inertia;
  /** log |det A| = Σ log |det Dₖ| over the blocks of D (finite where det A would overflow). */
  logAbsDet(): number;
  /**
   * Estimate of the reciprocal 1-norm condition number 1 / (‖A‖₁‖A⁻¹‖₁), as LAPACK dsycon
   * (Hager/Higham estimator), O(n²).
   */
  rcond(): number;
  /**
   * The factors as new matrices: P·A·Pᵀ = L·D·Lᵀ with L unit lower triangular, D symmetric block
   * diagonal (1×1 and 2×2 blocks) and the permutation as `perm`: (P·A·Pᵀ)ᵢⱼ = A[perm[i]][perm[j]].
   */
  factors(): { L: Matrix; D: Matrix; perm: Int32Array };
  /** Frees the factors' WASM memory now; further use throws `DisposedError`. */
  dispose(): void;
}

// Layout of the block: the n × n factors (row-major; L strictly below the diagonal with a unit
// diagonal implied, D's diagonal on the diagonal), then D's subdiagonal e (n f64), then the
// pivots ipiv (n i32), then the scaling s, then A's copy when checked (dense-factorization.ts).
const eOffset = (n: number) => 8 * n * n;
const ipivOffset = (n: number) => 8 * n * n + 8 * n;

/**
 * Sign of det [[a, c], [c, d]] = ad − c² (c ≠ 0), from the scaled form c²·((a/c)(d/c) − 1) of
 * LAPACK dsytrs, which cannot overflow; when (a/c)(d/c) itself overflows, |ad| ≫ c² and the sign
 * is that of ad. ad ≤ 0 means det < 0 outright.
 */
function determinant2Sign(a: number, c: number, d: number): number {
  if (a === 0 || d === 0 || a > 0 !== d > 0) return -1;
  const p = (a / c) * (d / c);
  return Number.isFinite(p) ? Math.sign(p - 1) : 1;
}

class LDLTFactorization extends DenseFactorization implements LDLT {
  /** The equilibration Â = S·A·S that was factored, when one was needed (see scaling.ts). */
  readonly #scaling: Float64Array | undefined;

  constructor(ptr: number, n: number, anorm: number, layout: Readonly<DenseLayout>, scaling: Float64Array | undefined) {
    super(ptr, n, anorm, layout, KIND.ldlt, 'LDLT', eOffset(n), ipivOffset(n), scaling !== undefined);
    this.#scaling = scaling;
  }

  /** Calls `visit` with each diagonal block of D: (a) for 1×1, (a, c, d) for [[a, c], [c, d]]. */
  #blocks(visit: (a: number, c?: number, d?: number) => void): void {
    const n = this.n;
    const stored = f64View(this.ptr, n * n + n);
    for (let k = 0; k < n; k++) {
      const a = stored[k * n + k];
      const c = stored[n * n + k];
      if (c === 0) visit(a);
      else {
        visit(a, c, stored[(k + 1) * n + k + 1]);
        k++;
      }
    }
  }

  inertia(): Inertia {
    let positive = 0;
    let negative = 0;
    let zero = 0;
    const count = (v: number) => {
      if (v > 0) positive++;
      else if (v < 0) negative++;
      else zero++;
    };
    this.#blocks((a, c, d) => {
      if (c === undefined || d === undefined) return count(a);
      // Eigenvalues of [[a, c], [c, d]]: their product is det = ad − c², their sum a + d.
      const sign = determinant2Sign(a, c, d);
      if (sign < 0) {
        positive++;
        negative++;
      } else if (sign > 0) {
        count(a + d);
        count(a + d);
      } else {
        zero++;
        count(a + d);
      }
    });
    return { positive, negative, zero };
  }

  logAbsDet(): number {
    // In WASM, whose log is compiled into the module: the same bits on every engine.
    const log = kernels().sytrfLogAbsDet(this.n, this.ptr, this.n, this.ptr + eOffset(this.n));
    return this.#scaling === undefined ? log : log - 2 * logSum(this.#scaling);
  }

  factors(): { L: Matrix; D: Matrix; perm: Int32Array } {
    const n = this.n;
    const stored = f64View(this.ptr, n * n + n);
    const ipiv = i32View(this.ptr + ipivOffset(n), n);
    const L = Matrix.identity(n);
    const D = new Matrix(n, n);
    for (let i = 0; i < n; i++) {
      L.data.set(stored.subarray(i * n, i * n + i), i * n);
      D.data[i * n + i] = stored[i * n + i];
      const c = stored[n * n + i];
      if (c !== 0) {
        D.data[(i + 1) * n + i] = c;
        D.data[i * n + i + 1] = c;
      }
    }
    // P is the product of the interchanges in factorization order: apply them to 0, 1, …, n − 1.
    const perm = Int32Array.from({ length: n }, (_, i) => i);
    const swap = (i: number, j: number) => {
      const t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    };
    for (let k = 0; k < n; k++) {
      const p = ipiv[k];
      if (p >= 0) swap(k, p);
      else {
        swap(k + 1, -p - 1);
        k++;
      }
    }
    const sc = this.#scaling;
    if (sc !== undefined) {
      // P·Â·Pᵀ = L̂·D̂·L̂ᵀ with Â = S·A·S gives P·A·Pᵀ = (T·L̂·T⁻¹)·(T·D̂·T)·(T·L̂·T⁻¹)ᵀ, T = diag(1/s[perm[i]])
      for (let i = 0; i < n; i++) {
        const ti = 1 / sc[perm[i]];
        for (let j = 0; j < n; j++) {
          const tj = 1 / sc[perm[j]];
          L.data[i * n + j] *= ti / tj;
          D.data[i * n + j] *= ti * tj;
        }
      }
    }
    return { L, D, perm };
  }

  protected conditionKernel(factors: number, anorm: number, work: number): number {
    const n = this.n;
    return kernels().sycon(n, factors, n, factors + eOffset(n), factors + ipivOffset(n), anorm, work);
  }
}

/**
 * Symmetric indefinite factorization P·A·Pᵀ = L·D·Lᵀ with Bunch–Kaufman partial pivoting (blocked,
 * as LAPACK dsytrf), O(n³/3) flops: P a permutation, L unit lower triangular, D block diagonal with
 * 1×1 and 2×2 blocks. It factors any nonsingular symmetric matrix — indefinite Hessians,
 * saddle-point (KKT) matrices [[H, Bᵀ], [B, 0]], even [[0, 1], [1, 0]] — where Cholesky fails, at
 * the same cost, with element growth bounded by 2.57^(n−1) (modest in practice). Only the lower
 * triangle of A is read; the upper is taken to mirror it. The factors stay in WASM memory until
 * `dispose()` (or garbage collection) frees them.
 *
 * @param A - symmetric, n × n (`Matrix` or array of rows); not modified.
 * @throws {ArgumentError} when A is not a `Matrix` or an array of rows of numbers (see the README's
 * validation rules: nothing is coerced).
 * @throws {ShapeError} when A is not square or its rows are ragged, or too large for WASM memory.
 * @throws {OutOfMemoryError} when WASM memory cannot hold the factors even with other factorizations copied out.
 * @throws {NonFiniteError} when A holds NaN or ±Infinity.
 * @throws {SingularMatrixError} when A is exactly singular: D has a zero 1×1 pivot; `.pivot` is its
 * 0-based index (in the pivoted order).
 */
export function ldlt(A: MatrixLike): LDLT {
  return ldltOf(asSquare(A, 'A'), 'A');
}

/**
 * {@link ldlt} of a square `M`, its errors naming the argument `name`; `equilibrate: false` factors
 * M as it is; `checked` keeps an untouched copy of M beside the factors for the checked solve
 * ({@link CheckedFactor.solveChecked}).
 */
export function ldltOf(M: Matrix, name: string, equilibrate = true, checked = false): CheckedFactor<LDLT> {
  const n = M.rows;
  const layout = denseLayout(n, 8 * (n * n + n) + 4 * n, 1, checked);
  // Badly scaled A is equilibrated first; the condition estimate is then that of Â, as LAPACK dsysvx's.
  const f = factorInBlock(
    KIND.ldlt,
    M,
    name,
    layout,
    `the LDLᵀ factors of ${name}`,
    equilibrate,
    eOffset(n),
    ipivOffset(n),
  );
  if (f.info > 0) {
    throw new SingularMatrixError(
      `${name} is singular: pivot ${f.info - 1} (0-based) of its LDLᵀ factorization is exactly zero`,
      f.info - 1,
    );
  }
  const scaling = f.scaled ? f64View(f.ptr + layout.scaleAt, n).slice() : undefined;
  return new LDLTFactorization(f.ptr, n, f.anorm, layout, scaling);
}
