import { ArgumentError, DisposedError, ShapeError } from '../errors.js';
import { Matrix, type VectorLike } from '../linalg/matrix.js';
import { asRightHandSide, writeFinite } from '../linalg/validate.js';
import { allocF64, copyF64, f64View, free, readF64 } from '../wasm/heap.js';
import { kernels } from '../wasm/instance.js';
import { scratch } from '../wasm/scratch.js';
import { SpillableBlock } from '../wasm/working-set.js';
import type { Analysis, Symbolic } from './analyse.js';
import { factorNumeric, type NumericOutcome, type PivotRule } from './numeric.js';
import { SparseMatrix } from './sparse-matrix.js';

/**
 * The numeric factorization of `values` into the block of a new analysis; the block is freed when
 * it fails (or throws), and is otherwise the caller's to adopt in a {@link SparseFactorization}.
 * @throws {ShapeError} when the workspace cannot fit in WASM memory.
 * @throws {OutOfMemoryError} when WASM memory cannot provide the workspace.
 */
export function factorAnalysed(
  analysis: Analysis,
  values: Float64Array,
  pivots: PivotRule | undefined,
): NumericOutcome {
  let outcome: NumericOutcome;
  try {
    outcome = factorNumeric(analysis.sym, analysis.ptr, values, pivots, analysis.ptr);
  } catch (error) {
    free(analysis.ptr);
    throw error;
  }
  if (!outcome.ok) free(analysis.ptr);
  return outcome;
}

/**
 * Base of the sparse factorizations: a symbolic analysis and one numeric factor of it. The
 * factor values and the structure the kernels read are one spillable block of the working set
 * (wasm/working-set.ts), as the dense factorizations' are: copied out to JavaScript memory when WASM
 * memory holds too many, copied back when next used, freed by `dispose()` or when the object is
 * garbage-collected. Subclasses say what the factor is.
 */
export abstract class SparseFactorization {
  /** Order of A. */
  readonly n: number;
  /** Nonzeros of the factor L (diagonal included). */
  readonly nnzL: number;
  /** nnz(L) / nnz(tril(A)): the fill of the factorization under its ordering. */
  readonly fillRatio: number;
  readonly #kind: string;
  readonly #ldl: 0 | 1;
  readonly #sym: Symbolic;
  readonly #block: SpillableBlock;

  /** Adopts the block of `analysis`, factored by {@link factorAnalysed}. */
  protected constructor(analysis: Analysis, ldl: 0 | 1, kind: string) {
    const sym = analysis.sym;
    this.n = sym.n;
    this.nnzL = sym.nnzL;
    this.fillRatio = sym.nnzLower === 0 ? 1 : sym.nnzL / sym.nnzLower;
    this.#kind = kind;
    this.#ldl = ldl;
    this.#sym = sym;
    this.#block = new SpillableBlock(this, analysis.ptr, sym.bytes);
  }

  /** The permutation P of P·A·Pᵀ = L·Lᵀ (or L·D·Lᵀ): `permutation[k]` is the original index of pivot k (a copy). */
  get permutation(): Int32Array {
    return this.symbolic.permutation.slice();
  }

  /** Whether `dispose()` has been called. */
  get disposed(): boolean {
    return this.#block.disposed;
  }

  /**
   * The analysis.
   * @throws {DisposedError} after `dispose()`.
   */
  protected get symbolic(): Symbolic {
    if (this.#block.disposed) throw this.#disposedError();
    return this.#sym;
  }

  /**
   * The offset of the factorization's block (values at its start, structure at the offsets of
   * `symbolic`), copied back first if it was copied out; valid until the next use of another
   * factorization (see working-set.ts).
   * @throws {DisposedError} after `dispose()`.
   * @throws {OutOfMemoryError} when it cannot be copied back.
   */
  #base(): number {
    const ptr = this.#block.ptr;
    if (ptr === undefined) throw this.#disposedError();
    return ptr;
  }

