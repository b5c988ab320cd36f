import { describe } from '../check/entries.js';
import { ArgumentError, NonFiniteError, ShapeError } from '../errors.js';
import { readFirst, writeFirst } from '../wasm/heap.js';
import { kernels } from '../wasm/instance.js';
import { scratch } from '../wasm/scratch.js';

// The low-level entry: the kernels on the caller's own typed arrays, with LAPACK-like arguments,
// for numeric tools that manage their own storage. Matrices are row-major with a leading
// dimension `ld` (elements between the starts of consecutive rows, ld ≥ max(1, cols)). Arrays are
// copied into WASM memory and the outputs copied back (WebAssembly cannot address JavaScript
// arrays); numerical failure is returned as `info`, never thrown. Every argument is checked before
// a kernel runs: matrices and vectors must be Float64Arrays and pivots Int32Arrays, exactly (a
// Float32Array's bytes are not doubles, and a number[] cannot be written back in place), else an
// ArgumentError; sizes, leading dimensions and array lengths out of range are a ShapeError, a bad
// flag or pivot index an ArgumentError; a scalar (alpha, beta) that is not a number is an
// ArgumentError, and NaN or ±Infinity a NonFiniteError. Flags: trans/transA/transB 0 = as is, 1 = transposed; uplo 0 = lower, 1 = upper;
// side 0 = left, 1 = right; diag 0 = non-unit, 1 = unit.

function dim(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0)
    throw new ShapeError(`${name} must be a non-negative integer, got ${describe(value)}`);
  return value;
}

function flag(value: number, name: string): number {
  if (value !== 0 && value !== 1) throw new ArgumentError(`${name} must be 0 or 1, got ${describe(value)}`);
  return value;
}

/** Checks that `array` is a Float64Array. */
function f64(array: unknown, name: string): void {
  if (!(array instanceof Float64Array)) {
    throw new ArgumentError(
      `${name} must be a Float64Array, got ${describe(array)}; lapack.* works in place on Float64Arrays only`,
    );
  }
}

/** Checks that `array` is an Int32Array. */
function i32(array: unknown, name: string): void {
  if (!(array instanceof Int32Array)) {
    throw new ArgumentError(
      `${name} must be an Int32Array, got ${describe(array)}; lapack.* takes pivots as Int32Arrays only`,
    );
  }
}

/** Checks that a scalar argument is a finite number. */
function scalar(value: unknown, name: string): void {
  if (typeof value !== 'number') throw new ArgumentError(`${name} must be a number, got ${describe(value)}`);
  if (!Number.isFinite(value)) throw new NonFiniteError(`${name} is ${value}; ${name} must be finite`);
}

/** Elements a rows × cols matrix with leading dimension ld spans; checks ld and the array's length. */
function span(array: ArrayLike<number>, rows: number, cols: number, ld: number, name: string): number {
  if (!Number.isInteger(ld) || ld < Math.max(1, cols)) {
    throw new ShapeError(`ld${name} must be an integer ≥ max(1, ${cols}), got ${describe(ld)}`);
  }
  const needed = rows === 0 || cols === 0 ? 0 : (rows - 1) * ld + cols;
  if (array.length < needed) {
    throw new ShapeError(
      `${name} has length ${array.length}, but a ${rows} × ${cols} matrix with ld${name} = ${ld} needs ${needed}`,
    );
  }
  return needed;
}

/** Bytes of scratch memory an operand of `length` doubles takes: rounded up to 16. */
function slot(length: number): number {
  return (8 * length + 15) & ~15;
}

/** Bytes of scratch memory a pivot array of `length` 32-bit integers takes: rounded up to 16. */
function pivotSlot(length: number): number {
  return (4 * length + 15) & ~15;
}

// Each routine below reserves one scratch block for all its operands (one slot each, in argument
// order), copies them in, runs the kernel on their offsets and copies its outputs back.

/**
 * Cholesky A = L·Lᵀ of the n × n lower triangle of `a`, overwritten by L (as LAPACK dpotrf with
 * uplo = 'L' in row-major). Returns info: 0, or the 1-based order of the first leading minor that
 * is not positive definite.
 *
 * @throws {ShapeError} on a size that is not a non-negative integer, a leading dimension below
 * max(1, cols), or an array too short for its matrix.
 */
export function potrf(n: number, a: Float64Array, lda: number): number {
  f64(a, 'a');
  dim(n, 'n');
  const len = span(a, n, n, lda, 'a');
  const pa = scratch(slot(len), 'the operands');
  writeFirst(pa, a, len);
  const info = kernels().potrf(n, pa, lda);
  readFirst(pa, a, len);
  return info;
}

/** Solves A·X = B with potrf's L in `a`; `b` (n × nrhs) is overwritten by X (as LAPACK dpotrs).
 *
 * @throws {ShapeError} on a size that is not a non-negative integer, a leading dimension below
 * max(1, cols), or an array too short for its matrix.
 */
