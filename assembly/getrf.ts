// Recursive LU with partial pivoting P·A = L·U (row-major m×n), as LAPACK dgetrf2 (Toledo 1997;
// Gustavson 1997): split the columns, A = [A1 A2] with A1 of n1 columns,
//   factor [A11; A21] = P1·[L11; L21]·U11 recursively, apply P1 to A2 (laswp),
//   U12 = L11⁻¹·A12 (trsm, unit lower), A22 ← A22 − L21·U12 (gemm),
//   factor A22 = P2·L22·U22 recursively, apply P2 to L21 (laswp),
// with panels of at most LEAF columns factored by the unblocked getf2.
import { gemm } from './gemm';
import { getf2, laswp } from './getf2';
import { trsm } from './trsm';

// @ts-ignore: decorator
@inline
const LEAF: i32 = 8;
// @ts-ignore: decorator
@inline
const PANEL_ROWS: i32 = 8192;

// Leaf panels are factored in a contiguous copy (row stride LEAF): with a large power-of-two lda
// the rows of an in-place panel fall into a few cache sets and every pass over the panel misses.
// The buffer is taken from the heap at instantiation, so no call grows memory.
const panel: usize = heap.alloc(<usize>PANEL_ROWS * LEAF * 8);

/** getf2 on the m×n (n ≤ LEAF) panel at `a`, through the contiguous buffer when it fits. */
function leaf(m: i32, n: i32, a: usize, lda: i32, ipiv: usize): i32 {
  // A row stride of at most LEAF is already compact (and a small matrix gains nothing from a copy).
  if (m > PANEL_ROWS || lda <= LEAF) return getf2(m, n, a, lda, ipiv);
  const rs = <usize>lda << 3;
  const w = <usize>n << 3;
  for (let i = 0; i < m; i++) memory.copy(panel + (<usize>i << 6), a + <usize>i * rs, w);
  const info = getf2(m, n, panel, LEAF, ipiv);
  for (let i = 0; i < m; i++) memory.copy(a + <usize>i * rs, panel + (<usize>i << 6), w);
  return info;
}

function getrfRec(m: i32, n: i32, a: usize, lda: i32, ipiv: usize): i32 {
  const mn = min(m, n);
  if (n <= LEAF) return leaf(m, n, a, lda, ipiv);
  if (mn <= LEAF) return getf2(m, n, a, lda, ipiv);
  const rs = <usize>lda << 3;
  const n1 = ((mn >> 1) + 3) & ~3;
  const n2 = n - n1;
  let info = getrfRec(m, n1, a, lda, ipiv);
  const a12 = a + (<usize>n1 << 3);
  const a21 = a + <usize>n1 * rs;
  const a22 = a21 + (<usize>n1 << 3);
  laswp(n2, a12, lda, 0, n1, ipiv, 1);
  trsm(0, 0, 0, 1, n1, n2, 1.0, a, lda, a12, lda);
  gemm(0, 0, m - n1, n2, n1, -1.0, a21, lda, a12, lda, 1.0, a22, lda);
  const p2 = ipiv + (<usize>n1 << 2);
  const info2 = getrfRec(m - n1, n2, a22, lda, p2);
  if (info == 0 && info2 > 0) info = info2 + n1;
  for (let i = n1; i < mn; i++) {
    const q = ipiv + (<usize>i << 2);
    store<i32>(q, load<i32>(q) + n1);
  }
  laswp(n1, a, lda, n1, mn, ipiv, 1);
  return info;
}

/**
 * LU with partial pivoting in place; ipiv[i] (0-based) is the row swapped with row i. Returns 0,
 * or the 1-based index of the first exactly-zero pivot of U (the factorization is completed).
 */
export function getrf(m: i32, n: i32, a: usize, lda: i32, ipiv: usize): i32 {
  if (min(m, n) <= 0) return 0;
  return getrfRec(m, n, a, lda, ipiv);
}
