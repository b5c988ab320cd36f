// Reciprocal 1-norm condition number of a general matrix from its LU factors, as LAPACK dgecon:
// rcond = 1 / (‖A‖₁·‖A⁻¹‖₁), with ‖A⁻¹‖₁ = ‖U⁻¹·L⁻¹‖₁ (the permutation P only permutes columns)
// estimated by lacn2.
import { hasZeroDiagonal, lacn2, OP_LU, rcondFromEstimate } from './lacn2';

/** rcond of A = Pᵀ·L·U from getrf's factors and ‖A‖₁ (0 when U has a zero pivot); work 3n f64. */
export function gecon(n: i32, a: usize, lda: i32, anorm: f64, work: usize): f64 {
  if (n <= 0) return 1.0;
  if (!(anorm > 0.0) || hasZeroDiagonal(n, a, lda)) return 0.0;
  return rcondFromEstimate(anorm, lacn2(OP_LU, n, a, lda, work));
}