export function potrs(n: number, nrhs: number, a: Float64Array, lda: number, b: Float64Array, ldb: number): void {
  f64(a, 'a');
  f64(b, 'b');
  dim(n, 'n');
  dim(nrhs, 'nrhs');
  const la = span(a, n, n, lda, 'a');
  const lb = span(b, n, nrhs, ldb, 'b');
  const pa = scratch(slot(la) + slot(lb), 'the operands');
  const pb = pa + slot(la);
  writeFirst(pa, a, la);
  writeFirst(pb, b, lb);
  kernels().potrs(n, nrhs, pa, lda, pb, ldb);
  readFirst(pb, b, lb);
}

/**
 * LU with partial pivoting P·A = L·U of the m × n matrix `a`, overwritten by L (unit, below the
 * diagonal) and U; `ipiv[i]` receives the 0-based row swapped with row i (LAPACK's are 1-based).
 * Returns info: 0, or the 1-based index of the first exactly-zero pivot (the factorization is
 * still completed), as LAPACK dgetrf.
 *
 * @throws {ShapeError} on a size that is not a non-negative integer, a leading dimension below
 * max(1, cols), or an array too short for its matrix.
 */
export function getrf(m: number, n: number, a: Float64Array, lda: number, ipiv: Int32Array): number {
  f64(a, 'a');
  i32(ipiv, 'ipiv');
  dim(m, 'm');
  dim(n, 'n');
  const len = span(a, m, n, lda, 'a');
  const k = Math.min(m, n);
  if (ipiv.length < k) throw new ShapeError(`ipiv has length ${ipiv.length}, needs min(m, n) = ${k}`);
  const pa = scratch(slot(len) + pivotSlot(k), 'the operands');
  const pp = pa + slot(len);
  writeFirst(pa, a, len);
  const info = kernels().getrf(m, n, pa, lda, pp);
  readFirst(pa, a, len);
  readFirst(pp, ipiv, k);
  return info;
}

/** Solves A·X = B (trans 0) or Aᵀ·X = B (trans 1) with getrf's factors; `b` (n × nrhs) is overwritten (as LAPACK dgetrs).
 *
 * @throws {ShapeError} on a size that is not a non-negative integer, a leading dimension below
 * max(1, cols), or an array too short for its matrix.
 * @throws {ArgumentError} on a flag other than 0 or 1, or a pivot index that getrf cannot have written.
 */
export function getrs(
  trans: number,
  n: number,
  nrhs: number,
  a: Float64Array,
  lda: number,
  ipiv: Int32Array,
  b: Float64Array,
  ldb: number,
): void {
  f64(a, 'a');
  i32(ipiv, 'ipiv');
  f64(b, 'b');
  flag(trans, 'trans');
  dim(n, 'n');
  dim(nrhs, 'nrhs');
  const la = span(a, n, n, lda, 'a');
  const lb = span(b, n, nrhs, ldb, 'b');
  if (ipiv.length < n) throw new ShapeError(`ipiv has length ${ipiv.length}, needs n = ${n}`);
  for (let i = 0; i < n; i++) {
    if (!Number.isInteger(ipiv[i]) || ipiv[i] < i || ipiv[i] >= n) {
      throw new ArgumentError(`ipiv[${i}] is ${ipiv[i]}, not a row index in [${i}, ${n}) as getrf writes`);
    }
  }
  const pa = scratch(slot(la) + pivotSlot(n) + slot(lb), 'the operands');
  const pp = pa + slot(la);
  const pb = pp + pivotSlot(n);
  writeFirst(pa, a, la);
  writeFirst(pp, ipiv, n);
  writeFirst(pb, b, lb);
  kernels().getrs(trans, n, nrhs, pa, lda, pp, pb, ldb);
  readFirst(pb, b, lb);
}

/** C = alpha·op(A)·op(B) + beta·C with C m × n and inner dimension k (as BLAS dgemm, row-major).
 *
 * @throws {ShapeError} on a size that is not a non-negative integer, a leading dimension below
 * max(1, cols), or an array too short for its matrix.
 * @throws {ArgumentError} on a flag other than 0 or 1.
 */
