import { ShapeError } from '../errors.js';
import { readFirst, writeFirst } from '../wasm/heap.js';
import { kernels } from '../wasm/instance.js';
import { scratch } from '../wasm/scratch.js';

// The low-level entry: the kernels on the caller's own typed arrays, with LAPACK-like arguments,
// for numeric tools that manage their own storage. Matrices are row-major with a leading
// dimension `ld` (elements between the starts of consecutive rows, ld ≥ max(1, cols)). Arrays are
// copied into WASM memory and the outputs copied back (WebAssembly cannot address JavaScript
// arrays); numerical failure is returned as `info`, never thrown. Argument errors throw
// `ShapeError`. Flags: trans/transA/transB 0 = as is, 1 = transposed; uplo 0 = lower, 1 = upper;
// side 0 = left, 1 = right; diag 0 = non-unit, 1 = unit.

type Operand = { array: Float64Array | Int32Array; length: number; out: boolean };

function dim(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0)
    throw new ShapeError(`${name} must be a non-negative integer, got ${value}`);
  return value;
}

function flag(value: number, name: string): number {
  if (value !== 0 && value !== 1) throw new ShapeError(`${name} must be 0 or 1, got ${value}`);
  return value;
}

/** Elements a rows × cols matrix with leading dimension ld spans; checks ld and the array's length. */
function span(array: ArrayLike<number>, rows: number, cols: number, ld: number, name: string): number {
  if (!Number.isInteger(ld) || ld < Math.max(1, cols)) {
    throw new ShapeError(`ld${name} must be an integer ≥ max(1, ${cols}), got ${ld}`);
  }
  const needed = rows === 0 || cols === 0 ? 0 : (rows - 1) * ld + cols;
  if (array.length < needed) {
    throw new ShapeError(
      `${name} has length ${array.length}, but a ${rows} × ${cols} matrix with ld${name} = ${ld} needs ${needed}`,
    );
  }
  return needed;
}

/** Copies the operands into scratch memory, runs `kernel` on their offsets, copies outputs back. */
function run<T>(operands: Operand[], kernel: (ptrs: number[]) => T): T {
  let bytes = 0;
  const ptrs: number[] = [];
  for (const o of operands) {
    ptrs.push(bytes);
    bytes += Math.ceil((o.length * o.array.BYTES_PER_ELEMENT) / 16) * 16;
  }
  const base = scratch(bytes, 'the operands');
  for (let i = 0; i < operands.length; i++) {
    ptrs[i] += base;
    writeFirst(ptrs[i], operands[i].array, operands[i].length);
  }
  const result = kernel(ptrs);
  for (let i = 0; i < operands.length; i++) {
    const o = operands[i];
    if (o.out) readFirst(ptrs[i], o.array, o.length);
  }
  return result;
}

const input = (array: Float64Array | Int32Array, length: number): Operand => ({ array, length, out: false });
const output = (array: Float64Array | Int32Array, length: number): Operand => ({ array, length, out: true });

/**
 * Cholesky A = L·Lᵀ of the n × n lower triangle of `a`, overwritten by L (as LAPACK dpotrf with
 * uplo = 'L' in row-major). Returns info: 0, or the 1-based order of the first leading minor that
 * is not positive definite.
 */
export function potrf(n: number, a: Float64Array, lda: number): number {
  dim(n, 'n');
  const len = span(a, n, n, lda, 'a');
  return run([output(a, len)], ([pa]) => kernels().potrf(n, pa, lda));
}

/** Solves A·X = B with potrf's L in `a`; `b` (n × nrhs) is overwritten by X (as LAPACK dpotrs). */
export function potrs(n: number, nrhs: number, a: Float64Array, lda: number, b: Float64Array, ldb: number): void {
  dim(n, 'n');
  dim(nrhs, 'nrhs');
  const la = span(a, n, n, lda, 'a');
  const lb = span(b, n, nrhs, ldb, 'b');
  run([input(a, la), output(b, lb)], ([pa, pb]) => kernels().potrs(n, nrhs, pa, lda, pb, ldb));
}

/**
 * LU with partial pivoting P·A = L·U of the m × n matrix `a`, overwritten by L (unit, below the
 * diagonal) and U; `ipiv[i]` receives the 0-based row swapped with row i (LAPACK's are 1-based).
 * Returns info: 0, or the 1-based index of the first exactly-zero pivot (the factorization is
 * still completed), as LAPACK dgetrf.
 */
