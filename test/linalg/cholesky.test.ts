import { describe, expect, it } from 'vitest';
import {
  cholesky,
  DisposedError,
  ImplicitDiffError,
  Matrix,
  NonFiniteError,
  NotPositiveDefiniteError,
  ShapeError,
} from '../../src/index.js';
import { logSpaced, randomMatrix, spdWithEigenvalues } from '../helpers/random.js';
import { column, factorResidual, naiveMatmul, norm1, solveResidual } from '../helpers/reference.js';

const sizes = [0, 1, 2, 3, 5, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 300];

describe('cholesky: accuracy (LAPACK scaled residuals < 30)', () => {
  for (const n of sizes) {
    for (const cond of n >= 128 ? [1e10] : [1, 1e5, 1e10]) {
      it(`n = ${n}, cond = ${cond}`, () => {
        const A = spdWithEigenvalues(logSpaced(n, cond), 1000 + n);
        using chol = cholesky(A);
        const L = chol.factor();
        expect(factorResidual(A, naiveMatmul(L, L.transpose()))).toBeLessThan(30);
        const B = randomMatrix(n, 3, n);
        expect(solveResidual(A, chol.solve(B), B)).toBeLessThan(30);
        const b = randomMatrix(n, 1, n + 7).data;
        expect(solveResidual(A, column(chol.solve(b)), column(b))).toBeLessThan(30);
      });
    }
  }
});

describe('cholesky: factor, determinant, condition', () => {
  it('L is lower triangular with a positive diagonal', () => {
    const A = spdWithEigenvalues(logSpaced(9, 100), 3);
    using chol = cholesky(A);
    const L = chol.factor();
    for (let i = 0; i < 9; i++) {
      expect(L.get(i, i)).toBeGreaterThan(0);
      for (let j = i + 1; j < 9; j++) expect(L.get(i, j)).toBe(0);
    }
  });

  it('logDet is the sum of the logs of the eigenvalues', () => {
    const eig = logSpaced(40, 1e8);
    using chol = cholesky(spdWithEigenvalues(eig, 5));
    const expected = eig.reduce((s, l) => s + Math.log(l), 0);
    expect(chol.logDet()).toBeCloseTo(expected, 8);
  });

  it('logDet of the empty matrix is 0', () => {
    using chol = cholesky(new Matrix(0, 0));
    expect(chol.logDet()).toBe(0);
    expect(chol.solve([])).toEqual(new Float64Array(0));
  });

  it('rcond is within a factor 10 of 1/(‖A‖₁‖A⁻¹‖₁) computed from the known eigen-decomposition', () => {
    for (const cond of [1, 1e3, 1e8]) {
      const n = 50;
      const eig = logSpaced(n, cond);
      const A = spdWithEigenvalues(eig, 11);
      const inverse = spdWithEigenvalues(
        eig.map((l) => 1 / l),
        11,
      );
      const exact = 1 / (norm1(A) * norm1(inverse));
      using chol = cholesky(A);
      const estimate = chol.rcond();
      expect(estimate).toBeGreaterThanOrEqual(exact * 0.999);
      expect(estimate).toBeLessThanOrEqual(exact * 10);
    }
  });

  it('reads only the lower triangle', () => {
    const A = spdWithEigenvalues([3, 2, 1], 2);
    const B = new Matrix(3, 3, A.data.slice());
    B.set(0, 2, 1e6);
    using a = cholesky(A);
    using b = cholesky(B);
    expect(b.factor().data).toEqual(a.factor().data);
  });

  it('accepts an array of rows and leaves its input unchanged', () => {
    const rows = [
      [4, 2],
      [2, 3],
    ];
    using chol = cholesky(rows);
    expect(rows).toEqual([
      [4, 2],
      [2, 3],
    ]);
    // L = [[2, 0], [1, √2]] by hand.
    expect(chol.factor().toArray()).toEqual([
      [2, 0],
      [1, Math.SQRT2],
    ]);
    const b = [2, 1];
    const x = chol.solve(b);
    expect(b).toEqual([2, 1]);
    // [[4, 2], [2, 3]]⁻¹ [2, 1] = [0.5, 0]
    expect(x[0]).toBeCloseTo(0.5, 15);
    expect(x[1]).toBeCloseTo(0, 15);
  });
});

