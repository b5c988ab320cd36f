// geequb/laqge and syequb/laqsy against their definitions: every scaling factor a power of two
// such that each scaled row and column maximum lies in [1, 2) (general) or S·A·S has entries at
// most 4 (symmetric); the condition ratios from the row and column maxima; dlaqge's rule for when
// the scaling is applied; in place, each entry (aᵢⱼ·rᵢ)·cⱼ exactly; a well-scaled matrix untouched
// bit for bit. The reference exponent ⌊log₂ x⌋ is found by comparison with powers of two, not by
// reading bits as the kernel does.
import { afterEach, describe, expect, it } from 'vitest';
import { kernels } from '../../src/wasm/instance.js';
import { Heap, randomMatrix, rng } from '../helpers/kernels.js';

const heap = new Heap();
afterEach(() => heap.release());

/** ⌊log₂ x⌋ for x > 0, by comparison: the e with 2^e ≤ x < 2^(e+1). */
function floorLog2(x: number): number {
  let e = Math.floor(Math.log2(x));
  while (2 ** e > x) e--;
  while (2 ** (e + 1) <= x) e++;
  return e;
}

const clampExp = (e: number) => Math.max(-1022, Math.min(1022, e));

function isPowerOfTwo(x: number): boolean {
  return x > 0 && 2 ** floorLog2(x) === x;
}

/** Row maxima of a strided m×n matrix. */
function rowMax(a: Float64Array, m: number, n: number, ld: number): number[] {
  return Array.from({ length: m }, (_, i) => Math.max(...Array.from({ length: n }, (_, j) => Math.abs(a[i * ld + j]))));
}

function runGeequb(a: Float64Array, m: number, n: number, ld: number) {
  const k = kernels();
  const pa = heap.f64(a);
  const pr = heap.f64(new Float64Array(m));
  const pc = heap.f64(new Float64Array(n));
  const po = heap.f64(new Float64Array(3));
  const info = k.geequb(m, n, pa, ld, pr, pc, po);
  const [rowcnd, colcnd, amax] = heap.readF64(po, 3);
  return { info, r: heap.readF64(pr, m), c: heap.readF64(pc, n), rowcnd, colcnd, amax, pa, pr, pc };
}

/** A random m×n matrix with row i scaled by 2^rowExp[i] and column j by colScale[j]. */
function scaled(m: number, n: number, ld: number, seed: number, rowExp: number[], colScale: number[]): Float64Array {
  const a = randomMatrix(m, n, ld, rng(seed), 0);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) a[i * ld + j] *= 2 ** rowExp[i] * colScale[j];
  return a;
}

describe('geequb', () => {
  it.each([
    [1, 1],
    [3, 3],
    [5, 8],
    [8, 5],
    [17, 17],
  ])('%i × %i: powers of two bringing every row and column maximum into [1, 2)', (m, n) => {
    const ld = n + 2;
    const rowExp = Array.from({ length: m }, (_, i) => ((i * 397) % 1900) - 950);
    const colScale = Array.from({ length: n }, (_, j) => 10 ** ((j % 7) - 3));
    const a = scaled(m, n, ld, m * 31 + n, rowExp, colScale);
    const { info, r, c, rowcnd, colcnd, amax } = runGeequb(a, m, n, ld);
    expect(info).toBe(0);
    const rmax = rowMax(a, m, n, ld);
    for (let i = 0; i < m; i++) {
      expect(r[i]).toBe(2 ** -clampExp(floorLog2(rmax[i])));
      expect(isPowerOfTwo(r[i])).toBe(true);
    }
    for (let j = 0; j < n; j++) {
      let cmax = 0;
      for (let i = 0; i < m; i++) cmax = Math.max(cmax, Math.abs(a[i * ld + j]) * r[i]);
      expect(c[j]).toBe(2 ** -clampExp(floorLog2(cmax)));
      // the scaled column maximum (rows scaled first, as the kernel applies them)
      let scaledMax = 0;
      for (let i = 0; i < m; i++) scaledMax = Math.max(scaledMax, Math.abs(a[i * ld + j] * r[i] * c[j]));
      expect(scaledMax).toBeGreaterThanOrEqual(1);
      expect(scaledMax).toBeLessThan(2);
    }
    expect(amax).toBe(Math.max(...rmax));
    const clamp = (x: number) => Math.max(2 ** -1022, Math.min(2 ** 1022, x));
    expect(rowcnd).toBe(clamp(Math.min(...rmax)) / clamp(Math.max(...rmax)));
    expect(colcnd).toBeGreaterThan(0);
    expect(colcnd).toBeLessThanOrEqual(1);
  });

  it('subnormal and huge row maxima: exact exponents, factors clamped to [2^−1022, 2^1022]', () => {
    const a = new Float64Array([2 ** -1074, 0, 0, 2 ** 1023 * 1.5]);
    const { info, r } = runGeequb(a, 2, 2, 2);
    expect(info).toBe(0);
    expect(r[0]).toBe(2 ** 1022);
    expect(r[1]).toBe(2 ** -1022);
    const b = new Float64Array([3 * 2 ** -1060]); // subnormal 3·2⁻¹⁰⁶⁰ = 1.5·2⁻¹⁰⁵⁹
    expect(runGeequb(b, 1, 1, 1).r[0]).toBe(2 ** 1022); // 2^1059 clamped
    const c = new Float64Array([3 * 2 ** -1020]);
    expect(runGeequb(c, 1, 1, 1).r[0]).toBe(2 ** 1019);
  });

  it('a zero row or column is reported as info', () => {
    expect(runGeequb(new Float64Array([1, 2, 0, 0]), 2, 2, 2).info).toBe(2);
    expect(runGeequb(new Float64Array([1, 0, 3, 0]), 2, 2, 2).info).toBe(2 + 2);
    expect(runGeequb(new Float64Array(0), 0, 0, 1).info).toBe(0);
  });
});