export function getrf(m: number, n: number, a: Float64Array, lda: number, ipiv: Int32Array): number {
  dim(m, 'm');
  dim(n, 'n');
  const len = span(a, m, n, lda, 'a');
  const k = Math.min(m, n);
  if (ipiv.length < k) throw new ShapeError(`ipiv has length ${ipiv.length}, needs min(m, n) = ${k}`);
  return run([output(a, len), output(ipiv, k)], ([pa, pp]) => kernels().getrf(m, n, pa, lda, pp));
}

/** Solves A·X = B (trans 0) or Aᵀ·X = B (trans 1) with getrf's factors; `b` (n × nrhs) is overwritten (as LAPACK dgetrs). */
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
  flag(trans, 'trans');
  dim(n, 'n');
  dim(nrhs, 'nrhs');
  const la = span(a, n, n, lda, 'a');
  const lb = span(b, n, nrhs, ldb, 'b');
  if (ipiv.length < n) throw new ShapeError(`ipiv has length ${ipiv.length}, needs n = ${n}`);
  for (let i = 0; i < n; i++) {
    if (!Number.isInteger(ipiv[i]) || ipiv[i] < i || ipiv[i] >= n) {
      throw new ShapeError(`ipiv[${i}] is ${ipiv[i]}, not a row index in [${i}, ${n}) as getrf writes`);
    }
  }
  run([input(a, la), input(ipiv, n), output(b, lb)], ([pa, pp, pb]) =>
    kernels().getrs(trans, n, nrhs, pa, lda, pp, pb, ldb),
  );
}

/** C = alpha·op(A)·op(B) + beta·C with C m × n and inner dimension k (as BLAS dgemm, row-major). */
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
  flag(transA, 'transA');
  flag(transB, 'transB');
  dim(m, 'm');
  dim(n, 'n');
  dim(k, 'k');
  const la = transA ? span(a, k, m, lda, 'a') : span(a, m, k, lda, 'a');
  const lb = transB ? span(b, n, k, ldb, 'b') : span(b, k, n, ldb, 'b');
  const lc = span(c, m, n, ldc, 'c');
  run([input(a, la), input(b, lb), output(c, lc)], ([pa, pb, pc]) =>
    kernels().gemm(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc),
  );
}

/**
 * Triangular solve with many right-hand sides, `b` (m × n) overwritten by X:
 * side 0 solves op(A)·X = alpha·B (A m × m), side 1 solves X·op(A) = alpha·B (A n × n), as BLAS dtrsm.
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
  flag(side, 'side');
  flag(uplo, 'uplo');
  flag(transA, 'transA');
  flag(diag, 'diag');
  dim(m, 'm');
  dim(n, 'n');
  const order = side === 0 ? m : n;
  const la = span(a, order, order, lda, 'a');
  const lb = span(b, m, n, ldb, 'b');
  run([input(a, la), output(b, lb)], ([pa, pb]) =>
    kernels().trsm(side, uplo, transA, diag, m, n, alpha, pa, lda, pb, ldb),
  );
}

/**
 * Symmetric rank-k update of one triangle of C (n × n): C = alpha·A·Aᵀ + beta·C (trans 0, A n × k)
 * or C = alpha·Aᵀ·A + beta·C (trans 1, A k × n), as BLAS dsyrk.
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
  flag(uplo, 'uplo');
  flag(trans, 'trans');
  dim(n, 'n');
  dim(k, 'k');
  const la = trans ? span(a, k, n, lda, 'a') : span(a, n, k, lda, 'a');
  const lc = span(c, n, n, ldc, 'c');
  run([input(a, la), output(c, lc)], ([pa, pc]) => kernels().syrk(uplo, trans, n, k, alpha, pa, lda, beta, pc, ldc));
}

/** y = alpha·op(A)·x + beta·y with A m × n (as BLAS dgemv, unit strides). */
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
  flag(trans, 'trans');
  dim(m, 'm');
  dim(n, 'n');
  const la = span(a, m, n, lda, 'a');
  const nx = trans ? m : n;
  const ny = trans ? n : m;
  if (x.length < nx) throw new ShapeError(`x has length ${x.length}, needs ${nx}`);
  if (y.length < ny) throw new ShapeError(`y has length ${y.length}, needs ${ny}`);
  run([input(a, la), input(x, nx), output(y, ny)], ([pa, px, py]) =>
    kernels().gemv(trans, m, n, alpha, pa, lda, px, beta, py),
  );
}