describe('cholesky: small factors (in the shared factor scratch block) and large ones (in blocks of their own)', () => {
  it('interleaved use of several factorizations of both kinds gives each its own answer', () => {
    const sizes = [3, 16, 17, 40];
    const matrices = sizes.map((n, i) => spdWithEigenvalues(logSpaced(n, 1e3), 50 + i));
    const factors = matrices.map((A) => cholesky(A));
    for (let round = 0; round < 3; round++) {
      factors.forEach((f, i) => {
        const b = randomMatrix(sizes[i], 1, 100 * round + i).data;
        expect(solveResidual(matrices[i], column(f.solve(b)), column(b))).toBeLessThan(30);
        const L = f.factor();
        expect(factorResidual(matrices[i], naiveMatmul(L, L.transpose()))).toBeLessThan(30);
      });
    }
    for (const f of factors) {
      f.dispose();
      expect(f.disposed).toBe(true);
      expect(() => f.rcond()).toThrow(DisposedError);
    }
  });
});

describe('cholesky: errors', () => {
  it('NotPositiveDefiniteError names the first failing leading minor (0-based pivot)', () => {
    const A = Matrix.from([
      [4, 1, 0, 0],
      [1, 3, 0, 0],
      [0, 0, -1, 0],
      [0, 0, 0, 5],
    ]);
    const error = captured(() => cholesky(A));
    expect(error).toBeInstanceOf(NotPositiveDefiniteError);
    expect(error).toBeInstanceOf(ImplicitDiffError);
    expect((error as NotPositiveDefiniteError).pivot).toBe(2);
    expect((error as Error).message).toMatch(/order 3/);
  });

  it('a semidefinite matrix fails at the pivot where the minor vanishes', () => {
    // [[1, 1], [1, 1]]: second leading minor is 0.
    const error = captured(() =>
      cholesky([
        [1, 1],
        [1, 1],
      ]),
    ) as NotPositiveDefiniteError;
    expect(error).toBeInstanceOf(NotPositiveDefiniteError);
    expect(error.pivot).toBe(1);
  });

  it('ShapeError for non-square, ragged and wrong-length input', () => {
    expect(() => cholesky(new Matrix(2, 3))).toThrow(ShapeError);
    expect(() => cholesky(new Matrix(2, 3))).toThrow(/square, got 2 × 3/);
    expect(() => cholesky([[1, 0], [0]])).toThrow(/ragged/);
    using chol = cholesky(Matrix.identity(3));
    expect(() => chol.solve([1, 2])).toThrow(/b has length 2, expected 3/);
    expect(() => chol.solve(new Matrix(2, 2))).toThrow(ShapeError);
  });

  it('NonFiniteError for NaN or Infinity in A or b, naming the entry', () => {
    const A = Matrix.identity(3);
    A.data[4] = Number.NaN;
    expect(() => cholesky(A)).toThrow(NonFiniteError);
    expect(() => cholesky(A)).toThrow(/A\[1\]\[1\] is NaN/);
    using chol = cholesky(Matrix.identity(2));
    expect(() => chol.solve([1, Number.POSITIVE_INFINITY])).toThrow(/b\[1\] is Infinity/);
  });

  it('DisposedError after dispose; disposing twice is harmless', () => {
    const chol = cholesky(Matrix.identity(2));
    chol.dispose();
    chol.dispose();
    expect(chol.disposed).toBe(true);
    expect(() => chol.solve([1, 2])).toThrow(DisposedError);
    expect(() => chol.logDet()).toThrow(DisposedError);
    expect(() => chol.factor()).toThrow(DisposedError);
  });

  it('a size too large for 32-bit WASM memory is a ShapeError, not a crash', () => {
    const n = 20000;
    const huge = { rows: n, cols: n, data: new Float64Array(0) };
    Object.setPrototypeOf(huge, Matrix.prototype);
    expect(() => cholesky(huge as Matrix)).toThrow(/GiB/);
  });
});

function captured(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
