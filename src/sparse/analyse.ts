import { ArgumentError, ImplicitDiffError, ShapeError } from '../errors.js';
import { free } from '../wasm/heap.js';
import { kernels } from '../wasm/instance.js';
import { allocateSpillable, MAX_BLOCK_BYTES } from '../wasm/working-set.js';
import { Blocks, readI32 } from './blocks.js';
import type { SparseMatrix } from './sparse-matrix.js';

/**
 * The fill-reducing ordering: approximate minimum degree (`'amd'`), none (`'natural'`), or the
 * caller's permutation (`perm[k]` = the original index of the k-th pivot).
 */
export type Ordering = 'amd' | 'natural' | Int32Array;

/**
 * The symbolic analysis of a sparse symmetric matrix: ordering, elimination tree, column counts,
 * relaxed supernodes and their row structure, the map from A's entries to the factor's storage,
 * and the workspace sizes of the numeric phase. Depends on the pattern only, so one analysis
 * serves every matrix with that pattern (`refactor`). The arrays the kernels read live in the
 * factorization's block of WASM memory (one block, so that the working set copies a factorization
 * out and back whole): the factor values (nvals f64) at its start, then the i32 arrays at the byte
 * offsets below.
 */
export interface Symbolic {
  readonly n: number;
  /** Number of supernodes. */
  readonly ns: number;
  /** The analysed pattern (copies), to check that a matrix to refactor has it. */
  readonly colPtr: Int32Array;
  readonly rowIndex: Int32Array;
  /** Entries of A on and below the diagonal. */
  readonly nnzLower: number;
  /** Nonzeros of L (diagonal included), exact, from the column counts. */
  readonly nnzL: number;
  /** Values stored by the supernodal factor: nnzL plus the zeros of relaxed supernodes and the upper triangles of the diagonal blocks. */
  readonly nvals: number;
  /** Largest row count of a supernode. */
  readonly maxRows: number;
  /** f64 lengths of the numeric phase's update block and scaled-rows (LDLᵀ) workspaces. */
  readonly cworkLength: number;
  readonly wworkLength: number;
  /** perm[k] = original index of pivot k (the ordering composed with the elimination tree's postorder). */
  readonly permutation: Int32Array;
  /** Byte offsets in the block: perm (n), sfirst, srowptr, svalptr (ns + 1), srows, colsuper (n), dest (nnz(A)). */
  readonly perm: number;
  readonly sfirst: number;
  readonly srowptr: number;
  readonly svalptr: number;
  readonly srows: number;
  readonly colsuper: number;
  readonly dest: number;
  /** Size of the block in bytes. */
  readonly bytes: number;
}

/** An analysis and the factorization's block, whose factor values are yet to be computed. */
export interface Analysis {
  readonly sym: Symbolic;
  /** Offset of the block in WASM memory (not yet in the working set: see SparseFactorization). */
  readonly ptr: number;
}

/**
 * The symbolic analysis of the lower triangle of the square `A` (argument `name`) under `ordering`
 * (Davis, "Direct Methods for Sparse Linear Systems", ch. 4 and 7; CHOLMOD's cholmod_analyze):
 * the ordering, then the elimination tree and its postorder, composed into the final permutation
 * so that supernodes are contiguous; column counts; relaxed supernodes; their rows; the assembly map.
 * @throws {ArgumentError} when `ordering` is not 'amd', 'natural' or a permutation of 0..n−1.
 * @throws {ShapeError} when the factor cannot fit in 32-bit WebAssembly memory.
 */
