import { describe, expect, it } from 'vitest';
import {
  backwardError,
  cholesky,
  componentwiseBackwardError,
  ldlt,
  lu,
  Matrix,
  NotPositiveDefiniteError,
  refineSolution,
  SingularMatrixError,
  solve,
} from '../../src/index.js';
import { logSpaced, randomMatrix, randomVector, rng, spdWithEigenvalues } from '../helpers/random.js';
import { column, EPS, naiveMatvec, solveResidual } from '../helpers/reference.js';

// Badly scaled systems: A = D₁·A₀·D₂ with A₀ well conditioned and D₁, D₂ diagonal with entries
// spread log-uniformly over 16 orders of magnitude (1e-8 … 1e8). b = A·x_true, computed in plain
// float64 so that x_true is the reference. The componentwise backward error ω (the independent
// oracle is its definition, computed here by plain loops) is what refinement must bring to O(ε).

function scales(n: number, seed: number, spread = 16): Float64Array {
  const r = rng(seed);
  return Float64Array.from({ length: n }, () => 10 ** (spread * (r() - 0.5)));
}

function scaled(A0: Matrix, d1: ArrayLike<number>, d2: ArrayLike<number>): Matrix {
  const n = A0.rows;
  const A = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) A.data[i * n + j] = d1[i] * A0.data[i * n + j] * d2[j];
  return A;
}

/** ω = maxᵢ |b − A·x|ᵢ / (|A|·|x| + |b|)ᵢ by its definition. */
function omega(A: Matrix, x: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = A.rows;
  let worst = 0;
  for (let i = 0; i < n; i++) {
    let r = b[i];
    let s = Math.abs(b[i]);
    for (let j = 0; j < n; j++) {
      r -= A.data[i * n + j] * x[j];
      s += Math.abs(A.data[i * n + j] * x[j]);
    }
    worst = Math.max(worst, Math.abs(r) / s);
  }
  return worst;
}

function relativeError(x: ArrayLike<number>, reference: ArrayLike<number>): number {
  let err = 0;
  let size = 0;
  for (let i = 0; i < x.length; i++) {
    err = Math.max(err, Math.abs(x[i] - reference[i]));
    size = Math.max(size, Math.abs(reference[i]));
  }
  return err / size;
}

describe('solve with refine: rows scaled over 16 orders of magnitude', () => {
  for (const n of [10, 50, 200]) {
    it(`LU, rows scaled, n = ${n}: ω ≤ 4ε and the solution accurate`, () => {
      const A = scaled(randomMatrix(n, n, n), scales(n, n), new Float64Array(n).fill(1));
      const xTrue = randomVector(n, 5);
      const b = naiveMatvec(A, xTrue);
      const x = solve(A, b, { assume: 'general', refine: true });
      expect(omega(A, x, b)).toBeLessThanOrEqual(4 * EPS);
      expect(relativeError(x, xTrue)).toBeLessThan(1e-12);
    });

    it(`LU, rows and columns scaled, n = ${n}: refinement lowers ω to O(ε)`, () => {
      const A = scaled(randomMatrix(n, n, n + 1), scales(n, 2 * n), scales(n, 3 * n));
      const b = naiveMatvec(A, randomVector(n, 6));
      const plain = solve(A, b, { assume: 'general' });
      const refined = solve(A, b, { assume: 'general', refine: true });
      const w0 = omega(A, plain, b);
      const w1 = omega(A, refined, b);
      expect(w1).toBeLessThanOrEqual(4 * EPS);
      expect(w1).toBeLessThanOrEqual(w0);
    });

    it(`LDLᵀ (assume 'auto' falls back from Cholesky), D·S·D with S indefinite, n = ${n}`, () => {
      const S = spdWithEigenvalues(
        logSpaced(n, 10).map((v, i) => (i % 2 ? -v : v)),
        n,
      );
      const d = scales(n, 4 * n);
      const A = scaled(S, d, d);
      const b = naiveMatvec(A, randomVector(n, 7));
      for (const assume of ['auto', 'symmetric'] as const) {
        const x = solve(A, b, { assume, refine: true });
        expect(omega(A, x, b)).toBeLessThanOrEqual(4 * EPS);
      }
    });
  }

  it('Cholesky (assume spd and auto) on D·S·D with S SPD and D over 16 orders of magnitude', () => {
    const n = 80;
    const d = scales(n, 77);
    const A = scaled(spdWithEigenvalues(logSpaced(n, 100), 5), d, d);
    const b = naiveMatvec(A, randomVector(n, 8));
    for (const assume of ['spd', 'auto'] as const) {
      const x = solve(A, b, { assume, refine: true });
      expect(omega(A, x, b)).toBeLessThanOrEqual(4 * EPS);
    }
  });

  it('a Matrix of right-hand sides is refined column by column', () => {
    const n = 60;
    const A = scaled(randomMatrix(n, n, 9), scales(n, 10), scales(n, 11));
    const X = randomMatrix(n, 3, 12);
    const B = new Matrix(n, 3);
    for (let c = 0; c < 3; c++) {
      const col = naiveMatvec(
        A,
        X.data.filter((_, i) => i % 3 === c),
      );
      for (let i = 0; i < n; i++) B.data[i * 3 + c] = col[i];
    }
    const Y = solve(A, B, { refine: true });
    expect(Y).toBeInstanceOf(Matrix);
    for (let c = 0; c < 3; c++) {
      const y = Y.data.filter((_, i) => i % 3 === c);
      const b = B.data.filter((_, i) => i % 3 === c);
      expect(omega(A, y, b)).toBeLessThanOrEqual(4 * EPS);
    }
    expect(backwardError(A, Y, B)).toBeLessThanOrEqual(4 * EPS);
  });
});

