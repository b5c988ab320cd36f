import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DisposedError, ldlt, lu, Matrix, NonFiniteError, ShapeError, SingularMatrixError } from '../../src/index.js';
import { logSpaced, randomMatrix, spdWithEigenvalues } from '../helpers/random.js';
import { column, factorResidual, naiveMatmul, solveResidual } from '../helpers/reference.js';

// References: matrices built as Q·diag(λ)·Qᵀ with known eigenvalues λ, so the inertia (signs of
// λ), log|det A| (Σ log|λ|) and the 2-norm condition number are known without the code under test.

/** Eigenvalues log-spaced in magnitude over [1/cond, 1], with signs alternating by `pattern`. */
function mixedSpectrum(n: number, cond: number, negativeEvery = 2): Float64Array {
  return logSpaced(n, cond).map((v, i) => (i % negativeEvery === 1 ? -v : v));
}

function signs(lambda: ArrayLike<number>) {
  let positive = 0;
  let negative = 0;
  for (let i = 0; i < lambda.length; i++) {
    if (lambda[i] > 0) positive++;
    else if (lambda[i] < 0) negative++;
  }
  return { positive, negative, zero: lambda.length - positive - negative };
}

/** P·A·Pᵀ from perm: (P·A·Pᵀ)ᵢⱼ = A[perm[i]][perm[j]]. */
function permuted(A: Matrix, perm: Int32Array): Matrix {
  const n = A.rows;
  const B = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) B.data[i * n + j] = A.data[perm[i] * n + perm[j]];
  return B;
}

function reconstruction(A: Matrix): number {
  using f = ldlt(A);
  const { L, D, perm } = f.factors();
  return factorResidual(permuted(A, perm), naiveMatmul(naiveMatmul(L, D), L.transpose()));
}

const sizes = [0, 1, 2, 3, 5, 17, 62, 63, 64, 65, 66, 127, 128, 129, 200];

describe('ldlt: accuracy (LAPACK scaled residuals < 30)', () => {
  for (const n of sizes) {
    for (const cond of n >= 127 ? [1e8] : [1, 1e5, 1e10]) {
      it(`n = ${n}, cond = ${cond}, indefinite`, () => {
        const A = spdWithEigenvalues(mixedSpectrum(n, cond, 3), 100 + n);
        expect(reconstruction(A)).toBeLessThan(30);
        using f = ldlt(A);
        const B = randomMatrix(n, 3, n + 1);
        expect(solveResidual(A, f.solve(B), B)).toBeLessThan(30);
        const b = randomMatrix(n, 1, n + 2).data;
        expect(solveResidual(A, column(f.solve(b)), column(b))).toBeLessThan(30);
      });
    }
  }

  it('a random symmetric matrix with entries of both signs and a zero diagonal (forces 2×2 pivots)', () => {
    for (const n of [4, 31, 100, 150]) {
      const A = randomMatrix(n, n, 7 + n);
      for (let i = 0; i < n; i++) {
        A.data[i * n + i] = 0;
        for (let j = 0; j < i; j++) A.data[j * n + i] = A.data[i * n + j];
      }
      expect(reconstruction(A)).toBeLessThan(30);
      using f = ldlt(A);
      const { D } = f.factors();
      let blocks = 0;
      for (let i = 0; i + 1 < n; i++) if (D.data[(i + 1) * n + i] !== 0) blocks++;
      expect(blocks).toBeGreaterThan(0);
      const B = randomMatrix(n, 2, n);
      expect(solveResidual(A, f.solve(B), B)).toBeLessThan(30);
    }
  });

  it('reads only the lower triangle', () => {
    const A = spdWithEigenvalues(mixedSpectrum(70, 1e3), 5);
    const garbage = new Matrix(70, 70, A.data.slice());
    for (let i = 0; i < 70; i++) for (let j = i + 1; j < 70; j++) garbage.data[i * 70 + j] = 1e6 * (i - j);
    const b = randomMatrix(70, 1, 6).data;
    using f = ldlt(A);
    using g = ldlt(garbage);
    expect(Array.from(g.solve(b))).toEqual(Array.from(f.solve(b)));
  });
});