export function analyse(A: SparseMatrix, ordering: Ordering, name: string): Analysis {
  const n = A.rows;
  const k = kernels();
  const temps = new Blocks();
  let block = 0;
  const what = `the symbolic analysis of ${name}`;
  try {
    const nnzA = A.nnz;
    let nnzLower = 0;
    let nnzStrict = 0;
    for (let j = 0; j < n; j++) {
      for (let q = A.colPtr[j]; q < A.colPtr[j + 1]; q++) {
        const i = A.rowIndex[q];
        if (i >= j) nnzLower++;
        if (i > j) nnzStrict++;
      }
    }
    const ap = temps.i32Copy(A.colPtr, what);
    const ai = temps.i32Copy(A.rowIndex, what);
    const w = temps.i32(4 * n + 4, what);
    const first = initialOrdering(A, ordering, ap, ai, nnzStrict, temps, what);

    // Elimination tree of the first ordering and its postorder, composed into the final order.
    const up = temps.i32(n + 1, what);
    const ui = temps.i32(nnzLower, what);
    const parent = temps.i32(n, what);
    const post = temps.i32(n, what);
    const ipermPtr = temps.i32Copy(inverse(first), what);
    k.permutedTriangle(n, ap, ai, ipermPtr, 1, up, ui, 0, w);
    k.etree(n, up, ui, parent, w);
    k.postorder(n, parent, post, w);
    const postorder = readI32(post, n);
    const permutation = new Int32Array(n);
    for (let j = 0; j < n; j++) permutation[j] = first[postorder[j]];
    const iperm = inverse(permutation);
    temps.release(ipermPtr);

    // In the final order: the tree again (now postordered), the lower triangle with the sources
    // of its entries, and the column counts.
    const ip = temps.i32Copy(iperm, what);
    k.permutedTriangle(n, ap, ai, ip, 1, up, ui, 0, w);
    k.etree(n, up, ui, parent, w);
    const lp = temps.i32(n + 1, what);
    const li = temps.i32(nnzLower, what);
    const lsrc = temps.i32(nnzLower, what);
    k.permutedTriangle(n, ap, ai, ip, 0, lp, li, lsrc, w);
    const identity = new Int32Array(n);
    for (let j = 0; j < n; j++) identity[j] = j;
    const postId = temps.i32Copy(identity, what);
    const colcount = temps.i32(n, what);
    k.colcounts(n, lp, li, parent, postId, colcount, w);
    const counts = readI32(colcount, n);
    let nnzL = 0;
    for (let j = 0; j < n; j++) nnzL += counts[j];

    // Supernodes and their structure.
    const sfirstAll = temps.i32(n + 1, what);
    const srowcount = temps.i32(Math.max(n, 1), what);
    const superWork = temps.bytes(16 * n + 16 * n + 16, what);
    const ns = k.supernodes(n, parent, colcount, sfirstAll, srowcount, superWork);
    const srowptrT = temps.i32(ns + 1, what);
    const svalptrT = temps.i32(ns + 1, what);
    const nvals = k.supernodePointers(ns, sfirstAll, srowcount, srowptrT, svalptrT);
    const rowsTotal = readI32(srowptrT + 4 * ns, 1)[0];
    const rowCounts = readI32(srowcount, ns);
    let maxRows = 0;
    for (let s = 0; s < ns; s++) maxRows = Math.max(maxRows, rowCounts[s]);

    const offsets = blockLayout(n, ns, nvals, rowsTotal, nnzA);
    if (offsets.bytes > MAX_BLOCK_BYTES) {
      throw new ShapeError(
        `the Cholesky factor of ${name} (n = ${n}, nnz(L) = ${nnzL}) and its structure need ${offsets.bytes} bytes, more than the ${MAX_BLOCK_BYTES} that one block of 32-bit WebAssembly memory holds`,
      );
    }
    block = allocateSpillable(offsets.bytes, `the sparse factorization of ${name}`);
    const sfirst = block + offsets.sfirst;
    const srowptr = block + offsets.srowptr;
    const svalptr = block + offsets.svalptr;
    const srows = block + offsets.srows;
    const colsuper = block + offsets.colsuper;
    const dest = block + offsets.dest;
    copyI32(sfirst, sfirstAll, ns + 1);
    copyI32(srowptr, srowptrT, ns + 1);
    copyI32(svalptr, svalptrT, ns + 1);
    const sparent = temps.i32(ns, what);
    const rowsWork = temps.i32(2 * ns, what);
    if (k.supernodalRows(n, ns, sfirst, srowptr, up, ui, parent, colsuper, sparent, srows, rowsWork) !== 0) {
      throw new ImplicitDiffError(
        `internal error: the supernodal row structure of ${name} does not match its column counts`,
      );
    }
    k.assemblyMap(n, ns, nnzA, sfirst, srowptr, svalptr, srows, lp, li, lsrc, dest, w);
    const sizes = temps.f64(2, what);
    k.updateWorkLength(ns, sfirst, srowptr, srows, colsuper, sizes);
    const [cworkLength, wworkLength] = new Float64Array(k.memory.buffer, sizes, 2);
    new Int32Array(k.memory.buffer, block + offsets.perm, n).set(permutation);
    const sym: Symbolic = {
      n,
      ns,
      colPtr: A.colPtr.slice(),
      rowIndex: A.rowIndex.slice(),
      nnzLower,
      nnzL,
      nvals,
      maxRows,
      cworkLength,
      wworkLength,
      permutation,
      ...offsets,
    };
    return { sym, ptr: block };
  } catch (error) {
    if (block !== 0) free(block);
    throw error;
  } finally {
    temps.freeAll();
  }
}

