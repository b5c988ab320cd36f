import type { SparseMatrix } from './sparse-matrix.js';

/**
 * Visits every position (i, j) of the union of the patterns of the square A and of Aᵀ, column by
 * column and down each column, with a_ij and its mirror a_ji (0 where not stored): one merge of A's
 * column j with Aᵀ's (A's row j), O(nnz) after the transpose. `columnEnd(j)` follows column j. The
 * walk under the symmetry checks and the symmetrization of a sparse matrix.
 */
export function forEachMirrored(
  A: SparseMatrix,
  entry: (i: number, j: number, aij: number, aji: number) => void,
  columnEnd?: (j: number) => void,
): void {
  const n = A.rows;
  const T = A.transpose();
  for (let j = 0; j < n; j++) {
    let p = A.colPtr[j];
    let q = T.colPtr[j];
    const pend = A.colPtr[j + 1];
    const qend = T.colPtr[j + 1];
    while (p < pend || q < qend) {
      const ia = p < pend ? A.rowIndex[p] : n;
      const it = q < qend ? T.rowIndex[q] : n;
      const i = Math.min(ia, it);
      const aij = ia === i ? A.values[p++] : 0;
      const aji = it === i ? T.values[q++] : 0;
      entry(i, j, aij, aji);
    }
    columnEnd?.(j);
  }
}
