import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  cholesky,
  DisposedError,
  Matrix,
  NonFiniteError,
  NotPositiveDefiniteError,
  ShapeError,
  SparseMatrix,
  sparseCholesky,
} from '../../src/index.js';
import { randomMatrix, randomVector } from '../helpers/random.js';
import { isPermutation, lowerOf, patternClasses, patternOf, scaledResidual, spdOnPattern } from './helpers.js';

// Oracles: the dense Cholesky of the same matrix (solution and log det), LAPACK-style scaled
// residuals, and permutations checked for being permutations.

const classes = patternClasses();

describe('sparseCholesky on every pattern class', () => {
  for (const [name, pattern] of Object.entries(classes)) {
    for (const ordering of ['amd', 'natural'] as const) {
      it(`${name}, ordering ${ordering}`, () => {
        const A = spdOnPattern(pattern, 3);
        const n = A.rows;
        using f = sparseCholesky(A, { ordering });
        expect(f.n).toBe(n);
        expect(isPermutation(f.permutation, n)).toBe(true);
        const b = randomVector(n, 5);
        const x = f.solve(b);
        expect(scaledResidual(A, x, b)).toBeLessThan(30);
        if (n === 0) return;
        using d = cholesky(A.toDense());
        const xd = d.solve(b);
        for (let i = 0; i < n; i++) expect(Math.abs(x[i] - xd[i])).toBeLessThan(1e-10 * (1 + Math.abs(xd[i])));
        expect(f.logDet()).toBeCloseTo(d.logDet(), 9);
        expect(f.nnzL).toBeGreaterThanOrEqual(n);
        expect(f.nnzL).toBeLessThanOrEqual((n * (n + 1)) / 2);
      });
    }
  }

  it('reads only the lower triangle: the full matrix and its lower triangle give the same factor', () => {
    const A = spdOnPattern(classes.random, 11);
    const low = lowerOf(A);
    // Upper entries that disagree with the lower ones are not read.
    const garbled = SparseMatrix.fromTriplets(
      A.rows,
      A.cols,
      [...low.rowIndex, 0],
      [...Array.from({ length: low.nnz }, (_, q) => columnOf(low, q)), A.rows - 1],
      [...low.values, 1e6],
    );
    const b = randomVector(A.rows, 2);
    using f1 = sparseCholesky(A);
    using f2 = sparseCholesky(low);
    using f3 = sparseCholesky(garbled);
    expect(f2.solve(b)).toEqual(f1.solve(b));
    expect(f3.solve(b)).toEqual(f1.solve(b));
  });

  it('solves many right-hand sides at once, as one at a time', () => {
    const A = spdOnPattern(classes['grid 12 × 9'], 4);
    const n = A.rows;
    const B = randomMatrix(n, 5, 8);
    using f = sparseCholesky(A);
    const X = f.solve(B);
    expect(X).toBeInstanceOf(Matrix);
    for (let c = 0; c < 5; c++) {
      const b = Float64Array.from({ length: n }, (_, i) => B.get(i, c));
      const x = f.solve(b);
      const xc = Float64Array.from({ length: n }, (_, i) => X.get(i, c));
      expect(scaledResidual(A, xc, b)).toBeLessThan(30);
      for (let i = 0; i < n; i++) expect(xc[i]).toBeCloseTo(x[i], 12);
    }
    expect(f.solve(new Matrix(n, 0)).cols).toBe(0);
  });

  it('takes a caller permutation and reports it composed with a postorder (same fill as given)', () => {
    const A = spdOnPattern(classes['grid 12 × 9'], 4);
    const n = A.rows;
    const reversed = Int32Array.from({ length: n }, (_, k) => n - 1 - k);
    using f = sparseCholesky(A, { ordering: reversed });
    expect(isPermutation(f.permutation, n)).toBe(true);
    const b = randomVector(n, 1);
    expect(scaledResidual(A, f.solve(b), b)).toBeLessThan(30);
    expect(f.fillRatio).toBeCloseTo(f.nnzL / lowerOf(A).nnz, 12);
  });

  it('is accurate on an ill-conditioned matrix (diagonal spread 1e-8 .. 1)', () => {
    const p = classes['grid 12 × 9'];
    const base = spdOnPattern(p, 9);
    const scale = Float64Array.from({ length: p.n }, (_, i) => 10 ** (-8 * (i / (p.n - 1))));
    // D·A·D keeps the pattern and symmetry, condition about 1e16 / κ(A).
    const values = base.values.slice();
    for (let j = 0; j < p.n; j++) {
      for (let q = base.colPtr[j]; q < base.colPtr[j + 1]; q++)
        values[q] *= Math.sqrt(scale[base.rowIndex[q]] * scale[j]);
    }
    const A = new SparseMatrix(p.n, p.n, base.colPtr, base.rowIndex, values);
    const b = randomVector(p.n, 3);
    using f = sparseCholesky(A);
    expect(scaledResidual(A, f.solve(b), b)).toBeLessThan(30);
  });
});

