import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  cholesky,
  Matrix,
  NonFiniteError,
  NotPositiveDefiniteError,
  ShapeError,
} from '../../src/index.js';
import { logSpaced, randomVector, spdWithEigenvalues } from '../helpers/random.js';
import { column, solveResidual } from '../helpers/reference.js';
import { choleskySolveChecked } from '../internal.js';

const EPS = 2 ** -52;

/** ‖b − A·x‖∞ / (‖A‖∞‖x‖∞ + ‖b‖∞) from the definition, in plain JavaScript. */
function normwiseBackwardError(A: Matrix, x: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = A.rows;
  let rn = 0;
  let an = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    let row = 0;
    for (let j = 0; j < n; j++) {
      s += A.data[i * n + j] * x[j];
      row += Math.abs(A.data[i * n + j]);
    }
    rn = Math.max(rn, Math.abs(b[i] - s));
    an = Math.max(an, row);
  }
  const xn = Math.max(...Array.from(x, Math.abs));
  const bn = Math.max(...Array.from(b, Math.abs));
  return rn / (an * xn + bn);
}

describe('choleskySolveChecked (one-shot SPD solve with its backward error)', () => {
  it('gives the bits of cholesky(A).solve(b), its rcond, and a backward error of order ε', () => {
    for (const n of [1, 2, 4, 7, 16, 17, 40]) {
      const A = spdWithEigenvalues(logSpaced(n, 1e6), n);
      const b = randomVector(n, 100 + n);
      const { x, backwardError, rcond } = choleskySolveChecked(A, b, true);
      const f = cholesky(A);
      expect(Array.from(x)).toEqual(Array.from(f.solve(b)));
      expect(rcond).toBe(f.rcond());
      f.dispose();
      expect(solveResidual(A, column(x), column(b))).toBeLessThan(30);
      expect(backwardError).toBeLessThan(4 * n * EPS);
      expect(choleskySolveChecked(A, b).rcond).toBeNaN();
    }
  });

  it('measures the residual against the whole matrix: an upper triangle that does not mirror the lower shows', () => {
    const n = 6;
    const A = spdWithEigenvalues(logSpaced(n, 10), 3);
    A.data[1 * n + 4] += 0.25; // upper triangle only: the factorization does not see it
    const b = randomVector(n, 4);
    const { x, backwardError } = choleskySolveChecked(A, b);
    const expected = normwiseBackwardError(A, x, b);
    expect(expected).toBeGreaterThan(1e-3);
    expect(Math.abs(backwardError - expected)).toBeLessThan(1e-12 * expected);
  });

  it('n = 0, and the errors of cholesky with the entry named', () => {
    const empty = choleskySolveChecked(new Matrix(0, 0), [], true);
    expect(empty.x.length).toBe(0);
    expect(empty.backwardError).toBe(0);
    expect(empty.rcond).toBe(1);
    const indefinite = Matrix.from([
      [2, 0, 0],
      [0, -1, 0],
      [0, 0, 1],
    ]);
    expect(() => choleskySolveChecked(indefinite, [1, 2, 3])).toThrow(NotPositiveDefiniteError);
    try {
      choleskySolveChecked(indefinite, [1, 2, 3]);
    } catch (error) {
      expect((error as NotPositiveDefiniteError).pivot).toBe(1);
    }
    const bad = Matrix.identity(3);
    bad.data[5] = Number.NaN;
    expect(() => choleskySolveChecked(bad, [1, 2, 3])).toThrow(/A\[1\]\[2\] is NaN/);
    expect(() => choleskySolveChecked(Matrix.identity(3), [1, Number.POSITIVE_INFINITY, 3])).toThrow(NonFiniteError);
    expect(() => choleskySolveChecked(Matrix.identity(3), [1, 2])).toThrow(ShapeError);
    // One right-hand side: a Matrix is not taken for a vector.
    expect(() => choleskySolveChecked(Matrix.identity(3), new Matrix(3, 1) as never)).toThrow(ArgumentError);
    expect(() => choleskySolveChecked(new Matrix(2, 3), [1, 2])).toThrow(/square/);
  });
});
