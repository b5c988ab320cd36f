import { describe, expect, it } from 'vitest';
import { randomMatrix } from '../helpers/random.js';
import { f64View, kernels, scratch } from '../internal.js';

// The raw sytrf/sytrs kernels with a leading dimension larger than n: the padding and the strict
// upper triangle (filled with sentinels) are neither read nor written, in the unblocked (n ≤ 64)
// and the blocked (n > 64) paths; the solve agrees with a plain float64 residual check.

describe('sytrf / sytrs kernels with lda > n', () => {
  for (const n of [1, 7, 64, 65, 150]) {
    it(`n = ${n}`, () => {
      const lda = n + 5;
      const S = randomMatrix(n, n, n);
      const k = kernels();
      const lw = k.sytrfWorkLength(n);
      const base = scratch(8 * (n * lda + n + lw + n) + 4 * n + 64, 'sytrf test');
      const pa = base;
      const pe = pa + 8 * n * lda;
      const pw = pe + 8 * n;
      const pb = pw + 8 * lw;
      const pi = pb + 8 * n;
      const a = f64View(pa, n * lda);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < lda; j++) a[i * lda + j] = j <= i ? S.data[i * n + j] : j < n ? 1234.5 : Number.NaN;
      }
      const info = k.sytrf(n, pa, lda, pe, pi, pw);
      expect(info).toBe(0);
      const out = f64View(pa, n * lda);
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < lda; j++) {
          if (j < n) expect(out[i * lda + j]).toBe(1234.5);
          else expect(out[i * lda + j]).toBeNaN();
        }
      }
      // A·x = b with A the symmetric matrix of S's lower triangle.
      const sym = (i: number, j: number) => (j <= i ? S.data[i * n + j] : S.data[j * n + i]);
      const b = randomMatrix(n, 1, 2 * n).data;
      f64View(pb, n).set(b);
      k.sytrs(n, 1, pa, lda, pe, pi, pb, 1);
      const x = f64View(pb, n).slice();
      let worst = 0;
      let anorm = 0;
      let xnorm = 0;
      for (let i = 0; i < n; i++) {
        let r = b[i];
        let row = 0;
        for (let j = 0; j < n; j++) {
          r -= sym(i, j) * x[j];
          row += Math.abs(sym(i, j));
        }
        worst = Math.max(worst, Math.abs(r));
        anorm = Math.max(anorm, row);
        xnorm = Math.max(xnorm, Math.abs(x[i]));
      }
      expect(worst / (anorm * xnorm * n * 2 ** -52)).toBeLessThan(30);
    });
  }
});