describe('laqge', () => {
  function apply(a: Float64Array, m: number, n: number, ld: number) {
    const g = runGeequb(a, m, n, ld);
    const equed = kernels().laqge(m, n, g.pa, ld, g.pr, g.pc, g.rowcnd, g.colcnd, g.amax);
    return {
      ...g,
      equed,
      out: heap.readF64(g.pa, a.length),
      rApplied: heap.readF64(g.pr, m),
      cApplied: heap.readF64(g.pc, n),
    };
  }

  it('leaves a well-scaled matrix untouched, bit for bit', () => {
    const rand = rng(5);
    const n = 12;
    const a = randomMatrix(n, n, n, rand, 0);
    for (let i = 0; i < n; i++) a[i * n + i] = 1; // every row and column maximum is then exactly 1
    const { equed, out, rApplied, cApplied } = apply(a, n, n, n);
    expect(equed).toBe(0);
    expect(Array.from(out)).toEqual(Array.from(a));
    expect(Array.from(rApplied)).toEqual(new Array(n).fill(1));
    expect(Array.from(cApplied)).toEqual(new Array(n).fill(1));
  });

  it('scales rows of a matrix near the overflow threshold, (aᵢⱼ·rᵢ)·cⱼ exactly', () => {
    const n = 4;
    const a = randomMatrix(n, n, n, rng(6), 0);
    for (let i = 0; i < n * n; i++) a[i] *= 2 ** 1000; // rowcnd fine, amax > 2^970
    for (let i = 0; i < n; i++) a[i * n + i] = 2 ** 1000;
    const { equed, out, r, rApplied, cApplied } = apply(a, n, n, n);
    expect(equed & 1).toBe(1);
    expect(Array.from(rApplied)).toEqual(Array.from(r));
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) expect(out[i * n + j]).toBe(a[i * n + j] * rApplied[i] * cApplied[j]);
  });

  it('near the underflow threshold, and with rows or columns 10⁶ apart', () => {
    const tiny = new Float64Array([2 ** -1000, 2 ** -1001, 2 ** -1001, 2 ** -1000]);
    expect(apply(tiny, 2, 2, 2).equed & 1).toBe(1);
    const rows = new Float64Array([1e6, 2e6, 1, 3]);
    expect(apply(rows, 2, 2, 2).equed).toBe(1);
    const cols = new Float64Array([1e6, 1, 2e6, 3]);
    expect(apply(cols, 2, 2, 2).equed).toBe(2);
  });
});

describe('syequb, laqsy', () => {
  function run(a: Float64Array, n: number, ld: number) {
    const k = kernels();
    const pa = heap.f64(a);
    const ps = heap.f64(new Float64Array(n));
    const po = heap.f64(new Float64Array(2));
    const info = k.syequb(n, pa, ld, ps, po);
    const [scond, amax] = heap.readF64(po, 2);
    const s = heap.readF64(ps, n);
    const applied = info === 0 ? k.laqsy(n, pa, ld, ps, scond, amax) : -1;
    return { info, s, scond, amax, applied, out: heap.readF64(pa, a.length), sApplied: heap.readF64(ps, n) };
  }

  /** Symmetric n×n matrix (full storage; the kernel reads the lower triangle) with S_true·B·S_true for random B. */
  function symmetricScaled(n: number, seed: number, exps: number[]): Float64Array {
    const b = randomMatrix(n, n, n, rng(seed), 0);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j <= i; j++) {
        const v = (b[i * n + j] + 0.5) * 2 ** (exps[i] + exps[j]);
        a[i * n + j] = v;
        a[j * n + i] = v;
      }
    return a;
  }

  it.each([1, 2, 5, 16])('n = %i: s from the symmetric row maxima, S·A·S entries at most 4', (n) => {
    const exps = Array.from({ length: n }, (_, i) => ((i * 211) % 900) - 450);
    const a = symmetricScaled(n, n, exps);
    // the upper triangle is not read: poison it
    const stored = a.slice();
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) stored[i * n + j] = Number.NaN;
    const { info, s, scond, amax, applied, out } = run(stored, n, n);
    expect(info).toBe(0);
    const rmax = rowMax(a, n, n, n);
    for (let i = 0; i < n; i++) expect(s[i]).toBe(2 ** -Math.floor(clampExp(floorLog2(rmax[i])) / 2));
    expect(scond).toBe(Math.sqrt(Math.min(...rmax) / Math.max(...rmax)));
    expect(amax).toBe(Math.max(...rmax));
    if (applied === 1) {
      for (let i = 0; i < n; i++)
        for (let j = 0; j <= i; j++) {
          expect(out[i * n + j]).toBe(stored[i * n + j] * s[i] * s[j]);
          expect(Math.abs(out[i * n + j])).toBeLessThanOrEqual(4);
        }
    } else expect(Array.from(out)).toEqual(Array.from(stored));
  });

  it('leaves a well-scaled symmetric matrix untouched; scales one near overflow', () => {
    const a = new Float64Array([4, 1, 1, 3]);
    const r = run(a, 2, 2);
    expect(r.applied).toBe(0);
    expect(Array.from(r.out)).toEqual([4, 1, 1, 3]);
    expect(Array.from(r.sApplied)).toEqual([1, 1]);
    const big = new Float64Array([4 * 2 ** 1000, 0, 2 ** 1000, 3 * 2 ** 1000]);
    expect(run(big, 2, 2).applied).toBe(1);
  });

  it('a zero row is reported as info', () => {
    expect(run(new Float64Array([1, 0, 0, 0]), 2, 2).info).toBe(2);
  });
});