describe('refineSolution', () => {
  const n = 40;
  const A = randomMatrix(n, n, 21);
  const xTrue = randomVector(n, 22);
  const b = naiveMatvec(A, xTrue);

  it('recovers from a perturbed first solution, reporting the steps taken', () => {
    using f = lu(A);
    const r = rng(3);
    const x0 = xTrue.map((v) => v * (1 + 1e-6 * (r() - 0.5)));
    const out = refineSolution(A, b, x0, (res) => f.solve(res));
    expect(out.steps).toBeGreaterThanOrEqual(1);
    expect(out.steps).toBeLessThanOrEqual(5);
    expect(out.backwardError).toBeCloseTo(omega(A, out.x, b), 20);
    expect(out.backwardError).toBeLessThanOrEqual(4 * EPS);
    expect(relativeError(out.x, xTrue)).toBeLessThan(1e-12);
  });

  it('discards a correction that does not lower ω (0 steps) and stops at maxSteps', () => {
    const x0 = xTrue.map((v) => v + 1e-3);
    const none = refineSolution(A, b, x0, (res) => res.map(() => 0));
    expect(none.steps).toBe(0);
    expect(Array.from(none.x)).toEqual(Array.from(x0));
    using f = lu(A);
    // A damped correction removes 90% of the error per step: it keeps going until maxSteps.
    const slow = refineSolution(A, b, x0, (res) => f.solve(res).map((v) => 0.9 * v), { maxSteps: 3 });
    expect(slow.steps).toBe(3);
  });

  it('symmetricLower uses only the lower triangle of A', () => {
    const S = spdWithEigenvalues(logSpaced(n, 100), 2);
    const upperJunk = new Matrix(n, n, S.data.slice());
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) upperJunk.data[i * n + j] = 7;
    const bs = naiveMatvec(S, xTrue);
    using f = cholesky(upperJunk);
    const out = refineSolution(upperJunk, bs, f.solve(bs), (res) => f.solve(res), { symmetricLower: true });
    expect(out.backwardError).toBeLessThanOrEqual(4 * EPS);
    expect(backwardError(upperJunk, out.x, bs, true)).toBe(out.backwardError);
  });

  it('ω of an exact solution is 0', () => {
    const M = Matrix.from([
      [2, 1],
      [1, 3],
    ]);
    expect(backwardError(M, Float64Array.from([1, 2]), [4, 7])).toBe(0);
    // the former name is the same function
    expect(backwardError).toBe(componentwiseBackwardError);
  });
});

describe("solve: assume 'symmetric' and the LDLᵀ fallback of 'auto'", () => {
  const n = 30;
  const indefinite = spdWithEigenvalues(
    logSpaced(n, 1e3).map((v, i) => (i % 3 === 0 ? -v : v)),
    8,
  );
  const b = randomVector(n, 9);

  it("'auto' on a symmetric indefinite matrix uses LDLᵀ (bit-identical to ldlt().solve)", () => {
    using f = ldlt(indefinite);
    expect(Array.from(solve(indefinite, b))).toEqual(Array.from(f.solve(b)));
    expect(Array.from(solve(indefinite, b, { assume: 'symmetric' }))).toEqual(Array.from(f.solve(b)));
    expect(solveResidual(indefinite, column(solve(indefinite, b)), column(b))).toBeLessThan(30);
  });

  it("'symmetric' reads only the lower triangle; 'spd' still refuses an indefinite matrix", () => {
    const junk = new Matrix(n, n, indefinite.data.slice());
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) junk.data[i * n + j] = -1;
    expect(Array.from(solve(junk, b, { assume: 'symmetric' }))).toEqual(
      Array.from(solve(indefinite, b, { assume: 'symmetric' })),
    );
    expect(() => solve(indefinite, b, { assume: 'spd' })).toThrow(NotPositiveDefiniteError);
  });

  it('[[0, 1], [1, 0]] and a KKT system through solve', () => {
    expect(
      Array.from(
        solve(
          [
            [0, 1],
            [1, 0],
          ],
          [2, 3],
        ),
      ),
    ).toEqual([3, 2]);
    const K = [
      [2, 0, 1],
      [0, 2, 1],
      [1, 1, 0],
    ];
    // min x₀² + x₁² subject to x₀ + x₁ = 1: x = (½, ½), multiplier −1 (K·[½, ½, −1] = [0, 0, 1]).
    const x = solve(K, [0, 0, 1], { refine: true });
    expect(x[0]).toBeCloseTo(0.5, 15);
    expect(x[1]).toBeCloseTo(0.5, 15);
    expect(x[2]).toBeCloseTo(-1, 15);
  });

  it('a singular symmetric matrix throws SingularMatrixError from LDLᵀ', () => {
    expect(() =>
      solve(
        [
          [1, 1],
          [1, 1],
        ],
        [1, 1],
        { assume: 'symmetric' },
      ),
    ).toThrow(SingularMatrixError);
    expect(() =>
      solve(
        [
          [1, 1],
          [1, 1],
        ],
        [1, 1],
      ),
    ).toThrow(SingularMatrixError);
  });
});