describe('sparseCholesky.refactor', () => {
  it('equals a fresh factorization bit for bit, and skips nothing it needs', () => {
    const p = classes.random;
    const A1 = spdOnPattern(p, 1);
    const A2 = spdOnPattern(p, 2);
    const b = randomVector(p.n, 4);
    using f = sparseCholesky(A1);
    using fresh = sparseCholesky(A2);
    expect(f.refactor(A2)).toBe(f);
    expect(f.solve(b)).toEqual(fresh.solve(b));
    expect(Object.is(f.logDet(), fresh.logDet())).toBe(true);
    expect(f.permutation).toEqual(fresh.permutation);
    // and back
    using again = sparseCholesky(A1);
    f.refactor(A1);
    expect(f.solve(b)).toEqual(again.solve(b));
  });

  it('keeps the previous factor when the new matrix is not positive definite', () => {
    const p = classes.tridiagonal;
    const A = spdOnPattern(p, 1);
    const bad = new SparseMatrix(
      p.n,
      p.n,
      A.colPtr,
      A.rowIndex,
      A.values.map((v, q) => (A.rowIndex[q] === 7 && columnOf(A, q) === 7 ? -1 : v)),
    );
    const b = randomVector(p.n, 4);
    using f = sparseCholesky(A);
    const x = f.solve(b);
    expect(() => f.refactor(bad)).toThrow(NotPositiveDefiniteError);
    expect(f.solve(b)).toEqual(x);
  });

  it('refuses another pattern, size or type', () => {
    const A = spdOnPattern(classes.random, 1);
    using f = sparseCholesky(A);
    const other = spdOnPattern(classes['grid 12 × 9'], 1);
    expect(() => f.refactor(other)).toThrow(ShapeError);
    const sameSizeOther = spdOnPattern(patternOf(150, [[3, 1]]), 1);
    expect(() => f.refactor(sameSizeOther)).toThrow(ArgumentError);
    // Same size and count of entries, one row index moved: column 0 holds rows {0, 2} instead of {0, 1}.
    const T = spdOnPattern(classes.tridiagonal, 1);
    using g = sparseCholesky(T);
    const moved = T.rowIndex.slice();
    expect(Array.from(moved.subarray(0, 2))).toEqual([0, 1]);
    moved[1] = 2;
    expect(() => g.refactor(new SparseMatrix(40, 40, T.colPtr, moved, T.values))).toThrow(/column 0/);
    expect(() => f.refactor(A.toDense() as never)).toThrow(ArgumentError);
  });
});

