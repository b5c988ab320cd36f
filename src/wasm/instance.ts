import { instantiateSync } from '@assemblyscript/loader';
import { checkOptions, flagOption } from '../check/options.js';
import { ArgumentError, ImplicitDiffError } from '../errors.js';
import {
  coreFmaWasmBase64,
  coreThreadsFmaWasmBase64,
  coreThreadsWasmBase64,
  coreWasmBase64,
} from './core.generated.js';
import type { Kernels } from './kernels.js';
import { type Pool, type PoolExports, startPool, threadsUnavailable } from './threads.js';

// One instance of the core per JavaScript realm (page, worker, Node process). It is created on
// first use, synchronously, so every function works without `init()`; `init()` compiles
// asynchronously first, which browsers prefer on the main thread, and can choose the build.
//
// Two builds are inlined: baseline SIMD, and the same kernels with fused multiply-add
// (f64x2.relaxed_madd). The second is chosen where the engine validates it (Chromium, Node ≥ 22,
// Node 20 with --experimental-wasm-relaxed-simd): it is faster, and its results differ from the
// baseline's in the last bits (one rounding instead of two per multiply-add).
//
// Each has a threaded twin (shared memory, atomics), used only when `init({ threads: k })` asks
// for k > 1 before the core is first used: the calling thread and k − 1 workers (src/wasm/threads.ts)
// then share one memory, and large level-3 products — hence Cholesky, LU, triangular solves with
// many right-hand sides, matmul — are split among them into disjoint blocks of the result, each
// entry computed in the same order as on one thread: results are bit-for-bit those of one thread.

/** What the active WebAssembly core uses. */
export interface Backend {
  /** Whether the fused multiply-add (relaxed SIMD) build is active. */
  readonly fma: boolean;
  /** Number of threads the kernels run on. */
  readonly threads: number;
}

/** Options of {@link init}. */
export interface InitOptions {
  /**
   * `true`: require the fused multiply-add build (throws where the engine lacks relaxed SIMD);
   * `false`: the baseline build, bit-for-bit the same on every engine; omitted: the fastest the
   * engine supports.
   */
  fma?: boolean;
  /**
   * Number of threads for the level-3 kernels, the calling thread included (an integer from 1 to
   * 32; default 1). k > 1 must be asked before any other function of the library runs; where
   * shared memory is unavailable (no SharedArrayBuffer: a browser page that is not cross-origin
   * isolated; no Worker; an engine without WebAssembly threads) the core runs on one thread and a
   * console warning says why. Asking again with another k resizes the pool; `threads: 1` ends it.
   */
  threads?: number;
}

let instance: Kernels | undefined;
let active: Backend | undefined;
/** The threaded build's module and memory when it is active (workers instantiate the same). */
let shared: { module: WebAssembly.Module; memory: WebAssembly.Memory } | undefined;
let pool: Pool | undefined;
/** Why `init({ threads })` fell back to one thread, if it did. */
let fallback: string | undefined;

/** Largest pool `init` accepts (the control block in assembly/threads.ts has 32 slots). */
const MAX_THREADS = 32;

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** The bytes of the build `options` ask for, checked against what the engine supports. */
function select(options: InitOptions): { bytes: Uint8Array<ArrayBuffer>; fma: boolean } {
  if (options.fma !== false) {
    const fma = decode(coreFmaWasmBase64);
    if (WebAssembly.validate(fma)) return { bytes: fma, fma: true };
    if (options.fma === true) {
      throw new ImplicitDiffError(
        'init({ fma: true }): this engine does not support WebAssembly relaxed SIMD (Node 20 needs --experimental-wasm-relaxed-simd; Node ≥ 22 and Chromium have it)',
      );
    }
  }
  return { bytes: decode(coreWasmBase64), fma: false };
}

/**
 * Instantiates through the loader and keeps the module's own exports: every kernel takes and
 * returns plain numbers, which the loader's wrappers (a rest-parameter array and a spread per
 * call) would only pass through.
 */
function rawExports(module: WebAssembly.Module, imports: WebAssembly.Imports): unknown {
  return instantiateSync(module, imports).instance.exports;
}

function adopt(module: WebAssembly.Module, fma: boolean): Kernels {
  instance = rawExports(module, {}) as Kernels;
  active = { fma, threads: 1 };
  return instance;
}

/**
 * Instantiates the threaded build over a fresh shared memory on the calling thread and runs its
 * start function (which sets up the heap) here only. Returns why it cannot, or undefined.
 */
