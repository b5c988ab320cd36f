import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Matrix, matmul, matvec, NonFiniteError, ShapeError } from '../../src/index.js';
import { randomMatrix } from '../helpers/random.js';
import { EPS, expectAllClose, naiveMatmul, naiveMatvec } from '../helpers/reference.js';

describe('Matrix', () => {
  it('is row-major and shares a Float64Array passed to it', () => {
    const data = new Float64Array([1, 2, 3, 4, 5, 6]);
    const M = new Matrix(2, 3, data);
    expect(M.get(1, 0)).toBe(4);
    expect(M.data).toBe(data);
    M.set(0, 2, 9);
    expect(data[2]).toBe(9);
  });

  it('from, identity, transpose, toArray', () => {
    const M = Matrix.from([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect([M.rows, M.cols]).toEqual([3, 2]);
    expect(M.transpose().toArray()).toEqual([
      [1, 3, 5],
      [2, 4, 6],
    ]);
    expect(Matrix.identity(2).toArray()).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(Matrix.from([]).rows).toBe(0);
  });

  it('rejects bad dimensions, data lengths, ragged rows, indices and values', () => {
    expect(() => new Matrix(-1, 2)).toThrow(/rows must be a non-negative integer, got -1/);
    expect(() => new Matrix(2, 1.5)).toThrow(ShapeError);
    expect(() => new Matrix(2, 2, [1, 2, 3])).toThrow(/data has length 3, expected rows \* cols = 2 \* 2 = 4/);
    expect(() => Matrix.from([[1, 2], [3]])).toThrow(/ragged: row 0 has 2 entries but row 1 has 1/);
    expect(() => Matrix.identity(2).get(2, 0)).toThrow(/outside a 2 × 2 matrix/);
    expect(() => Matrix.identity(2).set(0, 0, Number.NaN)).toThrow(NonFiniteError);
  });
});

describe('matmul and matvec', () => {
  it('agree with the textbook loop on every shape, including empty ones (property)', () => {
    fc.assert(
      fc.property(fc.nat(40), fc.nat(40), fc.nat(40), fc.nat(1000), (m, k, n, seed) => {
        const A = randomMatrix(m, k, seed);
        const B = randomMatrix(k, n, seed + 1);
        const C = matmul(A, B);
        const R = naiveMatmul(A, B);
        // Both sums carry at most k·ε·(|A|·|B|)ᵢⱼ rounding error (Higham, Accuracy and Stability, §3.5).
        const bound = naiveMatmul(abs(A), abs(B));
        expect([C.rows, C.cols]).toEqual([m, n]);
        for (let i = 0; i < C.data.length; i++) {
          expect(Math.abs(C.data[i] - R.data[i])).toBeLessThanOrEqual(2 * k * EPS * bound.data[i]);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('matvec and its transpose', () => {
    const A = randomMatrix(7, 5, 1);
    const x = randomMatrix(1, 5, 2).data;
    const y = randomMatrix(1, 7, 3).data;
    const ref = naiveMatvec(A, x);
    expectAllClose(matvec(A, x), ref, 1e-13);
    const refT = naiveMatvec(A.transpose(), y);
    expectAllClose(matvec(A, y, true), refT, 1e-13);
  });

  it('rejects mismatched shapes and non-finite entries', () => {
    expect(() => matmul(new Matrix(2, 3), new Matrix(2, 3))).toThrow(/A.cols must equal B.rows/);
    expect(() => matmul([[1, Number.NaN]], [[1], [2]])).toThrow(NonFiniteError);
    expect(() => matvec(new Matrix(2, 3), [1, 2])).toThrow(/x has length 2, expected 3/);
  });
});

function abs(A: Matrix): Matrix {
  return new Matrix(A.rows, A.cols, A.data.map(Math.abs));
}