export function gemm(
  transA: number,
  transB: number,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Float64Array,
  lda: number,
  b: Float64Array,
  ldb: number,
  beta: number,
  c: Float64Array,
  ldc: number,
): void {
  scalar(alpha, 'alpha');
  f64(a, 'a');
  f64(b, 'b');
  scalar(beta, 'beta');
  f64(c, 'c');
  flag(transA, 'transA');
  flag(transB, 'transB');
  dim(m, 'm');
  dim(n, 'n');
  dim(k, 'k');
  const la = transA ? span(a, k, m, lda, 'a') : span(a, m, k, lda, 'a');
  const lb = transB ? span(b, n, k, ldb, 'b') : span(b, k, n, ldb, 'b');
  const lc = span(c, m, n, ldc, 'c');
  const pa = scratch(slot(la) + slot(lb) + slot(lc), 'the operands');
  const pb = pa + slot(la);
  const pc = pb + slot(lb);
  writeFirst(pa, a, la);
  writeFirst(pb, b, lb);
  // With beta = 0, C is only written (as in BLAS, NaN in C does not propagate): no need to copy it in.
  if (beta !== 0) writeFirst(pc, c, lc);
  kernels().gemm(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
  readFirst(pc, c, lc);
}

/**
 * Triangular solve with many right-hand sides, `b` (m × n) overwritten by X:
 * side 0 solves op(A)·X = alpha·B (A m × m), side 1 solves X·op(A) = alpha·B (A n × n), as BLAS dtrsm.
 *
 * @throws {ShapeError} on a size that is not a non-negative integer, a leading dimension below
 * max(1, cols), or an array too short for its matrix.
 * @throws {ArgumentError} on a flag other than 0 or 1.
 */
export function trsm(
  side: number,
  uplo: number,
  transA: number,
  diag: number,
  m: number,
  n: number,
  alpha: number,
  a: Float64Array,
  lda: number,
  b: Float64Array,
  ldb: number,
): void {
  scalar(alpha, 'alpha');
  f64(a, 'a');
  f64(b, 'b');
  flag(side, 'side');
  flag(uplo, 'uplo');
  flag(transA, 'transA');
  flag(diag, 'diag');
  dim(m, 'm');
  dim(n, 'n');
  const order = side === 0 ? m : n;
  const la = span(a, order, order, lda, 'a');
  const lb = span(b, m, n, ldb, 'b');
  const pa = scratch(slot(la) + slot(lb), 'the operands');
  const pb = pa + slot(la);
  writeFirst(pa, a, la);
  writeFirst(pb, b, lb);
  kernels().trsm(side, uplo, transA, diag, m, n, alpha, pa, lda, pb, ldb);
  readFirst(pb, b, lb);
}

/**
 * Symmetric rank-k update of one triangle of C (n × n): C = alpha·A·Aᵀ + beta·C (trans 0, A n × k)
 * or C = alpha·Aᵀ·A + beta·C (trans 1, A k × n), as BLAS dsyrk.
 *
 * @throws {ShapeError} on a size that is not a non-negative integer, a leading dimension below
 * max(1, cols), or an array too short for its matrix.
 * @throws {ArgumentError} on a flag other than 0 or 1.
 */
export function syrk(
  uplo: number,
  trans: number,
  n: number,
  k: number,
  alpha: number,
  a: Float64Array,
  lda: number,
  beta: number,
  c: Float64Array,
  ldc: number,
): void {
  scalar(alpha, 'alpha');
  f64(a, 'a');
  scalar(beta, 'beta');
  f64(c, 'c');
  flag(uplo, 'uplo');
  flag(trans, 'trans');
  dim(n, 'n');
  dim(k, 'k');
  const la = trans ? span(a, k, n, lda, 'a') : span(a, n, k, lda, 'a');
  const lc = span(c, n, n, ldc, 'c');
  const pa = scratch(slot(la) + slot(lc), 'the operands');
  const pc = pa + slot(la);
  writeFirst(pa, a, la);
  writeFirst(pc, c, lc);
  kernels().syrk(uplo, trans, n, k, alpha, pa, lda, beta, pc, ldc);
  readFirst(pc, c, lc);
}

/** y = alpha·op(A)·x + beta·y with A m × n (as BLAS dgemv, unit strides).
 *
 * @throws {ShapeError} on a size that is not a non-negative integer, a leading dimension below
 * max(1, cols), or an array too short for its matrix.
 * @throws {ArgumentError} on a flag other than 0 or 1.
 */
export function gemv(
  trans: number,
  m: number,
  n: number,
  alpha: number,
  a: Float64Array,
  lda: number,
  x: Float64Array,
  beta: number,
  y: Float64Array,
): void {
  scalar(alpha, 'alpha');
  f64(a, 'a');
  f64(x, 'x');
  scalar(beta, 'beta');
  f64(y, 'y');
  flag(trans, 'trans');
  dim(m, 'm');
  dim(n, 'n');
  const la = span(a, m, n, lda, 'a');
  const nx = trans ? m : n;
  const ny = trans ? n : m;
  if (x.length < nx) throw new ShapeError(`x has length ${x.length}, needs ${nx}`);
  if (y.length < ny) throw new ShapeError(`y has length ${y.length}, needs ${ny}`);
  const pa = scratch(slot(la) + slot(nx) + slot(ny), 'the operands');
  const px = pa + slot(la);
  const py = px + slot(nx);
  writeFirst(pa, a, la);
  writeFirst(px, x, nx);
  writeFirst(py, y, ny);
  kernels().gemv(trans, m, n, alpha, pa, lda, px, beta, py);
  readFirst(py, y, ny);
}
