import { DisposedError, NonFiniteError } from '../errors.js';
import { free, readF64, readF64Into, readPrivateBytes, writeBytes, writeF64 } from '../wasm/heap.js';
import { kernels } from '../wasm/instance.js';
import {
  factorScratch,
  factorScratchHeldBy,
  leaseFactorScratch,
  releaseFactorScratch,
  type ScratchTenant,
  scratch,
} from '../wasm/scratch.js';
import { allocateSpillable, SpillableBlock } from '../wasm/working-set.js';
import { Matrix, type VectorLike } from './matrix.js';
import { asRightHandSide, checkOut, writeFinite } from './validate.js';

// The storage of a factorization. A large one is a block of WASM memory owned by its JavaScript
// object: freed by `dispose()`, or by a FinalizationRegistry when the object is collected without
// it, and copied out to JavaScript memory meanwhile when WASM memory holds too many such blocks
// (wasm/working-set.ts). A small one (up to order 16) is computed in the factor scratch block and left there, leased
// to its object: copied out to JavaScript memory only when another factorization needs the block
// (eviction, as a write-back cache), and written back for its next use. For such sizes allocating a
// block and registering it with the FinalizationRegistry cost more than the factorization itself,
// and a factorization that is used and disposed before the next one is never copied at all.

/**
 * Blocks up to this size live in the factor scratch block (see above): the LDLᵀ or LU of order 16,
 * its subdiagonal and pivots, its equilibration and the copy of A that a checked factorization
 * keeps (linalg/dense-factorization.ts).
 */
export const SMALL_BLOCK_BYTES = 8 * (2 * 16 * 16 + 2 * 16) + 4 * 16;

/**
 * A block for a factorization of `bytes` bytes: the factor scratch block when small, else a new
 * block of the working set. `what` names it in the error thrown when it cannot fit.
 */
function allocFactorBlock(bytes: number, what: string): number {
  return bytes <= SMALL_BLOCK_BYTES ? factorScratch(bytes, what) : allocateSpillable(bytes, what);
}

/** Gives back a block of {@link allocFactorBlock} (a failed factorization's). */
export function releaseFactorBlock(ptr: number, bytes: number): void {
  if (bytes > SMALL_BLOCK_BYTES) free(ptr);
}

/**
 * A block of `bytes` for a factorization with the matrix `M` (argument `name`) copied into its
 * start, checked finite unless `check` is false (the caller then checks, as {@link lu} does through
 * ‖A‖₁); the block is given back when the check fails.
 * @throws {ShapeError} when the block is larger than WASM memory can hold.
 * @throws {OutOfMemoryError} when WASM memory cannot provide it.
 * @throws {NonFiniteError} on NaN/±Infinity.
 */
export function allocMatrixCopy(M: Matrix, bytes: number, name: string, what: string, check = true): number {
  const ptr = allocFactorBlock(bytes, what);
  if (!check) {
    writeF64(ptr, M.data);
    return ptr;
  }
  try {
    writeFinite(ptr, M.data, name, M.cols);
  } catch (error) {
    releaseFactorBlock(ptr, bytes);
    throw error;
  }
  return ptr;
}

/**
 * A small factorization's contents: in the factor scratch block while it holds the lease, else in
 * `copy`, taken at eviction. Factors are never written after the factorization (kernels only read
 * them), so a copy once taken stays valid and a second eviction need not copy again.
 */
class SmallFactor implements ScratchTenant {
  copy: Uint8Array | undefined;
  readonly bytes: number;

  constructor(bytes: number) {
    this.bytes = bytes;
  }

  evict(ptr: number): void {
    this.copy ??= readPrivateBytes(ptr, this.bytes);
  }
}

/** Base of every factorization object; `ptr` gives its block in WASM memory. */
export abstract class Resident {
  /** Order of the factored matrix. */
  readonly n: number;
  /** ‖A‖₁ of the factored matrix, taken before factoring: the condition estimate needs it. */
  protected readonly anorm: number;
  #large: SpillableBlock | undefined;
  #small: SmallFactor | undefined;
  readonly #kind: string;

