// Log-determinants from factorizations: det A = Π l_ii² for A = L·Lᵀ, and
// det A = sign(P)·Π u_ii for P·A = L·U (L unit lower), summed as logarithms to avoid overflow.

/** log det A = 2·Σ log l_ii from potrf's L. */
export function potrfLogDet(n: i32, a: usize, lda: i32): f64 {
  const step = (<usize>lda + 1) << 3;
  let s = 0.0;
  for (let i = 0; i < n; i++) s += Math.log(load<f64>(a + <usize>i * step));
  return 2.0 * s;
}

/**
 * log|det A| from getrf's factors; stores sign(det A) ∈ {+1, −1, 0} as f64 at `sign`. A zero
 * pivot gives log|det A| = −∞ and sign 0.
 */
export function getrfLogAbsDet(n: i32, a: usize, lda: i32, ipiv: usize, sign: usize): f64 {
  const step = (<usize>lda + 1) << 3;
  let s = 0.0;
  let neg = false;
  for (let i = 0; i < n; i++) {
    const u = load<f64>(a + <usize>i * step);
    if (u == 0.0) {
      store<f64>(sign, 0.0);
      return -1.0 / 0.0;
    }
    if (u < 0.0) neg = !neg;
    if (load<i32>(ipiv + (<usize>i << 2)) != i) neg = !neg;
    s += Math.log(Math.abs(u));
  }
  store<f64>(sign, neg ? -1.0 : 1.0);
  return s;
}

/**
 * det A = sign(P)·Π u_ii from getrf's factors, accumulated as a mantissa rescaled by exact powers
 * of two (2^±512) so that no intermediate product overflows or underflows: the only roundings are
 * the n products, as in the plain product, and the result is ±∞ or ±0 only where det A itself is
 * beyond the range of float64.
 */
export function getrfDet(n: i32, a: usize, lda: i32, ipiv: usize): f64 {
  const step = (<usize>lda + 1) << 3;
  const big = 1.3407807929942597e154; // 2^512
  const small = 7.458340731200207e-155; // 2^-512
  let m = 1.0;
  let e = 0; // det = m·2^(512·e)
  for (let i = 0; i < n; i++) {
    m *= load<f64>(a + <usize>i * step);
    if (load<i32>(ipiv + (<usize>i << 2)) != i) m = -m;
    if (m == 0.0) return 0.0;
    const am = Math.abs(m);
    if (am > big) {
      m *= small;
      e++;
    } else if (am < small) {
      m *= big;
      e--;
    }
  }
  for (; e > 0; e--) m *= big;
  for (; e < 0; e++) m *= small;
  return m;
}

/**
 * log|det A| = Σ log|det D_k| over the 1×1 and 2×2 diagonal blocks of sytrf's D (diagonal on the
 * diagonal of `a`, subdiagonal in `e`; e[k] ≠ 0 opens a 2×2 block [[a, c], [c, d]]). A 2×2 block's
 * |ad − c²| is taken as c²·|(a/c)(d/c) − 1| (the scaled form of LAPACK dsytrs), or as |ad| when
 * that ratio overflows (then |ad| ≫ c²); with ad < 0 it is c²·(1 + |(a/c)(d/c)|).
 */
export function sytrfLogAbsDet(n: i32, a: usize, lda: i32, e: usize): f64 {
  const step = (<usize>lda + 1) << 3;
  let s = 0.0;
  for (let k = 0; k < n; k++) {
    const x = load<f64>(a + <usize>k * step);
    const c = load<f64>(e + (<usize>k << 3));
    if (c == 0.0) {
      s += Math.log(Math.abs(x));
      continue;
    }
    const d = load<f64>(a + <usize>(k + 1) * step);
    k++;
    const p = (x / c) * (d / c);
    if (!isFinite(p)) {
      s += Math.log(Math.abs(x)) + Math.log(Math.abs(d));
    } else if (p < 0.0) {
      s += 2.0 * Math.log(Math.abs(c)) + Math.log1p(-p);
    } else {
      s += 2.0 * Math.log(Math.abs(c)) + Math.log(Math.abs(p - 1.0));
    }
  }
  return s;
}
