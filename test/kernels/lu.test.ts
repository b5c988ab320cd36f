// getrf, getrs, gecon, getrfLogAbsDet and norm1: ‖PA − LU‖ / (n‖A‖ε), solve residuals with and
// without transpose, info codes of exactly singular matrices, condition estimates against an
// explicit inverse, log|det| and its sign against known eigenvalues.
import { afterEach, describe, expect, it } from 'vitest';
import {
  compact,
  diffNorm1,
  EPS,
  Heap,
  inverse,
  logSpaced,
  matmul,
  norm1,
  randomMatrix,
  randomOrthogonal,
  rng,
  transpose,
  withEigenvalues,
} from '../helpers/kernels.js';
import { kernels } from '../internal.js';

const heap = new Heap();
afterEach(() => heap.release());

/** Applies ipiv's interchanges, in order, to the rows of a dense copy of A (n columns): P·A. */
function permute(a: Float64Array, n: number, ipiv: Int32Array): Float64Array {
  const p = a.slice();
  for (let i = 0; i < ipiv.length; i++) {
    const r = ipiv[i];
    for (let j = 0; j < n; j++) [p[i * n + j], p[r * n + j]] = [p[r * n + j], p[i * n + j]];
  }
  return p;
}

/** Factors a dense m×n A stored with leading dimension ld; checks ipiv's range; returns L·U, P·A. */
function factor(a: Float64Array, m: number, n: number, ld: number) {
  const store = new Float64Array(Math.max(m * ld, 1)).fill(Number.NaN);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) store[i * ld + j] = a[i * n + j];
  const mn = Math.min(m, n);
  const k = kernels();
  const pa = heap.f64(store);
  const piv = heap.i32(mn);
  const info = k.getrf(m, n, pa, ld, piv);
  const f = heap.readF64(pa, store.length);
  let written = 0;
  for (let i = 0; i < m; i++) for (let j = n; j < ld; j++) if (!Number.isNaN(f[i * ld + j])) written++;
  expect(written, 'padding entries written').toBe(0);
  const ipiv = heap.readI32(piv, mn);
  for (let i = 0; i < mn; i++) {
    expect(ipiv[i]).toBeGreaterThanOrEqual(i);
    expect(ipiv[i]).toBeLessThan(m);
  }
  const l = new Float64Array(m * mn);
  const u = new Float64Array(mn * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < mn; j++) l[i * mn + j] = i === j ? 1 : j < i ? f[i * ld + j] : 0;
  for (let i = 0; i < mn; i++) for (let j = i; j < n; j++) u[i * n + j] = f[i * ld + j];
  return { info, lu: matmul(l, u, m, mn, n), pa: permute(a, n, ipiv), ptr: pa, piv };
}

describe('getrf', () => {
  const shapes = [0, 1, 2, 3, 5, 17, 63, 64, 65, 127, 128, 129, 255, 257, 300]
    .map((n) => [n, n])
    .concat([
      [5, 3],
      [3, 5],
      [130, 70],
      [70, 130],
      [200, 65],
      // Taller than the contiguous panel buffer (8192 rows): leaves are factored in place.
      [8200, 9],
    ]);
  for (const [m, n] of shapes)
    it(`${m}×${n}: ‖PA − LU‖ / (n‖A‖ε) < 30`, () => {
      const rand = rng(m * 1000 + n);
      const a = randomMatrix(m, n, n, rand);
      const { info, lu, pa } = factor(a, m, n, n + 1);
      expect(info).toBe(0);
      if (m === 0 || n === 0) return;
      expect(diffNorm1(pa, lu, m, n) / (Math.max(m, n) * norm1(a, m, n) * EPS)).toBeLessThan(30);
    });

  it.each([0, 37, 63, 64, 99])('n = 100 with column %i zero: info is that 1-based pivot, factors complete', (j0) => {
    const n = 100;
    const a = randomMatrix(n, n, n, rng(j0));
    for (let i = 0; i < n; i++) a[i * n + j0] = 0;
    const { info, lu, pa } = factor(a, n, n, n);
    expect(info).toBe(j0 + 1);
    expect(diffNorm1(pa, lu, n, n) / (n * norm1(a, n, n) * EPS)).toBeLessThan(30);
  });

  it('exactly singular small cases: [[1, 2], [2, 4]] → 2, zero matrix → 1', () => {
    expect(factor(new Float64Array([1, 2, 2, 4]), 2, 2, 2).info).toBe(2);
    expect(factor(new Float64Array(9), 3, 3, 3).info).toBe(1);
  });
});

/** U·diag(σ)·Vᵀ with σ log-spaced from 1 to cond: a general matrix of 2-norm condition cond. */
function withSingularValues(n: number, cond: number, rand: () => number): Float64Array {
  const u = randomOrthogonal(n, rand);
  const v = randomOrthogonal(n, rand);
  const s = logSpaced(n, cond, rand);
  const us = u.map((x, i) => x * s[i % n]);
  return matmul(us, transpose(v, n, n), n, n, n);
}

