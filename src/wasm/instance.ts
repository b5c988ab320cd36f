import { instantiateSync } from '@assemblyscript/loader';
import { ImplicitDiffError } from '../errors.js';
import { coreFmaWasmBase64, coreWasmBase64 } from './core.generated.js';
import type { Kernels } from './kernels.js';

// One instance of the core per JavaScript realm (page, worker, Node process). It is created on
// first use, synchronously, so every function works without `init()`; `init()` compiles
// asynchronously first, which browsers prefer on the main thread, and can choose the build.
//
// Two builds are inlined: baseline SIMD, and the same kernels with fused multiply-add
// (f64x2.relaxed_madd). The second is chosen where the engine validates it (Chromium, Node ≥ 22,
// Node 20 with --experimental-wasm-relaxed-simd): it is faster, and its results differ from the
// baseline's in the last bits (one rounding instead of two per multiply-add).

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
}

let instance: Kernels | undefined;
let active: Backend | undefined;

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

function adopt(module: WebAssembly.Module, fma: boolean): Kernels {
  instance = instantiateSync(module, {}).exports as unknown as Kernels;
  active = { fma, threads: 1 };
  return instance;
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
 * fastest build the engine supports. Calling it again with compatible options is harmless.
 *
 * @throws {ImplicitDiffError} when `fma: true` is asked of an engine without relaxed SIMD, or when
 * the core is already running with another build than `options.fma` asks for (call `init` first).
 */
export async function init(options: InitOptions = {}): Promise<Backend> {
  if (instance === undefined) {
    const { bytes, fma } = select(options);
    const module = await WebAssembly.compile(bytes);
    if (instance === undefined) adopt(module, fma);
  }
  const current = backend();
  if (options.fma !== undefined && options.fma !== current.fma) {
    throw new ImplicitDiffError(
      `init({ fma: ${options.fma} }): the core is already running the ${current.fma ? 'fused multiply-add' : 'baseline'} build; call init before any other function of the library`,
    );
  }
  return current;
}

/** Which build of the core is active (instantiating it if needed): `{ fma, threads }`. */
export function backend(): Backend {
  kernels();
  return active!;
}
