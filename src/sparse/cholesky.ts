import { NotPositiveDefiniteError } from '../errors.js';
import { type Analysis, analyse, type Ordering, type Symbolic } from './analyse.js';
import { factorAnalysed, SparseFactorization } from './factorization.js';
import type { NumericOutcome } from './numeric.js';
import { asOptions, asSquareSparse, orderingOf } from './options.js';
import type { SparseFactor } from './sparse-factor.js';
import type { SparseMatrix } from './sparse-matrix.js';

/** Options of {@link sparseCholesky}. */
export interface SparseCholeskyOptions {
  /** Fill-reducing ordering: `'amd'` (default), `'natural'`, or a permutation (`perm[k]` = index of pivot k). */
  ordering?: Ordering;
}

/** A sparse Cholesky factorization P·A·Pᵀ = L·Lᵀ kept in WASM memory; see {@link sparseCholesky}. */
export interface SparseCholesky extends SparseFactor {
  /**
   * log det A = 2·Σ log L_jj.
   * @throws {DisposedError} after `dispose()`.
   * @throws {OutOfMemoryError} when the factorization was copied out of WebAssembly memory and cannot be copied back.
   */
  logDet(): number;
  /**
   * Factors `A2`, a matrix with the pattern of the analysed one, reusing the ordering and the
   * symbolic analysis (only the numeric phase runs). The result is bit for bit that of a fresh
   * `sparseCholesky(A2)` with the same ordering. On failure the previous factor is kept.
   * @throws {ArgumentError} when A2 is not a SparseMatrix with the analysed pattern.
   * @throws {ShapeError} when A2 is not n × n.
   * @throws {NotPositiveDefiniteError} when A2 is not positive definite (`.pivot` as in {@link sparseCholesky}).
   * @throws {DisposedError} after `dispose()`.
   * @throws {OutOfMemoryError} when the factorization was copied out of WebAssembly memory and cannot be copied back.
   */
  refactor(A2: SparseMatrix): this;
}

class SparseCholeskyFactorization extends SparseFactorization implements SparseCholesky {
  constructor(analysis: Analysis) {
    super(analysis, 0, 'Cholesky');
  }

  logDet(): number {
    return 2 * this.diagonal()[0];
  }

  refactor(A2: SparseMatrix): this {
    throwIfFailed(this.refactorValues(this.valuesOf(A2), undefined), this.symbolic, 'A2');
    return this;
  }
}

/**
 * Sparse Cholesky factorization P·A·Pᵀ = L·Lᵀ of a symmetric positive definite matrix in compressed
 * sparse columns, reading its lower triangle (entries above the diagonal are ignored). The ordering
 * P is approximate minimum degree by default (Amestoy, Davis & Duff), composed with a postorder of
 * the elimination tree; the symbolic analysis (elimination tree, column counts, relaxed
 * supernodes) is kept apart from the numeric phase, a supernodal left-looking factorization whose
 * dense blocks run on the packed GEMM / SYRK / TRSM / POTRF kernels (and their threaded and FMA
 * builds). Nothing of size n × n is formed.
 *
 * @param A - square, symmetric positive definite; only its lower triangle is read.
 * @param options - `ordering`: `'amd'` (default), `'natural'`, or an `Int32Array` permutation.
 * @returns `{ n, nnzL, fillRatio, permutation, solve, logDet, refactor, dispose }`.
 * @throws {ArgumentError} when A is not a SparseMatrix, options is not an object, or ordering is
 * not 'amd', 'natural' or a permutation of 0..n−1.
 * @throws {ShapeError} when A is not square, or its factor cannot fit in 32-bit WebAssembly memory.
 * @throws {NotPositiveDefiniteError} when A is not positive definite: `.pivot` is the 0-based row
 * (caller's numbering) whose pivot was not positive.
 * @throws {OutOfMemoryError} when WebAssembly memory cannot hold the factorization even with other
 * factorizations copied out (see the working set in the README).
 */
export function sparseCholesky(A: SparseMatrix, options?: SparseCholeskyOptions): SparseCholesky {
  return sparseCholeskyOf(A, options, 'A');
}

/** {@link sparseCholesky} with A called `name` in errors (the solver layer's ∂F/∂y, hessian). */
export function sparseCholeskyOf(
  A: SparseMatrix,
  options: SparseCholeskyOptions | undefined,
  name: string,
): SparseCholesky {
  asSquareSparse(A, name);
  const opts = asOptions(options);
  const analysis = analyse(A, orderingOf(opts), name);
  throwIfFailed(factorAnalysed(analysis, A.values, undefined), analysis.sym, name);
  return new SparseCholeskyFactorization(analysis);
}

/** The NotPositiveDefiniteError of a failed factorization of `name`. */
function throwIfFailed(outcome: NumericOutcome, sym: Symbolic, name: string): void {
  if (outcome.ok) return;
  const pivot = sym.permutation[outcome.column];
  throw new NotPositiveDefiniteError(
    `${name} is not positive definite: the pivot of row ${pivot} (0-based; pivot ${outcome.column} in the elimination order) is not positive`,
    pivot,
  );
}
