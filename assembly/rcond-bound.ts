// A rigorous lower bound on the reciprocal 1-norm condition number 1 / (‖A‖₁‖A⁻¹‖₁) from a
// triangular factorization, by the comparison matrix (Higham, "Accuracy and Stability of Numerical
// Algorithms", §8.3): for triangular T with nonzero diagonal, M(T) (|tᵢᵢ| on the diagonal, −|tᵢⱼ|
// off it) satisfies |T⁻¹| ≤ M(T)⁻¹ entrywise, so with e = (1, …, 1)
//     ‖T⁻¹‖∞ ≤ ‖M(T)⁻¹e‖∞,   ‖T⁻¹‖₁ = ‖T⁻ᵀ‖∞ ≤ ‖M(T)⁻ᵀe‖∞,
// each a triangular solve with nonnegative data (no cancellation). Since |XY| ≤ |X|·|Y| and every
// factor is nonnegative, chaining the two solves is sharper than multiplying the two norms:
//     Cholesky A = L·Lᵀ:   ‖A⁻¹‖₁ = ‖A⁻¹‖∞ ≤ ‖ |L⁻ᵀ|·|L⁻¹|·e ‖∞ ≤ ‖M(L)⁻ᵀ·M(L)⁻¹·e‖∞
//                         (≤ ‖L⁻¹‖∞‖L⁻¹‖₁),
//     LU P·A = L·U:        ‖A⁻¹‖₁ = ‖Pᵀ·L⁻ᵀ·U⁻ᵀ‖∞ ≤ ‖M(L)⁻ᵀ·M(U)⁻ᵀ·e‖∞   (≤ ‖U⁻¹‖₁‖L⁻¹‖₁).
// The bound is O(n²) with no iteration, against the several pairs of solves of Hager–Higham's
// estimator (lacn2), which estimates ‖A⁻¹‖₁ from below and so rcond from above:
//     bound ≤ rcond ≤ estimate   (each up to a relative rounding error of order n·ε).
// So a bound of at least twice a threshold (the factor 2 covering both rounding errors) proves that
// the estimate reaches the threshold too, and `rcondAtLeast` decides as the estimate would without
// computing it; below that the estimate decides. The bound can be pessimistic by a factor up to 2ⁿ
// (M(T)⁻¹ ignores every cancellation in T⁻¹), and then proves nothing. LDLᵀ's block diagonal D has
// no such bound here: its decision is always the estimate's.
import { gecon } from './gecon';
import { pocon } from './pocon';
import { sycon } from './sycon';

/** Factorization kinds, as assembly/checked.ts: Cholesky (potrf), LU (getrf), LDLᵀ (sytrf). */
// @ts-ignore: decorator
@inline const CHOLESKY: i32 = 0;
// @ts-ignore: decorator
@inline const LU: i32 = 1;

/** The factor by which the bound must exceed the threshold to decide without the estimate. */
// @ts-ignore: decorator
@inline const MARGIN: f64 = 2.0;

/** max of x[0..n), Infinity when one is NaN (a zero pivot's 0·∞). */
function maxOf(n: i32, x: usize): f64 {
  let m = 0.0;
  for (let i = 0; i < n; i++) {
    const v = load<f64>(x + (<usize>i << 3));
    if (v != v) return Infinity;
    if (v > m) m = v;
  }
  return m;
}

/** d[i] = 1 / |a_ii| for the row-major a (n×n): the divisions done once, independent of each other. */
function inverseDiagonal(n: i32, a: usize, d: usize): void {
  const step = (<usize>n + 1) << 3;
  for (let i = 0; i < n; i++) store<f64>(d + (<usize>i << 3), 1.0 / Math.abs(load<f64>(a + <usize>i * step)));
}

/** y ← M(L)⁻¹·y for the lower triangle of the row-major a, by rows; d holds 1/|l_ii|. */
function lowerForward(n: i32, a: usize, d: usize, y: usize): void {
  const rs = <usize>n << 3;
  for (let i = 0; i < n; i++) {
    const row = a + <usize>i * rs;
    const q = y + (<usize>i << 3);
    let s = load<f64>(q);
    for (let j = 0; j < i; j++) s += Math.abs(load<f64>(row + (<usize>j << 3))) * load<f64>(y + (<usize>j << 3));
    store<f64>(q, s * load<f64>(d + (<usize>i << 3)));
  }
}

