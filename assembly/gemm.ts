// General matrix product C = alpha·op(A)·op(B) + beta·C (row-major), as reference BLAS dgemm,
// blocked and packed as in the BLIS five-loop algorithm (Goto & van de Geijn, "Anatomy of
// high-performance matrix multiplication", ACM TOMS 2008):
//   for jc (NC columns of C)        op(B) block KC×NC packed once per (jc, pc), kept in L3/L2
//     for pc (KC steps of k)
//       for ic (MC rows of C)       op(A) block MC×KC packed, kept in L2
//         for jr (NR = 4), ir (MR = 4): the 4×4 micro-kernel; B̃ micro-panel stays in L1.
// The same loops serve syrk: with `tri` = TRI_LOWER (TRI_UPPER) only entries with j ≤ i (j ≥ i)
// are computed and written, tiles entirely outside the triangle are skipped.
// In the threaded build (ASC_FEATURE_THREADS) a large product is split into disjoint blocks of
// rows or columns of C, one per thread, each packed into that thread's own buffers (threads.ts).
// The blocking constants, packing buffers and macro-kernel are in gemm-block.ts.
import { callerPackBuffers, gemmBlock, TRI_NONE } from './gemm-block';
import { gemmSplit } from './threads';

/**
 * C (m×n) = alpha·op(A)·op(B) + beta·C restricted to the triangle `tri` (TRI_NONE for all of C);
 * beta = 0 overwrites C without reading it.
 */
export function gemmTri(
  tri: i32,
  transA: i32,
  transB: i32,
  m: i32,
  n: i32,
  k: i32,
  alpha: f64,
  a: usize,
  lda: i32,
  b: usize,
  ldb: i32,
  beta: f64,
  c: usize,
  ldc: i32,
): void {
  if (m <= 0 || n <= 0) return;
  if (ASC_FEATURE_THREADS) {
    if (gemmSplit(tri, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)) return;
  }
  gemmBlock(tri, 0, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, callerPackBuffers());
}

/** C (m×n) = alpha·op(A)·op(B) + beta·C with op(A) m×k, op(B) k×n; beta = 0 ignores C's contents. */
export function gemm(
  transA: i32,
  transB: i32,
  m: i32,
  n: i32,
  k: i32,
  alpha: f64,
  a: usize,
  lda: i32,
  b: usize,
  ldb: i32,
  beta: f64,
  c: usize,
  ldc: i32,
): void {
  gemmTri(TRI_NONE, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
