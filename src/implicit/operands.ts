import { ShapeError } from '../errors.js';
import { Matrix, type MatrixLike, type VectorLike } from '../linalg/matrix.js';
import { asMatrix, assertFinite, asVector } from '../linalg/validate.js';
import { gemvRows, gemvTransposedRows } from '../operators/dense-products.js';
import { checkedOperator, isLinearOperator, type LinearOperator } from '../operators/linear-operator.js';
import { newFloat64Array } from '../wasm/pool.js';

/** A derivative given densely (a `Matrix` or an array of rows) or as a {@link LinearOperator}. */
export type MatrixOrOperator = MatrixLike | LinearOperator;

/**
 * `value` as a checked `Matrix` of size rows × cols (NaN-free) or a checked operator (every
 * product verified); `rows`/`cols` undefined means any. Errors name `name`.
 *
 * @throws ShapeError on a wrong size. @throws NonFiniteError on NaN or ±Infinity in a matrix.
 */
export function asMatrixOrOperator(
  value: MatrixOrOperator,
  name: string,
  rows?: number,
  cols?: number,
  checkEntries = true,
): Matrix | LinearOperator {
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

/** A finite vector of the given length (any length when undefined), named in errors. */
export function finiteVector(v: VectorLike, name: string, length?: number): Float64Array {
  const x = asVector(v, name, length);
  assertFinite(x, name);
  return x;
}

/** M v for a matrix, or the operator's product. */
export function apply(A: Matrix | LinearOperator, v: Float64Array): Float64Array {
  if (!(A instanceof Matrix)) return A.matvec(v);
  return gemvRows(A.data, A.rows, A.cols, v, newFloat64Array(A.rows));
}

/** Mᵀ v for a matrix (one pass in storage order), or the operator's `rmatvec`. */
export function applyTransposed(A: Matrix | LinearOperator, v: Float64Array, name: string): Float64Array {
  if (!(A instanceof Matrix)) {
    if (typeof A.rmatvec !== 'function') {
      throw new ShapeError(
        `${name} is a LinearOperator without rmatvec: its transpose product is needed here (vjp, valueAndGrad, hypergradient)`,
      );
    }
    return A.rmatvec(v);
  }
  return gemvTransposedRows(A.data, A.rows, A.cols, v, newFloat64Array(A.cols));
}
