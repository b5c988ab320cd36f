import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ArgumentError, lstsq, Matrix, NonFiniteError, ShapeError } from '../../src/index.js';
import { randomMatrix } from '../helpers/random.js';

// Reference: numpy.linalg.lstsq (SVD, LAPACK dgelsd) — an algorithm independent of ours (QR with
// column pivoting and a complete orthogonal decomposition). Fixture and its generating script:
// test/fixtures/robust/lstsq.{json,py}.

interface Case {
  name: string;
  m: number;
  n: number;
  A: number[][];
  b: number[] | number[][];
  x: number[] | number[][];
  rank: number;
  residualNorm: number;
  singularValues: number[];
  rcond?: number;
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/robust/lstsq.json', import.meta.url), 'utf8')) as {
  cases: Case[];
};

/** ‖x − y‖₂ / max(‖y‖₂, tiny). */
function relativeDistance(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    d += (x[i] - y[i]) ** 2;
    s += y[i] ** 2;
  }
  return Math.sqrt(d) / Math.max(Math.sqrt(s), 1e-300);
}

function conditionOfRankPart(c: Case): number {
  return c.rank === 0 ? 1 : c.singularValues[0] / c.singularValues[c.rank - 1];
}

describe('lstsq against numpy.linalg.lstsq', () => {
  for (const c of fixture.cases) {
    for (const pivoting of ['deterministic', 'randomized'] as const) {
      it(`${c.name}, ${pivoting} pivoting`, () => {
        const A = new Matrix(c.m, c.n, c.A.flat());
        const options = c.rcond === undefined ? { pivoting } : { rcond: c.rcond, pivoting };
        const isMatrix = Array.isArray(c.b[0]);
        const k = isMatrix ? (c.b[0] as number[]).length : 1;
        const b = isMatrix ? new Matrix(c.m, k, (c.b as number[][]).flat()) : Float64Array.from(c.b as number[]);
        const result = isMatrix ? lstsq(A, b as Matrix, options) : lstsq(A, b as Float64Array, options);
        expect(result.rank).toBe(c.rank);
        const x = result.x instanceof Matrix ? result.x.data : result.x;
        expect(x.length).toBe(c.n * k);
        // Forward error bound of a backward stable solver: a modest multiple of κ(A_r)·ε (with κ² for
        // the residual's share in overdetermined problems; the cases here keep κ below ~1e4).
        // A truncated rank (σ_{r+1} > 0 cut by rcond) is a different regularization in QR and in the
        // SVD: the two solutions then differ by O(σ_{r+1}/σ_r) relative.
        const kappa = Math.max(1, conditionOfRankPart(c));
        const cut =
          c.rank > 0 && c.rank < c.singularValues.length ? c.singularValues[c.rank] / c.singularValues[c.rank - 1] : 0;
        const tol = Math.max(1e-13 * kappa ** 2, 1e-11, 10 * kappa * cut);
        expect(relativeDistance(x, (c.x as (number | number[])[]).flat())).toBeLessThan(tol);
        expect(result.residualNorm).toBeCloseTo(c.residualNorm, 10);
      });
    }
  }
});

describe('lstsq: properties', () => {
  it('a square nonsingular system: the solution of A·x = b, residual ~ 0', () => {
    const A = randomMatrix(50, 50, 3);
    const x = randomMatrix(50, 1, 4).data;
    const b = new Float64Array(50);
    for (let i = 0; i < 50; i++) for (let j = 0; j < 50; j++) b[i] += A.data[i * 50 + j] * x[j];
    const r = lstsq(A, b);
    expect(r.rank).toBe(50);
    expect(relativeDistance(r.x, x)).toBeLessThan(1e-12);
    expect(r.residualNorm).toBeLessThan(1e-12);
  });

  it('the overdetermined residual is orthogonal to the columns of A (normal equations)', () => {
    const m = 200;
    const n = 70;
    const A = randomMatrix(m, n, 5);
    const b = randomMatrix(m, 1, 6).data;
    const { x } = lstsq(A, b);
    const r = Float64Array.from(b);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) r[i] -= A.data[i * n + j] * x[j];
    let worst = 0;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = 0; i < m; i++) s += A.data[i * n + j] * r[i];
      worst = Math.max(worst, Math.abs(s));
    }
    expect(worst).toBeLessThan(1e-11);
  });

  it('the minimum-norm solution is orthogonal to the null space: duplicating a column splits its weight', () => {
    // A = [a, a]: x₀ + x₁ = c for every minimizer; the minimum-norm one has x₀ = x₁ = c/2.
    const A = [
      [1, 1],
      [2, 2],
      [3, 3],
    ];
    const r = lstsq(A, [2, 4, 6]);
    expect(r.rank).toBe(1);
    expect(r.x[0]).toBeCloseTo(1, 14);
    expect(r.x[1]).toBeCloseTo(1, 14);
  });

  it('empty problems and a zero rcond', () => {
    expect(lstsq(new Matrix(0, 3), []).x).toEqual(new Float64Array(3));
    expect(lstsq(new Matrix(0, 3), []).rank).toBe(0);
    const r = lstsq(new Matrix(2, 0), [1, 2]);
    expect(r.x.length).toBe(0);
    expect(r.residualNorm).toBeCloseTo(Math.sqrt(5), 15);
    expect(lstsq([[1e-300]], [1e-300], { rcond: 0 }).x[0]).toBe(1);
    expect(lstsq([[1e-300]], [1e-300], { rankTolerance: 0 }).x[0]).toBe(1);
    const D = [
      [1, 0],
      [0, 1e-10],
    ];
    expect(lstsq(D, [1, 1], { rankTolerance: 1e-8 }).rank).toBe(1);
    expect(lstsq(D, [1, 1], { rcond: 1e-8 }).rank).toBe(1);
    expect(lstsq(D, [1, 1]).rank).toBe(2);
  });

  it('errors: shape, non-finite, rcond', () => {
    expect(() => lstsq([[1, 2]], [1, 2])).toThrow(ShapeError);
    expect(() => lstsq([[1], [2, 3]], [1, 2])).toThrow(ShapeError);
    expect(() => lstsq([[Number.NaN]], [1])).toThrow(NonFiniteError);
    expect(() => lstsq([[1]], [Number.POSITIVE_INFINITY])).toThrow(NonFiniteError);
    expect(() => lstsq([[1]], [1], { rcond: -1 })).toThrow(ArgumentError);
    expect(() => lstsq([[1]], [1], { rankTolerance: Number.NaN })).toThrow(/options.rankTolerance/);
    expect(() => lstsq([[1]], [1], { pivoting: 'greedy' as 'auto' })).toThrow(ArgumentError);
    expect(() => lstsq([[1]], [1], { pivoting: 'greedy' as 'auto' })).toThrow(
      /'auto', 'deterministic' or 'randomized'/,
    );
  });
});
