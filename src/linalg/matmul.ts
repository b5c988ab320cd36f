import { ShapeError } from '../errors.js';
import { readF64 } from '../wasm/heap.js';
import { kernels } from '../wasm/instance.js';
import { scratch } from '../wasm/scratch.js';
import { Matrix, type MatrixLike, type VectorLike } from './matrix.js';
import { asMatrix, asVector, writeFinite } from './validate.js';

/**
 * The product C = A·B (blocked GEMM on a packed SIMD micro-kernel), 2·m·k·n flops.
 * @param A - m × k. @param B - k × n. Neither is modified.
 * @throws {ShapeError} when the inner dimensions differ or a row array is ragged.
 * @throws {NonFiniteError} when A or B holds NaN or ±Infinity.
 */
export function matmul(A: MatrixLike, B: MatrixLike): Matrix {
  const a = asMatrix(A, 'A');
  const b = asMatrix(B, 'B');
  if (a.cols !== b.rows) {
    throw new ShapeError(`A is ${a.rows} × ${a.cols} and B is ${b.rows} × ${b.cols}: A.cols must equal B.rows`);
  }
  const m = a.rows;
  const k = a.cols;
  const n = b.cols;
  const base = scratch(8 * (m * k + k * n + m * n), 'the operands of matmul');
  const pa = base;
  const pb = pa + 8 * m * k;
  const pc = pb + 8 * k * n;
  writeFinite(pa, a.data, 'A', k);
  writeFinite(pb, b.data, 'B', n);
  kernels().gemm(0, 0, m, n, k, 1, pa, Math.max(1, k), pb, Math.max(1, n), 0, pc, Math.max(1, n));
  return new Matrix(m, n, readF64(pc, m * n));
}

/**
 * The matrix-vector product y = A·x, or y = Aᵀ·x when `transpose` is true.
 * @throws {ShapeError} when x's length does not match A.
 * @throws {NonFiniteError} on NaN/±Infinity.
 */
export function matvec(A: MatrixLike, x: VectorLike, transpose = false): Float64Array {
  const a = asMatrix(A, 'A');
  const v = asVector(x, 'x', transpose ? a.rows : a.cols);
  const m = a.rows;
  const n = a.cols;
  const ny = transpose ? n : m;
  const base = scratch(8 * (m * n + v.length + ny), 'the operands of matvec');
  const px = base + 8 * m * n;
  const py = px + 8 * v.length;
  writeFinite(base, a.data, 'A', n);
  writeFinite(px, v, 'x');
  kernels().gemv(transpose ? 1 : 0, m, n, 1, base, Math.max(1, n), px, 0, py);
  return readF64(py, ny);
}
