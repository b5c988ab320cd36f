import { describe, expect, it } from 'vitest';
import { lapack, Matrix, ShapeError } from '../../src/index.js';
import { generalWithSingularValues, logSpaced, randomMatrix, spdWithEigenvalues } from '../helpers/random.js';
import { expectAllClose, factorResidual, naiveMatmul, solveResidual } from '../helpers/reference.js';

// The low-level entry works on the caller's arrays with a leading dimension; these tests embed an
// n × n matrix in a wider array (lda = n + 3) whose padding must survive untouched.

function embed(A: Matrix, ld: number, fill = 99): Float64Array {
  const out = new Float64Array(Math.max(0, (A.rows - 1) * ld + A.cols)).fill(fill);
  for (let i = 0; i < A.rows; i++) out.set(A.data.subarray(i * A.cols, (i + 1) * A.cols), i * ld);
  return out;
}

function extract(a: Float64Array, rows: number, cols: number, ld: number): Matrix {
  const M = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) M.data.set(a.subarray(i * ld, i * ld + cols), i * cols);
  return M;
}

describe('lapack (low-level entry)', () => {
  it('potrf + potrs with lda > n leave the padding alone', () => {
    const n = 37;
    const lda = n + 3;
    const A = spdWithEigenvalues(logSpaced(n, 1e6), 4);
    const a = embed(A, lda);
    expect(lapack.potrf(n, a, lda)).toBe(0);
    for (let i = 0; i < n - 1; i++) for (let p = n; p < lda; p++) expect(a[i * lda + p]).toBe(99);
    const L = extract(a, n, n, lda);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) L.data[i * n + j] = 0;
    expect(factorResidual(A, naiveMatmul(L, L.transpose()))).toBeLessThan(30);
    const B = randomMatrix(n, 2, 5);
    const b = embed(B, 4);
    lapack.potrs(n, 2, a, lda, b, 4);
    expect(solveResidual(A, extract(b, n, 2, 4), B)).toBeLessThan(30);
  });

  it('small operands in longer arrays: only the span is read and written, pivots past min(m, n) untouched', () => {
    const n = 3;
    const lda = 5;
    const A = generalWithSingularValues(logSpaced(n, 10), 12);
    const a = new Float64Array(20).fill(77); // span 2·5 + 3 = 13, then padding to 20
    for (let i = 0; i < n; i++) a.set(A.data.subarray(i * n, i * n + n), i * lda);
    const ipiv = new Int32Array(6).fill(-5);
    expect(lapack.getrf(n, n, a, lda, ipiv)).toBe(0);
    expect(Array.from(ipiv.subarray(n))).toEqual([-5, -5, -5]);
    for (let i = 0; i < n; i++) for (let p = n; p < lda; p++) if (i * lda + p < 20) expect(a[i * lda + p]).toBe(77);
    for (let p = 13; p < 20; p++) expect(a[p]).toBe(77);
    const b = new Float64Array([1, 2, 3, 88, 88]);
    lapack.getrs(0, n, 1, a, lda, ipiv, b, 1);
    expect(b[3]).toBe(88);
    expect(solveResidual(A, new Matrix(n, 1, b.slice(0, n)), new Matrix(n, 1, [1, 2, 3]))).toBeLessThan(30);
  });

  it('gemm with beta = 0 ignores what C held (NaN included), with beta ≠ 0 uses it', () => {
    const a = new Float64Array([1, 2, 3, 4]);
    const b = new Float64Array([5, 6, 7, 8]);
    const c = new Float64Array([Number.NaN, 1, 2, 3]);
    lapack.gemm(0, 0, 2, 2, 2, 1, a, 2, b, 2, 0, c, 2);
    expect(Array.from(c)).toEqual([19, 22, 43, 50]);
    lapack.gemm(0, 0, 2, 2, 2, 1, a, 2, b, 2, 2, c, 2);
    expect(Array.from(c)).toEqual([57, 66, 129, 150]);
  });

  it('potrf returns the 1-based info of a failing minor', () => {
    const a = new Float64Array([1, 0, 0, 0, -2, 0, 0, 0, 3]);
    expect(lapack.potrf(3, a, 3)).toBe(2);
  });

  it('getrf + getrs (both transposes) and 0-based pivots', () => {
    const n = 29;
    const lda = n + 3;
    const A = generalWithSingularValues(logSpaced(n, 1e4), 8);
    const a = embed(A, lda);
    const ipiv = new Int32Array(n);
    expect(lapack.getrf(n, n, a, lda, ipiv)).toBe(0);
    for (let i = 0; i < n; i++) {
      expect(ipiv[i]).toBeGreaterThanOrEqual(i);
      expect(ipiv[i]).toBeLessThan(n);
    }
    const B = randomMatrix(n, 3, 9);
    for (const trans of [0, 1]) {
      const b = B.data.slice();
      lapack.getrs(trans, n, 3, a, lda, ipiv, b, 3);
      const op = trans ? A.transpose() : A;
      expect(solveResidual(op, new Matrix(n, 3, b), B)).toBeLessThan(30);
    }
  });

  it('getrf on a rectangular matrix reports an exactly zero pivot but completes', () => {
    const a = new Float64Array([1, 2, 3, 2, 4, 6]); // 2 × 3, rank 1
    const ipiv = new Int32Array(2);
    expect(lapack.getrf(2, 3, a, 3, ipiv)).toBe(2);
    expect(ipiv[0]).toBe(1);
  });

  it('gemm, syrk, trsm, gemv against scalar references', () => {
    const A = randomMatrix(6, 4, 1);
    const B = randomMatrix(4, 5, 2);
    const c = new Float64Array(30).fill(1);
    lapack.gemm(0, 0, 6, 5, 4, 2, A.data, 4, B.data, 5, 3, c, 5);
    const ref = naiveMatmul(A, B);
    expectAllClose(
      c,
      ref.data.map((v) => 2 * v + 3),
      1e-12,
    );

    const s = new Float64Array(36);
    lapack.syrk(0, 0, 6, 4, 1, A.data, 4, 0, s, 6);
    const AAt = naiveMatmul(A, A.transpose());
    for (let i = 0; i < 6; i++) for (let j = 0; j <= i; j++) expect(s[i * 6 + j]).toBeCloseTo(AAt.get(i, j), 12);

    const T = new Matrix(4, 4, [2, 0, 0, 0, 1, 3, 0, 0, -1, 2, 4, 0, 0.5, 1, 1, 5]);
    const X = randomMatrix(4, 3, 3);
    const rhs = naiveMatmul(T, X).data;
    lapack.trsm(0, 0, 0, 0, 4, 3, 1, T.data, 4, rhs, 3);
    expectAllClose(rhs, X.data, 1e-12);

    const x = new Float64Array([1, 2, 3, 4]);
    const y = new Float64Array(6);
    lapack.gemv(0, 6, 4, 1, A.data, 4, x, 0, y);
    expectAllClose(y, naiveMatmul(A, new Matrix(4, 1, x)).data, 1e-12);
  });

  it('argument errors name the argument', () => {
    expect(() => lapack.potrf(3, new Float64Array(8), 3)).toThrow(
      /a has length 8, but a 3 × 3 matrix with lda = 3 needs 9/,
    );
    expect(() => lapack.potrf(3, new Float64Array(9), 2)).toThrow(/lda must be an integer ≥ max\(1, 3\), got 2/);
    expect(() => lapack.potrf(-1, new Float64Array(9), 3)).toThrow(ShapeError);
    expect(() => lapack.getrs(2, 1, 1, new Float64Array(1), 1, new Int32Array(1), new Float64Array(1), 1)).toThrow(
      /trans must be 0 or 1, got 2/,
    );
    expect(() => lapack.getrs(0, 2, 1, new Float64Array(4), 2, new Int32Array([5, 1]), new Float64Array(2), 1)).toThrow(
      /ipiv\[0\] is 5/,
    );
  });
});
