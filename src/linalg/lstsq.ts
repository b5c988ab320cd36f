import { checkOptions, choice, numberOption } from '../check/options.js';
import { f64View, i32View } from '../wasm/heap.js';
import { kernels } from '../wasm/instance.js';
import { scratch } from '../wasm/scratch.js';
import { Matrix, type MatrixLike, type VectorLike } from './matrix.js';
import { asMatrix, asRightHandSide, assertFinite } from './validate.js';

/** Options of {@link lstsq}. */
export interface LstsqOptions {
  /**
   * Relative threshold of the rank decision: the rank is the number of leading diagonal entries of
   * R (after column pivoting) with |Rₖₖ| > rankTolerance·maxᵢ |Rᵢᵢ|. Default max(m, n)·ε, NumPy's
   * default for `lstsq` (where it applies to singular values and is called `rcond`). Not a condition
   * estimate: that is what the factorizations' `rcond()` returns.
   */
  rankTolerance?: number;
  /** @deprecated The former name of `rankTolerance` (NumPy's), still accepted. */
  rcond?: number;
  /**
   * How the columns are pivoted. `'deterministic'`: LAPACK dgeqp3's choice, the remaining column of
   * largest norm at every step — half of its flops are matrix–vector products. `'randomized'`: HQRRP,
   * the pivots of each block of 64 chosen from a small Gaussian sketch of the trailing matrix, so
   * that all the updates are matrix–matrix products (deterministic: the sketch has a fixed seed);
   * as rank-revealing in practice, faster than deterministic for large matrices and slower for small
   * ones (bench/robust.mjs). `'auto'` (default): randomized when min(m, n) ≥ 1024.
   */
  pivoting?: 'auto' | 'deterministic' | 'randomized';
}

/** From this min(m, n) on, `pivoting: 'auto'` takes the randomized (fully blocked) pivoting. */
const RANDOMIZED_FROM = 1024;

/** The result of {@link lstsq}. */
export interface LstsqResult<T extends Float64Array | Matrix> {
  /** The minimum-norm least-squares solution: n entries (or n × k for a `Matrix` B). */
  readonly x: T;
  /** The numerical rank of A (the number of diagonal entries of R above the threshold). */
  readonly rank: number;
  /** ‖b − A·x‖₂, computed from x (for a `Matrix` B, the largest over its columns). */
  readonly residualNorm: number;
}

const EPS = 2 ** -52;

/**
 * The least-squares solution of A·x ≈ b of minimum norm: x minimizes ‖b − A·x‖₂, and among the
 * minimizers (when A is rank-deficient or m < n) has the smallest ‖x‖₂ — the pseudo-inverse
 * solution x = A⁺b. Computed as LAPACK dgelsy: Householder QR with column pivoting A·P = Q·R
 * (blocked, as dgeqp3), the numerical rank r from R's diagonal, then a complete orthogonal
 * decomposition [R₁₁ R₁₂] = [S 0]·Z (an orthogonal Z from the QR factorization of [R₁₁ R₁₂]ᵀ) so
 * that x = P·Zᵀ·[S⁻¹·(Qᵀb)[0:r]; 0]. Large problems pivot by randomized sketches (HQRRP; see
 * `options.pivoting`). Overdetermined (m > n), square, underdetermined (m < n) and
 * rank-deficient systems alike; O(mn·min(m, n)) flops.
 *
 * @param A - m × n (`Matrix` or array of rows); not modified.
 * @param b - m entries, or an m × k `Matrix` of right-hand sides (solved at once).
 * @throws {ShapeError} on ragged rows or a b whose length (rows) is not m, or sizes too large for WASM memory.
 * @throws {NonFiniteError} when A or b holds NaN or ±Infinity.
 * @throws {ArgumentError} when A or b is not a matrix or vector of numbers, `rankTolerance` (or
 * `rcond`) is negative or not a number, `pivoting` is not one of its values, or an option is unknown.
 */
export function lstsq(A: MatrixLike, b: VectorLike, options?: LstsqOptions): LstsqResult<Float64Array>;
export function lstsq(A: MatrixLike, B: Matrix, options?: LstsqOptions): LstsqResult<Matrix>;
export function lstsq(
  A: MatrixLike,
  b: VectorLike | Matrix,
  options?: LstsqOptions,
): LstsqResult<Float64Array> | LstsqResult<Matrix> {
  const o = checkOptions(options, 'lstsq: options', ['rankTolerance', 'rcond', 'pivoting']);
  const M = asMatrix(A, 'A');
  assertFinite(M.data, 'A', M.cols);
  const { rows: m, cols: n } = M;
  const rhs = asRightHandSide(b, m, 'b');
  const tolerance = numberOption(
    o.rankTolerance ?? o.rcond,
    o.rankTolerance !== undefined ? 'options.rankTolerance' : 'options.rcond',
    Math.max(m, n) * EPS,
    { min: 0 },
  );
  const pivoting = choice(o.pivoting, 'options.pivoting', ['auto', 'deterministic', 'randomized'], 'auto');
  const randomized = pivoting === 'randomized' || (pivoting === 'auto' && Math.min(m, n) >= RANDOMIZED_FROM);
  const isMatrix = rhs instanceof Matrix;
  const k = isMatrix ? rhs.cols : 1;
  const bData = isMatrix ? rhs.data : rhs;
  const { x, rank } = minimumNorm(M, bData, k, tolerance, randomized);
  const residualNorm = residual(M, x, bData, k);
  return isMatrix ? { x: new Matrix(n, k, x), rank, residualNorm } : { x, rank, residualNorm };
}

