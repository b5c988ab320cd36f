import { describe, expect, it } from 'vitest';
import { cholesky, lapack, ldlt, lu, Matrix, NonFiniteError, solve } from '../../src/index.js';
import { randomMatrix, spdWithEigenvalues } from '../helpers/random.js';
import { rowScaledResidual } from '../helpers/reference.js';

// Equilibration of the dense factorizations (issue 13): systems scaled near the overflow or
// underflow threshold solve as the unscaled ones do, and a solution that still cannot be
// represented is a NonFiniteError, never a silent Infinity or NaN. Oracles: closed forms, the
// invariance of the solution under scaling by powers of two (A·x = b and (2^k·A)·x = 2^k·b have the
// same x exactly), the low-level lapack.* entry (which never equilibrates) for the claim that a
// well-scaled matrix is factored bit for bit as before, and scaled residuals.

const EPS = 2 ** -52;

function scale(A: number[][], s: number): number[][] {
  return A.map((row) => row.map((v) => v * s));
}

/** A0 = [[1, 1], [1, 1 + 2ε]], b0 = [1, 2]: x = [1 − 2⁵¹, 2⁵¹] exactly (subtract the rows: 2ε·x₂ = 1). */
const A0 = [
  [1, 1],
  [1, 1 + 2 * EPS],
];
const b0 = [1, 2];
const x0 = [1 - 2 ** 51, 2 ** 51];

describe('lu(A).solve(b) near the overflow and underflow thresholds', () => {
  it.each([1000, 900, -1000, -1022])(
    'A and b scaled by 2^%i: the exact closed-form answer (it was [−Infinity, …])',
    (k) => {
      const s = 2 ** k;
      const F = lu(scale(A0, s));
      expect(Array.from(F.solve(b0.map((v) => v * s)))).toEqual(x0);
      // the transposed system: Aᵀ = A here
      expect(Array.from(F.solveTransposed(b0.map((v) => v * s)))).toEqual(x0);
      F.dispose();
    },
  );

  it('the 3 × 3 system of the issue: finite, and the same as the unscaled solve', () => {
    const B = [
      [1, 1, 0],
      [1, 1, EPS],
      [0, EPS, 1],
    ];
    const b = [2, 2 + EPS, 1 + EPS];
    const reference = lu(B).solve(b);
    expect(Array.from(lu(scale(B, 2 ** 1000)).solve(b.map((v) => v * 2 ** 1000)))).toEqual(Array.from(reference));
    const x = lu(scale(B, 1e300)).solve(b.map((v) => v * 1e300));
    for (const v of x) expect(Number.isFinite(v)).toBe(true);
  });

  it('rows scaled from 1e-300 to 1e300: backward stable for the unscaled rows (scaled residual < 30)', () => {
    const n = 24;
    const M = randomMatrix(n, n, 7);
    for (let i = 0; i < n; i++) M.data[i * n + i] += n; // well conditioned
    const xTrue = Float64Array.from({ length: n }, (_, i) => Math.sin(i + 1));
    const b0n = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) b0n[i] += M.data[i * n + j] * xTrue[j];
    const d = Float64Array.from({ length: n }, (_, i) => 10 ** (-300 + (600 * i) / (n - 1)));
    const A = new Matrix(n, n);
    const b = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) A.data[i * n + j] = d[i] * M.data[i * n + j];
      b[i] = d[i] * b0n[i];
    }
    for (const x of [lu(A).solve(b), solve(A, b, { assume: 'general' })]) {
      // row i of the residual divided by d[i]: that of the unscaled system
      expect(rowScaledResidual(A, x, b, d)).toBeLessThan(30);
    }
  });

  it('the condition estimate survives underflow: rcond of 2^−1060·A equals that of A (it was 0)', () => {
    const B = [
      [1, 2],
      [3, 4],
    ];
    expect(lu(scale(B, 2 ** -1060)).rcond()).toBe(lu(B).rcond());
    expect(
      cholesky(
        scale(
          [
            [4, 1],
            [1, 3],
          ],
          2 ** -1060,
        ),
      ).rcond(),
    ).toBe(
      cholesky([
        [4, 1],
        [1, 3],
      ]).rcond(),
    );
  });

  it('det and logAbsDet account for the scaling', () => {
    // rows 2^600 and 2^−600 apart (rowcnd < 0.1): det A = det [[1, 2], [3, 4]] = −2 exactly
    const A = [
      [2 ** 600, 2 * 2 ** 600],
      [3 * 2 ** -600, 4 * 2 ** -600],
    ];
    const F = lu(A);
    expect(F.det()).toBe(-2);
    expect(F.logAbsDet()).toBeCloseTo(Math.log(2), 12);
    // 2^1000·I₂: det overflows (2^2000), its logarithm does not
    const G = lu(
      scale(
        [
          [1, 0],
          [0, 1],
        ],
        2 ** 1000,
      ),
    );
    expect(G.det()).toBe(Number.POSITIVE_INFINITY);
    expect(G.logAbsDet()).toBeCloseTo(2000 * Math.LN2, 10);
  });
});

