// Hager's method with Higham's refinements for ‖A⁻¹‖₁, as LAPACK dlacn2 (here in direct form:
// the caller names the operator instead of answering reverse-communication requests).
// Operators: OP_CHOL applies A⁻¹ = L⁻ᵀ·L⁻¹ from a Cholesky factor (symmetric, so A⁻ᵀ = A⁻¹);
// OP_LU applies U⁻¹·L⁻¹ and its transpose L⁻ᵀ·U⁻ᵀ from an LU factor — the row permutation only
// permutes columns of A⁻¹, which leaves the 1-norm unchanged, as in LAPACK dgecon; OP_LDLT
// applies A⁻¹ from sytrf's factors (symmetric: A⁻ᵀ = A⁻¹), as LAPACK dsycon.
import { sytrs } from './sytrs';
import { trsm } from './trsm';

// @ts-ignore: decorator
@inline
export const OP_CHOL: i32 = 0;
// @ts-ignore: decorator
@inline
export const OP_LU: i32 = 1;
// @ts-ignore: decorator
@inline
export const OP_LDLT: i32 = 2;

/**
 * x ← op⁻¹·x (trans = 0) or op⁻ᵀ·x (trans = 1) for a unit-stride vector x; `e` and `ipiv` are
 * sytrf's subdiagonal and pivots (OP_LDLT only).
 */
function apply(op: i32, trans: i32, n: i32, a: usize, lda: i32, x: usize, e: usize, ipiv: usize): void {
  if (op == OP_LDLT) {
    sytrs(n, 1, a, lda, e, ipiv, x, 1);
  } else if (op == OP_CHOL) {
    trsm(0, 0, 0, 0, n, 1, 1.0, a, lda, x, 1);
    trsm(0, 0, 1, 0, n, 1, 1.0, a, lda, x, 1);
  } else if (trans == 0) {
    trsm(0, 0, 0, 1, n, 1, 1.0, a, lda, x, 1);
    trsm(0, 1, 0, 0, n, 1, 1.0, a, lda, x, 1);
  } else {
    trsm(0, 1, 1, 0, n, 1, 1.0, a, lda, x, 1);
    trsm(0, 0, 1, 1, n, 1, 1.0, a, lda, x, 1);
  }
}

function asum(n: i32, x: usize): f64 {
  let s = 0.0;
  for (let i = 0; i < n; i++) s += Math.abs(load<f64>(x + (<usize>i << 3)));
  return s;
}

/** First index of the largest |x_i| (idamax, 0-based). */
function iamax(n: i32, x: usize): i32 {
  let j = 0;
  let big = -1.0;
  for (let i = 0; i < n; i++) {
    const v = Math.abs(load<f64>(x + (<usize>i << 3)));
    if (v > big) {
      big = v;
      j = i;
    }
  }
  return j;
}

// @ts-ignore: decorator
@inline
const ITMAX: i32 = 5;

/**
 * Lower bound estimate of ‖op⁻¹‖₁ (usually exact or within a factor 3). work holds 3n f64:
 * x, v (the vector attaining the estimate) and the sign pattern of the last ξ. `e` and `ipiv`
 * are needed by OP_LDLT only.
 */
export function lacn2(op: i32, n: i32, a: usize, lda: i32, work: usize, e: usize = 0, ipiv: usize = 0): f64 {
  if (n <= 0) return 0.0;
  const x = work;
  const v = work + (<usize>n << 3);
  const isgn = v + (<usize>n << 3);
  const nb = <usize>n << 3;
  // x = op⁻¹·(1/n, …, 1/n).
  for (let i = 0; i < n; i++) store<f64>(x + (<usize>i << 3), 1.0 / <f64>n);
  apply(op, 0, n, a, lda, x, e, ipiv);
  if (n == 1) return Math.abs(load<f64>(x));
  let est = asum(n, x);
  // ξ = sign(x); x = op⁻ᵀ·ξ; j = argmax |x_j|.
  for (let i = 0; i < n; i++) {
    const s: f64 = load<f64>(x + (<usize>i << 3)) >= 0.0 ? 1.0 : -1.0;
    store<f64>(x + (<usize>i << 3), s);
    store<f64>(isgn + (<usize>i << 3), s);
  }
  apply(op, 1, n, a, lda, x, e, ipiv);
  let j = iamax(n, x);
  let iter = 2;
  while (true) {
    // x = op⁻¹·e_j.
    memory.fill(x, 0, nb);
    store<f64>(x + (<usize>j << 3), 1.0);
    apply(op, 0, n, a, lda, x, e, ipiv);
    memory.copy(v, x, nb);
    const estold = est;
    est = asum(n, v);
    let same = true;
    for (let i = 0; i < n; i++) {
      const s: f64 = load<f64>(x + (<usize>i << 3)) >= 0.0 ? 1.0 : -1.0;
      if (s != load<f64>(isgn + (<usize>i << 3))) {
        same = false;
        break;
      }
    }
    // Repeated sign vector or no growth: converged.
    if (same || !(est > estold)) break;
    for (let i = 0; i < n; i++) {
      const s: f64 = load<f64>(x + (<usize>i << 3)) >= 0.0 ? 1.0 : -1.0;
      store<f64>(x + (<usize>i << 3), s);
      store<f64>(isgn + (<usize>i << 3), s);
    }
    apply(op, 1, n, a, lda, x, e, ipiv);
    const jlast = j;
    j = iamax(n, x);
    if (load<f64>(x + (<usize>jlast << 3)) != Math.abs(load<f64>(x + (<usize>j << 3))) && iter < ITMAX) {
      iter++;
      continue;
    }
    break;
  }
  // Higham's alternating test vector x_i = (−1)^i·(1 + i/(n−1)) guards against bad cases.
  for (let i = 0; i < n; i++) {
    const s: f64 = (i & 1) == 0 ? 1.0 : -1.0;
    store<f64>(x + (<usize>i << 3), s * (1.0 + <f64>i / <f64>(n - 1)));
  }
  apply(op, 0, n, a, lda, x, e, ipiv);
  const temp = (2.0 * asum(n, x)) / (3.0 * <f64>n);
  if (temp > est) {
    memory.copy(v, x, nb);
    est = temp;
  }
  return est;
}

/**
 * rcond = 1 / (‖A‖₁·est) where est estimates ‖A⁻¹‖₁; 0 when either is zero, infinite or NaN
 * (an overflowing solve means A is singular to working precision).
 */
export function rcondFromEstimate(anorm: f64, ainvnm: f64): f64 {
  if (!(anorm > 0.0) || !(ainvnm > 0.0)) return 0.0;
  const r = 1.0 / ainvnm / anorm;
  return r == r ? r : 0.0;
}

/** True when a triangular factor has an exactly zero diagonal entry (it is singular). */
export function hasZeroDiagonal(n: i32, a: usize, lda: i32): bool {
  const step = (<usize>lda + 1) << 3;
  for (let i = 0; i < n; i++) if (load<f64>(a + <usize>i * step) == 0.0) return true;
  return false;
}
