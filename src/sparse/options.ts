import { ArgumentError, ShapeError } from '../errors.js';
import type { Ordering } from './analyse.js';
import { SparseMatrix } from './sparse-matrix.js';

/**
 * `A` checked as the square SparseMatrix a sparse factorization takes.
 * @throws {ArgumentError} when A is not a SparseMatrix.
 * @throws {ShapeError} when it is not square.
 */
export function asSquareSparse(A: SparseMatrix, name: string): SparseMatrix {
  if (!(A instanceof SparseMatrix)) {
    const got = A === null ? 'null' : typeof A === 'object' ? ((A as object).constructor?.name ?? 'object') : typeof A;
    throw new ArgumentError(
      `${name} must be a SparseMatrix, got ${got} (SparseMatrix.fromDense converts a dense matrix)`,
    );
  }
  if (A.rows !== A.cols) throw new ShapeError(`${name} must be square, got ${A.rows} × ${A.cols}`);
  return A;
}

/**
 * The options object, `{}` when omitted.
 * @throws {ArgumentError} when it is not an object.
 */
export function asOptions<T extends object>(options: T | undefined): T {
  if (options === undefined) return {} as T;
  if (options === null || typeof options !== 'object') {
    throw new ArgumentError(`options must be an object, got ${options === null ? 'null' : typeof options}`);
  }
  return options;
}

/** The ordering option (default 'amd'; checked in full by the analysis). */
export function orderingOf(options: { ordering?: Ordering }): Ordering {
  return options.ordering ?? 'amd';
}
