import type { DisposableWhereSupported } from '../disposable.js';
import type { Matrix, VectorLike } from '../linalg/matrix.js';

/** What every sparse factorization offers (see `sparseCholesky`, `sparseLdlt`). */
export interface SparseFactor extends DisposableWhereSupported {
  /** Order of A. */
  readonly n: number;
  /** Nonzeros of the factor L (diagonal included). */
  readonly nnzL: number;
  /** nnz(L) / nnz(tril(A)): the fill of the factorization under its ordering. */
  readonly fillRatio: number;
  /**
   * The permutation P of P·A·Pᵀ: `permutation[k]` is the original index of pivot k (a copy).
   * @throws {DisposedError} after `dispose()`.
   * @throws {OutOfMemoryError} when the factorization was copied out of WebAssembly memory and cannot be copied back.
   */
  readonly permutation: Int32Array;
  /** Whether `dispose()` has been called. */
  readonly disposed: boolean;
  /**
   * x = A⁻¹b, or X = A⁻¹B for every column of B (n × k) at once.
   * @throws {ShapeError} when b does not have n entries (rows).
   * @throws {NonFiniteError} when b holds NaN or ±Infinity.
   * @throws {DisposedError} after `dispose()`.
   * @throws {OutOfMemoryError} when the factorization was copied out of WebAssembly memory and cannot be copied back.
   */
  solve(b: VectorLike): Float64Array;
  solve(B: Matrix): Matrix;
  /** Frees the factorization's WASM memory now; further use throws `DisposedError`; disposing twice is harmless. */
  dispose(): void;
}
