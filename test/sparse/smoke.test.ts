import { expect, it } from 'vitest';
import { SparseMatrix, sparseCholesky, cholesky } from '../../src/index.js';

function laplace2d(m: number): SparseMatrix {
  const r: number[] = [], c: number[] = [], v: number[] = [];
  const id = (i: number, j: number) => i * m + j;
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) {
    r.push(id(i, j)); c.push(id(i, j)); v.push(4);
    if (i > 0) { r.push(id(i, j)); c.push(id(i - 1, j)); v.push(-1); }
    if (j > 0) { r.push(id(i, j)); c.push(id(i, j - 1)); v.push(-1); }
    if (i < m - 1) { r.push(id(i, j)); c.push(id(i + 1, j)); v.push(-1); }
    if (j < m - 1) { r.push(id(i, j)); c.push(id(i, j + 1)); v.push(-1); }
  }
  return SparseMatrix.fromTriplets(m * m, m * m, r, c, v);
}

it('smoke', () => {
  for (const m of [1, 2, 3, 5, 10, 30]) {
    const A = laplace2d(m);
    const f = sparseCholesky(A);
    const n = m * m;
    const b = new Float64Array(n).map((_, i) => Math.sin(i + 1));
    const x = f.solve(b);
    const r = A.matvec(x);
    let err = 0;
    for (let i = 0; i < n; i++) err = Math.max(err, Math.abs(r[i] - b[i]));
    const d = cholesky(A.toDense());
    console.log(m, f.nnzL, f.fillRatio.toFixed(2), err, f.logDet(), d.logDet());
    expect(err).toBeLessThan(1e-10);
    f.dispose();
  }
});