async function adoptThreaded(fma: boolean): Promise<string | undefined> {
  const bytes = decode(fma ? coreThreadsFmaWasmBase64 : coreThreadsWasmBase64);
  const why = threadsUnavailable(bytes);
  if (why !== undefined) return why;
  const module = await WebAssembly.compile(bytes);
  if (instance !== undefined) return undefined;
  // The module declares 1 to 65536 pages (4 GiB, as far as the unshared build may grow).
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
  const exports = rawExports(module, { env: { memory } }) as Kernels & { _start(): void };
  exports._start();
  instance = exports;
  shared = { module, memory };
  active = { fma, threads: 1 };
  return undefined;
}

/** Resizes the pool of the threaded build to `threads` (1 ends it). */
async function resize(threads: number): Promise<void> {
  if (shared === undefined || active === undefined) return;
  if ((pool?.size ?? 1) === threads) return;
  shutdown();
  if (threads > 1) {
    pool = await startPool(shared.module, shared.memory, instance as unknown as PoolExports, threads);
    active = { fma: active.fma, threads };
  }
}

function checkThreads(threads: number | undefined): void {
  if (threads === undefined) return;
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS) {
    throw new ArgumentError(`init({ threads: ${threads} }): threads must be an integer from 1 to ${MAX_THREADS}`);
  }
}

/** The kernels of the core, instantiated on first call with the fastest build the engine supports. */
export function kernels(): Kernels {
  if (instance !== undefined) return instance;
  const { bytes, fma } = select({});
  return adopt(new WebAssembly.Module(bytes), fma);
}

/**
 * Compiles and instantiates the WebAssembly core asynchronously and says which build is active.
 * Optional: every function otherwise instantiates the core synchronously on first use, with the
 * fastest build the engine supports, on one thread. Calling it again with compatible options is
 * harmless; calling it with another `threads` resizes (with 1, ends) the pool of workers.
 *
 * With `threads: k > 1`, products of more than about 2.6·10⁵ multiply–adds (C = αAB + βC, and so the
 * trailing updates of Cholesky and LU and the triangular solves with many right-hand sides) are
 * split into k disjoint blocks of rows or columns of the result, computed at once by the caller
 * and k − 1 workers (Node worker_threads; Web Workers in a cross-origin-isolated page), which never
 * keep a Node process alive. Where shared memory is unavailable the core runs on one thread, and
 * `console.warn` says why; `backend().threads` then reports 1.
 *
 * @throws {ArgumentError} when options is not a plain object or has an unknown key, `fma` is not a
 * boolean, or `threads` is not an integer from 1 to 32.
 * @throws {ImplicitDiffError} when `fma: true` is asked of an engine without relaxed SIMD; when the
 * core already runs another build than `options.fma` asks for, or runs the single-threaded build and
 * `threads > 1` is asked (call `init` before any other function of the library); when a worker
 * cannot start.
 */
export async function init(initOptions?: InitOptions): Promise<Backend> {
  const options = checkOptions(initOptions, 'init: options', ['fma', 'threads']);
  flagOption(options.fma, 'init: fma', false);
  checkThreads(options.threads);
  const threads = options.threads ?? 1;
  if (instance === undefined) {
    const { bytes, fma } = select(options);
    if (threads > 1) {
      const why = await adoptThreaded(fma);
      if (why !== undefined) {
        fallback = why;
        console.warn(`implicit-diff: init({ threads: ${threads} }) runs on one thread: ${why}`);
      }
    }
    if (instance === undefined) {
      const module = await WebAssembly.compile(bytes);
      if (instance === undefined) adopt(module, fma);
    }
  }
  const current = backend();
  if (options.fma !== undefined && options.fma !== current.fma) {
    throw new ImplicitDiffError(
      `init({ fma: ${options.fma} }): the core is already running the ${current.fma ? 'fused multiply-add' : 'baseline'} build; call init before any other function of the library`,
    );
  }
  if (shared !== undefined) {
    if (options.threads !== undefined) await resize(threads);
  } else if (threads > 1 && fallback === undefined) {
    throw new ImplicitDiffError(
      `init({ threads: ${threads} }): the core is already running single-threaded; call init({ threads }) before any other function of the library`,
    );
  }
  return backend();
}

/**
 * Ends the pool of worker threads, if one runs; the kernels then run on the calling thread alone,
 * until `init({ threads: k })` starts a pool again. Harmless when no pool runs.
 */
export function shutdown(): void {
  pool?.dismiss();
  pool = undefined;
  if (active !== undefined) active = { fma: active.fma, threads: 1 };
}

/** Which build of the core is active (instantiating it if needed): `{ fma, threads }`. */
export function backend(): Backend {
  kernels();
  return active!;
}
