// A rigorous lower bound on the reciprocal 1-norm condition number 1 / (‖A‖₁‖A⁻¹‖₁) from a
// triangular factorization, by the comparison matrix (Higham, "Accuracy and Stability of Numerical
// Algorithms", §8.3): for triangular T with nonzero diagonal, M(T) (|tᵢᵢ| on the diagonal, −|tᵢⱼ|
// off it) satisfies |T⁻¹| ≤ M(T)⁻¹ entrywise, so with e = (1, …, 1)
//     ‖T⁻¹‖∞ ≤ ‖M(T)⁻¹e‖∞,   ‖T⁻¹‖₁ = ‖T⁻ᵀ‖∞ ≤ ‖M(T)⁻ᵀe‖∞,
// each one triangular solve with nonnegative data (no cancellation). Then
//     Cholesky A = L·Lᵀ:   ‖A⁻¹‖₁ ≤ ‖L⁻ᵀ‖₁‖L⁻¹‖₁ = ‖L⁻¹‖∞‖L⁻¹‖₁,
//     LU P·A = L·U:        ‖A⁻¹‖₁ = ‖U⁻¹L⁻¹‖₁ ≤ ‖U⁻¹‖₁‖L⁻¹‖₁.
// The bound is O(n²) with no iteration, against the several pairs of solves of Hager–Higham's
// estimator (lacn2), which estimates ‖A⁻¹‖₁ from below and so rcond from above: the bound can prove
// rcond above a threshold without the estimate, but it can be pessimistic by a factor up to 2ⁿ
// (M(T)⁻¹ ignores every cancellation in T⁻¹), and then proves nothing.
import { CHOLESKY, LU } from './checked';

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

/** ‖M(L)⁻¹e‖∞ for the lower triangle of the row-major a (unit diagonal when `unit`), into y (n). */
function lowerForward(n: i32, a: usize, unit: bool, y: usize): f64 {
  const rs = <usize>n << 3;
  for (let i = 0; i < n; i++) {
    const row = a + <usize>i * rs;
    let s = 1.0;
    for (let j = 0; j < i; j++) s += Math.abs(load<f64>(row + (<usize>j << 3))) * load<f64>(y + (<usize>j << 3));
    store<f64>(y + (<usize>i << 3), unit ? s : s / Math.abs(load<f64>(row + (<usize>i << 3))));
  }
  return maxOf(n, y);
}

/** ‖M(L)⁻ᵀe‖∞ for the lower triangle of the row-major a (unit diagonal when `unit`), into z (n): Lᵀz = e by rows of L. */
function lowerTransposed(n: i32, a: usize, unit: bool, z: usize): f64 {
  const rs = <usize>n << 3;
  for (let i = 0; i < n; i++) store<f64>(z + (<usize>i << 3), 1.0);
  for (let i = n - 1; i >= 0; i--) {
    const row = a + <usize>i * rs;
    const q = z + (<usize>i << 3);
    const zi = unit ? load<f64>(q) : load<f64>(q) / Math.abs(load<f64>(row + (<usize>i << 3)));
    store<f64>(q, zi);
    for (let j = 0; j < i; j++) {
      const p = z + (<usize>j << 3);
      store<f64>(p, load<f64>(p) + Math.abs(load<f64>(row + (<usize>j << 3))) * zi);
    }
  }
  return maxOf(n, z);
}

/** ‖M(U)⁻ᵀe‖∞ for the upper triangle of the row-major a, into z (n): Uᵀz = e by rows of U. */
function upperTransposed(n: i32, a: usize, z: usize): f64 {
  const rs = <usize>n << 3;
  for (let i = 0; i < n; i++) store<f64>(z + (<usize>i << 3), 1.0);
  for (let i = 0; i < n; i++) {
    const row = a + <usize>i * rs;
    const q = z + (<usize>i << 3);
    const zi = load<f64>(q) / Math.abs(load<f64>(row + (<usize>i << 3)));
    store<f64>(q, zi);
    for (let j = i + 1; j < n; j++) {
      const p = z + (<usize>j << 3);
      store<f64>(p, load<f64>(p) + Math.abs(load<f64>(row + (<usize>j << 3))) * zi);
    }
  }
  return maxOf(n, z);
}

/**
 * A lower bound on rcond = 1 / (‖A‖₁‖A⁻¹‖₁) from the factors at a (n×n row-major, leading
 * dimension n) and ‖A‖₁ = anorm: kind 0 potrf's L, kind 1 getrf's L\U. 1 for n = 0; 0 when anorm is
 * 0, a pivot is zero or the bound overflows (it then proves nothing). work: 2n doubles. In floating
 * point every step adds nonnegative terms, so the computed bound has a relative error of order
 * (n + 2)·ε: compare it against a threshold with a margin (see src/linalg/condition.ts).
 */
export function rcondBound(kind: i32, n: i32, a: usize, anorm: f64, work: usize): f64 {
  if (n <= 0) return 1.0;
  if (!(anorm > 0.0)) return 0.0;
  const y = work;
  const z = work + (<usize>n << 3);
  let inverseNorm = 0.0;
  if (kind == CHOLESKY) inverseNorm = lowerForward(n, a, false, y) * lowerTransposed(n, a, false, z);
  else if (kind == LU) inverseNorm = upperTransposed(n, a, y) * lowerTransposed(n, a, true, z);
  else return 0.0;
  const bound = 1.0 / (anorm * inverseNorm);
  return bound == bound ? bound : 0.0;
}