/**
 * z ← M(L)⁻ᵀ·z for the lower triangle of the row-major a, by rows of L (each zᵢ, once final, is
 * carried into the earlier ones); d holds 1/|l_ii|, or is 0 for a unit diagonal.
 */
function lowerTransposed(n: i32, a: usize, d: usize, z: usize): void {
  const rs = <usize>n << 3;
  for (let i = n - 1; i >= 0; i--) {
    const row = a + <usize>i * rs;
    const q = z + (<usize>i << 3);
    const zi = d == 0 ? load<f64>(q) : load<f64>(q) * load<f64>(d + (<usize>i << 3));
    store<f64>(q, zi);
    for (let j = 0; j < i; j++) {
      const p = z + (<usize>j << 3);
      store<f64>(p, load<f64>(p) + Math.abs(load<f64>(row + (<usize>j << 3))) * zi);
    }
  }
}

/** z ← M(U)⁻ᵀ·z for the upper triangle of the row-major a, by rows of U; d holds 1/|u_ii|. */
function upperTransposed(n: i32, a: usize, d: usize, z: usize): void {
  const rs = <usize>n << 3;
  for (let i = 0; i < n; i++) {
    const row = a + <usize>i * rs;
    const q = z + (<usize>i << 3);
    const zi = load<f64>(q) * load<f64>(d + (<usize>i << 3));
    store<f64>(q, zi);
    for (let j = i + 1; j < n; j++) {
      const p = z + (<usize>j << 3);
      store<f64>(p, load<f64>(p) + Math.abs(load<f64>(row + (<usize>j << 3))) * zi);
    }
  }
}

/**
 * A lower bound on rcond = 1 / (‖A‖₁‖A⁻¹‖₁) from the factors at a (n×n row-major, leading
 * dimension n) and ‖A‖₁ = anorm: kind 0 potrf's L, kind 1 getrf's L\U. 1 for n = 0; 0 when anorm is
 * 0, a pivot is zero or the bound overflows (it then proves nothing); 0 for any other kind. work: 2n
 * doubles. In floating point every step adds nonnegative terms, so the computed bound has a relative
 * error of order (n + 2)·ε: compare it against a threshold with a margin, as {@link rcondAtLeast}.
 */
export function rcondBound(kind: i32, n: i32, a: usize, anorm: f64, work: usize): f64 {
  if (n <= 0) return 1.0;
  if (!(anorm > 0.0)) return 0.0;
  if (kind != CHOLESKY && kind != LU) return 0.0;
  const d = work;
  const z = d + (<usize>n << 3);
  inverseDiagonal(n, a, d);
  for (let i = 0; i < n; i++) store<f64>(z + (<usize>i << 3), 1.0);
  if (kind == CHOLESKY) {
    lowerForward(n, a, d, z);
    lowerTransposed(n, a, d, z);
  } else {
    upperTransposed(n, a, d, z);
    lowerTransposed(n, a, 0, z);
  }
  const inverseNorm = maxOf(n, z);
  const bound = 1.0 / (anorm * inverseNorm);
  return bound == bound ? bound : 0.0;
}

/**
 * Whether the reciprocal condition estimate of the factorization (pocon, gecon or sycon by kind,
 * from f, e, ipiv as assembly/checked.ts takes them, and anorm = ‖A‖₁) is at least `threshold`:
 * 1 or 0. Decided by {@link rcondBound} when it proves it (bound ≥ 2·threshold), else by the
 * estimate, which is then written to out[0] (NaN there when it was not computed). work: 3n doubles.
 */
export function rcondAtLeast(
  kind: i32,
  n: i32,
  f: usize,
  e: usize,
  ipiv: usize,
  anorm: f64,
  threshold: f64,
  work: usize,
  out: usize,
): i32 {
  store<f64>(out, NaN);
  if (rcondBound(kind, n, f, anorm, work) >= MARGIN * threshold) return 1;
  const lda = max(1, n);
  let estimate = 0.0;
  if (kind == CHOLESKY) estimate = pocon(n, f, lda, anorm, work);
  else if (kind == LU) estimate = gecon(n, f, lda, anorm, work);
  else estimate = sycon(n, f, lda, e, ipiv, anorm, work);
  store<f64>(out, estimate);
  return estimate >= threshold ? 1 : 0;
}
