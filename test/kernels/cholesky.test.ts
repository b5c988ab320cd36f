// potrf, potrs, pocon, potrfLogDet and norm1SymLower on SPD matrices Q·diag(λ)·Qᵀ with chosen
// eigenvalues: scaled residuals the LAPACK way, info codes, condition estimates against an
// explicit inverse, log-determinants against Σ log λ.
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
  rng,
  transpose,
  withEigenvalues,
} from '../helpers/kernels.js';
import { kernels } from '../internal.js';

const heap = new Heap();
afterEach(() => heap.release());

/** Lower triangle of a dense n×n matrix stored with leading dimension ld; upper and padding NaN. */
function lowerStored(a: Float64Array, n: number, ld: number): Float64Array {
  const s = new Float64Array(Math.max(n * ld, 1)).fill(Number.NaN);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) s[i * ld + j] = a[i * n + j];
  return s;
}

/** Dense L from storage (upper triangle zero). */
function lowerDense(s: Float64Array, n: number, ld: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) l[i * n + j] = s[i * ld + j];
  return l;
}

const sizes = [0, 1, 2, 3, 5, 17, 63, 64, 65, 127, 128, 129, 255, 257, 300];

describe('potrf', () => {
  for (const n of sizes)
    for (const cond of [1e2, 1e10])
      it(`n = ${n}, cond ${cond}: ‖A − LLᵀ‖ / (n‖A‖ε) < 30, upper triangle untouched`, () => {
        const rand = rng(n * 13 + 5);
        const a = withEigenvalues(logSpaced(n, cond, rand), rand);
        const ld = n + 3;
        const k = kernels();
        const pa = heap.f64(lowerStored(a, n, ld));
        expect(k.potrf(n, pa, ld)).toBe(0);
        const got = heap.readF64(pa, Math.max(n * ld, 1));
        let written = 0;
        for (let i = 0; i < n; i++) for (let j = i + 1; j < ld; j++) if (!Number.isNaN(got[i * ld + j])) written++;
        expect(written, 'entries of the strict upper triangle or padding written').toBe(0);
        const l = lowerDense(got, n, ld);
        if (n === 0) return;
        const res = diffNorm1(matmul(l, transpose(l, n, n), n, n, n), a, n, n);
        expect(res / (n * norm1(a, n, n) * EPS)).toBeLessThan(30);
      });

  it.each([
    [1, 0],
    [5, 2],
    [100, 0],
    [100, 63],
    [100, 64],
    [100, 70],
    [200, 199],
  ])('n = %i, leading minor %i + 1 not positive definite: info is the 1-based pivot', (n, k0) => {
    // A = L·Lᵀ except that the Schur complement at k0 is −1: row k0 of A is built from a chosen
    // row l of L, a_{k0,k0} = l·l − 1.
    const rand = rng(n + k0);
    const l = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) l[i * n + j] = (2 * rand() - 1) / Math.sqrt(n);
      l[i * n + i] = 1 + rand();
    }
    const a = matmul(l, transpose(l, n, n), n, n, n);
    let ll = 0;
    for (let j = 0; j < k0; j++) ll += l[k0 * n + j] ** 2;
    a[k0 * n + k0] = ll - 1;
    const pa = heap.f64(lowerStored(a, n, n));
    const info = kernels().potrf(n, pa, n);
    expect(info).toBe(k0 + 1);
    // Rows before the failing one are complete and correct.
    const got = lowerDense(heap.readF64(pa, n * n), n, n);
    for (let i = 0; i < k0; i++) for (let j = 0; j <= i; j++) expect(got[i * n + j]).toBeCloseTo(l[i * n + j], 10);
  });

  it('a NaN on the diagonal fails at its pivot', () => {
    const n = 70;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) a[i * n + i] = 2;
    a[66 * n + 66] = Number.NaN;
    const pa = heap.f64(a);
    expect(kernels().potrf(n, pa, n)).toBe(67);
  });
});

