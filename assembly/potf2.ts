// Unblocked Cholesky A = L·Lᵀ of the lower triangle, row-major, as LAPACK dpotf2 but row-oriented
// (the bordered / Cholesky–Crout order): row i of L solves L[0:i,0:i]·l = a[i,0:i] by forward
// substitution, l_ij = (a_ij − Σ_{p<j} l_ip·l_jp) / l_jj, then l_ii = sqrt(a_ii − Σ_{p<i} l_ip²).
// Every inner product runs along two contiguous rows.
import { dotUnit } from './blas1';

/**
 * Factors the n×n lower triangle in place. Returns 0, or the 1-based index k of the first leading
 * minor that is not positive definite (a_kk − Σ l_kp² ≤ 0 or NaN); rows 0..k−2 of L are then
 * complete and the failing value is left on the diagonal, as dpotf2 does.
 */
export function potf2(n: i32, a: usize, lda: i32): i32 {
  const rs = <usize>lda << 3;
  for (let i = 0; i < n; i++) {
    const ai = a + <usize>i * rs;
    for (let j = 0; j < i; j++) {
      const aj = a + <usize>j * rs;
      const p = ai + (<usize>j << 3);
      store<f64>(p, (load<f64>(p) - dotUnit(j, ai, aj)) / load<f64>(aj + (<usize>j << 3)));
    }
    const pd = ai + (<usize>i << 3);
    const d = load<f64>(pd) - dotUnit(i, ai, ai);
    if (!(d > 0.0)) {
      store<f64>(pd, d);
      return i + 1;
    }
    store<f64>(pd, Math.sqrt(d));
  }
  return 0;
}
