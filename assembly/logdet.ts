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
