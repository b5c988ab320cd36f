import { describe, expect, test } from 'vitest';
import { kktOrdering } from '../../src/qp/kkt-ordering.js';
import { SparseKKT } from '../../src/qp/sparse-kkt.js';
import { DYNAMIC_REGULARIZATION } from '../../src/qp/sparse-newton-system.js';
import { sparseLdltOf } from '../../src/sparse/ldlt.js';
import { SparseMatrix } from '../../src/sparse/sparse-matrix.js';
import { gaussian, rng } from '../helpers/random.js';
import { equalityOnlyQP } from './problems.js';

// The ordering of the sparse KKT matrix: a permutation in which every equality row comes after
// each x-column it touches, in the factor's own elimination order too (after the analysis
// postorders it), the inequality rows and x-columns in AMD's relative order; and, on the
// equality-only problem whose x block is singular but for δ along null(A) ∩ null(Q), a factor
// whose solve has a LAPACK-style scaled residual below 30.

/** A sparse problem: Q tridiagonal, p equality rows of `width` consecutive entries, m inequality rows of 3. */
function sparseProblem(n: number, p: number, m: number, width: number, seed: number) {
  const g = gaussian(rng(seed));
  const start = rng(seed + 1);
  const triplets = (rows: number, perRow: (k: number) => number[]) => {
    const i: number[] = [];
    const j: number[] = [];
    const v: number[] = [];
    for (let k = 0; k < rows; k++) {
      for (const c of perRow(k)) {
        i.push(k);
        j.push(c);
        v.push(g());
      }
    }
    return SparseMatrix.fromTriplets(rows, n, i, j, v);
  };
  const Q = SparseMatrix.fromTriplets(
    n,
    n,
    Array.from({ length: 3 * n - 2 }, (_, t) => (t < n ? t : t < 2 * n - 1 ? t - n : t - 2 * n + 2)),
    Array.from({ length: 3 * n - 2 }, (_, t) => (t < n ? t : t < 2 * n - 1 ? t - n + 1 : t - 2 * n + 1)),
    Array.from({ length: 3 * n - 2 }, (_, t) => (t < n ? 3 : -1)),
  );
  const A = triplets(p, () => {
    const s = Math.floor(start() * (n - width));
    return Array.from({ length: width }, (_, t) => s + t);
  });
  const G = triplets(m, (k) => [(2 * k) % n, (2 * k + 1) % n, (2 * k + 7) % n]);
  return { Q, A, G };
}

describe('kktOrdering', () => {
  for (const [n, p, m, width] of [
    [300, 30, 150, 20],
    [300, 100, 150, 3],
    [200, 1, 0, 200],
  ]) {
    test(`n = ${n}, p = ${p} rows of ${width}, m = ${m}: every equality row after its support`, () => {
      const { Q, A, G } = sparseProblem(n, p, m, width, n + p);
      const kkt = new SparseKKT(Q, A, G);
      const K = kkt.matrix(new Float64Array(m).fill(1), 1e-8);
      const N = n + p + m;
      const ordering = kktOrdering(K, n, p);
      expect(Array.from(ordering).sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, k) => k));
      const amd = sparseLdltOf(K, { ordering: 'amd', signs: kkt.signs }, 'K').permutation;
      const notEquality = (k: number) => k < n || k >= n + p;
      expect(Array.from(ordering).filter(notEquality)).toEqual(Array.from(amd).filter(notEquality));
      const factor = sparseLdltOf(K, { ordering, signs: kkt.signs }, 'K');
      for (const order of [ordering, factor.permutation]) {
        const position = new Int32Array(N);
        order.forEach((i, k) => {
          position[i] = k;
        });
        for (let j = 0; j < n; j++) {
          for (let q = A.colPtr[j]; q < A.colPtr[j + 1]; q++) {
            expect(position[n + A.rowIndex[q]]).toBeGreaterThan(position[j]);
          }
        }
      }
      expect(factor.inertia()).toEqual({ positive: n, negative: p + m, zero: 0 });
      factor.dispose();
    });
  }

  for (const n of [20, 60]) {
    test(`n = ${n}, x block singular but for δ along null(A) ∩ null(Q): the start's solve backward stable`, () => {
      const { Q, A, b, c } = equalityOnlyQP(n, 'QP');
      const p = n / 2;
      const N = n + p;
      const kkt = new SparseKKT(
        SparseMatrix.fromDense(Q),
        SparseMatrix.fromDense(A),
        new SparseMatrix(0, n, new Int32Array(n + 1), new Int32Array(0), new Float64Array(0)),
      );
      const delta = 1e-8;
      const K = kkt.matrix(undefined, delta);
      const factor = sparseLdltOf(
        K,
        { ordering: kktOrdering(K, n, p), signs: kkt.signs, regularize: DYNAMIC_REGULARIZATION },
        'K',
      );
      expect(factor.regularized).toBe(0);
      const r = Float64Array.from([...c.map((v) => -v), ...b]);
      const z = factor.solve(r);
      // K = [[Q + δI, Aᵀ], [A, −δI]] in full, from the data.
      const entry = (i: number, j: number) => {
        if (i < n && j < n) return Q[i][j] + (i === j ? delta : 0);
        if (i >= n && j >= n) return i === j ? -delta : 0;
        return i >= n ? A[i - n][j] : A[j - n][i];
      };
      let residual = 0;
      let norm = 0;
      let zNorm = 0;
      for (let i = 0; i < N; i++) {
        let s = 0;
        let row = 0;
        for (let j = 0; j < N; j++) {
          s += entry(i, j) * z[j];
          row += Math.abs(entry(i, j));
        }
        residual = Math.max(residual, Math.abs(r[i] - s));
        norm = Math.max(norm, row);
        zNorm = Math.max(zNorm, Math.abs(z[i]));
      }
      expect(residual / (N * Number.EPSILON * norm * zNorm)).toBeLessThan(30);
      factor.dispose();
    });
  }
});
