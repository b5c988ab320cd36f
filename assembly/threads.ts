// Fork–join over a pool of threads that share this module's memory (the threaded build only:
// `--enable threads --sharedMemory --importMemory`, ASC_FEATURE_THREADS). Every thread runs its own
// instance of the module over one shared WebAssembly.Memory. The calling thread (thread 0) owns
// the heap (the TLSF allocator is not thread-safe, so only it allocates) and publishes work in a
// control block; workers 1..T−1 run `threadWorkerStep`, spinning on the generation counter and,
// when idle, sleeping in their script's Atomics.wait on it. What is split is the level-3 product:
// a large gemm (and so syrk, trsm, potrf, getrf, which spend their time in it) is cut into T
// disjoint blocks of rows (or columns) of C, balanced by flop count, each computed by the full
// packed GEMM loops with the thread's own packing buffers. The leaves of the recursive trsm, which
// work on independent rows (right side) or columns (left side) of B, are split the same way.
// Every entry is computed by one thread in the same order of operations as on one thread, so the
// results are bit-for-bit those of a single thread. Writes are disjoint, and each part is joined
// (acquire/release through the atomic counters) before the caller returns.
import { callerPackBuffers, gemmBlock, PACK_BYTES, TRI_LOWER, TRI_NONE, TRI_UPPER } from './gemm-block';
import { trsmLeftUnb, trsmRightLeaf } from './trsmunb';

// @ts-ignore: decorator
@inline
const MAX_THREADS: i32 = 32;

// Control block (byte offsets). GEN and PENDING sit on cache lines of their own.
// @ts-ignore: decorator
@inline
const GEN: usize = 0; // generation: bumped by the caller to publish a task
// @ts-ignore: decorator
@inline
const PENDING: usize = 64; // workers that have not yet acknowledged the current task
// @ts-ignore: decorator
@inline
const ACTIVE: usize = 128; // threads taking part, the caller included (1 = run alone)
// @ts-ignore: decorator
@inline
const EPOCH: usize = 132; // bumped to dismiss the pool
// @ts-ignore: decorator
@inline
const KIND: usize = 136; // what is split: GEMM, or a leaf of trsm (RIGHT_LEAF, LEFT_LEAF)
// @ts-ignore: decorator
@inline
const PARTS: usize = 140;
// @ts-ignore: decorator
@inline
const FORKS: usize = 220; // tasks published so far (for tests: which calls were split)
// @ts-ignore: decorator
@inline
const TRI: usize = 144;
// @ts-ignore: decorator
@inline
const TRANSA: usize = 148;
// @ts-ignore: decorator
@inline
const TRANSB: usize = 152;
// @ts-ignore: decorator
@inline
const BY_COLS: usize = 156;
// @ts-ignore: decorator
@inline
const M: usize = 160;
// @ts-ignore: decorator
@inline
const N: usize = 164;
// @ts-ignore: decorator
@inline
const K: usize = 168;
// @ts-ignore: decorator
@inline
const LDA: usize = 172;
// @ts-ignore: decorator
@inline
const LDB: usize = 176;
// @ts-ignore: decorator
@inline
const LDC: usize = 180;
// @ts-ignore: decorator
@inline
const PA: usize = 184;
// @ts-ignore: decorator
@inline
const PB: usize = 188;
// @ts-ignore: decorator
@inline
const PC: usize = 192;
// @ts-ignore: decorator
@inline
const ALPHA: usize = 200;
// @ts-ignore: decorator
@inline
const BETA: usize = 208;
// @ts-ignore: decorator
@inline
const BOUNDS: usize = 256; // PARTS + 1 row (or column) boundaries, i32
// @ts-ignore: decorator
@inline
const BUFS: usize = 512; // packing buffers of each thread, usize
// @ts-ignore: decorator
@inline
const CTL_BYTES: usize = 640;

// Spin iterations before a worker goes to sleep: it stays awake across the short serial steps
// between the updates of a factorization.
// @ts-ignore: decorator
@inline
const SPIN: i32 = 1 << 15;

// Products below this many multiply–adds (m·n·k, halved for a triangle) run on the caller alone:
// waking a sleeping thread costs tens of microseconds (a spinning one, well under one).
// @ts-ignore: decorator
@inline
const MIN_WORK: f64 = 262144.0;
// The same for the leaves of trsm, which run at a lower rate than the packed products.
// @ts-ignore: decorator
@inline
const MIN_LEAF_WORK: f64 = 65536.0;
// @ts-ignore: decorator
@inline
const GEMM: i32 = 0;
// @ts-ignore: decorator
@inline
const RIGHT_LEAF: i32 = 1;
// @ts-ignore: decorator
@inline
const LEFT_LEAF: i32 = 2;
// Each part has at least this many rows (columns).
// @ts-ignore: decorator
@inline
const MIN_PART: i32 = 16;