  /**
   * Takes ownership of the block `ptr` of `bytes` bytes from {@link allocMatrixCopy}, holding a
   * factorization of order n of a matrix whose 1-norm is `anorm`.
   */
  protected constructor(ptr: number, n: number, anorm: number, bytes: number, kind: string) {
    this.n = n;
    this.anorm = anorm;
    this.#kind = kind;
    if (bytes <= SMALL_BLOCK_BYTES) {
      this.#small = new SmallFactor(bytes);
      leaseFactorScratch(this.#small);
    } else {
      this.#large = new SpillableBlock(this, ptr, bytes);
    }
  }

  /**
   * The block's byte offset, valid until the next allocation or the next use of another
   * factorization.
   * @throws {DisposedError} after `dispose()`.
   * @throws {OutOfMemoryError} when a factorization copied out of WASM memory cannot be copied back.
   */
  protected get ptr(): number {
    const large = this.#large?.ptr;
    if (large !== undefined) return large;
    const small = this.#small;
    if (small === undefined) throw new DisposedError(`this ${this.#kind} factorization has been disposed`);
    const held = factorScratchHeldBy(small);
    if (held !== undefined) return held;
    const ptr = factorScratch(small.bytes, `a ${this.#kind} factorization`);
    writeBytes(ptr, small.copy as Uint8Array); // not held, so evicted: the copy exists
    leaseFactorScratch(small);
    return ptr;
  }

  /**
   * The kernel call that overwrites the right-hand sides at `ptr` (n × nrhs, row-major, leading
   * dimension nrhs) with op(A)⁻¹ times them, from the factors at `factors`.
   */
  protected abstract solveKernel(factors: number, ptr: number, nrhs: number, transpose: boolean): void;

  /** x = A⁻¹b, or X = A⁻¹B for every column of B (n × k) in one kernel call; into `out` if given. */
  solve(b: VectorLike, out?: Float64Array): Float64Array;
  solve(B: Matrix, out?: Matrix): Matrix;
  solve(b: VectorLike | Matrix, out?: Float64Array | Matrix): Float64Array | Matrix {
    return this.solveCopy(b, false, out);
  }

  /**
   * op(A)⁻¹ b for a vector, or for every column of a `Matrix` in one kernel call, on a copy in
   * scratch memory (the caller's `b` is never modified); the result has the shape of `b` and is
   * written into `out` when given (which may be `b` itself: b is copied before out is written).
   * @throws {ShapeError} on a length or row count other than n, or an `out` of another shape.
   * @throws {ArgumentError} when `out` is neither a Float64Array (for a vector b) nor a Matrix (for a Matrix b).
   * @throws {NonFiniteError} on NaN/±Infinity in b, or in the solution (an answer beyond float64's range).
   * @throws {DisposedError} after `dispose()`.
   */
  protected solveCopy(b: VectorLike | Matrix, transpose: boolean, out?: Float64Array | Matrix): Float64Array | Matrix {
    const factors = this.ptr;
    const n = this.n;
    // A Float64Array of the right length, the common case, skips the general argument checks.
    const rhs = b instanceof Float64Array && b.length === n ? b : asRightHandSide(b, n, 'b', false);
    const isMatrix = rhs instanceof Matrix;
    const data = isMatrix ? rhs.data : rhs;
    const nrhs = isMatrix ? rhs.cols : 1;
    if (out !== undefined) checkOut(out, n, isMatrix ? nrhs : undefined);
    const ptr = scratch(8 * data.length, 'right-hand side b');
    writeFinite(ptr, data, 'b', isMatrix ? nrhs : undefined);
    this.solveKernel(factors, ptr, nrhs, transpose);
    const bad = kernels().firstNonFinite(ptr, data.length);
    if (bad >= 0) throw this.overflow(bad, isMatrix ? nrhs : 0);
    if (out !== undefined) {
      readF64Into(ptr, out instanceof Matrix ? out.data : out);
      return out;
    }
    const x = readF64(ptr, data.length);
    return isMatrix ? new Matrix(n, nrhs, x) : x;
  }

  /**
   * The error for a solution that is not finite although A and b are (the equilibrated system's
   * answer overflows float64, or A is numerically singular): entry `i` of the result, `cols`
   * columns (0 for a vector).
   */
  protected overflow(i: number, cols: number): NonFiniteError {
    const where = cols === 0 ? `x[${i}]` : `X[${Math.floor(i / cols)}][${i % cols}]`;
    return new NonFiniteError(
      `the solution is not finite (${where} overflowed to ±Infinity or NaN) although A and b are: A⁻¹b is not representable in float64, or A is numerically singular (rcond() = ${this.rcond()})`,
    );
  }

  /**
   * The kernel call that returns the reciprocal 1-norm condition estimate from the factors at
   * `factors`, given ‖A‖₁ and a workspace of 3n doubles (as LAPACK dpocon, dgecon, dsycon).
   */
  protected abstract conditionKernel(factors: number, anorm: number, work: number): number;

  /**
   * Estimate of the reciprocal 1-norm condition number 1 / (‖A‖₁‖A⁻¹‖₁) (Hager/Higham estimator),
   * O(n²); 1 for n = 0.
   * @throws {DisposedError} after `dispose()`.
   */
  rcond(): number {
    const factors = this.ptr;
    if (this.n === 0) return 1;
    return this.conditionKernel(factors, this.anorm, scratch(8 * 3 * this.n, 'condition-estimate workspace'));
  }

  /** Whether `dispose()` has been called. */
  get disposed(): boolean {
    return this.#large === undefined && this.#small === undefined;
  }

  /** Frees the factor's memory now. Further use throws `DisposedError`; disposing twice is harmless. */
  dispose(): void {
    if (this.#small !== undefined) {
      releaseFactorScratch(this.#small);
      this.#small = undefined;
    }
    this.#large?.dispose();
    this.#large = undefined;
  }

  /** Same as `dispose()`, for `using` declarations. */
  [Symbol.dispose](): void {
    this.dispose();
  }
}
