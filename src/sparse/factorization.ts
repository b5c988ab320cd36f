import { ArgumentError, DisposedError, ShapeError } from '../errors.js';
import { Matrix, type VectorLike } from '../linalg/matrix.js';
import { asRightHandSide, writeFinite } from '../linalg/validate.js';
import { f64View, free, readF64 } from '../wasm/heap.js';
import { kernels } from '../wasm/instance.js';
import { scratch } from '../wasm/scratch.js';
import type { Symbolic } from './analyse.js';
import type { Blocks } from './blocks.js';
import { SparseMatrix } from './sparse-matrix.js';

/** What the garbage collector frees for a factorization that was never disposed. */
interface Held {
  readonly blocks: Blocks;
  lx: number;
}

const registry = new FinalizationRegistry<Held>((held) => {
  held.blocks.freeAll();
  free(held.lx);
});

/**
 * Base of the sparse factorizations: a symbolic analysis and one numeric factor of it, both in
 * WASM memory until `dispose()` (or garbage collection). Subclasses say what the factor is.
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
  #sym: Symbolic | undefined;
  readonly #held: Held;

  protected constructor(sym: Symbolic, lx: number, ldl: 0 | 1, kind: string) {
    this.n = sym.n;
    this.nnzL = sym.nnzL;
    this.fillRatio = sym.nnzLower === 0 ? 1 : sym.nnzL / sym.nnzLower;
    this.#kind = kind;
    this.#ldl = ldl;
    this.#sym = sym;
    this.#held = { blocks: sym.blocks, lx };
    registry.register(this, this.#held, this);
  }

  /** The permutation P of P·A·Pᵀ = L·Lᵀ (or L·D·Lᵀ): `permutation[k]` is the original index of pivot k (a copy). */
  get permutation(): Int32Array {
    return this.symbolic.permutation.slice();
  }

  /** Whether `dispose()` has been called. */
  get disposed(): boolean {
    return this.#sym === undefined;
  }

  /**
   * The analysis.
   * @throws {DisposedError} after `dispose()`.
   */
  protected get symbolic(): Symbolic {
    const sym = this.#sym;
    if (sym === undefined) throw new DisposedError(`this sparse ${this.#kind} factorization has been disposed`);
    return sym;
  }

  /**
   * x = A⁻¹b, or X = A⁻¹B for every column of B (n × k) at once: the permutation, the supernodal
   * forward and back substitutions (with D between them for LDLᵀ), the permutation back.
   * @throws {ShapeError} when b does not have n entries (rows).
   * @throws {NonFiniteError} when b holds NaN or ±Infinity.
   * @throws {DisposedError} after `dispose()`.
   */
  solve(b: VectorLike): Float64Array;
  solve(B: Matrix): Matrix;
  solve(b: VectorLike | Matrix): Float64Array | Matrix {
    const sym = this.symbolic;
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
        sym.sfirst,
        sym.srowptr,
        sym.svalptr,
        sym.srows,
        this.#held.lx,
        sym.perm,
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
    const sym = this.symbolic;
    const out = scratch(24, 'the factor diagonal summary');
    kernels().supernodalDiagonal(sym.ns, sym.sfirst, sym.svalptr, this.#held.lx, out);
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

  /** Puts the new factor block `lx` in place of the current one, which is freed. */
  protected replaceFactor(lx: number): void {
    free(this.#held.lx);
    this.#held.lx = lx;
  }

  /** Frees the factorization's WASM memory now; further use throws `DisposedError`; disposing twice is harmless. */
  dispose(): void {
    if (this.#sym === undefined) return;
    registry.unregister(this);
    this.#held.blocks.freeAll();
    free(this.#held.lx);
    this.#sym = undefined;
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
