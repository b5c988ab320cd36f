import { ShapeError } from '../errors.js';
import { Matrix, type MatrixLike } from '../linalg/matrix.js';
import { asMatrix, assertFinite } from '../linalg/validate.js';
import { SparseMatrix } from '../sparse/sparse-matrix.js';
import type { QPProblem } from './problem.js';
import { cscTimes, cscTransposeTimes, denseTimes, denseTransposeTimes } from './products.js';

/**
 * The type of the gradient of datum K of a problem of type P: `SparseMatrix` when the datum is one,
 * `Matrix` when it is dense or absent, either when the type does not say.
 */
export type GradientOf<P extends QPProblem, K extends 'Q' | 'A' | 'G'> = GradientType<Exclude<P[K], undefined>>;
type GradientType<M> = [M] extends [never]
  ? Matrix
  : [M] extends [SparseMatrix]
    ? SparseMatrix
    : [SparseMatrix] extends [M]
      ? Matrix | SparseMatrix
      : Matrix;

/**
 * The matrix u·vᵀ + s·tᵀ (rows × cols): dense, or on the pattern of `pattern` when one is given
 * (its entries only; the rest of the dense matrix is not formed).
 */
export function gradientOn(
  pattern: SparseMatrix | undefined,
  rows: number,
  cols: number,
  u: Float64Array,
  v: Float64Array,
  s: Float64Array,
  t: Float64Array,
): Matrix | SparseMatrix {
  let out: Matrix | SparseMatrix;
  if (pattern === undefined) {
    const M = new Matrix(rows, cols);
    for (let i = 0; i < rows; i++) {
      // A row with u_i = s_i = 0 (an inactive constraint) stays exactly +0.
      if (u[i] === 0 && s[i] === 0) continue;
      for (let j = 0; j < cols; j++) M.data[i * cols + j] = u[i] * v[j] + s[i] * t[j];
    }
    out = M;
  } else {
    const { colPtr, rowIndex } = pattern;
    const values = new Float64Array(pattern.nnz);
    for (let j = 0; j < cols; j++) {
      for (let q = colPtr[j]; q < colPtr[j + 1]; q++) {
        const i = rowIndex[q];
        if (u[i] !== 0 || s[i] !== 0) values[q] = u[i] * v[j] + s[i] * t[j];
      }
    }
    out = new SparseMatrix(rows, cols, colPtr.slice(), rowIndex.slice(), values);
  }
  return out;
}

/** Products with a perturbation of a matrix datum, dense or sparse. */
export interface PerturbationOperand {
  times(x: Float64Array): Float64Array;
  transposeTimes(y: Float64Array): Float64Array;
}

/**
 * A perturbation of a rows × cols datum as products, or undefined when absent: a `SparseMatrix`
 * as is, anything else validated as a dense matrix.
 * @throws {ShapeError} when it is not rows × cols.
 * @throws {NonFiniteError} on NaN or ±Infinity.
 */
export function perturbationOperand(
  M: MatrixLike | SparseMatrix | undefined,
  name: string,
  rows: number,
  cols: number,
): PerturbationOperand | undefined {
  if (M === undefined) return undefined;
  if (M instanceof SparseMatrix) {
    if (M.rows !== rows || (M.cols !== cols && rows > 0)) {
      throw new ShapeError(`${name} is ${M.rows} × ${M.cols}, expected ${rows} × ${cols}`);
    }
    assertFinite(M.values, `${name}'s values`);
    return {
      times: (x) => cscTimes(M, x, new Float64Array(rows)),
      transposeTimes: (y) => (rows === 0 ? new Float64Array(cols) : cscTransposeTimes(M, y, new Float64Array(cols))),
    };
  }
  const m = asMatrix(M, name);
  if (m.rows !== rows || (m.cols !== cols && rows > 0)) {
    throw new ShapeError(`${name} is ${m.rows} × ${m.cols}, expected ${rows} × ${cols}`);
  }
  assertFinite(m.data, name, m.cols);
  return {
    times: (x) => denseTimes(m.data, rows, cols, x, new Float64Array(rows)),
    transposeTimes: (y) => denseTransposeTimes(m.data, rows, m.rows === 0 ? 0 : cols, y, new Float64Array(cols)),
  };
}
