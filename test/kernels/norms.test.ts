// norm1 and normInf against their definitions (scalar sums of |a_ij| by column and by row), with a
// leading dimension larger than the row, odd widths (the SIMD loop's tail), empty shapes and NaN.
import { afterEach, describe, expect, it } from 'vitest';
import { Heap, randomMatrix, rng } from '../helpers/kernels.js';
import { kernels } from '../internal.js';

const heap = new Heap();
afterEach(() => heap.release());

function reference(a: Float64Array, m: number, n: number, ld: number): { one: number; inf: number } {
  let one = 0;
  let inf = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += Math.abs(a[i * ld + j]);
    one = Math.max(one, s);
  }
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += Math.abs(a[i * ld + j]);
    inf = Math.max(inf, s);
  }
  return { one, inf };
}

describe('norm1, normInf', () => {
  it('match the definitions for shapes with odd widths and padded rows', () => {
    const k = kernels();
    const rand = rng(31);
    for (const [m, n] of [
      [1, 1],
      [1, 7],
      [7, 1],
      [4, 4],
      [5, 3],
      [3, 5],
      [33, 17],
      [64, 65],
    ]) {
      const ld = n + 3;
      const a = randomMatrix(m, n, ld, rand, 1e300); // padding that would dominate if read
      const p = heap.f64(a);
      const { one, inf } = reference(a, m, n, ld);
      expect(k.norm1(m, n, p, ld)).toBeCloseTo(one, 12);
      expect(k.normInf(m, n, p, ld)).toBeCloseTo(inf, 12);
    }
  });

  it('are 0 for an empty matrix and NaN when an entry is NaN', () => {
    const k = kernels();
    const p = heap.f64([1, -2, Number.NaN, 4, 5, 6]);
    expect(k.normInf(0, 3, p, 3)).toBe(0);
    expect(k.normInf(2, 0, p, 3)).toBe(0);
    expect(k.normInf(2, 3, p, 3)).toBeNaN();
    expect(k.norm1(2, 3, p, 3)).toBeNaN();
    expect(k.normInf(1, 2, p, 3)).toBe(3);
  });
});
