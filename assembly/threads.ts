// Fork–join over a pool of threads that share this module's memory (the threaded build only:
// `--enable threads --sharedMemory --importMemory`, ASC_FEATURE_THREADS). Every thread runs its own
// instance of the module over one shared WebAssembly.Memory. The calling thread (thread 0) owns
// the heap (the TLSF allocator is not thread-safe, so only it allocates) and publishes work in a
// control block; workers 1..T−1 sit in `threadWorker`, spinning briefly and then sleeping with
// memory.atomic.wait32 on the generation counter. What is split is the level-3 product: a large
// gemm (and so syrk, trsm, potrf, getrf, which spend their time in it) is cut into T disjoint
// blocks of rows (or columns) of C, balanced by flop count, each computed by the full packed GEMM
// loops with the thread's own packing buffers. Writes are disjoint and each thread's part is
// joined (acquire/release through the atomic counters) before the caller returns.
import { callerPackBuffers, gemmBlock, PACK_BYTES, TRI_LOWER, TRI_NONE, TRI_UPPER } from './gemm';

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
const CALLER_WAITS: usize = 136; // 1 if the caller may block in atomic.wait (not a browser main thread)
// @ts-ignore: decorator
@inline
const PARTS: usize = 140;
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

// Spin iterations before sleeping: a worker stays awake across the short serial steps between the
// updates of a factorization; a caller waits for the slowest part without a system call if it can.
// @ts-ignore: decorator
@inline
const SPIN: i32 = 1 << 15;

// Products below this many multiply–adds (m·n·k) run on the caller alone: waking a sleeping
// thread costs tens of microseconds.
// @ts-ignore: decorator
@inline
const MIN_WORK: f64 = 2097152.0;
// Each part has at least this many rows (columns).
// @ts-ignore: decorator
@inline
const MIN_PART: i32 = 32;

// The control block of this instance: allocated by the caller in `threadsReserve`, handed to each
// worker by `threadWorker` (globals are per instance, the block is shared).
let ctl: usize = 0;

/**
 * Caller: prepares a pool of `count` threads (the caller included, at most 32): allocates the
 * control block and the packing buffers of threads 1..count−1 that do not exist yet. `callerWaits`
 * is 1 where the calling thread may block in atomic.wait (Node, a Web Worker), 0 on a browser main
 * thread, which must spin. Returns the control block's address, to be handed to each worker.
 */
export function threadsReserve(count: i32, callerWaits: i32): usize {
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
  atomic.store<i32>(ctl + CALLER_WAITS, callerWaits);
  return ctl;
}

/** Caller: the current generation, handed to a new worker so that it waits for the next task. */
export function threadsGeneration(): i32 {
  return ctl == 0 ? 0 : atomic.load<i32>(ctl + GEN);
}

/** Caller: the current epoch, handed to a new worker; `threadsDismiss` ends the workers of an epoch. */
export function threadsEpoch(): i32 {
  return ctl == 0 ? 0 : atomic.load<i32>(ctl + EPOCH);
}

/** Caller: from now on split products over `count` threads (workers 1..count−1 must be running). */
export function threadsActivate(count: i32): void {
  if (ctl != 0) atomic.store<i32>(ctl + ACTIVE, min(max(count, 1), MAX_THREADS));
}

/** Caller: run alone from now on and make the running workers return from `threadWorker`. */
export function threadsDismiss(): void {
  if (ctl == 0) return;
  atomic.store<i32>(ctl + ACTIVE, 1);
  atomic.add<i32>(ctl + EPOCH, 1);
  atomic.add<i32>(ctl + GEN, 1);
  atomic.notify(ctl + GEN, MAX_THREADS);
}

/**
 * Worker `id` (1..31): runs its part of every task published after generation `generation`, until
 * the epoch changes from `epoch`. Never returns before then; the worker's event loop is parked here.
 */
export function threadWorker(block: usize, id: i32, generation: i32, epoch: i32): void {
  ctl = block;
  let seen = generation;
  for (;;) {
    let spins = 0;
    while (atomic.load<i32>(ctl + GEN) == seen) {
      if (++spins > SPIN) {
        atomic.wait<i32>(ctl + GEN, seen, -1);
        spins = 0;
      }
    }
    seen = atomic.load<i32>(ctl + GEN);
    if (atomic.load<i32>(ctl + EPOCH) != epoch) return;
    if (id < atomic.load<i32>(ctl + PARTS)) runPart(id);
    // The last worker to finish wakes the caller (atomic.sub returns the value before).
    if (atomic.sub<i32>(ctl + PENDING, 1) == 1) atomic.notify(ctl + PENDING, 1);
  }
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
  // Every worker acknowledges every task, so none can miss a generation or see one twice.
  atomic.store<i32>(ctl + PENDING, threads - 1);
  atomic.add<i32>(ctl + GEN, 1);
  atomic.notify(ctl + GEN, threads - 1);
  runPart(0);
  const waits = atomic.load<i32>(ctl + CALLER_WAITS) != 0;
  let spins = 0;
  for (;;) {
    const pending = atomic.load<i32>(ctl + PENDING);
    if (pending == 0) break;
    if (waits && ++spins > SPIN) {
      atomic.wait<i32>(ctl + PENDING, pending, -1);
      spins = 0;
    }
  }
  return true;
}
