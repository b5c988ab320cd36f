import { describe, expect, it } from 'vitest';
import { ArgumentError, Matrix, matvec, NonFiniteError, ShapeError, SparseMatrix } from '../../src/index.js';
import { randomMatrix, randomVector } from '../helpers/random.js';

// Oracles: the dense matrix the triplets describe (built entry by entry here), the dense matvec.

describe('SparseMatrix', () => {
  it('fromTriplets sorts into columns and sums duplicates, keeping entries that sum to zero', () => {
    const A = SparseMatrix.fromTriplets(3, 4, [2, 0, 2, 1, 0, 1], [1, 1, 1, 3, 0, 3], [1, 2, 3, 4, 5, -4]);
    expect(Array.from(A.colPtr)).toEqual([0, 1, 3, 3, 4]);
    expect(Array.from(A.rowIndex)).toEqual([0, 0, 2, 1]);
    expect(Array.from(A.values)).toEqual([5, 2, 4, 0]);
    expect(A.nnz).toBe(4);
    expect(A.toDense().toArray()).toEqual([
      [5, 2, 0, 0],
      [0, 0, 0, 0],
      [0, 4, 0, 0],
    ]);
  });

  it('fromDense / toDense round trip, with a drop tolerance', () => {
    const M = randomMatrix(7, 5, 3);
    M.data[3] = 0;
    expect(SparseMatrix.fromDense(M).toDense().data).toEqual(M.data);
    expect(SparseMatrix.fromDense(M).nnz).toBe(34);
    const dropped = SparseMatrix.fromDense(M, { dropTolerance: 0.5 });
    for (let q = 0; q < dropped.nnz; q++) expect(Math.abs(dropped.values[q])).toBeGreaterThan(0.5);
    const D = dropped.toDense();
    for (let i = 0; i < M.data.length; i++) expect(D.data[i]).toBe(Math.abs(M.data[i]) > 0.5 ? M.data[i] : 0);
    expect(
      SparseMatrix.fromDense([
        [0, 1],
        [2, 0],
      ]).nnz,
    ).toBe(2);
    expect(SparseMatrix.fromDense(new Matrix(0, 3)).cols).toBe(3);
  });

  it('transpose and matvec agree with the dense matrix', () => {
    const M = randomMatrix(9, 6, 4);
    for (let i = 0; i < M.data.length; i += 3) M.data[i] = 0;
    const A = SparseMatrix.fromDense(M);
    expect(A.transpose().toDense().data).toEqual(M.transpose().data);
    const x = randomVector(6, 1);
    const y = randomVector(9, 2);
    const ax = A.matvec(x);
    const dense = matvec(M, x);
    for (let i = 0; i < 9; i++) expect(ax[i]).toBeCloseTo(dense[i], 13);
    const aty = A.matvec(y, true);
    const denseT = matvec(M, y, true);
    for (let i = 0; i < 6; i++) expect(aty[i]).toBeCloseTo(denseT[i], 13);
    expect(A.rmatvec(y)).toEqual(aty);
    const out = new Float64Array(9).fill(Number.NaN);
    expect(A.matvec(x, false, out)).toBe(out);
    expect(out).toEqual(ax);
  });

  it('the constructor takes checked CSC arrays (plain arrays copied)', () => {
    const A = new SparseMatrix(2, 2, [0, 1, 2], [1, 0], [3, 4]);
    expect(A.toDense().toArray()).toEqual([
      [0, 4],
      [3, 0],
    ]);
    expect(new SparseMatrix(0, 0, [0], [], []).nnz).toBe(0);
  });

  it('every error names the argument and the index', () => {
    expect(() => new SparseMatrix(-1, 2, [0, 0, 0], [], [])).toThrow(ShapeError);
    expect(() => new SparseMatrix(2, 2.5, [0, 0, 0], [], [])).toThrow(ShapeError);
    expect(() => new SparseMatrix(2, 2, [0, 0], [], [])).toThrow(/colPtr has length 2/);
    expect(() => new SparseMatrix(2, 2, [1, 1, 1], [], [])).toThrow(ArgumentError);
    expect(() => new SparseMatrix(2, 3, [0, 2, 1, 2], [0, 1], [1, 1])).toThrow(/colPtr decreases at column 1/);
    expect(() => new SparseMatrix(2, 2, [0, 1, 1], [0], [1, 2])).toThrow(ShapeError);
    expect(() => new SparseMatrix(2, 2, [0, 1, 3], [0, 1], [1, 2])).toThrow(ShapeError);
    expect(() => new SparseMatrix(2, 2, [0, 1, 2], [0, 2], [1, 2])).toThrow(/rowIndex\[1\] is 2/);
    expect(() => new SparseMatrix(3, 1, [0, 2], [1, 1], [1, 2])).toThrow(/column 0 has row 1 after row 1/);
    expect(() => new SparseMatrix(3, 1, [0, 2], [2, 1], [1, 2])).toThrow(ArgumentError);
    expect(() => new SparseMatrix(2, 1, [0, 1], [0.5], [1])).toThrow(ArgumentError);
    expect(() => new SparseMatrix(2, 1, [0, 1], [0], [Number.NaN])).toThrow(NonFiniteError);
    expect(() => new SparseMatrix(2, 1, [0, 1], [0], null as never)).toThrow(ArgumentError);

    expect(() => SparseMatrix.fromTriplets(2, 2, [0, 1], [0], [1, 2])).toThrow(/one length/);
    expect(() => SparseMatrix.fromTriplets(2, 2, [0, 2], [0, 0], [1, 2])).toThrow(
      /rowIndex\[1\] is 2, outside \[0, 2\)/,
    );
    expect(() => SparseMatrix.fromTriplets(2, 2, [0, 1], [0, -1], [1, 2])).toThrow(/colIndex\[1\]/);
    expect(() => SparseMatrix.fromTriplets(2, 2, [0, 1.5], [0, 0], [1, 2])).toThrow(ArgumentError);
    expect(() => SparseMatrix.fromTriplets(2, 2, [0, 1], [0, 0], [1, Number.POSITIVE_INFINITY])).toThrow(
      /values\[1\] is Infinity/,
    );
    expect(() => SparseMatrix.fromTriplets(2, 2, [0, null as never], [0, 0], [1, 1])).toThrow(ArgumentError);
    expect(() => SparseMatrix.fromTriplets(2, 2, undefined as never, [0], [1])).toThrow(ArgumentError);

    expect(() => SparseMatrix.fromDense([[1, Number.NaN]])).toThrow(NonFiniteError);
    expect(() => SparseMatrix.fromDense([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => SparseMatrix.fromDense([[1]], { dropTolerance: -1 })).toThrow(ArgumentError);
    expect(() => SparseMatrix.fromDense([[1]], { dropTolerance: Number.NaN })).toThrow(ArgumentError);
    expect(() => SparseMatrix.fromDense([[1]], 3 as never)).toThrow(ArgumentError);

    const A = SparseMatrix.fromTriplets(2, 3, [0, 1], [0, 2], [1, 2]);
    expect(() => A.matvec([1, 2])).toThrow(ShapeError);
    expect(() => A.matvec([1, 2, Number.NaN])).toThrow(NonFiniteError);
    expect(() => A.matvec([1, 2, 3], false, new Float64Array(3))).toThrow(ShapeError);
    expect(() => A.matvec([1, 2], true, new Float64Array(2))).toThrow(ShapeError);
  });
});
