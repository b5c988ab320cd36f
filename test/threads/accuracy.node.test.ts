// The accuracy checks of the kernels and of the linear-algebra layer, run again on the threaded
// build with a pool of two threads (Node worker_threads). Vitest runs each test file in a fresh
// module context, so `init({ threads: 2 })` here comes before any other use of the core. The
// suites are the very files of test/kernels and test/linalg, imported after init; the products
// they factor and multiply above ~2.6·10⁵ multiply–adds are split between the two threads.
import { describe, expect, it } from 'vitest';
import { backend, cholesky, init, lu, Matrix, matmul, shutdown } from '../../src/index.js';
import { generalWithSingularValues, logSpaced, randomMatrix, spdWithEigenvalues } from '../helpers/random.js';
import { factorResidual, naiveMatmul, solveResidual } from '../helpers/reference.js';
import { kernels } from '../internal.js';

const active = await init({ threads: 2 });

await import('../kernels/blas.test.js');
await import('../kernels/trsm.test.js');
await import('../kernels/cholesky.test.js');
await import('../kernels/lu.test.js');
await import('../linalg/cholesky.test.js');
await import('../linalg/lu.test.js');
await import('../linalg/solve.test.js');
// Over shared memory: factorizations copied out and back, and results that own their buffers.
await import('../linalg/working-set.test.js');
await import('../linalg/ownership.test.js');

/** The number of tasks the threaded core has split so far (an export of the threaded build only). */
function forks(): number {
  return (kernels() as unknown as { threadsForks(): number }).threadsForks();
}

/** The bits of a float64 array, to compare results exactly. */
function bits(x: Float64Array): BigUint64Array {
  return new BigUint64Array(x.slice().buffer);
}

describe('threads: the pool itself', () => {
  it('init({ threads: 2 }) starts the threaded build with two threads', () => {
    expect(active.threads).toBe(2);
    expect(backend().threads).toBe(2);
  });

  it('Cholesky, its solves with many right-hand sides, and LU go through the split path and stay accurate', () => {
    const n = 600;
    const A = spdWithEigenvalues(logSpaced(n, 1e8), 21);
    let before = forks();
    using chol = cholesky(A);
    expect(forks()).toBeGreaterThan(before + 10);
    const L = chol.factor();
    expect(factorResidual(A, naiveMatmul(L, L.transpose()))).toBeLessThan(30);
    const B = randomMatrix(n, 200, 22);
    before = forks();
    const X = chol.solve(B);
    expect(forks()).toBeGreaterThan(before);
    expect(solveResidual(A, X, B)).toBeLessThan(30);
    const G = generalWithSingularValues(logSpaced(n, 1e8), 23);
    before = forks();
    using f = lu(G);
    expect(forks()).toBeGreaterThan(before + 10);
    expect(solveResidual(G, f.solve(B), B)).toBeLessThan(30);
    expect(solveResidual(G.transpose(), f.solveTransposed(B), B)).toBeLessThan(30);
  });

  it('two threads and one thread of the same build give bit-for-bit the same results', async () => {
    // Shapes that split by rows, by columns (m < n), by the triangle of syrk, and edges off the 4×4 tile.
    const products: [number, number, number][] = [
      [301, 257, 129],
      [37, 611, 203],
      [515, 131, 96],
    ];
    const A = spdWithEigenvalues(logSpaced(333, 1e6), 11);
    const G = generalWithSingularValues(logSpaced(290, 1e6), 12);
    const run = () => ({
      products: products.map(([m, k, n]) => matmul(randomMatrix(m, k, m), randomMatrix(k, n, n)).data),
      chol: cholesky(A).factor().data,
      lu: lu(G).solve(randomMatrix(290, 40, 5)).data,
    });
    const two = run();
    expect((await init({ threads: 1 })).threads).toBe(1);
    const one = run();
    expect((await init({ threads: 2 })).threads).toBe(2);
    const again = run();
    for (const [key, values] of Object.entries(one)) {
      const list = Array.isArray(values) ? values : [values];
      const twoList = (two as Record<string, Float64Array | Float64Array[]>)[key];
      const againList = (again as Record<string, Float64Array | Float64Array[]>)[key];
      list.forEach((v, i) => {
        expect(bits((Array.isArray(twoList) ? twoList : [twoList])[i])).toEqual(bits(v));
        expect(bits((Array.isArray(againList) ? againList : [againList])[i])).toEqual(bits(v));
      });
    }
  });

  it('a product against an independent scalar reference, split by columns', () => {
    const m = 40;
    const k = 150;
    const n = 700;
    const X = randomMatrix(m, k, 1);
    const Y = randomMatrix(k, n, 2);
    const Z = matmul(X, Y);
    let worst = 0;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += X.data[i * k + p] * Y.data[p * n + j];
        worst = Math.max(worst, Math.abs(Z.data[i * n + j] - s));
      }
    expect(worst).toBeLessThan(1e-12);
  });

  it('shutdown() ends the pool and the core keeps working on one thread', () => {
    shutdown();
    expect(backend().threads).toBe(1);
    const A = new Matrix(200, 200, randomMatrix(200, 200, 3).data);
    expect(matmul(A, Matrix.identity(200)).data).toEqual(A.data);
  });
});