/** Layout of the scratch block, in bytes from its start (each part 16-byte aligned). */
function layout(m: number, n: number, k: number, lw: number) {
  const al = (bytes: number) => Math.ceil(bytes / 16) * 16;
  const mn = Math.min(m, n);
  const rows = Math.max(m, n);
  const a = 0;
  const b = a + al(8 * m * n);
  const t = b + al(8 * rows * k);
  const tau = t + al(8 * n * mn);
  const tau2 = tau + al(8 * mn);
  const jpvt = tau2 + al(8 * mn);
  const jpvt2 = jpvt + al(4 * n);
  const work = jpvt2 + al(4 * mn);
  return { a, b, t, tau, tau2, jpvt, jpvt2, work, total: work + al(8 * Math.max(lw, k, 1)) };
}

/** x (n × k, row-major) of minimum norm and the rank, for finite A (m × n) and b (m × k). */
function minimumNorm(
  A: Matrix,
  bData: Float64Array,
  k: number,
  tolerance: number,
  randomized: boolean,
): { x: Float64Array; rank: number } {
  const { rows: m, cols: n } = A;
  const x = new Float64Array(n * k);
  if (m === 0 || n === 0) return { x, rank: 0 };
  const kern = kernels();
  const mn = Math.min(m, n);
  const lw = Math.max(
    randomized ? kern.geqprWorkLength(m, n) : kern.geqp3WorkLength(m, n),
    kern.geqp3WorkLength(n, mn),
  );
  const L = layout(m, n, k, lw);
  const base = scratch(L.total, `the least-squares workspace for a ${m} × ${n} matrix`);
  const pa = base + L.a;
  const pb = base + L.b;
  f64View(pa, m * n).set(A.data);
  f64View(pb, m * k).set(bData);
  // A·P = Q·R, then c = Qᵀb (m × k, rows ≥ m of the buffer unused until the back-transformation).
  if (randomized) kern.geqpr(m, n, pa, n, base + L.jpvt, base + L.tau, base + L.work);
  else kern.geqp3(m, n, pa, n, base + L.jpvt, base + L.tau, base + L.work, 1);
  kern.ormqr(1, m, k, mn, pa, n, base + L.tau, pb, k, base + L.work);
  const R = f64View(pa, m * n);
  // |R₀₀| is the largest diagonal entry under deterministic pivoting, nearly so under randomized.
  let rmax = 0;
  for (let i = 0; i < mn; i++) rmax = Math.max(rmax, Math.abs(R[i * n + i]));
  let rank = 0;
  while (rank < mn && Math.abs(R[rank * n + rank]) > tolerance * rmax) rank++;
  if (rank > 0) {
    if (rank === n) {
      // Full column rank: R₁₁·y = c[0:n].
      kern.trsm(0, 1, 0, 0, n, k, 1, pa, n, pb, k);
    } else {
      // [R₁₁ R₁₂]ᵀ (n × r) = Z₁·[S; 0] by unpivoted QR, so [R₁₁ R₁₂] = [Sᵀ 0]·Z₁ᵀ and the
      // minimum-norm y of [R₁₁ R₁₂]·y = c[0:r] is Z₁·[S⁻ᵀ·c[0:r]; 0].
      const pt = base + L.t;
      const T = f64View(pt, n * rank);
      const Rv = f64View(pa, m * n);
      T.fill(0);
      for (let i = 0; i < rank; i++) for (let j = i; j < n; j++) T[j * rank + i] = Rv[i * n + j];
      kern.geqp3(n, rank, pt, rank, base + L.jpvt2, base + L.tau2, base + L.work, 0);
      kern.trsm(0, 1, 1, 0, rank, k, 1, pt, rank, pb, k);
      f64View(pb + 8 * rank * k, (n - rank) * k).fill(0);
      kern.ormqr(0, n, k, rank, pt, rank, base + L.tau2, pb, k, base + L.work);
    }
  }
  // x = P·y: row j of y is unknown jpvt[j].
  const y = f64View(pb, n * k);
  const jpvt = i32View(base + L.jpvt, n);
  if (rank === 0) return { x, rank };
  for (let j = 0; j < n; j++) x.set(y.subarray(j * k, j * k + k), jpvt[j] * k);
  return { x, rank };
}

/** max over columns of ‖b − A·x‖₂ (plain float64 loops, O(mnk); the sum of squares scaled as LAPACK dlassq). */
function residual(A: Matrix, x: Float64Array, b: Float64Array, k: number): number {
  const { rows: m, cols: n, data: a } = A;
  const scale = new Float64Array(k);
  const ss = new Float64Array(k).fill(1);
  const r = new Float64Array(k);
  for (let i = 0; i < m; i++) {
    for (let c = 0; c < k; c++) r[c] = b[i * k + c];
    for (let j = 0; j < n; j++) {
      const aij = a[i * n + j];
      if (aij !== 0) for (let c = 0; c < k; c++) r[c] -= aij * x[j * k + c];
    }
    for (let c = 0; c < k; c++) {
      const v = Math.abs(r[c]);
      if (v === 0) continue;
      if (v > scale[c]) {
        ss[c] = 1 + ss[c] * (scale[c] / v) ** 2;
        scale[c] = v;
      } else ss[c] += (v / scale[c]) ** 2;
    }
  }
  let worst = 0;
  for (let c = 0; c < k; c++) worst = Math.max(worst, scale[c] * Math.sqrt(ss[c]));
  return worst;
}
