import { describe } from '../check/entries.js';
import { ArgumentError, ShapeError } from '../errors.js';
import { readF64, readF64Into } from '../wasm/heap.js';
import { kernels } from '../wasm/instance.js';
import { scratch } from '../wasm/scratch.js';
import { Matrix, type MatrixLike, type VectorLike } from './matrix.js';
import { asMatrix, asVector, checkOut, writeFinite } from './validate.js';

/**
 * The product C = A·B (blocked GEMM on a packed SIMD micro-kernel), 2·m·k·n flops.
 * @param A - m × k; not modified.
 * @param B - k × n; not modified.
 * @param out - where to write C: an m × n `Matrix`, which may share storage with A or B (both are
 * copied before C is written); a new Matrix when omitted.
 * @returns C (`out` when given).
 * @throws {ArgumentError} when A or B is not a `Matrix` or an array of rows of numbers, or out is not a Matrix.
 * @throws {ShapeError} when the inner dimensions differ, a row array is ragged, or out is not m × n.
 * @throws {NonFiniteError} when A or B holds NaN or ±Infinity.
 */
export function matmul(A: MatrixLike, B: MatrixLike, out?: Matrix): Matrix {
  const a = asMatrix(A, 'A');
  const b = asMatrix(B, 'B');
  if (a.cols !== b.rows) {
    throw new ShapeError(`A is ${a.rows} × ${a.cols} and B is ${b.rows} × ${b.cols}: A.cols must equal B.rows`);
  }
  const m = a.rows;
  const k = a.cols;
  const n = b.cols;
  if (out !== undefined) checkOut(out, m, n);
  const base = scratch(8 * (m * k + k * n + m * n), 'the operands of matmul');
  const pa = base;
  const pb = pa + 8 * m * k;
  const pc = pb + 8 * k * n;
  writeFinite(pa, a.data, 'A', k);
  writeFinite(pb, b.data, 'B', n);
  kernels().gemm(0, 0, m, n, k, 1, pa, Math.max(1, k), pb, Math.max(1, n), 0, pc, Math.max(1, n));
  if (out !== undefined) {
    readF64Into(pc, out.data);
    return out;
  }
  return new Matrix(m, n, readF64(pc, m * n));
}

/**
 * The matrix-vector product y = A·x, or y = Aᵀ·x when `transpose` is true.
 * @param A - m × n; not modified.
 * @param x - length n (m when transposed); not modified.
 * @param out - where to write y: a Float64Array of length m (n when transposed), which may share
 * storage with A or x (both are copied before y is written); a new array when omitted.
 * @returns y (`out` when given).
 * @throws {ArgumentError} when A or x is not a matrix or vector of numbers, transpose is not a
 * boolean, or out is not a Float64Array.
 * @throws {ShapeError} when x's or out's length does not match A.
 * @throws {NonFiniteError} on NaN/±Infinity.
 */
export function matvec(A: MatrixLike, x: VectorLike, transpose = false, out?: Float64Array): Float64Array {
  if (typeof transpose !== 'boolean') {
    const hint =
      (transpose as unknown) instanceof Float64Array ? ' (out is the fourth argument: matvec(A, x, false, out))' : '';
    throw new ArgumentError(`matvec: transpose must be a boolean, got ${describe(transpose)}${hint}`);
  }
  const a = asMatrix(A, 'A');
  const v = asVector(x, 'x', transpose ? a.rows : a.cols);
  const m = a.rows;
  const n = a.cols;
  const ny = transpose ? n : m;
  if (out !== undefined) checkOut(out, ny);
  const base = scratch(8 * (m * n + v.length + ny), 'the operands of matvec');
  const px = base + 8 * m * n;
  const py = px + 8 * v.length;
  writeFinite(base, a.data, 'A', n);
  writeFinite(px, v, 'x');
  kernels().gemv(transpose ? 1 : 0, m, n, 1, base, Math.max(1, n), px, 0, py);
  return out === undefined ? readF64(py, ny) : readF64Into(py, out);
}
