// Reciprocal 1-norm condition number of an SPD matrix from its Cholesky factor, as LAPACK dpocon:
// rcond = 1 / (‖A‖₁·‖A⁻¹‖₁), with ‖A⁻¹‖₁ estimated by lacn2 through solves with L and Lᵀ.
import { hasZeroDiagonal, lacn2, OP_CHOL, rcondFromEstimate } from './lacn2';

/** rcond of A = L·Lᵀ from potrf's L and ‖A‖₁ (1 for n = 0, 0 for ‖A‖₁ = 0); work 3n f64. */
export function pocon(n: i32, a: usize, lda: i32, anorm: f64, work: usize): f64 {
  if (n <= 0) return 1.0;
  if (!(anorm > 0.0) || hasZeroDiagonal(n, a, lda)) return 0.0;
  return rcondFromEstimate(anorm, lacn2(OP_CHOL, n, a, lda, work));
}