// The control block of this instance: allocated by the caller in `threadsReserve`, handed to each
// worker through `threadWorkerStep` (globals are per instance, the block is shared).
let ctl: usize = 0;

/**
 * Caller: prepares a pool of `count` threads (the caller included, at most 32): allocates the
 * control block and the packing buffers of threads 1..count−1 that do not exist yet. Returns the
 * control block's address, to be handed to each worker.
 */
export function threadsReserve(count: i32): usize {
  if (ctl == 0) {
    ctl = heap.alloc(CTL_BYTES);
    memory.fill(ctl, 0, CTL_BYTES);
    store<usize>(ctl + BUFS, callerPackBuffers());
    store<i32>(ctl + ACTIVE, 1);
  }
  count = min(max(count, 1), MAX_THREADS);
  for (let t = 1; t < count; t++) {
    const slot = ctl + BUFS + (<usize>t << alignof<usize>());
    if (load<usize>(slot) == 0) store<usize>(slot, heap.alloc(PACK_BYTES));
  }
  return ctl;
}

/** Caller: the current generation, handed to a new worker so that it waits for the next task. */
export function threadsGeneration(): i32 {
  return ctl == 0 ? 0 : atomic.load<i32>(ctl + GEN);
}

/** Caller: the number of products and leaves split over threads so far. */
export function threadsForks(): i32 {
  return ctl == 0 ? 0 : load<i32>(ctl + FORKS);
}

/** Caller: the current epoch, handed to a new worker; `threadsDismiss` ends the workers of an epoch. */
export function threadsEpoch(): i32 {
  return ctl == 0 ? 0 : atomic.load<i32>(ctl + EPOCH);
}

/** Caller: from now on split products over `count` threads (workers 1..count−1 must be running). */
export function threadsActivate(count: i32): void {
  if (ctl != 0) atomic.store<i32>(ctl + ACTIVE, min(max(count, 1), MAX_THREADS));
}

/** Caller: run alone from now on and make the running workers return for good. */
export function threadsDismiss(): void {
  if (ctl == 0) return;
  atomic.store<i32>(ctl + ACTIVE, 1);
  atomic.add<i32>(ctl + EPOCH, 1);
  atomic.add<i32>(ctl + GEN, 1);
  atomic.notify(ctl + GEN, MAX_THREADS);
}

/**
 * Worker `id` (1..31): runs its part of every task published after generation `seen`, spinning
 * between tasks, and returns the last generation it has seen once it has spun SPIN times without
 * a new task, or once the epoch differs from `epoch` (the pool is dismissed). The worker's script
 * then sleeps in Atomics.wait on the generation and calls again. (Sleeping here, in
 * memory.atomic.wait32, was seen to corrupt a local of this loop in Node 20, intermittently: the
 * worker then watched address 0 and never woke. Waiting in JavaScript avoids that path.)
 */
export function threadWorkerStep(block: usize, id: i32, seen: i32, epoch: i32): i32 {
  ctl = block;
  for (;;) {
    let spins = 0;
    while (atomic.load<i32>(ctl + GEN) == seen) {
      if (++spins > SPIN) return seen;
    }
    seen = atomic.load<i32>(ctl + GEN);
    if (atomic.load<i32>(ctl + EPOCH) != epoch) return seen;
    if (id < atomic.load<i32>(ctl + PARTS)) runPart(id);
    atomic.sub<i32>(ctl + PENDING, 1);
  }
  return seen;
}

/** Multiply–adds in row i of the triangle `tri` of an m×n product (n per row without a triangle). */
// @ts-ignore: decorator
@inline
function rowWork(tri: i32, i: i32, n: i32): i32 {
  if (tri == TRI_LOWER) return min(i + 1, n);
  if (tri == TRI_UPPER) return max(n - i, 0);
  return n;
}

/**
 * Splits 0..extent into `parts` ranges with boundaries on multiples of 4 (the micro-kernel's tile),
 * balancing the work of rows under the triangle `tri` (even ranges for TRI_NONE).
 */
