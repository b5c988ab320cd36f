// The sparse factorizations on the threaded build with two threads: their dense supernodal blocks
// go through the split GEMM/TRSM/POTRF, so a 3D Laplacian (large separators) forks, stays
// accurate, and gives bit-for-bit the results of one thread. The sparse suites run again here.
import { describe, expect, it } from 'vitest';
import { init, SparseMatrix, sparseCholesky, sparseLdlt } from '../../src/index.js';
import { randomVector } from '../helpers/random.js';
import { kernels } from '../internal.js';
import { scaledResidual } from '../sparse/helpers.js';

const active = await init({ threads: 2 });

await import('../sparse/cholesky.test.js');
await import('../sparse/ldlt.test.js');

function forks(): number {
  return (kernels() as unknown as { threadsForks(): number }).threadsForks();
}

function bits(x: Float64Array): BigUint64Array {
  return new BigUint64Array(x.slice().buffer);
}

/** The seven-point Laplacian of a k³ grid, plus a small diagonal shift. */
function laplacian3d(k: number): SparseMatrix {
  const r: number[] = [];
  const c: number[] = [];
  const v: number[] = [];
  const id = (a: number, b: number, d: number) => (a * k + b) * k + d;
  for (let a = 0; a < k; a++)
    for (let b = 0; b < k; b++)
      for (let d = 0; d < k; d++) {
        const p = id(a, b, d);
        r.push(p);
        c.push(p);
        v.push(6.01);
        for (const q of [a > 0 ? id(a - 1, b, d) : -1, b > 0 ? id(a, b - 1, d) : -1, d > 0 ? id(a, b, d - 1) : -1]) {
          if (q < 0) continue;
          r.push(p, q);
          c.push(q, p);
          v.push(-1, -1);
        }
      }
  return SparseMatrix.fromTriplets(k * k * k, k * k * k, r, c, v);
}

describe('threads: sparse factorizations', () => {
  it('split, accurate, and bit for bit those of one thread', async () => {
    expect(active.threads).toBe(2);
    const A = laplacian3d(22);
    const b = randomVector(A.rows, 1);
    const run = () => {
      using c = sparseCholesky(A);
      using l = sparseLdlt(A);
      return { chol: c.solve(b), ldlt: l.solve(b) };
    };
    const before = forks();
    const two = run();
    expect(forks()).toBeGreaterThan(before);
    expect(scaledResidual(A, two.chol, b)).toBeLessThan(30);
    expect(scaledResidual(A, two.ldlt, b)).toBeLessThan(30);
    expect((await init({ threads: 1 })).threads).toBe(1);
    const one = run();
    expect((await init({ threads: 2 })).threads).toBe(2);
    expect(bits(two.chol)).toEqual(bits(one.chol));
    expect(bits(two.ldlt)).toEqual(bits(one.ldlt));
  });
});
