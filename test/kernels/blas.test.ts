// dot, axpy, gemv, gemm and syrk against the scalar references of helpers.ts.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { EPS, Heap, randomMatrix, refGemm, rng } from '../helpers/kernels.js';
import { kernels } from '../internal.js';

const heap = new Heap();
afterEach(() => heap.release());

/** Entrywise error bound c·k·ε·(|α|·(|A||B|)ᵢⱼ + |β||Cᵢⱼ|) for a computed product. */
function expectProductClose(got: Float64Array, want: Float64Array, bound: Float64Array, k: number): void {
  for (let i = 0; i < want.length; i++) {
    if (Number.isNaN(want[i])) {
      if (!Number.isNaN(got[i])) expect.fail(`entry ${i} (padding or other triangle) was written: ${got[i]}`);
      continue;
    }
    const tol = 4 * (k + 2) * EPS * bound[i] + 1e-300;
    if (!(Math.abs(got[i] - want[i]) <= tol)) expect.fail(`entry ${i}: got ${got[i]}, want ${want[i]} (tol ${tol})`);
  }
}

describe('dot and axpy', () => {
  it.each([
    [0, 1, 1],
    [1, 1, 1],
    [7, 1, 1],
    [33, 1, 1],
    [9, 2, 3],
    [8, -1, 1],
    [5, 1, -2],
  ])('n = %i, incx = %i, incy = %i', (n, incx, incy) => {
    const rand = rng(n * 31 + incx * 7 + incy);
    const lx = Math.max(1, 1 + (n - 1) * Math.abs(incx));
    const ly = Math.max(1, 1 + (n - 1) * Math.abs(incy));
    const x = randomMatrix(1, lx, lx, rand);
    const y = randomMatrix(1, ly, ly, rand);
    // BLAS: a negative stride starts at the far end, so element i sits at (n-1-i)·|inc|.
    const ix = (i: number) => (incx >= 0 ? i * incx : (n - 1 - i) * -incx);
    const iy = (i: number) => (incy >= 0 ? i * incy : (n - 1 - i) * -incy);
    let want = 0;
    for (let i = 0; i < n; i++) want += x[ix(i)] * y[iy(i)];
    const k = kernels();
    const px = heap.f64(x);
    const py = heap.f64(y);
    expect(k.dot(n, px, incx, py, incy)).toBeCloseTo(want, 13);
    const alpha = -0.75;
    const yWant = y.slice();
    for (let i = 0; i < n; i++) yWant[iy(i)] += alpha * x[ix(i)];
    k.axpy(n, alpha, px, incx, py, incy);
    const yGot = heap.readF64(py, ly);
    for (let i = 0; i < ly; i++) expect(yGot[i]).toBeCloseTo(yWant[i], 14);
  });
});

describe('gemv', () => {
  const shapes = [
    [0, 0],
    [0, 3],
    [3, 0],
    [1, 1],
    [2, 3],
    [5, 7],
    [17, 4],
    [33, 65],
  ];
  for (const trans of [0, 1])
    for (const [m, n] of shapes)
      for (const beta of [0, 1, -0.5])
        it(`trans ${trans}, ${m}×${n}, beta ${beta}`, () => {
          const rand = rng(m * 100 + n + trans * 7);
          const lda = n + 2;
          const a = randomMatrix(m, n, lda, rand);
          const xl = trans === 0 ? n : m;
          const yl = trans === 0 ? m : n;
          const x = randomMatrix(1, xl, xl, rand);
          const y = beta === 0 ? new Float64Array(yl).fill(Number.NaN) : randomMatrix(1, yl, yl, rand);
          const alpha = 1.25;
          // y as a yl×1 matrix: y = alpha·op(A)·x + beta·y.
          const want = y.slice();
          refGemm(trans, 0, yl, 1, xl, alpha, a, lda, x, 1, beta, want, 1);
          const bound = new Float64Array(yl);
          const abs = (v: Float64Array) => v.map(Math.abs);
          const yb = beta === 0 ? new Float64Array(yl) : abs(y);
          bound.set(yb);
          refGemm(trans, 0, yl, 1, xl, Math.abs(alpha), abs(a), lda, abs(x), 1, Math.abs(beta), bound, 1);
          const k = kernels();
          const pa = heap.f64(a);
          const px = heap.f64(x);
          const py = heap.f64(y);
          k.gemv(trans, m, n, alpha, pa, lda, px, beta, py);
          expectProductClose(heap.readF64(py, yl), want, bound, xl);
        });
});