function split(tri: i32, extent: i32, n: i32, parts: i32): void {
  let total: f64 = 0;
  for (let i = 0; i < extent; i++) total += <f64>rowWork(tri, i, n);
  store<i32>(ctl + BOUNDS, 0);
  let t = 1;
  let done: f64 = 0;
  for (let i = 0; i < extent && t < parts; i += 4) {
    for (let r = i; r < min(i + 4, extent); r++) done += <f64>rowWork(tri, r, n);
    if (done >= (total * <f64>t) / <f64>parts) {
      store<i32>(ctl + BOUNDS + (<usize>t << 2), min(i + 4, extent));
      t++;
    }
  }
  for (; t <= parts; t++) store<i32>(ctl + BOUNDS + (<usize>t << 2), extent);
}

/** Computes part `id` of the published product: its rows (or columns) of C, with its own buffers. */
function runPart(id: i32): void {
  const lo = load<i32>(ctl + BOUNDS + (<usize>id << 2));
  const hi = load<i32>(ctl + BOUNDS + (<usize>(id + 1) << 2));
  if (hi <= lo) return;
  const tri = load<i32>(ctl + TRI);
  const transA = load<i32>(ctl + TRANSA);
  const transB = load<i32>(ctl + TRANSB);
  const m = load<i32>(ctl + M);
  const n = load<i32>(ctl + N);
  const k = load<i32>(ctl + K);
  const lda = load<i32>(ctl + LDA);
  const ldb = load<i32>(ctl + LDB);
  const ldc = load<i32>(ctl + LDC);
  const a = load<usize>(ctl + PA);
  const b = load<usize>(ctl + PB);
  const c = load<usize>(ctl + PC);
  const alpha = load<f64>(ctl + ALPHA);
  const beta = load<f64>(ctl + BETA);
  const kind = load<i32>(ctl + KIND);
  if (kind == RIGHT_LEAF) {
    // Rows lo..hi of X·T = B (T is the leaf's compact triangle, read-only while the leaf runs).
    trsmRightLeaf(tri != 0, k, hi - lo, n, a, lda, b + <usize>lo * (<usize>ldb << 3), ldb);
    return;
  }
  if (kind == LEFT_LEAF) {
    // Columns lo..hi of op(A)·X = B.
    trsmLeftUnb(transA, transB, k, m, hi - lo, a, lda, b + (<usize>lo << 3), ldb);
    return;
  }
  const buf = load<usize>(ctl + BUFS + (<usize>id << alignof<usize>()));
  const ars = <usize>lda << 3;
  const brs = <usize>ldb << 3;
  const crs = <usize>ldc << 3;
  if (load<i32>(ctl + BY_COLS) != 0) {
    // Columns lo..hi of C and op(B); all of op(A).
    const bj = transB == 0 ? b + (<usize>lo << 3) : b + <usize>lo * brs;
    gemmBlock(tri, -lo, transA, transB, m, hi - lo, k, alpha, a, lda, bj, ldb, beta, c + (<usize>lo << 3), ldc, buf);
    return;
  }
  // Rows lo..hi of C and op(A); of the columns only those the triangle reaches.
  let c0 = 0;
  let c1 = n;
  if (tri == TRI_LOWER) c1 = min(n, hi);
  else if (tri == TRI_UPPER) c0 = min(lo, n);
  if (c1 <= c0) return;
  const ai = transA == 0 ? a + <usize>lo * ars : a + (<usize>lo << 3);
  const bj = transB == 0 ? b + (<usize>c0 << 3) : b + <usize>c0 * brs;
  const cij = c + <usize>lo * crs + (<usize>c0 << 3);
  gemmBlock(tri, lo - c0, transA, transB, hi - lo, c1 - c0, k, alpha, ai, lda, bj, ldb, beta, cij, ldc, buf);
}

/**
 * Caller: computes gemmTri's product split over the active threads and returns true, or returns
 * false (computing nothing) when the product is too small to split or no pool is active.
 */
