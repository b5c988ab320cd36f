import { NonFiniteError } from '../errors.js';
import { heapF64, readF64, readF64Into } from '../wasm/heap.js';
import { kernels } from '../wasm/instance.js';
import { scratch } from '../wasm/scratch.js';
import { type CheckedSolver, checkedOutcome } from './checked-factor.js';
import type { Matrix } from './matrix.js';
import { allocMatrixCopy, Resident, releaseFactorBlock } from './resident.js';
import { assertFinite, writeFinite } from './validate.js';

// The block of a dense factorization of order n in WASM memory (one spillable block: the working
// set copies all of it out and back together):
//   [factors: kind-specific, see cholesky.ts / lu.ts / ldlt.ts]
//   [scalings: r (n f64), then c (n f64) for LU; s (n f64) for the symmetric kinds]
//   [a checked factorization's untouched copy of the original A (n × n f64)]
// each part 16-byte aligned. The scalings are those of the equilibration Â = R·A·C (scaling.ts),
// read by the kernels only when one was applied; the copy is what the checked solve's residual
// b − A·x is taken against, so that η and refinement measure the original system.

/** Kernel codes of the factorization kinds (assembly/checked.ts). */
export const KIND = { cholesky: 0, lu: 1, ldlt: 2 } as const;

/** A kernel code of {@link KIND}. */
export type KindCode = (typeof KIND)[keyof typeof KIND];

/** Byte offsets within a dense factorization's block, and its size. */
export interface DenseLayout {
  /** Offset of the first scaling vector (r, or s). */
  scaleAt: number;
  /** Offset of the second scaling vector (c; s again for the symmetric kinds). */
  colScaleAt: number;
  /** Offset of A's copy, −1 when the factorization is not checked. */
  copyAt: number;
  /** Size of the block. */
  bytes: number;
}

/** Rounded up to a multiple of 16 (in floating point: a block too large for memory must still be sized, to be refused). */
const align16 = (bytes: number) => Math.ceil(bytes / 16) * 16;

// One record each for denseLayout and factorInBlock, overwritten by every call: a factorization of
// order 4 costs less than the few small objects it would otherwise allocate.
const layoutRecord: DenseLayout = { scaleAt: 0, colScaleAt: 0, copyAt: -1, bytes: 0 };

/**
 * The layout of a block whose factors take `factorBytes`, with `scalings` (1 or 2) scaling vectors
 * of length n, and the copy of A when `checked`; one record, valid until the next call.
 */
export function denseLayout(n: number, factorBytes: number, scalings: 1 | 2, checked: boolean): Readonly<DenseLayout> {
  const scaleAt = align16(factorBytes);
  const end = align16(scaleAt + 8 * n * scalings);
  layoutRecord.scaleAt = scaleAt;
  layoutRecord.colScaleAt = scalings === 2 ? scaleAt + 8 * n : scaleAt;
  layoutRecord.copyAt = checked ? end : -1;
  layoutRecord.bytes = checked ? end + 8 * n * n : end;
  return layoutRecord;
}

/** What {@link factorInBlock} made. */
export interface Factored {
  /** The block (given back already when info > 0). */
  ptr: number;
  /** The factorization's info: 0, or the 1-based index of the zero pivot / non-positive minor. */
  info: number;
  /** ‖Â‖₁ of the factored matrix, for the condition estimate. */
  anorm: number;
  /** Whether Â = R·A·C was equilibrated (the scalings are then at the layout's offsets). */
  scaled: boolean;
}

const factored: Factored = { ptr: 0, info: 0, anorm: 0, scaled: false };

/**
 * Copies M into a new block laid out by `layout` (`what` names it in an allocation error) and
 * factors it there by kind, in one kernel call (assembly/factor-dense.ts): A's copy kept when the
 * layout has one, the equilibration where needed (unless `equilibrate` is false), ‖Â‖₁, the
 * factorization; `eAt` and `ipivAt` are the offsets of the LDLᵀ subdiagonal and of the pivots (0
 * when the kind has none). The entries are checked finite (errors naming `name`). When info > 0 the
 * block has been given back and the caller throws its kind's error. One record, valid until the
 * next call.
 * @throws {ShapeError} when the block is larger than WASM memory can hold.
 * @throws {OutOfMemoryError} when WASM memory cannot provide it.
 * @throws {NonFiniteError} on NaN/±Infinity in M.
 */
export function factorInBlock(
  kind: KindCode,
  M: Matrix,
  name: string,
  layout: Readonly<DenseLayout>,
  what: string,
  equilibrate: boolean,
  eAt: number,
  ipivAt: number,
): Readonly<Factored> {
  const n = M.rows;
  const k = kernels();
  // LU's kernel checks the entries through ‖A‖₁ (one pass); the symmetric kinds' read the lower
  // triangle only, so the whole of M is checked as it is copied.
  const ptr = allocMatrixCopy(M, layout.bytes, name, what, kind !== KIND.lu);
  const sytrfWork = kind === KIND.ldlt ? k.sytrfWorkLength(n) : 0;
  const work = scratch(8 * (6 + sytrfWork), 'factorization workspace');
  const out = work + 8 * (3 + sytrfWork);
  const info = k.factorDense(
    kind,
    n,
    ptr,
    layout.copyAt < 0 ? 0 : ptr + layout.copyAt,
    ptr + eAt,
    ptr + ipivAt,
    ptr + layout.scaleAt,
    ptr + layout.colScaleAt,
    equilibrate ? 1 : 0,
    work,
    out,
  );
  if (info !== 0) releaseFactorBlock(ptr, layout.bytes);
  if (info < 0) {
    assertFinite(M.data, name, n); // throws, naming the entry the kernel found NaN or ±Infinity
    throw new NonFiniteError(`${name} holds NaN or ±Infinity`);
  }
  const heap = heapF64(out + 16);
  const at = out >>> 3;
  factored.ptr = ptr;
  factored.info = info;
  factored.anorm = heap[at];
  factored.scaled = heap[at + 1] === 1;
  return factored;
}