describe('getrs', () => {
  for (const n of [1, 2, 3, 17, 64, 65, 129, 300])
    for (const cond of [1e2, 1e10])
      it(`n = ${n}, cond ${cond}, nrhs 1, 3, 8: residuals of A·X = B and Aᵀ·X = B`, () => {
        const rand = rng(n * 11 + Math.log10(cond));
        const a = withSingularValues(n, cond, rand);
        const { info, ptr, piv } = factor(a, n, n, n);
        expect(info).toBe(0);
        const k = kernels();
        for (const nrhs of [1, 3, 8])
          for (const ldb of nrhs === 1 ? [1, 3] : [nrhs])
            for (const trans of [0, 1]) {
              const b = randomMatrix(n, nrhs, ldb, rand);
              const pb = heap.f64(b);
              k.getrs(trans, n, nrhs, ptr, n, piv, pb, ldb);
              const x = compact(heap.readF64(pb, b.length), n, nrhs, ldb);
              const op = trans === 0 ? a : transpose(a, n, n);
              const res = diffNorm1(matmul(op, x, n, n, nrhs), compact(b, n, nrhs, ldb), n, nrhs);
              expect(
                res / (norm1(a, n, n) * norm1(x, n, nrhs) * n * EPS),
                `nrhs ${nrhs}, ldb ${ldb}, trans ${trans}`,
              ).toBeLessThan(30);
            }
      });
});

describe('gecon, getrfLogAbsDet, norm1', () => {
  for (const n of [1, 2, 5, 40, 65, 150])
    for (const cond of [1, 1e3, 1e8])
      it(`n = ${n}, cond ${cond}: rcond within ×10 of 1/(‖A‖₁‖A⁻¹‖₁)`, () => {
        const rand = rng(n * 5 + Math.log10(cond) * 100);
        const a = withSingularValues(n, cond, rand);
        const k = kernels();
        const anorm = k.norm1(n, n, heap.f64(a), n);
        expect(anorm).toBeCloseTo(norm1(a, n, n), 12);
        const { ptr } = factor(a, n, n, n);
        const rcond = k.gecon(n, ptr, n, anorm, heap.f64(new Float64Array(3 * n)));
        const truth = 1 / (norm1(a, n, n) * norm1(inverse(a, n), n, n));
        expect(rcond / truth).toBeGreaterThan(0.99);
        expect(rcond / truth).toBeLessThan(10);
      });

  for (const n of [1, 2, 7, 66, 130])
    it(`n = ${n}: log|det| = Σ log|λ| and the sign of Π λ`, () => {
      const rand = rng(n + 4242);
      const lambda = logSpaced(n, 1e4, rand).map((v) => (rand() < 0.4 ? -v : v) * 0.3);
      const a = withEigenvalues(lambda, rand);
      const { ptr, piv } = factor(a, n, n, n);
      const k = kernels();
      const ps = heap.f64([Number.NaN]);
      const got = k.getrfLogAbsDet(n, ptr, n, piv, ps);
      let want = 0;
      let sign = 1;
      for (const v of lambda) {
        want += Math.log(Math.abs(v));
        sign *= Math.sign(v);
      }
      expect(Math.abs(got - want)).toBeLessThan(1e-9 * n * Math.max(1, Math.abs(want)));
      expect(heap.readF64(ps, 1)[0]).toBe(sign);
    });

  it('singular, empty and zero-norm cases', () => {
    const k = kernels();
    const { ptr, piv } = factor(new Float64Array([1, 2, 2, 4]), 2, 2, 2);
    const ps = heap.f64([Number.NaN]);
    expect(k.getrfLogAbsDet(2, ptr, 2, piv, ps)).toBe(Number.NEGATIVE_INFINITY);
    expect(heap.readF64(ps, 1)[0]).toBe(0);
    const work = heap.f64(new Float64Array(6));
    expect(k.gecon(2, ptr, 2, 6, work)).toBe(0);
    expect(k.gecon(0, ptr, 2, 6, work)).toBe(1);
    expect(k.gecon(2, ptr, 2, 0, work)).toBe(0);
    expect(k.getrfLogAbsDet(0, ptr, 1, piv, ps)).toBe(0);
    expect(heap.readF64(ps, 1)[0]).toBe(1);
    expect(k.norm1(0, 5, ptr, 5)).toBe(0);
    expect(k.norm1(5, 0, ptr, 1)).toBe(0);
  });

  it('norm1 across its column blocks with lda > n (600×1100)', () => {
    const m = 600;
    const n = 1100;
    const a = randomMatrix(m, n, n + 5, rng(3));
    const pa = heap.f64(a);
    expect(kernels().norm1(m, n, pa, n + 5)).toBeCloseTo(norm1(compact(a, m, n, n + 5), m, n), 9);
  });
});