describe('ldlt: 2×2 pivots and saddle points', () => {
  it('[[0, 1], [1, 0]]: one 2×2 pivot, inertia (1, 1, 0), det −1', () => {
    using f = ldlt([
      [0, 1],
      [1, 0],
    ]);
    expect(Array.from(f.solve([3, 5]))).toEqual([5, 3]);
    expect(f.inertia()).toEqual({ positive: 1, negative: 1, zero: 0 });
    expect(f.logAbsDet()).toBe(0);
    expect(f.rcond()).toBe(1);
    const { D } = f.factors();
    expect(D.toArray()).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });

  it('a 3 × 3 matrix whose Bunch–Kaufman step swaps rows before a 2×2 pivot', () => {
    // |a00| = 0.1 < α·4, and the row of the largest entry (row 2) has a small diagonal (0.2 < α·4):
    // a 2×2 pivot on rows 0 and 2. Solution by construction: A·[1, 2, 3] = b.
    const A = Matrix.from([
      [0.1, 1, 4],
      [1, 3, 2],
      [4, 2, 0.2],
    ]);
    const x = [1, 2, 3];
    const b = [0.1 + 2 + 12, 1 + 6 + 6, 4 + 4 + 0.6];
    using f = ldlt(A);
    const got = f.solve(b);
    for (let i = 0; i < 3; i++) expect(got[i]).toBeCloseTo(x[i], 13);
    const { D, perm } = f.factors();
    expect(D.get(1, 0)).not.toBe(0);
    expect(Array.from(perm)).toEqual([0, 2, 1]);
    // det A by cofactors = 0.1·(0.6 − 4) − 1·(0.2 − 8) + 4·(2 − 12) = −32.54 < 0: an odd number of
    // negative eigenvalues, and not three since the trace 3.3 is positive — so (2, 1, 0).
    expect(f.logAbsDet()).toBeCloseTo(Math.log(32.54), 12);
    expect(f.inertia()).toEqual({ positive: 2, negative: 1, zero: 0 });
  });

  it('KKT matrices [[H, Bᵀ], [B, 0]] with H SPD (m × m) and B (p × m) of full rank have inertia (m, p, 0)', () => {
    for (const [m, p] of [
      [3, 1],
      [10, 4],
      [60, 20],
      [90, 50],
    ]) {
      const H = spdWithEigenvalues(logSpaced(m, 1e3), m);
      const B = randomMatrix(p, m, p);
      const n = m + p;
      const K = new Matrix(n, n);
      for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) K.data[i * n + j] = H.data[i * m + j];
      for (let i = 0; i < p; i++) {
        for (let j = 0; j < m; j++) {
          K.data[(m + i) * n + j] = B.data[i * m + j];
          K.data[j * n + m + i] = B.data[i * m + j];
        }
      }
      using f = ldlt(K);
      expect(f.inertia()).toEqual({ positive: m, negative: p, zero: 0 });
      const rhs = randomMatrix(n, 2, n);
      expect(solveResidual(K, f.solve(rhs), rhs)).toBeLessThan(30);
      expect(reconstruction(K)).toBeLessThan(30);
    }
  });
});

describe('ldlt: inertia, determinant and condition against the spectrum', () => {
  for (const [n, every] of [
    [1, 2],
    [2, 2],
    [9, 3],
    [40, 2],
    [130, 4],
    [150, 1000],
  ]) {
    it(`n = ${n}, every ${every}-th eigenvalue negative`, () => {
      const lambda = mixedSpectrum(n, 1e4, every).map((v) => 3 * v);
      const A = spdWithEigenvalues(lambda, 11 * n);
      using f = ldlt(A);
      expect(f.inertia()).toEqual(signs(lambda));
      expect(f.logAbsDet()).toBeCloseTo(
        lambda.reduce((s, v) => s + Math.log(Math.abs(v)), 0),
        8,
      );
      // κ₁ lies within a factor n of κ₂ = max|λ| / min|λ|; the estimate is a lower bound of κ₁
      // (so rcond ≥ 1/κ₁), usually within a factor 3.
      const kappa2 = n === 1 ? 1 : 1e4;
      const r = f.rcond();
      expect(r).toBeGreaterThanOrEqual(1 / (n * kappa2) / 1.0001);
      expect(r).toBeLessThanOrEqual((3 * n) / kappa2);
    });
  }

  it('a negative definite matrix: all eigenvalues negative', () => {
    const lambda = logSpaced(30, 100).map((v) => -v);
    using f = ldlt(spdWithEigenvalues(lambda, 3));
    expect(f.inertia()).toEqual({ positive: 0, negative: 30, zero: 0 });
  });
});

describe('ldlt: properties (fast-check)', () => {
  it('inertia agrees with the sign of det A from LU (parity of the negative count) and solves are accurate', () => {
    const symmetric = fc.integer({ min: 1, max: 40 }).chain((n) =>
      fc.tuple(
        fc.constant(n),
        fc.array(
          fc.integer({ min: -1000, max: 1000 }).map((v) => v / 1000),
          { minLength: n * n, maxLength: n * n },
        ),
      ),
    );
    fc.assert(
      fc.property(symmetric, ([n, values]) => {
        const A = new Matrix(n, n, values);
        for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) A.data[j * n + i] = A.data[i * n + j];
        let f: ReturnType<typeof ldlt>;
        let g: ReturnType<typeof lu>;
        try {
          f = ldlt(A);
          g = lu(A);
        } catch (e) {
          // Exactly singular draws (e.g. all zeros) are rejected by both; nothing more to check.
          if (e instanceof SingularMatrixError) return;
          throw e;
        }
        // Nearly singular draws: the sign of det is not determined by either factorization.
        if (g.rcond() < 1e-8) return;
        const { positive, negative, zero } = f.inertia();
        expect(positive + negative + zero).toBe(n);
        expect(zero).toBe(0);
        expect((-1) ** negative).toBe(Math.sign(g.det()));
        const b = new Float64Array(n).fill(1);
        expect(solveResidual(A, column(f.solve(b)), column(b))).toBeLessThan(30);
        f.dispose();
        g.dispose();
      }),
      { numRuns: 200, seed: 20261126 },
    );
  });
});