/**
 * A dense factorization (Cholesky, LU or LDLᵀ) of the possibly equilibrated Â: its solves go
 * through the kernel's `scaledSolve` (x = C·Â⁻¹·(R·b)) and, when made checked, its checked solves
 * through `checkedSolve`, both with the factors, scalings and copy of A in its block.
 */
export abstract class DenseFactorization extends Resident implements CheckedSolver {
  readonly #code: KindCode;
  readonly #eAt: number;
  readonly #ipivAt: number;
  /** The layout's scaling offsets, −1 when no equilibration was applied. */
  readonly #scaleAt: number;
  readonly #colScaleAt: number;
  readonly #copyAt: number;

  /**
   * Takes the block `ptr` (laid out by `layout`) holding the factors of kind `kind` of order n;
   * `anorm` = ‖Â‖₁ of the factored matrix; `eAt`/`ipivAt` the offsets of an LDLᵀ's subdiagonal
   * and of the pivots (0 when the kind has none: the kernels do not read them then); `scaled`
   * whether Â was equilibrated (the kernels take r = c = 0 for "not scaled").
   */
  protected constructor(
    ptr: number,
    n: number,
    anorm: number,
    layout: Readonly<DenseLayout>,
    kind: KindCode,
    name: string,
    eAt: number,
    ipivAt: number,
    scaled: boolean,
  ) {
    super(ptr, n, anorm, layout.bytes, name);
    this.#code = kind;
    this.#eAt = eAt;
    this.#ipivAt = ipivAt;
    this.#scaleAt = scaled ? layout.scaleAt : -1;
    this.#colScaleAt = scaled ? layout.colScaleAt : -1;
    this.#copyAt = layout.copyAt;
  }

  protected solveKernel(factors: number, ptr: number, nrhs: number, transpose: boolean): void {
    const scaled = this.#scaleAt >= 0;
    kernels().scaledSolve(
      this.#code,
      transpose ? 1 : 0,
      this.n,
      nrhs,
      factors,
      factors + this.#eAt,
      factors + this.#ipivAt,
      scaled ? factors + this.#scaleAt : 0,
      scaled ? factors + this.#colScaleAt : 0,
      ptr,
    );
  }

  /** {@link CheckedSolver.solveChecked} (of a factorization made checked: A's copy is in the block). */
  solveChecked(
    data: Float64Array,
    nrhs: number,
    transpose: boolean,
    tolerance: number,
    maxSteps: number,
    normA: number,
    out?: Float64Array,
  ): Float64Array {
    const factors = this.ptr;
    const n = this.n;
    const nk = data.length;
    // b, x, the kernel's workspace (2nk + k + 3n), the result block (5).
    const b = scratch(8 * (4 * nk + nrhs + 3 * n + 5), 'a checked solve');
    const x = b + 8 * nk;
    const w = x + 8 * nk;
    const result = w + 8 * (2 * nk + nrhs + 3 * n);
    writeFinite(b, data, 'b', nrhs > 1 ? nrhs : undefined);
    const at = result >>> 3;
    heapF64(result + 40)[at] = normA;
    const scaled = this.#scaleAt >= 0;
    kernels().checkedSolve(
      this.#code,
      transpose ? 1 : 0,
      n,
      nrhs,
      factors,
      factors + this.#eAt,
      factors + this.#ipivAt,
      scaled ? factors + this.#scaleAt : 0,
      scaled ? factors + this.#colScaleAt : 0,
      factors + this.#copyAt,
      b,
      x,
      w,
      tolerance,
      maxSteps,
      result,
    );
    const heap = heapF64(result + 40);
    const outcome = checkedOutcome();
    outcome.normA = heap[at];
    outcome.backwardError = heap[at + 1];
    outcome.firstBackwardError = heap[at + 2];
    outcome.steps = heap[at + 3];
    const bad = heap[at + 4];
    if (bad >= 0) throw this.overflow(bad, nrhs > 1 ? nrhs : 0);
    return out === undefined ? readF64(x, nk) : readF64Into(x, out);
  }

  /** The condition estimate, computed once (the factors never change); NaN until then. */
  #estimate = Number.NaN;

  override rcond(): number {
    // after dispose(), super.rcond() throws DisposedError
    if (Number.isNaN(this.#estimate) || this.disposed) this.#estimate = super.rcond();
    return this.#estimate;
  }

  /**
   * Whether {@link rcond} is at least `threshold`, decided by the kernel's cheap comparison-matrix
   * bound when it proves it (assembly/rcond-bound.ts), else by the estimate, which is then kept:
   * the answer of `rcond() >= threshold`, without the estimate's cost for a well-conditioned A.
   */
  rcondAtLeast(threshold: number): boolean {
    const factors = this.ptr;
    if (!Number.isNaN(this.#estimate)) return this.#estimate >= threshold;
    const n = this.n;
    const work = scratch(8 * (3 * n + 1), 'condition workspace');
    const out = work + 8 * 3 * n;
    const atLeast = kernels().rcondAtLeast(
      this.#code,
      n,
      factors,
      factors + this.#eAt,
      factors + this.#ipivAt,
      this.anorm,
      threshold,
      work,
      out,
    );
    const estimate = heapF64(out + 8)[out >>> 3];
    if (!Number.isNaN(estimate)) this.#estimate = estimate;
    return atLeast === 1;
  }
}