describe('sparseCholesky errors', () => {
  it('NotPositiveDefiniteError names the failing row in the caller numbering', () => {
    // diag(1, 2, ..., −3 at row 13, ...): whatever the ordering, row 13 fails.
    const n = 30;
    const values = Array.from({ length: n }, (_, i) => (i === 13 ? -3 : i + 1));
    const D = SparseMatrix.fromTriplets(n, n, [...Array(n).keys()], [...Array(n).keys()], values);
    for (const ordering of ['amd', 'natural', Int32Array.from({ length: n }, (_, k) => (k * 7) % n)] as const) {
      try {
        sparseCholesky(D, { ordering });
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(NotPositiveDefiniteError);
        expect((error as NotPositiveDefiniteError).pivot).toBe(13);
        expect((error as Error).message).toContain('row 13');
      }
    }
    // An indefinite 2 × 2 block [[1, 2], [2, 1]] on rows 5 and 17 of a grid matrix: one of them fails.
    const p = classes['grid 12 × 9'];
    const G = spdOnPattern(p, 2);
    const r: number[] = [];
    const c: number[] = [];
    const v: number[] = [];
    for (let j = 0; j < p.n; j++) {
      for (let q = G.colPtr[j]; q < G.colPtr[j + 1]; q++) {
        const i = G.rowIndex[q];
        const inBlock = (i === 5 || i === 17) && (j === 5 || j === 17);
        if (inBlock || i === 5 || j === 5 || i === 17 || j === 17) continue;
        r.push(i);
        c.push(j);
        v.push(G.values[q]);
      }
    }
    r.push(5, 17, 17, 5);
    c.push(5, 17, 5, 17);
    v.push(1, 1, 2, 2);
    const B = SparseMatrix.fromTriplets(p.n, p.n, r, c, v);
    try {
      sparseCholesky(B);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(NotPositiveDefiniteError);
      expect([5, 17]).toContain((error as NotPositiveDefiniteError).pivot);
    }
  });

  it('argument errors', () => {
    const A = spdOnPattern(classes.tridiagonal, 1);
    expect(() => sparseCholesky(A.toDense() as never)).toThrow(ArgumentError);
    expect(() => sparseCholesky(null as never)).toThrow(ArgumentError);
    expect(() => sparseCholesky(SparseMatrix.fromTriplets(3, 2, [0], [0], [1]))).toThrow(ShapeError);
    expect(() => sparseCholesky(A, 'amd' as never)).toThrow(ArgumentError);
    expect(() => sparseCholesky(A, null as never)).toThrow(ArgumentError);
    expect(() => sparseCholesky(A, { ordering: 'metis' as never })).toThrow(ArgumentError);
    expect(() => sparseCholesky(A, { ordering: new Int32Array(3) })).toThrow(ArgumentError);
    const dup = Int32Array.from({ length: 40 }, (_, k) => k);
    dup[3] = 4;
    expect(() => sparseCholesky(A, { ordering: dup })).toThrow(/appears twice/);
    const out = Int32Array.from({ length: 40 }, (_, k) => k);
    out[0] = 40;
    expect(() => sparseCholesky(A, { ordering: out })).toThrow(ArgumentError);
  });

  it('solve errors: length, non-finite, after dispose', () => {
    const A = spdOnPattern(classes.tridiagonal, 1);
    const f = sparseCholesky(A);
    expect(() => f.solve(new Float64Array(3))).toThrow(ShapeError);
    expect(() => f.solve(new Matrix(3, 2))).toThrow(ShapeError);
    const b = new Float64Array(40);
    b[7] = Number.NaN;
    expect(() => f.solve(b)).toThrow(NonFiniteError);
    f.dispose();
    expect(f.disposed).toBe(true);
    expect(() => f.solve(new Float64Array(40))).toThrow(DisposedError);
    expect(() => f.logDet()).toThrow(DisposedError);
    expect(() => f.refactor(A)).toThrow(DisposedError);
    expect(() => f.permutation).toThrow(DisposedError);
    f.dispose(); // twice is harmless
  });

  it('a factor too large for 32-bit WebAssembly memory is a ShapeError, found before any numeric work', () => {
    // An arrow pointing up-left: with the natural ordering L is dense (n²/2 values, over 1 GiB).
    const n = 17000;
    const rows = [...Array(n).keys(), ...Array.from({ length: n - 1 }, (_, k) => k + 1)];
    const cols = [...Array(n).keys(), ...Array(n - 1).fill(0)];
    const vals = [...Array(n).fill(n), ...Array(n - 1).fill(-0.5)];
    const A = SparseMatrix.fromTriplets(n, n, rows, cols, vals);
    expect(() => sparseCholesky(A, { ordering: 'natural' })).toThrow(ShapeError);
    // AMD orders the hub last: no fill at all.
    using f = sparseCholesky(A);
    expect(f.nnzL).toBe(2 * n - 1);
  });
});

function columnOf(A: SparseMatrix, q: number): number {
  let j = 0;
  while (A.colPtr[j + 1] <= q) j++;
  return j;
}
