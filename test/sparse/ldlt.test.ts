import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  DisposedError,
  ldlt,
  NotQuasiDefiniteError,
  SingularMatrixError,
  SparseMatrix,
  sparseLdlt,
} from '../../src/index.js';
import fixture from '../fixtures/sparse/inertia.json' with { type: 'json' };
import { randomVector } from '../helpers/random.js';
import { isPermutation, patternClasses, scaledResidual, spdOnPattern } from './helpers.js';

// Oracles: eigenvalue signs and log|det| from numpy (test/fixtures/sparse/inertia.py), the dense
// Bunch–Kaufman LDLᵀ's solution, LAPACK-style scaled residuals.

interface Case {
  name: string;
  n: number;
  rows: number[];
  cols: number[];
  values: number[];
  positive: number;
  negative: number;
  logAbsDet: number;
}

const cases = (fixture as { cases: Case[] }).cases;

/** The full symmetric matrix of a fixture case (its lower triangle mirrored). */
function full(c: Case): SparseMatrix {
  const r = [...c.rows];
  const k = [...c.cols];
  const v = [...c.values];
  for (let q = 0; q < c.rows.length; q++) {
    if (c.rows[q] === c.cols[q]) continue;
    r.push(c.cols[q]);
    k.push(c.rows[q]);
    v.push(c.values[q]);
  }
  return SparseMatrix.fromTriplets(c.n, c.n, r, k, v);
}

/** +1 for the first `positive` rows (the H block), −1 for the rest. */
function kktSigns(c: Case): number[] {
  return Array.from({ length: c.n }, (_, i) => (i < c.positive ? 1 : -1));
}

describe('sparseLdlt on quasi-definite and diagonally dominant indefinite matrices', () => {
  for (const c of cases) {
    for (const ordering of ['amd', 'natural'] as const) {
      it(`${c.name}, ordering ${ordering}: inertia, log|det|, solution`, () => {
        const A = full(c);
        using f = sparseLdlt(A, { ordering });
        expect(isPermutation(f.permutation, c.n)).toBe(true);
        expect(f.inertia()).toEqual({ positive: c.positive, negative: c.negative, zero: 0 });
        expect(f.logAbsDet()).toBeCloseTo(c.logAbsDet, 9);
        const b = randomVector(c.n, 3);
        const x = f.solve(b);
        expect(scaledResidual(A, x, b)).toBeLessThan(30);
        using d = ldlt(A.toDense());
        const xd = d.solve(b);
        for (let i = 0; i < c.n; i++) expect(Math.abs(x[i] - xd[i])).toBeLessThan(1e-9 * (1 + Math.abs(xd[i])));
        expect(f.regularized).toBe(0);
      });
    }
  }

  it('with the KKT signs declared, every quasi-definite case factors; refactor is bit for bit', () => {
    for (const c of cases.filter((k) => k.name.startsWith('kkt'))) {
      const A = full(c);
      using f = sparseLdlt(A, { signs: kktSigns(c) });
      const b = randomVector(c.n, 1);
      const x = f.solve(b);
      const scaled = new SparseMatrix(
        c.n,
        c.n,
        A.colPtr,
        A.rowIndex,
        A.values.map((v) => 2 * v),
      );
      using fresh = sparseLdlt(scaled, { signs: kktSigns(c) });
      f.refactor(scaled);
      expect(f.solve(b)).toEqual(fresh.solve(b));
      expect(Object.is(f.logAbsDet(), fresh.logAbsDet())).toBe(true);
      const x2 = f.solve(b);
      for (let i = 0; i < c.n; i++) expect(x2[i]).toBeCloseTo(x[i] / 2, 12);
    }
  });

  it('is Cholesky-like on SPD patterns of every class', () => {
    for (const [, p] of Object.entries(patternClasses())) {
      const A = spdOnPattern(p, 5);
      using f = sparseLdlt(A, { signs: new Array(p.n).fill(1) });
      expect(f.inertia()).toEqual({ positive: p.n, negative: 0, zero: 0 });
      const b = randomVector(p.n, 2);
      expect(scaledResidual(A, f.solve(b), b)).toBeLessThan(30);
    }
  });
});

