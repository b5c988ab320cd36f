// Solve A·X = B from the Cholesky factor A = L·Lᵀ (lower, row-major), as LAPACK dpotrs:
// L·Y = B (forward substitution), then Lᵀ·X = Y (back substitution).
import { trsm } from './trsm';

/** B (n×nrhs) is overwritten by X = A⁻¹·B. */
export function potrs(n: i32, nrhs: i32, a: usize, lda: i32, b: usize, ldb: i32): void {
  if (n <= 0 || nrhs <= 0) return;
  trsm(0, 0, 0, 0, n, nrhs, 1.0, a, lda, b, ldb);
  trsm(0, 0, 1, 0, n, nrhs, 1.0, a, lda, b, ldb);
}
