import { describe, expect, it } from 'vitest';
import { DisposedError, lu, Matrix, NonFiniteError, ShapeError, SingularMatrixError } from '../../src/index.js';
import { generalWithSingularValues, logSpaced, orthogonal, randomMatrix } from '../helpers/random.js';
import { column, norm1, solveResidual } from '../helpers/reference.js';

const sizes = [0, 1, 2, 3, 5, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 300];

describe('lu: accuracy of solves (LAPACK scaled residuals < 30)', () => {
  for (const n of sizes) {
    for (const cond of n >= 128 ? [1e10] : [1, 1e5, 1e10]) {
      it(`n = ${n}, cond = ${cond}`, () => {
        const A = generalWithSingularValues(logSpaced(n, cond), 2000 + n);
        using f = lu(A);
        const B = randomMatrix(n, 3, n);
        expect(solveResidual(A, f.solve(B), B)).toBeLessThan(30);
        expect(solveResidual(A.transpose(), f.solveTransposed(B), B)).toBeLessThan(30);
        const b = randomMatrix(n, 1, n + 3).data;
        expect(solveResidual(A, column(f.solve(b)), column(b))).toBeLessThan(30);
        expect(solveResidual(A.transpose(), column(f.solveTransposed(b)), column(b))).toBeLessThan(30);
      });
    }
  }

  it('pivots: a matrix that needs row exchanges (zero leading entry)', () => {
    const A = Matrix.from([
      [0, 1, 2],
      [1, 0, 3],
      [4, -3, 8],
    ]);
    using f = lu(A);
    const x = f.solve([1, 2, 3]);
    // det A = −2 by cofactor expansion along the first row: −1·(8 − 12) + 2·(−3 − 0).
    const r = [0 * x[0] + x[1] + 2 * x[2] - 1, x[0] + 3 * x[2] - 2, 4 * x[0] - 3 * x[1] + 8 * x[2] - 3];
    for (const ri of r) expect(Math.abs(ri)).toBeLessThan(1e-14);
    expect(f.det()).toBeCloseTo(-2, 13);
  });
});

describe('lu: determinant and condition', () => {
  it('|det A| is the product of the singular values, its sign that of det(U)·det(V)', () => {
    const s = logSpaced(30, 1e6).map((v) => v * 3);
    const U = orthogonal(30, 7);
    const V = orthogonal(30, 8);
    const A = generalWithSingularValues(s, 7);
    using f = lu(A);
    const expectedLog = s.reduce((acc, v) => acc + Math.log(v), 0);
    expect(f.logAbsDet()).toBeCloseTo(expectedLog, 9);
    // det of a product of reflections is (−1)^count; orthogonal(n) uses n reflections.
    const sign = (-1) ** (U.rows + V.rows);
    expect(Math.sign(f.det())).toBe(sign);
    expect(f.det()).toBeCloseTo(sign * Math.exp(expectedLog), 9);
  });

  it('det of a triangular matrix is the product of its diagonal', () => {
    using f = lu([
      [2, 5, 7],
      [0, -3, 1],
      [0, 0, 0.5],
    ]);
    expect(f.det()).toBeCloseTo(-3, 14);
  });

  it('det does not overflow in intermediate products, and is ±Infinity only beyond float64', () => {
    // Plain left-to-right products would overflow at 1e200·1e200; the determinant is 1e100.
    using f = lu([
      [1e200, 0, 0],
      [0, 1e200, 0],
      [0, 0, -1e-300],
    ]);
    expect(f.det() / -1e100).toBeCloseTo(1, 14);
    using g = lu([
      [1e200, 0],
      [0, 1e200],
    ]);
    expect(g.det()).toBe(Number.POSITIVE_INFINITY);
    expect(g.logAbsDet()).toBeCloseTo(400 * Math.LN10, 10);
  });

  it('rcond is within a factor 10 of 1/(‖A‖₁‖A⁻¹‖₁) from the known SVD', () => {
    const n = 40;
    for (const cond of [1, 1e4, 1e9]) {
      const s = logSpaced(n, cond);
      const A = generalWithSingularValues(s, 21);
      // A = U·S·Vᵀ, so A⁻¹ = V·S⁻¹·Uᵀ.
      const U = orthogonal(n, 21);
      const V = orthogonal(n, 22);
      const inverse = reconstructInverse(U, s, V);
      const exact = 1 / (norm1(A) * norm1(inverse));
      using f = lu(A);
      expect(f.rcond()).toBeGreaterThanOrEqual(exact * 0.999);
      expect(f.rcond()).toBeLessThanOrEqual(exact * 10);
    }
  });
});

describe('lu: errors', () => {
  it('SingularMatrixError with the 0-based index of the zero pivot', () => {
    let error: unknown;
    try {
      lu([
        [1, 2, 3],
        [2, 4, 6],
        [1, 0, 1],
      ]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SingularMatrixError);
    // Elimination with partial pivoting: pivot 0 is 2 (row 1), then the column below it becomes
    // [0, -2]: pivot 1 is −2, and the last pivot is exactly 0.
    expect((error as SingularMatrixError).pivot).toBe(2);
  });

  it('the zero matrix fails at pivot 0', () => {
    expect(() => lu(new Matrix(3, 3))).toThrow(SingularMatrixError);
  });

  it('ShapeError, NonFiniteError, DisposedError', () => {
    expect(() => lu(new Matrix(3, 2))).toThrow(ShapeError);
    expect(() =>
      lu([
        [1, Number.NaN],
        [0, 1],
      ]),
    ).toThrow(NonFiniteError);
    const f = lu(Matrix.identity(2));
    expect(() => f.solveTransposed([1])).toThrow(/b has length 1, expected 2/);
    f.dispose();
    expect(() => f.solve([1, 2])).toThrow(DisposedError);
    expect(() => f.det()).toThrow(DisposedError);
  });
});

/** V·diag(1/s)·Uᵀ. */
function reconstructInverse(U: Matrix, s: Float64Array, V: Matrix): Matrix {
  const n = U.rows;
  const R = new Matrix(n, n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += (V.data[i * n + k] / s[k]) * U.data[j * n + k];
      R.data[i * n + j] = sum;
    }
  return R;
}
