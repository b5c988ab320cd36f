// Triangular solve with many right-hand sides, row-major, as reference BLAS dtrsm:
// side 0: op(A)·X = alpha·B (A m×m), side 1: X·op(A) = alpha·B (A n×n); B (m×n) becomes X.
// Recursive (Elmroth, Gustavson, Jonsson & Kågström, SIAM Review 2004): split the triangle in two,
//   [T11 0; T21 T22]·[X1; X2] = [B1; B2]:  X1 = T11⁻¹B1,  B2 ← B2 − T21·X1 (gemm),  X2 = T22⁻¹B2,
// and the mirror images for upper triangles and for the right side, so that almost all the work
// is in gemm. Leaves of at most LEAF rows/columns use the unblocked kernels of trsmunb.ts.
import { gemm } from './gemm';
import { scaleOrZero } from './gemv';
import { leftLeafSplit, rightLeafSplit } from './threads';
import { trsmLeftUnb, trsmRightLeaf, trsvUnit } from './trsmunb';

// @ts-ignore: decorator
@inline
const LEAF: i32 = 32;

// Left-side solves with fewer than NARROW right-hand sides go column by column through `column`,
// a contiguous copy taken from the heap at instantiation (so no call grows memory).
// @ts-ignore: decorator
@inline
const NARROW: i32 = 4;
// @ts-ignore: decorator
@inline
const SCRATCH_ROWS: i32 = 16384;
const column: usize = heap.alloc(<usize>SCRATCH_ROWS * 8);

/** Split point of a triangle of size s: about half, a multiple of 4 (the micro-kernel's tile). */
// @ts-ignore: decorator
@inline
function half(s: i32): i32 {
  return ((s >> 1) + 3) & ~3;
}

// Leaves solve with a compact copy of their triangle (row stride LEAF): with a large power-of-two
// lda its rows would share a handful of cache sets.
const tri: usize = memory.data(LEAF * LEAF * 8, 16);

function copyTriangle(s: i32, a: usize, lda: i32): void {
  const rs = <usize>lda << 3;
  for (let i = 0; i < s; i++) memory.copy(tri + <usize>(i * LEAF) * 8, a + <usize>i * rs, <usize>s << 3);
}

/** tri = Aᵀ (s×s), so that a right-side leaf always sees op(A) itself. */
function copyTransposed(s: i32, a: usize, lda: i32): void {
  const rs = <usize>lda << 3;
  for (let i = 0; i < s; i++)
    for (let j = 0; j < s; j++) {
      store<f64>(tri + (<usize>(j * LEAF + i) << 3), load<f64>(a + <usize>i * rs + (<usize>j << 3)));
    }
}