describe('sparseLdlt static pivots', () => {
  it('a zero pivot is a SingularMatrixError naming its row', () => {
    // [[0, 1], [1, 0]] has no LDLᵀ without pivoting: its first pivot is 0 in either order.
    const A = SparseMatrix.fromTriplets(2, 2, [1, 0], [0, 1], [1, 1]);
    try {
      sparseLdlt(A);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SingularMatrixError);
      expect([0, 1]).toContain((error as SingularMatrixError).pivot);
    }
    // diag(1, 0, 2) with row 1 stored as an explicit zero
    const Z = SparseMatrix.fromTriplets(3, 3, [0, 1, 2], [0, 1, 2], [1, 0, 2]);
    expect(() => sparseLdlt(Z)).toThrow(SingularMatrixError);
    try {
      sparseLdlt(Z);
    } catch (error) {
      expect((error as SingularMatrixError).pivot).toBe(1);
    }
  });

  it('a refactor that meets a zero pivot throws and keeps the previous factor', () => {
    const A = SparseMatrix.fromTriplets(3, 3, [0, 1, 2, 1], [0, 1, 2, 0], [2, -3, 1, 1]);
    // d1 = 0.5 − 1·(1/2)·1 = 0 exactly
    const Z = new SparseMatrix(3, 3, A.colPtr, A.rowIndex, Float64Array.from([2, 1, 0.5, 1]));
    const b = Float64Array.of(1, 2, 3);
    using f = sparseLdlt(A, { ordering: 'natural' });
    const x = f.solve(b);
    expect(() => f.refactor(Z)).toThrow(SingularMatrixError);
    expect(f.solve(b)).toEqual(x);
    expect(f.inertia()).toEqual({ positive: 2, negative: 1, zero: 0 });
  });

  it('a pivot of the wrong sign is a NotQuasiDefiniteError naming its row', () => {
    const c = cases[0];
    const A = full(c);
    const signs = kktSigns(c);
    signs[c.positive + 3] = 1; // a row of −D declared positive
    try {
      sparseLdlt(A, { signs });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(NotQuasiDefiniteError);
      expect((error as NotQuasiDefiniteError).pivot).toBe(c.positive + 3);
    }
  });

  it('static regularization replaces tiny pivots by sign·delta and counts them', () => {
    // [[H, Bᵀ], [B, 0]] with B's two rows equal: the second constraint's pivot is 0 exactly.
    const H = [
      [0, 0, 2],
      [1, 1, 3],
      [2, 2, 4],
    ];
    const rows: number[] = [];
    const cols: number[] = [];
    const vals: number[] = [];
    for (const [i, j, v] of H) {
      rows.push(i);
      cols.push(j);
      vals.push(v);
    }
    for (const r of [3, 4]) {
      for (const [j, v] of [
        [0, 1],
        [1, 2],
      ]) {
        rows.push(r, j);
        cols.push(j, r);
        vals.push(v, v);
      }
    }
    rows.push(3, 4);
    cols.push(3, 4);
    vals.push(0, 0);
    const K = SparseMatrix.fromTriplets(5, 5, rows, cols, vals);
    const signs = [1, 1, 1, -1, -1];
    expect(() => sparseLdlt(K, { signs, ordering: 'natural' })).toThrow(SingularMatrixError);
    using f = sparseLdlt(K, { signs, ordering: 'natural', regularize: { eps: 1e-12, delta: 1e-8 } });
    expect(f.regularized).toBeGreaterThan(0);
    expect(f.inertia()).toEqual({ positive: 3, negative: 2, zero: 0 });
  });

  it('option errors', () => {
    const c = cases[2];
    const A = full(c);
    expect(() => sparseLdlt(A, { signs: [1, 1] })).toThrow(ArgumentError);
    expect(() => sparseLdlt(A, { signs: new Array(c.n).fill(2) })).toThrow(/signs\[\d+\] is 2/);
    expect(() => sparseLdlt(A, { signs: null as never })).toThrow(ArgumentError);
    expect(() => sparseLdlt(A, { regularize: { eps: 0, delta: 1 } })).toThrow(/needs signs/);
    const signs = kktSigns(c);
    expect(() => sparseLdlt(A, { signs, regularize: { eps: -1, delta: 1 } })).toThrow(ArgumentError);
    expect(() => sparseLdlt(A, { signs, regularize: { eps: 0, delta: 0 } })).toThrow(ArgumentError);
    expect(() => sparseLdlt(A, { signs, regularize: 'yes' as never })).toThrow(ArgumentError);
    expect(() => sparseLdlt(A, { ordering: 'colamd' as never })).toThrow(ArgumentError);
    expect(() => sparseLdlt(A.toDense() as never)).toThrow(ArgumentError);
    const f = sparseLdlt(A);
    f.dispose();
    expect(() => f.inertia()).toThrow(DisposedError);
    expect(() => f.solve(new Float64Array(c.n))).toThrow(DisposedError);
  });
});