export function gemmSplit(
  tri: i32,
  transA: i32,
  transB: i32,
  m: i32,
  n: i32,
  k: i32,
  alpha: f64,
  a: usize,
  lda: i32,
  b: usize,
  ldb: i32,
  beta: f64,
  c: usize,
  ldc: i32,
): bool {
  if (ctl == 0) return false;
  const threads = atomic.load<i32>(ctl + ACTIVE);
  if (threads <= 1 || k <= 0 || alpha == 0.0) return false;
  let work = <f64>m * <f64>n * <f64>k;
  if (tri != TRI_NONE) work *= 0.5;
  if (work < MIN_WORK) return false;
  const byCols = tri == TRI_NONE && n > m;
  const extent = byCols ? n : m;
  const parts = min(threads, extent / MIN_PART);
  if (parts <= 1) return false;
  store<i32>(ctl + KIND, GEMM);
  store<i32>(ctl + PARTS, parts);
  store<i32>(ctl + TRI, tri);
  store<i32>(ctl + TRANSA, transA);
  store<i32>(ctl + TRANSB, transB);
  store<i32>(ctl + BY_COLS, byCols ? 1 : 0);
  store<i32>(ctl + M, m);
  store<i32>(ctl + N, n);
  store<i32>(ctl + K, k);
  store<i32>(ctl + LDA, lda);
  store<i32>(ctl + LDB, ldb);
  store<i32>(ctl + LDC, ldc);
  store<usize>(ctl + PA, a);
  store<usize>(ctl + PB, b);
  store<usize>(ctl + PC, c);
  store<f64>(ctl + ALPHA, alpha);
  store<f64>(ctl + BETA, beta);
  split(byCols ? TRI_NONE : tri, extent, n, parts);
  fork(threads);
  return true;
}

/**
 * Caller: publishes the task described in the control block to the `threads` − 1 workers, runs part
 * 0 and waits until every worker has acknowledged. Every worker acknowledges every task, so none
 * can miss a generation or run one twice. The caller spins (a browser's main thread may not block).
 */
function fork(threads: i32): void {
  store<i32>(ctl + FORKS, load<i32>(ctl + FORKS) + 1);
  atomic.store<i32>(ctl + PENDING, threads - 1);
  atomic.add<i32>(ctl + GEN, 1);
  atomic.notify(ctl + GEN, threads - 1);
  runPart(0);
  while (atomic.load<i32>(ctl + PENDING) != 0) {}
}

/** The number of parts for a split of `extent` rows (columns) of `work` multiply–adds, or 1. */
function partsFor(work: f64, minWork: f64, extent: i32): i32 {
  if (ctl == 0 || work < minWork) return 1;
  return max(1, min(atomic.load<i32>(ctl + ACTIVE), extent / MIN_PART));
}

/**
 * Caller: trsmRightLeaf (X·T = B, T s×s upper or lower, B m×s) split by rows of B over the active
 * threads; false (nothing done) when not worth splitting.
 */
export function rightLeafSplit(upper: bool, diag: i32, m: i32, s: i32, t: usize, ldt: i32, b: usize, ldb: i32): bool {
  const parts = partsFor((<f64>m * <f64>s * <f64>s) * 0.5, MIN_LEAF_WORK, m);
  if (parts <= 1) return false;
  store<i32>(ctl + KIND, RIGHT_LEAF);
  store<i32>(ctl + PARTS, parts);
  store<i32>(ctl + TRI, upper ? 1 : 0);
  store<i32>(ctl + K, diag);
  store<i32>(ctl + N, s);
  store<i32>(ctl + LDA, ldt);
  store<i32>(ctl + LDB, ldb);
  store<usize>(ctl + PA, t);
  store<usize>(ctl + PB, b);
  split(TRI_NONE, m, s, parts);
  fork(atomic.load<i32>(ctl + ACTIVE));
  return true;
}

/**
 * Caller: trsmLeftUnb (op(A)·X = B, A m×m, B m×n) split by columns of B over the active threads;
 * false (nothing done) when not worth splitting.
 */
export function leftLeafSplit(
  uplo: i32,
  transA: i32,
  diag: i32,
  m: i32,
  n: i32,
  a: usize,
  lda: i32,
  b: usize,
  ldb: i32,
): bool {
  const parts = partsFor((<f64>m * <f64>m * <f64>n) * 0.5, MIN_LEAF_WORK, n);
  if (parts <= 1) return false;
  store<i32>(ctl + KIND, LEFT_LEAF);
  store<i32>(ctl + PARTS, parts);
  store<i32>(ctl + TRANSA, uplo);
  store<i32>(ctl + TRANSB, transA);
  store<i32>(ctl + K, diag);
  store<i32>(ctl + M, m);
  store<i32>(ctl + LDA, lda);
  store<i32>(ctl + LDB, ldb);
  store<usize>(ctl + PA, a);
  store<usize>(ctl + PB, b);
  split(TRI_NONE, n, m, parts);
  fork(atomic.load<i32>(ctl + ACTIVE));
  return true;
}