describe('potrs', () => {
  for (const n of [1, 2, 3, 17, 64, 65, 129, 300])
    for (const cond of [1, 1e5, 1e10])
      it(`n = ${n}, cond ${cond}, nrhs 1, 3, 8: ‖AX − B‖ / (‖A‖‖X‖nε) < 30`, () => {
        const rand = rng(n * 7 + Math.log10(cond));
        const a = withEigenvalues(logSpaced(n, cond, rand), rand);
        const k = kernels();
        const pa = heap.f64(lowerStored(a, n, n));
        expect(k.potrf(n, pa, n)).toBe(0);
        for (const nrhs of [1, 3, 8]) {
          // One right-hand side both contiguous (ldb = 1) and strided (ldb = 2).
          for (const ldb of nrhs === 1 ? [1, 2] : [nrhs]) {
            const b = randomMatrix(n, nrhs, ldb, rand);
            const pb = heap.f64(b);
            k.potrs(n, nrhs, pa, n, pb, ldb);
            const x = compact(heap.readF64(pb, b.length), n, nrhs, ldb);
            const res = diffNorm1(matmul(a, x, n, n, nrhs), compact(b, n, nrhs, ldb), n, nrhs);
            expect(res / (norm1(a, n, n) * norm1(x, n, nrhs) * n * EPS), `nrhs ${nrhs}, ldb ${ldb}`).toBeLessThan(30);
          }
        }
      });

  it('nrhs = 0 and n = 0 leave memory alone', () => {
    const k = kernels();
    const pb = heap.f64([Number.NaN]);
    const pa = heap.f64([4]);
    k.potrs(0, 3, pa, 1, pb, 3);
    k.potrs(1, 0, pa, 1, pb, 1);
    expect(Number.isNaN(heap.readF64(pb, 1)[0])).toBe(true);
  });
});

describe('pocon, potrfLogDet, norm1SymLower', () => {
  for (const n of [1, 2, 5, 40, 65, 150])
    for (const cond of [1, 1e3, 1e8])
      it(`n = ${n}, cond ${cond}: rcond within ×10 of 1/(‖A‖₁‖A⁻¹‖₁), logdet = Σ log λ`, () => {
        const rand = rng(n * 3 + Math.log10(cond) * 1000);
        const lambda = logSpaced(n, cond, rand).map((v) => v * 0.37);
        const a = withEigenvalues(lambda, rand);
        const k = kernels();
        const pa = heap.f64(lowerStored(a, n, n));
        const anorm = k.norm1SymLower(n, pa, n);
        expect(anorm).toBeCloseTo(norm1(a, n, n), 12);
        expect(k.potrf(n, pa, n)).toBe(0);
        const work = heap.f64(new Float64Array(3 * n));
        const rcond = k.pocon(n, pa, n, anorm, work);
        const truth = 1 / (norm1(a, n, n) * norm1(inverse(a, n), n, n));
        expect(rcond / truth).toBeGreaterThan(0.99);
        expect(rcond / truth).toBeLessThan(10);
        let logdet = 0;
        for (const v of lambda) logdet += Math.log(v);
        expect(Math.abs(k.potrfLogDet(n, pa, n) - logdet)).toBeLessThan(1e-9 * Math.max(1, Math.abs(logdet)) * n);
      });

  it('edge cases: n = 0 gives rcond 1 and logdet 0; ‖A‖₁ = 0 gives rcond 0', () => {
    const k = kernels();
    const pa = heap.f64([1]);
    const work = heap.f64(new Float64Array(3));
    expect(k.pocon(0, pa, 1, 1, work)).toBe(1);
    expect(k.potrfLogDet(0, pa, 1)).toBe(0);
    expect(k.pocon(1, pa, 1, 0, work)).toBe(0);
    expect(k.norm1SymLower(0, pa, 1)).toBe(0);
  });

  it('norm1SymLower reads only the lower triangle, across its column blocks (n = 700)', () => {
    const n = 700;
    const rand = rng(9);
    const a = randomMatrix(n, n, n, rand);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) a[i * n + j] = a[j * n + i];
    const pa = heap.f64(lowerStored(a, n, n));
    expect(kernels().norm1SymLower(n, pa, n)).toBeCloseTo(norm1(a, n, n), 9);
  });
});
