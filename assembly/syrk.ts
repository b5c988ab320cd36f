// Symmetric rank-k update of one triangle, row-major, as reference BLAS dsyrk:
// C = alpha·A·Aᵀ + beta·C (trans = 0, A n×k) or C = alpha·Aᵀ·A + beta·C (trans = 1, A k×n),
// computed by the packed GEMM loops restricted to the triangle (tiles outside it are skipped).
import { gemmTri } from './gemm';
import { TRI_LOWER, TRI_UPPER } from './gemm-block';

/** Updates the lower (uplo = 0) or upper (uplo = 1) triangle of the n×n C; the other is untouched. */
export function syrk(
  uplo: i32,
  trans: i32,
  n: i32,
  k: i32,
  alpha: f64,
  a: usize,
  lda: i32,
  beta: f64,
  c: usize,
  ldc: i32,
): void {
  const tri = uplo == 0 ? TRI_LOWER : TRI_UPPER;
  if (trans == 0) gemmTri(tri, 0, 1, n, n, k, alpha, a, lda, a, lda, beta, c, ldc);
  else gemmTri(tri, 1, 0, n, n, k, alpha, a, lda, a, lda, beta, c, ldc);
}
