import { describe, expect, it } from 'vitest';
import { randomDense, randomVector } from '../helpers/systems.js';
import { gemvRows, gemvRowsWithNorm, gemvTransposedRows, norm2 } from '../internal.js';

describe('dense products (unrolled) against the plain loops', () => {
  it.each([
    [0, 3],
    [1, 1],
    [3, 5],
    [4, 4],
    [7, 9],
    [13, 6],
  ])('%i × %i', (m, n) => {
    const a = randomDense(m, n, m * 31 + n);
    const x = randomVector(n, 2);
    const v = randomVector(m, 3);
    const Ax = new Float64Array(m);
    const Atv = new Float64Array(n);
    let norm = 0;
    for (let i = 0; i < m; i++) {
      let rs = 0;
      for (let j = 0; j < n; j++) {
        Ax[i] += a[i * n + j] * x[j];
        Atv[j] += a[i * n + j] * v[i];
        rs += Math.abs(a[i * n + j]);
      }
      norm = Math.max(norm, rs);
    }
    const close = (p: Float64Array, q: Float64Array) => {
      for (let i = 0; i < q.length; i++) expect(p[i]).toBeCloseTo(q[i], 13);
    };
    close(gemvRows(a, m, n, x, new Float64Array(m)), Ax);
    const out = new Float64Array(m);
    expect(gemvRowsWithNorm(a, m, n, x, out)).toBeCloseTo(norm, 13);
    close(out, Ax);
    close(gemvTransposedRows(a, m, n, v, new Float64Array(n).fill(7)), Atv);
  });
});

describe('norm2', () => {
  it('neither overflows nor underflows', () => {
    expect(norm2(Float64Array.of(3, 4))).toBe(5);
    expect(norm2(Float64Array.of(3e200, 4e200))).toBeCloseTo(5e200, -186);
    expect(norm2(Float64Array.of(3e-200, 4e-200)) / 5e-200).toBeCloseTo(1, 14);
    expect(norm2(new Float64Array(3))).toBe(0);
    expect(norm2(Float64Array.of(1, Number.NaN))).toBeNaN();
  });
});
