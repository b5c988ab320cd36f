// trsm, all 16 side/uplo/trans/diag cases, checked by the residual of the equation it solves:
// ‖op(A)·X − alpha·B‖₁ / (‖A‖₁·‖X‖₁·n·ε) (left) or ‖X·op(A) − alpha·B‖₁ / (…) (right) < 30.
import { afterEach, describe, expect, it } from 'vitest';
import { compact, diffNorm1, EPS, Heap, matmul, norm1, randomMatrix, rng, transpose } from '../helpers/kernels.js';
import { kernels } from '../internal.js';

const heap = new Heap();
afterEach(() => heap.release());

/**
 * A triangular s×s matrix stored with leading dimension ld: the unreferenced triangle and padding
 * hold NaN (as does the diagonal when it is implicitly one), so any read of them shows up. Returns
 * the storage and the dense op(A) it stands for.
 */
function triangular(s: number, ld: number, uplo: number, trans: number, diag: number, rand: () => number) {
  const store = new Float64Array(Math.max(s * ld, 1)).fill(Number.NaN);
  const dense = new Float64Array(s * s);
  for (let i = 0; i < s; i++)
    for (let j = 0; j < s; j++) {
      const inside = uplo === 0 ? j < i : j > i;
      if (inside) {
        const v = (2 * rand() - 1) / Math.sqrt(s);
        store[i * ld + j] = v;
        dense[i * s + j] = v;
      } else if (i === j) {
        const v = diag === 1 ? 1 : (rand() < 0.5 ? -1 : 1) * (0.5 + rand());
        if (diag === 0) store[i * ld + j] = v;
        dense[i * s + j] = v;
      }
    }
  return { store, op: trans === 0 ? dense : transpose(dense, s, s) };
}

describe('trsm', () => {
  const shapes = [
    [0, 3],
    [3, 0],
    [1, 1],
    [2, 3],
    [5, 7],
    [17, 1],
    [1, 17],
    [65, 33],
    [130, 70],
    [200, 129],
  ];
  for (const side of [0, 1])
    for (const uplo of [0, 1])
      for (const trans of [0, 1])
        for (const diag of [0, 1])
          it(`side ${side}, uplo ${uplo}, trans ${trans}, diag ${diag}`, () => {
            let seed = 1 + side * 8 + uplo * 4 + trans * 2 + diag;
            for (const [m, n] of shapes)
              for (const alpha of [1, -0.5, 0]) {
                const rand = rng(seed++ * 101);
                const s = side === 0 ? m : n;
                const lda = s + 2;
                const ldb = n + 1;
                const { store, op } = triangular(s, lda, uplo, trans, diag, rand);
                const b = randomMatrix(m, n, ldb, rand);
                const k = kernels();
                const pa = heap.f64(store);
                const pb = heap.f64(b);
                k.trsm(side, uplo, trans, diag, m, n, alpha, pa, lda, pb, ldb);
                const got = heap.readF64(pb, b.length);
                let written = 0;
                for (let i = 0; i < m; i++) if (!Number.isNaN(got[i * ldb + n])) written++;
                expect(written, 'padding entries written').toBe(0);
                const x = compact(got, m, n, ldb);
                const rhs = compact(b, m, n, ldb).map((v) => alpha * v);
                const prod = side === 0 ? matmul(op, x, m, m, n) : matmul(x, op, m, n, n);
                const scale = norm1(op, s, s) * norm1(x, m, n) * Math.max(s, 1) * EPS;
                const res = diffNorm1(prod, rhs, m, n);
                if (alpha === 0) expect(norm1(x, m, n)).toBe(0);
                else if (m > 0 && n > 0) expect(res / scale, `${m}×${n}, alpha ${alpha}`).toBeLessThan(30);
                heap.release();
              }
          });
});
