// Reciprocal 1-norm condition number of a symmetric matrix from its sytrf factors, as LAPACK
// dsycon: rcond = 1 / (‖A‖₁·‖A⁻¹‖₁), with ‖A⁻¹‖₁ estimated by Hager's method with Higham's
// refinements (Higham, "FORTRAN codes for estimating the one-norm of a real or complex matrix",
// ACM TOMS 14, 1988 — the algorithm of LAPACK dlacn2). A⁻¹ is symmetric, so the estimator's
// products with A⁻¹ and A⁻ᵀ are both sytrs solves.
import { sytrs } from './sytrs';

// @ts-ignore: decorator
@inline
const ITMAX: i32 = 5;

function asum(n: i32, x: usize): f64 {
  let s = 0.0;
  for (let i = 0; i < n; i++) s += Math.abs(load<f64>(x + (<usize>i << 3)));
  return s;
}

function argmaxAbs(n: i32, x: usize): i32 {
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

/** x ← sign(x) (+1 for 0); returns whether the signs equal those stored in `sgn`; stores them there. */
function signs(n: i32, x: usize, sgn: usize): bool {
  let same = true;
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    const s: f64 = load<f64>(x + o) >= 0.0 ? 1.0 : -1.0;
    if (s != load<f64>(sgn + o)) same = false;
    store<f64>(x + o, s);
    store<f64>(sgn + o, s);
  }
  return same;
}

/**
 * rcond of A from sytrf's factors (a, e, ipiv) and anorm = ‖A‖₁; work holds 2n f64. 1 for n = 0;
 * 0 when anorm is 0 or D has a zero 1×1 pivot (A singular).
 */
export function sycon(n: i32, a: usize, lda: i32, e: usize, ipiv: usize, anorm: f64, work: usize): f64 {
  if (n <= 0) return 1.0;
  if (!(anorm > 0.0)) return 0.0;
  const step = (<usize>lda + 1) << 3;
  for (let k = 0; k < n; k++) {
    if (load<f64>(e + (<usize>k << 3)) == 0.0 && (k == 0 || load<f64>(e + (<usize>(k - 1) << 3)) == 0.0)) {
      if (load<f64>(a + <usize>k * step) == 0.0) return 0.0;
    }
  }
  const x = work;
  const sgn = work + (<usize>n << 3);
  const nb = <usize>n << 3;
  // x = A⁻¹·(1/n, …, 1/n): est = ‖x‖₁ is a first lower bound.
  for (let i = 0; i < n; i++) store<f64>(x + (<usize>i << 3), 1.0 / <f64>n);
  sytrs(n, 1, a, lda, e, ipiv, x, 1);
  let est = asum(n, x);
  if (n > 1) {
    memory.fill(sgn, 0, nb);
    signs(n, x, sgn);
    sytrs(n, 1, a, lda, e, ipiv, x, 1);
    let j = argmaxAbs(n, x);
    // Hager's iteration: move to the vertex e_j where the subgradient is steepest.
    for (let iter = 2; iter <= ITMAX; iter++) {
      memory.fill(x, 0, nb);
      store<f64>(x + (<usize>j << 3), 1.0);
      sytrs(n, 1, a, lda, e, ipiv, x, 1);
      const estold = est;
      est = asum(n, x);
      if (signs(n, x, sgn) || !(est > estold)) {
        est = max(est, estold);
        break;
      }
      sytrs(n, 1, a, lda, e, ipiv, x, 1);
      const jlast = j;
      j = argmaxAbs(n, x);
      if (Math.abs(load<f64>(x + (<usize>jlast << 3))) == Math.abs(load<f64>(x + (<usize>j << 3)))) break;
    }
    // Higham's extra test vector x_i = (−1)^i·(1 + i/(n−1)) catches the estimator's bad cases.
    for (let i = 0; i < n; i++) {
      const s: f64 = (i & 1) == 0 ? 1.0 : -1.0;
      store<f64>(x + (<usize>i << 3), s * (1.0 + <f64>i / <f64>(n - 1)));
    }
    sytrs(n, 1, a, lda, e, ipiv, x, 1);
    est = max(est, (2.0 * asum(n, x)) / (3.0 * <f64>n));
  }
  if (!(est > 0.0)) return 0.0;
  const r = 1.0 / est / anorm;
  return r == r ? r : 0.0;
}