describe('Cholesky and LDLᵀ near the thresholds', () => {
  const S = [
    [4, 2, 0],
    [2, 5, 1],
    [0, 1, 3],
  ];
  const xs = [1, -2, 3];
  const bs = S.map((row) => row.reduce((t, v, j) => t + v * xs[j], 0)); // [0, -5, 7], exact

  it.each([1000, -1000])('S and b scaled by 2^%i solve to the unscaled answer', (k) => {
    const s = 2 ** k;
    const reference = cholesky(S).solve(bs);
    expect(Array.from(cholesky(scale(S, s)).solve(bs.map((v) => v * s)))).toEqual(Array.from(reference));
    const refL = ldlt(S).solve(bs);
    expect(Array.from(ldlt(scale(S, s)).solve(bs.map((v) => v * s)))).toEqual(Array.from(refL));
    for (let i = 0; i < 3; i++) expect(Math.abs(reference[i] - xs[i])).toBeLessThan(1e-14);
  });

  it('factor(), factors() and the log-determinants are those of A, not of the scaled matrix', () => {
    const s = 2 ** 1000;
    const A = scale(S, s);
    const C = cholesky(A);
    const L = C.factor();
    // L·Lᵀ = A entrywise to rounding (A's entries are 2^1000 times small integers)
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let t = 0;
        for (let p = 0; p < 3; p++) t += (L.get(i, p) / 2 ** 500) * (L.get(j, p) / 2 ** 500);
        expect(Math.abs(t - S[i][j])).toBeLessThan(1e-14);
      }
    const detS = 4 * (5 * 3 - 1) - 2 * (2 * 3); // 44
    expect(C.logDet()).toBeCloseTo(Math.log(detS) + 3000 * Math.LN2, 10);
    const D = ldlt(A);
    expect(D.logAbsDet()).toBeCloseTo(Math.log(detS) + 3000 * Math.LN2, 10);
    expect(D.inertia()).toEqual({ positive: 3, negative: 0, zero: 0 });
    const { L: LL, D: DD, perm } = D.factors();
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let t = 0;
        for (let p = 0; p < 3; p++) for (let q = 0; q < 3; q++) t += LL.get(i, p) * (DD.get(p, q) / s) * LL.get(j, q);
        expect(Math.abs(t - S[perm[i]][perm[j]])).toBeLessThan(1e-13);
      }
  });
});

describe('a well-scaled matrix is factored bit for bit as without equilibration', () => {
  it('lu and cholesky solve exactly as lapack.getrf/getrs and potrf/potrs on the same data', () => {
    for (const n of [1, 5, 17, 40]) {
      const A = randomMatrix(n, n, 100 + n);
      const b = Float64Array.from({ length: n }, (_, i) => Math.cos(i));
      const a = A.data.slice();
      const ipiv = new Int32Array(n);
      expect(lapack.getrf(n, n, a, n, ipiv)).toBe(0);
      const x = b.slice();
      lapack.getrs(0, n, 1, a, n, ipiv, x, 1);
      expect(Array.from(lu(A).solve(b))).toEqual(Array.from(x));
      const P = spdWithEigenvalues(
        Float64Array.from({ length: n }, (_, i) => 1 + i),
        n,
      );
      const p = P.data.slice();
      expect(lapack.potrf(n, p, n)).toBe(0);
      const y = b.slice();
      lapack.potrs(n, 1, p, n, y, 1);
      expect(Array.from(cholesky(P).solve(b))).toEqual(Array.from(y));
    }
  });
});

describe('a solution beyond float64 is a NonFiniteError, never a silent Infinity', () => {
  it('2^−1000·I·x = 2^100 needs x = 2^1100', () => {
    const A = scale(
      [
        [1, 0],
        [0, 1],
      ],
      2 ** -1000,
    );
    for (const F of [lu(A), cholesky(A), ldlt(A)]) {
      expect(() => F.solve([2 ** 100, 1])).toThrow(NonFiniteError);
      expect(() => F.solve([2 ** 100, 1])).toThrow(/solution is not finite \(x\[0\]/);
      expect(Array.from(F.solve([1, 1]))).toEqual([2 ** 1000, 2 ** 1000]);
    }
  });

  it('rows 2^600 apart: the answer 2^1600 is beyond float64', () => {
    const F = lu([
      [1, 0],
      [0, 2 ** -600],
    ]);
    expect(() => F.solve([1, 2 ** 1000])).toThrow(NonFiniteError);
    expect(Array.from(F.solve([1, 2 ** 100]))).toEqual([1, 2 ** 700]);
  });
});
