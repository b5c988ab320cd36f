import { copyNumbers, describe, notAVector, vectorLength } from '../check/entries.js';
import { ArgumentError, NonFiniteError, ShapeError } from '../errors.js';
import { writeF64Finite } from '../wasm/heap.js';
import { Matrix, type MatrixLike, type VectorLike } from './matrix.js';

// Argument checks shared by every entry point. Messages name the argument and the offending value.

/**
 * `A` as a `Matrix` (a `Matrix` is returned as is, an array of rows is copied, see `Matrix.from`).
 * @throws {ArgumentError} when `A` is neither, or an entry is not a number.
 * @throws {ShapeError} when its rows are ragged.
 */
export function asMatrix(A: MatrixLike, name: string): Matrix {
  if (A instanceof Matrix) return A;
  if (!Array.isArray(A)) throw new ArgumentError(`${name} must be a Matrix or an array of rows, got ${describe(A)}`);
  return Matrix.from(A, name);
}

/**
 * `v` as a `Float64Array`: returned as is when it already is one, else copied from a Float32Array
 * or an array of numbers (see entries.ts for the rule).
 * @throws {ArgumentError} when `v` is not a vector of numbers.
 * @throws {ShapeError} when its length differs from `length`.
 */
export function asVector(v: VectorLike, name: string, length?: number): Float64Array {
  const n = vectorLength(v);
  if (n === undefined) throw notAVector(v, name);
  if (length !== undefined && n !== length) throw new ShapeError(`${name} has length ${n}, expected ${length}`);
  if (v instanceof Float64Array) return v;
  const x = new Float64Array(n);
  copyNumbers(v, x, 0, name);
  return x;
}

/**
 * Checks that every entry is a finite number.
 * @throws {NonFiniteError} naming the first entry that is NaN or ±Infinity (with its row and
 * column when `cols` is given).
 */
export function assertFinite(data: ArrayLike<number>, name: string, cols?: number): void {
  // x − x is 0 for a finite x and NaN for NaN and ±Infinity, so the sums stay 0 exactly when every
  // entry is finite; four independent sums keep the additions from waiting on each other (faster
  // than a test per entry: bench/overhead.mjs). The entry is named by a second scan, on failure only.
  const n = data.length;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const a = data[i];
    const b = data[i + 1];
    const c = data[i + 2];
    const d = data[i + 3];
    s0 += a - a;
    s1 += b - b;
    s2 += c - c;
    s3 += d - d;
  }
  for (; i < n; i++) {
    const a = data[i];
    s0 += a - a;
  }
  if (s0 + s1 + (s2 + s3) === 0) return;
  for (i = 0; i < n; i++) {
    const x = data[i];
    if (x - x !== 0) throw nonFinite(data, i, name, cols);
  }
}

/**
 * A finite vector of the given length (any length when undefined), named in errors.
 * @throws {ShapeError} as {@link asVector}.
 * @throws {NonFiniteError} as {@link assertFinite}.
 */
export function finiteVector(v: VectorLike, name: string, length?: number): Float64Array {
  const x = asVector(v, name, length);
  assertFinite(x, name);
  return x;
}

/**
 * Copies `data` into WASM memory at `ptr` and checks that it is finite (see writeF64Finite).
 * @throws {NonFiniteError} as {@link assertFinite}; the copy is then left unused.
 */
export function writeFinite(ptr: number, data: ArrayLike<number>, name: string, cols?: number): void {
  if (!writeF64Finite(ptr, data)) assertFinite(data, name, cols);
}

function nonFinite(data: ArrayLike<number>, i: number, name: string, cols?: number): NonFiniteError {
  const where = cols === undefined || cols === 0 ? `[${i}]` : `[${Math.floor(i / cols)}][${i % cols}]`;
  return new NonFiniteError(`${name}${where} is ${data[i]}; ${name} must be finite`);
}

/**
 * A square matrix (its entries are not checked: see {@link writeFinite}).
 * @throws {ShapeError} when `A` is not square (or not a matrix).
 */
export function asSquare(A: MatrixLike, name: string): Matrix {
  const M = asMatrix(A, name);
  if (M.rows !== M.cols) throw new ShapeError(`${name} must be square, got ${M.rows} × ${M.cols}`);
  return M;
}