describe('gemm', () => {
  const small = [0, 1, 2, 3, 5];
  const triples: number[][] = [];
  for (const m of small) for (const n of small) for (const k of small) triples.push([m, n, k]);
  const large = [
    [4, 4, 4],
    [8, 8, 8],
    [7, 9, 11],
    [63, 65, 64],
    [65, 63, 129],
    [127, 129, 255],
    [129, 257, 17],
    [257, 33, 257],
    [31, 300, 300],
    // Past the packing blocks: n > NC = 1024 columns, k > KC = 256 steps, m > MC = 128 rows.
    [9, 1030, 260],
    [130, 1029, 7],
  ];
  function check(ta: number, tb: number, m: number, n: number, k: number, alpha: number, beta: number, seed: number) {
    const rand = rng(seed);
    const ar = ta === 0 ? m : k;
    const ac = ta === 0 ? k : m;
    const br = tb === 0 ? k : n;
    const bc = tb === 0 ? n : k;
    const lda = ac + 1;
    const ldb = bc + 3;
    const ldc = n + 2;
    const a = randomMatrix(ar, ac, lda, rand);
    const b = randomMatrix(br, bc, ldb, rand);
    const c = randomMatrix(m, n, ldc, rand);
    // beta = 0 must ignore C's contents: fill them with NaN.
    if (beta === 0) c.fill(Number.NaN);
    const want = c.slice();
    const cIn = beta === 0 ? want.map(() => 0) : c;
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) want[i * ldc + j] = cIn[i * ldc + j];
    refGemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, want, ldc);
    const abs = (v: Float64Array) => v.map((x) => (Number.isNaN(x) ? 0 : Math.abs(x)));
    const bound = abs(cIn);
    refGemm(ta, tb, m, n, k, Math.abs(alpha), abs(a), lda, abs(b), ldb, Math.abs(beta), bound, ldc);
    const kk = kernels();
    const pa = heap.f64(a);
    const pb = heap.f64(b);
    const pc = heap.f64(c);
    kk.gemm(ta, tb, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
    expectProductClose(heap.readF64(pc, c.length), want, bound, k);
    heap.release();
  }
  it('property: any shapes up to 40, any op, beta 0 (C ignored), 1 or −0.5', () => {
    const dim = fc.integer({ min: 0, max: 40 });
    fc.assert(
      fc.property(
        dim,
        dim,
        dim,
        fc.integer({ min: 0, max: 3 }),
        fc.constantFrom(0, 1, -0.5),
        fc.integer({ min: 0, max: 1 << 30 }),
        (m, n, k, ops, beta, seed) => {
          check(ops >> 1, ops & 1, m, n, k, 1.5, beta, seed);
        },
      ),
      { numRuns: 150, seed: 20261126 },
    );
  });
  for (const ta of [0, 1])
    for (const tb of [0, 1]) {
      it(`op ${ta}${tb}: all small shapes, alpha/beta combinations`, () => {
        let seed = 1;
        for (const [m, n, k] of triples)
          for (const [alpha, beta] of [
            [1, 0],
            [-0.5, 1],
            [0, 0.5],
            [2, -1],
          ])
            check(ta, tb, m, n, k, alpha, beta, seed++);
      });
      it(`op ${ta}${tb}: block-edge shapes`, () => {
        let seed = 1000;
        for (const [m, n, k] of large) check(ta, tb, m, n, k, -1.5, seed % 2 === 0 ? 0 : 0.75, seed++);
      });
    }
});

describe('syrk', () => {
  for (const uplo of [0, 1])
    for (const trans of [0, 1])
      it(`uplo ${uplo}, trans ${trans}`, () => {
        let seed = 77;
        for (const [n, k] of [
          [0, 0],
          [0, 3],
          [3, 0],
          [1, 1],
          [2, 3],
          [5, 7],
          [17, 4],
          [63, 65],
          [65, 64],
          [130, 70],
          [200, 129],
          [1030, 3],
        ])
          for (const [alpha, beta] of [
            [1, 0],
            [-1, 1],
            [0.5, -2],
          ]) {
            const rand = rng(seed++);
            const lda = (trans === 0 ? k : n) + 1;
            const a = randomMatrix(trans === 0 ? n : k, trans === 0 ? k : n, lda, rand);
            const ldc = n + 1;
            const c = randomMatrix(n, n, ldc, rand);
            // The other triangle is never written: mark it with NaN.
            for (let i = 0; i < n; i++)
              for (let j = 0; j < n; j++)
                if ((uplo === 0 && j > i) || (uplo === 1 && j < i)) c[i * ldc + j] = Number.NaN;
            if (beta === 0) for (let i = 0; i < n; i++) c[i * ldc + i] = Number.NaN;
            const cIn = c.map((x) => (Number.isNaN(x) ? 0 : x));
            const want = cIn.slice();
            refGemm(trans, 1 - trans, n, n, k, alpha, a, lda, a, lda, beta, want, ldc);
            const abs = (v: Float64Array) => v.map((x) => (Number.isNaN(x) ? 0 : Math.abs(x)));
            const bound = abs(cIn);
            refGemm(trans, 1 - trans, n, n, k, Math.abs(alpha), abs(a), lda, abs(a), lda, Math.abs(beta), bound, ldc);
            // Outside the triangle (and in the padding column) the NaN marks must survive.
            for (let i = 0; i < n; i++)
              for (let j = 0; j < ldc; j++)
                if (j >= n || (uplo === 0 && j > i) || (uplo === 1 && j < i)) want[i * ldc + j] = Number.NaN;
            const kk = kernels();
            const pa = heap.f64(a);
            const pc = heap.f64(c);
            kk.syrk(uplo, trans, n, k, alpha, pa, lda, beta, pc, ldc);
            expectProductClose(heap.readF64(pc, c.length), want, bound, k);
            heap.release();
          }
      });
});