describe('ldlt: extreme scales', () => {
  it('a 2×2 block whose entries span 1e-324 … 1 (a fast-check counterexample): the inertia has no spurious zero', () => {
    // Block [[0, 1e-225], [1e-225, −5e-324]] and friends: ad − c² < 0 although c² underflows to 0.
    using f = ldlt([
      [0, 1.87e-225, 0],
      [1.87e-225, -5e-324, 0],
      [0, 0, 1],
    ]);
    expect(f.inertia()).toEqual({ positive: 2, negative: 1, zero: 0 });
    expect(f.logAbsDet()).toBeCloseTo(2 * Math.log(1.87e-225), 10);
  });

  for (const scale of [1e-300, 1e300]) {
    it(`entries of order ${scale}: same pivots, inertia and scaled residual as at order 1`, () => {
      for (const n of [2, 6, 100]) {
        const S = randomMatrix(n, n, 40 + n);
        for (let i = 0; i < n; i++) {
          S.data[i * n + i] = 0;
          for (let j = 0; j < i; j++) S.data[j * n + i] = S.data[i * n + j];
        }
        const A = new Matrix(
          n,
          n,
          S.data.map((v) => v * scale),
        );
        using f = ldlt(S);
        using g = ldlt(A);
        expect(g.inertia()).toEqual(f.inertia());
        expect(g.logAbsDet()).toBeCloseTo(f.logAbsDet() + n * Math.log(scale), 8);
        const b = randomMatrix(n, 1, 3).data.map((v) => v * scale);
        expect(solveResidual(A, column(g.solve(b)), column(b))).toBeLessThan(30);
      }
    });
  }

  it('[[0, 1e-300], [1e-300, 0]] takes a 2×2 pivot (the test α·colmax² would underflow)', () => {
    using f = ldlt([
      [0, 1e-300],
      [1e-300, 0],
    ]);
    expect(Array.from(f.solve([1e-300, 2e-300]))).toEqual([2, 1]);
    expect(f.logAbsDet()).toBeCloseTo(2 * Math.log(1e-300), 10);
    expect(f.inertia()).toEqual({ positive: 1, negative: 1, zero: 0 });
  });
});

describe('ldlt: errors', () => {
  it('an exactly singular matrix throws SingularMatrixError with the 0-based pivot', () => {
    const cases: [number[][], number][] = [
      [[[0]], 0],
      [
        [
          [1, 2],
          [2, 4],
        ],
        1,
      ],
      [
        [
          [2, 0, 0],
          [0, 0, 0],
          [0, 0, 3],
        ],
        1,
      ],
    ];
    for (const [A, pivot] of cases) {
      let error: unknown;
      try {
        ldlt(A);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SingularMatrixError);
      expect((error as SingularMatrixError).pivot).toBe(pivot);
    }
  });

  it('a singular matrix of order 100 (rank 99 exactly: a zero row and column)', () => {
    const A = spdWithEigenvalues(mixedSpectrum(100, 10), 4);
    for (let i = 0; i < 100; i++) {
      A.data[50 * 100 + i] = 0;
      A.data[i * 100 + 50] = 0;
    }
    expect(() => ldlt(A)).toThrow(SingularMatrixError);
  });

  it('shape, non-finite and disposed', () => {
    expect(() => ldlt([[1, 2]])).toThrow(ShapeError);
    expect(() => ldlt([[Number.NaN]])).toThrow(NonFiniteError);
    const f = ldlt([[2]]);
    expect(() => f.solve([1, 2])).toThrow(ShapeError);
    expect(() => f.solve([Number.POSITIVE_INFINITY])).toThrow(NonFiniteError);
    f.dispose();
    expect(f.disposed).toBe(true);
    expect(() => f.solve([1])).toThrow(DisposedError);
    expect(() => f.inertia()).toThrow(DisposedError);
    f.dispose();
  });

  it('n = 0: empty solve, inertia (0, 0, 0), log det 0, rcond 1', () => {
    using f = ldlt(new Matrix(0, 0));
    expect(f.solve([]).length).toBe(0);
    expect(f.inertia()).toEqual({ positive: 0, negative: 0, zero: 0 });
    expect(f.logAbsDet()).toBe(0);
    expect(f.rcond()).toBe(1);
  });
});