function trsmRec(
  side: i32,
  uplo: i32,
  transA: i32,
  diag: i32,
  m: i32,
  n: i32,
  a: usize,
  lda: i32,
  b: usize,
  ldb: i32,
): void {
  const ars = <usize>lda << 3;
  const brs = <usize>ldb << 3;
  const lowerEff = (uplo == 0) == (transA == 0);
  if (side == 0) {
    if (m <= LEAF) {
      copyTriangle(m, a, lda);
      if (ASC_FEATURE_THREADS) {
        if (leftLeafSplit(uplo, transA, diag, m, n, tri, LEAF, b, ldb)) return;
      }
      trsmLeftUnb(uplo, transA, diag, m, n, tri, LEAF, b, ldb);
      return;
    }
    const s1 = half(m);
    const s2 = m - s1;
    const a12 = a + (<usize>s1 << 3);
    const a21 = a + <usize>s1 * ars;
    const a22 = a21 + (<usize>s1 << 3);
    const b2 = b + <usize>s1 * brs;
    if (lowerEff) {
      // op(A)21 is A21, or A12ᵀ when op(A) = Aᵀ with A upper.
      trsmRec(side, uplo, transA, diag, s1, n, a, lda, b, ldb);
      if (transA == 0) gemm(0, 0, s2, n, s1, -1.0, a21, lda, b, ldb, 1.0, b2, ldb);
      else gemm(1, 0, s2, n, s1, -1.0, a12, lda, b, ldb, 1.0, b2, ldb);
      trsmRec(side, uplo, transA, diag, s2, n, a22, lda, b2, ldb);
    } else {
      // op(A)12 is A12, or A21ᵀ when op(A) = Aᵀ with A lower.
      trsmRec(side, uplo, transA, diag, s2, n, a22, lda, b2, ldb);
      if (transA == 0) gemm(0, 0, s1, n, s2, -1.0, a12, lda, b2, ldb, 1.0, b, ldb);
      else gemm(1, 0, s1, n, s2, -1.0, a21, lda, b2, ldb, 1.0, b, ldb);
      trsmRec(side, uplo, transA, diag, s1, n, a, lda, b, ldb);
    }
  } else {
    if (n <= LEAF) {
      if (transA == 0) copyTriangle(n, a, lda);
      else copyTransposed(n, a, lda);
      if (ASC_FEATURE_THREADS) {
        if (rightLeafSplit(!lowerEff, diag, m, n, tri, LEAF, b, ldb)) return;
      }
      trsmRightLeaf(!lowerEff, diag, m, n, tri, LEAF, b, ldb);
      return;
    }
    const s1 = half(n);
    const s2 = n - s1;
    const a12 = a + (<usize>s1 << 3);
    const a21 = a + <usize>s1 * ars;
    const a22 = a21 + (<usize>s1 << 3);
    const b2 = b + (<usize>s1 << 3);
    if (!lowerEff) {
      // [X1 X2]·[U11 U12; 0 U22] = [B1 B2]: X1 = B1·U11⁻¹, B2 ← B2 − X1·U12, X2 = B2·U22⁻¹.
      trsmRec(side, uplo, transA, diag, m, s1, a, lda, b, ldb);
      if (transA == 0) gemm(0, 0, m, s2, s1, -1.0, b, ldb, a12, lda, 1.0, b2, ldb);
      else gemm(0, 1, m, s2, s1, -1.0, b, ldb, a21, lda, 1.0, b2, ldb);
      trsmRec(side, uplo, transA, diag, m, s2, a22, lda, b2, ldb);
    } else {
      // [X1 X2]·[L11 0; L21 L22] = [B1 B2]: X2 = B2·L22⁻¹, B1 ← B1 − X2·L21, X1 = B1·L11⁻¹.
      trsmRec(side, uplo, transA, diag, m, s2, a22, lda, b2, ldb);
      if (transA == 0) gemm(0, 0, m, s1, s2, -1.0, b2, ldb, a21, lda, 1.0, b, ldb);
      else gemm(0, 1, m, s1, s2, -1.0, b2, ldb, a12, lda, 1.0, b, ldb);
      trsmRec(side, uplo, transA, diag, m, s1, a, lda, b, ldb);
    }
  }
}

/** B (m×n) = X solving op(A)·X = alpha·B (side 0) or X·op(A) = alpha·B (side 1). */
export function trsm(
  side: i32,
  uplo: i32,
  transA: i32,
  diag: i32,
  m: i32,
  n: i32,
  alpha: f64,
  a: usize,
  lda: i32,
  b: usize,
  ldb: i32,
): void {
  if (m <= 0 || n <= 0) return;
  const brs = <usize>ldb << 3;
  if (alpha != 1.0) for (let i = 0; i < m; i++) scaleOrZero(n, alpha, b + <usize>i * brs);
  if (alpha == 0.0) return;
  if (side == 0 && n == 1 && ldb == 1) {
    // One contiguous right-hand side: dot/axpy along rows of A, no packing.
    trsvUnit(uplo, transA, diag, m, a, lda, b);
  } else if (side == 0 && n < NARROW && m <= SCRATCH_ROWS) {
    // A few right-hand sides: one column at a time through a contiguous copy, which beats the
    // packed recursion until the micro-kernel's 4 columns are filled.
    for (let j = 0; j < n; j++) {
      const bj = b + (<usize>j << 3);
      for (let i = 0; i < m; i++) store<f64>(column + (<usize>i << 3), load<f64>(bj + <usize>i * brs));
      trsvUnit(uplo, transA, diag, m, a, lda, column);
      for (let i = 0; i < m; i++) store<f64>(bj + <usize>i * brs, load<f64>(column + (<usize>i << 3)));
    }
  } else {
    trsmRec(side, uplo, transA, diag, m, n, a, lda, b, ldb);
  }
}
