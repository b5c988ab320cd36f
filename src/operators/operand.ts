import { ArgumentError, ShapeError } from '../errors.js';
import { gemvRows, gemvTransposedRows } from '../linalg/dense-products.js';
import { Matrix, type MatrixLike } from '../linalg/matrix.js';
import { asMatrix, assertFinite } from '../linalg/validate.js';
import { SparseMatrix } from '../sparse/sparse-matrix.js';
import { checkedOperator, isLinearOperator, type LinearOperator } from './linear-operator.js';

// The operands of the solvers and of the implicit layer: a dense matrix or an operator, checked
// once on entry, and the products both kinds support.

/**
 * A derivative given densely (a `Matrix` or an array of rows), sparse (a `SparseMatrix`, stored in
 * full: both triangles of a symmetric one; it is a {@link LinearOperator} too, with `matvec` and
 * `rmatvec`) or as a {@link LinearOperator}.
 */
export type MatrixOrOperator = MatrixLike | LinearOperator;

/** A checked operand: dense, or an operator (a `SparseMatrix`, kept as such, is one). */
export type Operand = Matrix | LinearOperator;

/**
 * `value` as a checked `Matrix` of size rows × cols (NaN-free) or a checked operator (every
 * product verified); `rows`/`cols` undefined means any. Errors name `name`.
 *
 * @throws {ShapeError} on a wrong size.
 * @throws {NonFiniteError} on NaN or ±Infinity in a matrix (when `checkEntries`).
 */
export function asMatrixOrOperator(
  value: MatrixOrOperator,
  name: string,
  rows?: number,
  cols?: number,
  checkEntries = true,
): Operand {
  if (value instanceof SparseMatrix) {
    // Its entries were checked finite when it was built.
    checkSize(value.rows, value.cols, name, rows, cols);
    return value;
  }
  if (isLinearOperator(value)) {
    const op = checkedOperator(value, name);
    checkSize(op.rows, op.cols, name, rows, cols);
    return op;
  }
  const M = asMatrix(value, name);
  checkSize(M.rows, M.cols, name, rows, cols);
  if (checkEntries) assertFinite(M.data, name, M.cols);
  return M;
}

function checkSize(r: number, c: number, name: string, rows?: number, cols?: number): void {
  if ((rows !== undefined && r !== rows) || (cols !== undefined && c !== cols)) {
    throw new ShapeError(`${name} is ${r} × ${c}, expected ${rows ?? r} × ${cols ?? c}`);
  }
}

/** M v for a matrix, or the operator's product. */
export function apply(A: Matrix | LinearOperator, v: Float64Array): Float64Array {
  if (!(A instanceof Matrix)) return A.matvec(v);
  return gemvRows(A.data, A.rows, A.cols, v, new Float64Array(A.rows));
}

/**
 * Mᵀ v for a matrix (one pass in storage order), or the operator's `rmatvec`; into `out` when
 * given (which must not share memory with a matrix's data).
 * @throws {ArgumentError} for an operator without `rmatvec`.
 * @throws {ShapeError} when `rmatvec` returns a vector of another length than `out`.
 */
export function applyTransposed(
  A: Matrix | LinearOperator,
  v: Float64Array,
  name: string,
  out?: Float64Array,
): Float64Array {
  if (A instanceof Matrix) return gemvTransposedRows(A.data, A.rows, A.cols, v, out ?? new Float64Array(A.cols));
  if (typeof A.rmatvec !== 'function') {
    throw new ArgumentError(
      `${name} is a LinearOperator without rmatvec: its transpose product is needed here (vjp, valueAndGrad, hypergradient)`,
    );
  }
  const product = A.rmatvec(v);
  if (out === undefined) return product;
  if (product.length !== out.length) {
    throw new ShapeError(`${name}.rmatvec returned a vector of length ${product.length}, expected ${out.length}`);
  }
  out.set(product);
  return out;
}

/**
 * The rows × cols matrix of an operator, column by column (cols products); a SparseMatrix's dense form.
 * @throws {ShapeError} when a product has the wrong length.
 */
export function materialize(A: LinearOperator, name: string): Matrix {
  if (A instanceof SparseMatrix) return A.toDense();
  const M = new Matrix(A.rows, A.cols);
  const e = new Float64Array(A.cols);
  for (let j = 0; j < A.cols; j++) {
    e[j] = 1;
    const column = A.matvec(e);
    e[j] = 0;
    if (column.length !== A.rows) {
      throw new ShapeError(`${name}.matvec returned a vector of length ${column.length}, expected ${A.rows}`);
    }
    for (let i = 0; i < A.rows; i++) M.data[i * A.cols + j] = column[i];
  }
  return M;
}
