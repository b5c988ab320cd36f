import { readF64 } from '../wasm/heap.js';
import { scratch } from '../wasm/scratch.js';
import { Matrix, type VectorLike } from './matrix.js';
import { asRightHandSide, writeFinite } from './validate.js';

/**
 * Runs `kernel(b, nrhs)` on a copy of the right-hand side placed in WASM scratch memory (n × nrhs,
 * row-major, leading dimension nrhs) and returns the overwritten copy in the shape it came in: a
 * vector for a vector, a `Matrix` for a `Matrix`. The caller's `b` is never modified.
 */
export function solveInPlace(
  n: number,
  b: VectorLike | Matrix,
  name: string,
  kernel: (ptr: number, nrhs: number) => void,
): Float64Array | Matrix {
  const rhs = asRightHandSide(b, n, name, false);
  const isMatrix = rhs instanceof Matrix;
  const data = isMatrix ? rhs.data : rhs;
  const nrhs = isMatrix ? rhs.cols : 1;
  const ptr = scratch(8 * data.length, `right-hand side ${name}`);
  writeFinite(ptr, data, name, isMatrix ? nrhs : undefined);
  kernel(ptr, nrhs);
  const x = readF64(ptr, data.length);
  return isMatrix ? new Matrix(n, nrhs, x) : x;
}
