// Recursive Cholesky A = L·Lᵀ (lower, row-major), as LAPACK dpotrf2 (Gustavson; Ahmed & Pingali):
// with A = [A11 ·; A21 A22] split near the middle,
//   L11 = chol(A11),  L21 = A21·L11⁻ᵀ (trsm),  A22 ← A22 − L21·L21ᵀ (syrk),  L22 = chol(A22),
// recursing down to blocks of at most LEAF rows factored by the unblocked potf2. The updates are
// large gemm/syrk calls at every level, which is where the time goes.
import { potf2 } from './potf2';
import { syrk } from './syrk';
import { trsm } from './trsm';

// @ts-ignore: decorator
@inline
const LEAF: i32 = 32;

function potrfRec(n: i32, a: usize, lda: i32): i32 {
  if (n <= LEAF) return potf2(n, a, lda);
  const rs = <usize>lda << 3;
  const n1 = ((n >> 1) + 3) & ~3;
  const n2 = n - n1;
  let info = potrfRec(n1, a, lda);
  if (info != 0) return info;
  const a21 = a + <usize>n1 * rs;
  const a22 = a21 + (<usize>n1 << 3);
  trsm(1, 0, 1, 0, n2, n1, 1.0, a, lda, a21, lda);
  syrk(0, 0, n2, n1, -1.0, a21, lda, 1.0, a22, lda);
  info = potrfRec(n2, a22, lda);
  return info != 0 ? info + n1 : 0;
}

/**
 * Cholesky of the n×n lower triangle in place (the strict upper triangle is neither read nor
 * written). Returns 0, or the 1-based index k of the first leading minor that is not positive
 * definite; rows 0..k−2 of L are then complete.
 */
export function potrf(n: i32, a: usize, lda: i32): i32 {
  if (n <= 0) return 0;
  return potrfRec(n, a, lda);
}