/**
 * Where the factorization's block keeps what the numeric phase and the solves read: the nvals
 * factor values (f64) at its start, then the i32 arrays sfirst, srowptr, svalptr (ns + 1 each),
 * srows (one row index per supernode row), colsuper (n), dest (nnz(A)) and perm (n).
 */
function blockLayout(n: number, ns: number, nvals: number, rowsTotal: number, nnzA: number) {
  const sfirst = 8 * nvals;
  const srowptr = sfirst + 4 * (ns + 1);
  const svalptr = srowptr + 4 * (ns + 1);
  const srows = svalptr + 4 * (ns + 1);
  const colsuper = srows + 4 * rowsTotal;
  const dest = colsuper + 4 * n;
  const perm = dest + 4 * nnzA;
  return { sfirst, srowptr, svalptr, srows, colsuper, dest, perm, bytes: Math.max(perm + 4 * n, 16) };
}

/** The ordering before postordering: AMD on the graph of A, the identity, or the caller's. */
function initialOrdering(
  A: SparseMatrix,
  ordering: Ordering,
  ap: number,
  ai: number,
  nnzStrict: number,
  temps: Blocks,
  what: string,
): Int32Array {
  const n = A.rows;
  if (ordering === 'natural') {
    const p = new Int32Array(n);
    for (let j = 0; j < n; j++) p[j] = j;
    return p;
  }
  if (ordering instanceof Int32Array) return checkedPermutation(ordering, n);
  if (ordering !== 'amd') {
    throw new ArgumentError(
      `ordering must be 'amd', 'natural' or an Int32Array permutation, got ${describe(ordering)}`,
    );
  }
  const k = kernels();
  const nz = 2 * nnzStrict;
  const nzmax = k.amdGraphLength(n, nz);
  const cp = temps.i32(n + 1, what);
  const ci = temps.i32(nzmax, what);
  const w = temps.i32(n, what);
  const work = temps.i32(k.amdWorkLength(n), what);
  const perm = temps.i32(n + 1, what);
  k.symmetricPattern(n, ap, ai, cp, ci, w);
  k.amd(n, cp, ci, nzmax, perm, work);
  const p = readI32(perm, n);
  temps.release(ci);
  temps.release(work);
  return p;
}

/** A copy of `perm` after checking that it is a permutation of 0..n−1. */
function checkedPermutation(perm: Int32Array, n: number): Int32Array {
  if (perm.length !== n) throw new ArgumentError(`ordering has length ${perm.length}, expected n = ${n}`);
  const seen = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const i = perm[k];
    if (i < 0 || i >= n) throw new ArgumentError(`ordering[${k}] is ${i}, outside [0, ${n})`);
    if (seen[i] !== 0)
      throw new ArgumentError(`ordering is not a permutation: ${i} appears twice (again at ordering[${k}])`);
    seen[i] = 1;
  }
  return perm.slice();
}

/** The inverse permutation. */
function inverse(perm: Int32Array): Int32Array {
  const inv = new Int32Array(perm.length);
  for (let k = 0; k < perm.length; k++) inv[perm[k]] = k;
  return inv;
}

function copyI32(dst: number, src: number, n: number): void {
  const heap = new Int32Array(kernels().memory.buffer);
  heap.copyWithin(dst >>> 2, src >>> 2, (src >>> 2) + n);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === null) return 'null';
  return typeof value === 'object' ? (value.constructor?.name ?? 'object') : `${typeof value} ${String(value)}`;
}
