// Solve A·X = B or Aᵀ·X = B from P·A = L·U (row-major, ipiv 0-based), as LAPACK dgetrs:
//   A·X = B:  X = U⁻¹·L⁻¹·(P·B)          (row swaps forward, unit-lower solve, upper solve)
//   Aᵀ·X = B: X = Pᵀ·L⁻ᵀ·U⁻ᵀ·B          (Uᵀ solve, unit Lᵀ solve, row swaps in reverse)
import { laswp } from './getf2';
import { trsm } from './trsm';

/** B (n×nrhs) is overwritten by X. */
export function getrs(trans: i32, n: i32, nrhs: i32, a: usize, lda: i32, ipiv: usize, b: usize, ldb: i32): void {
  if (n <= 0 || nrhs <= 0) return;
  if (trans == 0) {
    laswp(nrhs, b, ldb, 0, n, ipiv, 1);
    trsm(0, 0, 0, 1, n, nrhs, 1.0, a, lda, b, ldb);
    trsm(0, 1, 0, 0, n, nrhs, 1.0, a, lda, b, ldb);
  } else {
    trsm(0, 1, 1, 0, n, nrhs, 1.0, a, lda, b, ldb);
    trsm(0, 0, 1, 1, n, nrhs, 1.0, a, lda, b, ldb);
    laswp(nrhs, b, ldb, 0, n, ipiv, -1);
  }
}