/**
 * A right-hand side for a system of order n: a vector of length n or a `Matrix` with n rows (one
 * column per right-hand side). Its entries are checked only when `finite` is true (else see
 * {@link writeFinite}).
 * @throws {ShapeError} on a length or row count other than n.
 * @throws {NonFiniteError} when `finite` and it holds NaN or ±Infinity.
 */
export function asRightHandSide(b: VectorLike | Matrix, n: number, name: string, finite = true): Float64Array | Matrix {
  if (b instanceof Matrix) {
    if (b.rows !== n) throw new ShapeError(`${name} has ${b.rows} rows, expected ${n}`);
    if (finite) assertFinite(b.data, name, b.cols);
    return b;
  }
  const v = asVector(b, name, n);
  if (finite) assertFinite(v, name);
  return v;
}

/**
 * A square matrix with finite entries.
 * @throws {ArgumentError} or {@link ShapeError} as {@link asSquare}. @throws {NonFiniteError} on NaN/±Infinity.
 */
export function finiteSquare(A: MatrixLike, name: string): Matrix {
  const M = asSquare(A, name);
  assertFinite(M.data, name, M.cols);
  return M;
}

/**
 * The row-major data and column count of a solution or right-hand side: a vector of n entries or an
 * n × k `Matrix` (k columns required when `k` is given; a vector counts as one column), finite.
 * @throws {ArgumentError} when it is neither. @throws {ShapeError} on other sizes.
 * @throws {NonFiniteError} on NaN/±Infinity.
 */
export function columnsOperand(v: unknown, name: string, n: number, k?: number): { data: Float64Array; k: number } {
  if (v instanceof Matrix) {
    if (v.rows !== n || (k !== undefined && v.cols !== k)) {
      throw new ShapeError(`${name} is ${v.rows} × ${v.cols}, expected ${n} × ${k ?? v.cols}`);
    }
    assertFinite(v.data, name, v.cols);
    return { data: v.data, k: v.cols };
  }
  if (k !== undefined && k !== 1) {
    throw new ShapeError(`${name} must be a ${n} × ${k} Matrix like the solution, got ${describe(v)}`);
  }
  return { data: finiteVector(v as VectorLike, name, n), k: 1 };
}

/**
 * Checks an `out` argument: a Float64Array of length `rows` when `cols` is undefined, else a
 * `Matrix` of `rows × cols`. Overlap with the inputs is the caller's to check where it matters
 * (it does not where every input is copied into WASM memory before `out` is written).
 * @throws {ArgumentError} when `out` is not of that type.
 * @throws {ShapeError} when its length or shape differs (a transferred buffer leaves length 0).
 */
export function checkOut(out: unknown, rows: number, cols?: number, name = 'out'): void {
  if (cols === undefined) {
    if (!(out instanceof Float64Array)) {
      throw new ArgumentError(`${name} must be a Float64Array of length ${rows}, got ${describe(out)}`);
    }
    checkLength(out, rows, name);
    return;
  }
  if (!(out instanceof Matrix)) {
    throw new ArgumentError(`${name} must be a Matrix of ${rows} × ${cols}, got ${describe(out)}`);
  }
  if (out.rows !== rows || out.cols !== cols) {
    throw new ShapeError(`${name} is ${out.rows} × ${out.cols}, expected ${rows} × ${cols}`);
  }
  checkLength(out.data, rows * cols, `${name}.data`);
}

/** Whether two typed arrays share any byte of memory. */
export function overlaps(a: ArrayBufferView, b: unknown): boolean {
  return (
    ArrayBuffer.isView(b) &&
    a.buffer === b.buffer &&
    a.byteOffset < b.byteOffset + b.byteLength &&
    b.byteOffset < a.byteOffset + a.byteLength
  );
}

function checkLength(out: Float64Array, length: number, name: string): void {
  if (out.length === length) return;
  const detached =
    out.length === 0 && out.buffer.byteLength === 0 ? ' (its buffer was detached, e.g. transferred)' : '';
  throw new ShapeError(`${name} has length ${out.length}, expected ${length}${detached}`);
}
