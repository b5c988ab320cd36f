// Reciprocal 1-norm condition number of a symmetric matrix from its sytrf factors, as LAPACK
// dsycon: rcond = 1 / (‖A‖₁·‖A⁻¹‖₁), with ‖A⁻¹‖₁ estimated by lacn2 through sytrs solves.
import { lacn2, OP_LDLT, rcondFromEstimate } from './lacn2';

/**
 * rcond of A from sytrf's factors (a, e, ipiv) and anorm = ‖A‖₁; work holds 3n f64. 1 for n = 0;
 * 0 when anorm is 0 or D has a zero 1×1 pivot (A singular).
 */
export function sycon(n: i32, a: usize, lda: i32, e: usize, ipiv: usize, anorm: f64, work: usize): f64 {
  if (n <= 0) return 1.0;
  if (!(anorm > 0.0)) return 0.0;
  const step = (<usize>lda + 1) << 3;
  for (let k = 0; k < n; k++) {
    const in2x2 = load<f64>(e + (<usize>k << 3)) != 0.0 || (k > 0 && load<f64>(e + (<usize>(k - 1) << 3)) != 0.0);
    if (!in2x2 && load<f64>(a + <usize>k * step) == 0.0) return 0.0;
  }
  return rcondFromEstimate(anorm, lacn2(OP_LDLT, n, a, lda, work, e, ipiv));
}
