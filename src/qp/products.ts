import type { SparseMatrix } from '../sparse/sparse-matrix.js';
import type { QPData } from './problem.js';

/** The products with Q, A and G (stacked bound rows included) that the solver and derivatives take. */
export interface QPOperands {
  /** out = Q·x. */
  Q(x: Float64Array, out: Float64Array): Float64Array;
  /** out = A·x. */
  A(x: Float64Array, out: Float64Array): Float64Array;
  /** out = Aᵀ·y. */
  At(y: Float64Array, out: Float64Array): Float64Array;
  /** out = G·x. */
  G(x: Float64Array, out: Float64Array): Float64Array;
  /** out = Gᵀ·y. */
  Gt(y: Float64Array, out: Float64Array): Float64Array;
}

/** out = M·x for a CSC M, O(nnz). */
export function cscTimes(M: SparseMatrix, x: Float64Array, out: Float64Array): Float64Array {
  const { cols, colPtr, rowIndex, values } = M;
  out.fill(0);
  for (let j = 0; j < cols; j++) {
    const xj = x[j];
    if (xj === 0) continue;
    for (let q = colPtr[j]; q < colPtr[j + 1]; q++) out[rowIndex[q]] += values[q] * xj;
  }
  return out;
}

/** out = Mᵀ·y for a CSC M, O(nnz). */
export function cscTransposeTimes(M: SparseMatrix, y: Float64Array, out: Float64Array): Float64Array {
  const { cols, colPtr, rowIndex, values } = M;
  for (let j = 0; j < cols; j++) {
    let s = 0;
    for (let q = colPtr[j]; q < colPtr[j + 1]; q++) s += values[q] * y[rowIndex[q]];
    out[j] = s;
  }
  return out;
}

/** out = M·x for a row-major rows × cols M. */
export function denseTimes(M: Float64Array, rows: number, cols: number, x: Float64Array, out: Float64Array) {
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += M[i * cols + j] * x[j];
    out[i] = s;
  }
  return out;
}

/** out = Mᵀ·y for a row-major rows × cols M. */
export function denseTransposeTimes(M: Float64Array, rows: number, cols: number, y: Float64Array, out: Float64Array) {
  out.fill(0);
  for (let i = 0; i < rows; i++) {
    const yi = y[i];
    if (yi === 0) continue;
    for (let j = 0; j < cols; j++) out[j] += M[i * cols + j] * yi;
  }
  return out;
}

/** Products with sparse Q, A, G in CSC: O(nnz) each, in JavaScript (no copy to WebAssembly). */
export function sparseOperands(Q: SparseMatrix, A: SparseMatrix, G: SparseMatrix): QPOperands {
  return {
    Q: (x, out) => cscTimes(Q, x, out),
    A: (x, out) => cscTimes(A, x, out),
    At: (y, out) => cscTransposeTimes(A, y, out),
    G: (x, out) => cscTimes(G, x, out),
    Gt: (y, out) => cscTransposeTimes(G, y, out),
  };
}

/**
 * Products in plain loops on the problem's own arrays, for the few products made outside the
 * interior-point iterations (measures of a polished point, the derivatives' right-hand sides).
 */
export function plainOperands(qp: QPData): QPOperands {
  if (qp.kind === 'sparse') return sparseOperands(qp.Q, qp.A, qp.G);
  const { n, p, m, Q, A, G } = qp;
  return {
    Q: (x, out) => denseTimes(Q, n, n, x, out),
    A: (x, out) => denseTimes(A, p, n, x, out),
    At: (y, out) => denseTransposeTimes(A, p, n, y, out),
    G: (x, out) => denseTimes(G, m, n, x, out),
    Gt: (y, out) => denseTransposeTimes(G, m, n, y, out),
  };
}

/** The largest |entry| of Q, A and G. */
export function largestEntries(qp: QPData): { Q: number; A: number; G: number } {
  const max = (v: Float64Array) => {
    let s = 0;
    for (let i = 0; i < v.length; i++) s = Math.max(s, Math.abs(v[i]));
    return s;
  };
  if (qp.kind === 'sparse') return { Q: max(qp.Q.values), A: max(qp.A.values), G: max(qp.G.values) };
  return { Q: max(qp.Q), A: max(qp.A), G: max(qp.G) };
}
