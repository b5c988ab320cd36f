import { NotSymmetricError } from '../errors.js';
import type { Matrix } from '../linalg/matrix.js';
import { forEachMirrored } from '../sparse/mirror.js';
import type { SparseMatrix } from '../sparse/sparse-matrix.js';

/**
 * Throws NotSymmetricError at the first pair with |A_ij − A_ji| > 1e-10 (|A_ij| + |A_ji|)
 * + 1e-14 max|A_kk| (i > j): Cholesky and LDLᵀ read the lower triangle only, and would silently
 * factor a matrix other than A. Tiled for cache locality. The message names A by `name`.
 *
 * @throws {NotSymmetricError} with `.row` = i, `.col` = j.
 */
export function checkSymmetric(M: Matrix, name: string): void {
  const n = M.rows;
  const a = M.data;
  let dmax = 0;
  for (let i = 0; i < n; i++) dmax = Math.max(dmax, Math.abs(a[i * n + i]));
  const floor = 1e-14 * dmax;
  const T = 64;
  for (let ib = 0; ib < n; ib += T) {
    const iend = Math.min(n, ib + T);
    for (let jb = 0; jb <= ib; jb += T) {
      const jend = Math.min(n, jb + T);
      for (let i = ib; i < iend; i++) {
        const jstop = Math.min(jend, i);
        for (let j = jb; j < jstop; j++) {
          const x = a[i * n + j];
          const y = a[j * n + i];
          if (x !== y && Math.abs(x - y) > 1e-10 * (Math.abs(x) + Math.abs(y)) + floor) {
            throw new NotSymmetricError(
              `${name} is not symmetric: ${name}[${i}][${j}] = ${x} but ${name}[${j}][${i}] = ${y}; it was taken as symmetric: symmetrize it ((${name} + ${name}ᵀ)/2), pass structure: 'general' to solve it by LU, or checkSymmetry: false to use its lower triangle as is`,
              i,
              j,
            );
          }
        }
      }
    }
  }
}

/**
 * The sparse form of {@link checkSymmetric}, O(nnz): A against Aᵀ entry by entry (a stored entry
 * whose mirror is not stored compares with 0), with the same tolerance. A sparse factorization reads
 * the lower triangle, so a SparseMatrix taken as symmetric is given in full (both triangles).
 *
 * @throws {NotSymmetricError} with `.row` > `.col` at the first pair found (column by column).
 */
export function checkSparseSymmetric(A: SparseMatrix, name: string): void {
  let dmax = 0;
  for (let j = 0; j < A.cols; j++) {
    for (let q = A.colPtr[j]; q < A.colPtr[j + 1]; q++)
      if (A.rowIndex[q] === j) dmax = Math.max(dmax, Math.abs(A.values[q]));
  }
  const floor = 1e-14 * dmax;
  forEachMirrored(A, (i, j, x, y) => {
    if (i > j && x !== y && Math.abs(x - y) > 1e-10 * (Math.abs(x) + Math.abs(y)) + floor) {
      throw new NotSymmetricError(
        `${name} is not symmetric: ${name}[${i}][${j}] = ${x} but ${name}[${j}][${i}] = ${y}; it was taken as symmetric: a SparseMatrix for a symmetric ${name} stores both triangles; pass structure: 'general' to solve it by GMRES, or checkSymmetry: false to use its lower triangle as is`,
        i,
        j,
      );
    }
  });
}