  #disposedError(): DisposedError {
    return new DisposedError(`this sparse ${this.#kind} factorization has been disposed`);
  }

  /**
   * x = A⁻¹b, or X = A⁻¹B for every column of B (n × k) at once: the permutation, the supernodal
   * forward and back substitutions (with D between them for LDLᵀ), the permutation back.
   * @throws {ShapeError} when b does not have n entries (rows).
   * @throws {NonFiniteError} when b holds NaN or ±Infinity.
   * @throws {DisposedError} after `dispose()`.
   * @throws {OutOfMemoryError} when the factorization was copied out and cannot be copied back.
   */
  solve(b: VectorLike): Float64Array;
  solve(B: Matrix): Matrix;
  solve(b: VectorLike | Matrix): Float64Array | Matrix {
    const base = this.#base();
    const sym = this.#sym;
    const n = sym.n;
    const rhs = asRightHandSide(b, n, 'b', false);
    const isMatrix = rhs instanceof Matrix;
    const data = isMatrix ? rhs.data : rhs;
    const nrhs = isMatrix ? rhs.cols : 1;
    const length = data.length;
    const ptr = scratch(8 * (length + (n + sym.maxRows) * nrhs), 'right-hand side b and the sparse solve workspace');
    writeFinite(ptr, data, 'b', isMatrix ? nrhs : undefined);
    if (length > 0) {
      kernels().supernodalSolve(
        this.#ldl,
        n,
        sym.ns,
        base + sym.sfirst,
        base + sym.srowptr,
        base + sym.svalptr,
        base + sym.srows,
        base,
        base + sym.perm,
        ptr,
        nrhs,
        ptr + 8 * length,
      );
    }
    const x = readF64(ptr, length);
    return isMatrix ? new Matrix(n, nrhs, x) : x;
  }

  /** [Σ log |diag|, #positive, #negative] of the factor's diagonal (L's for Cholesky, D's for LDLᵀ). */
  protected diagonal(): Float64Array {
    const base = this.#base();
    const sym = this.#sym;
    const out = scratch(24, 'the factor diagonal summary');
    kernels().supernodalDiagonal(sym.ns, base + sym.sfirst, base + sym.svalptr, base, out);
    return f64View(out, 3).slice();
  }

  /**
   * The values of `A2` after checking that it has the analysed pattern.
   * @throws {ArgumentError} when A2 is not a SparseMatrix or its pattern differs.
   * @throws {DisposedError} after `dispose()`.
   */
  protected valuesOf(A2: SparseMatrix): Float64Array {
    const sym = this.symbolic;
    if (!(A2 instanceof SparseMatrix)) throw new ArgumentError(`A2 must be a SparseMatrix, got ${describe(A2)}`);
    if (A2.rows !== sym.n || A2.cols !== sym.n) {
      throw new ShapeError(`A2 is ${A2.rows} × ${A2.cols}, expected ${sym.n} × ${sym.n} (the analysed matrix)`);
    }
    if (A2.nnz !== sym.rowIndex.length) {
      throw new ArgumentError(
        `A2 has ${A2.nnz} stored entries, the analysed pattern ${sym.rowIndex.length}; refactor needs the same pattern`,
      );
    }
    const p = A2.colPtr;
    const ri = A2.rowIndex;
    if (p !== sym.colPtr) {
      for (let j = 0; j <= sym.n; j++) {
        if (p[j] !== sym.colPtr[j]) throw patternDiffers(j);
      }
    }
    if (ri !== sym.rowIndex) {
      for (let j = 0; j < sym.n; j++) {
        for (let q = p[j]; q < p[j + 1]; q++) if (ri[q] !== sym.rowIndex[q]) throw patternDiffers(j);
      }
    }
    return A2.values;
  }

  /**
   * Factors `values` (of a matrix with the analysed pattern) with `pivots` into a temporary block
   * and, when that succeeds, copies the new factor over the old one, which is kept otherwise.
   * @throws {DisposedError} after `dispose()`.
   * @throws {ShapeError} when the workspace cannot fit in WASM memory.
   * @throws {OutOfMemoryError} when WASM memory cannot provide it, or the factorization was copied
   * out and cannot be copied back.
   */
  protected refactorValues(values: Float64Array, pivots: PivotRule | undefined): NumericOutcome {
    const base = this.#base();
    const nvals = this.#sym.nvals;
    const lx = allocF64(nvals, 'the new sparse factor L');
    try {
      const outcome = factorNumeric(this.#sym, base, values, pivots, lx);
      if (outcome.ok) copyF64(base, lx, nvals);
      return outcome;
    } finally {
      free(lx);
    }
  }

  /** Frees the factorization's WASM memory now; further use throws `DisposedError`; disposing twice is harmless. */
  dispose(): void {
    this.#block.dispose();
  }

  /** Same as `dispose()`, for `using` declarations. */
  [Symbol.dispose](): void {
    this.dispose();
  }
}

function patternDiffers(j: number): ArgumentError {
  return new ArgumentError(
    `A2's pattern differs from the analysed one in column ${j}; refactor needs the same pattern (analyse again with a new factorization)`,
  );
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  return typeof value === 'object' ? (value.constructor?.name ?? 'object') : `${typeof value} ${String(value)}`;
}
