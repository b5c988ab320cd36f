import { instantiateSync } from '@assemblyscript/loader';
import { coreWasmBase64 } from './core.generated.js';
import type { Kernels } from './kernels.js';

// One instance of the core per JavaScript realm (page, worker, Node process). It is created on
// first use, synchronously, so every function works without `init()`; `init()` compiles
// asynchronously first, which browsers prefer on the main thread.

let instance: Kernels | undefined;
let compiled: Promise<WebAssembly.Module> | undefined;

function wasmBytes(): Uint8Array<ArrayBuffer> {
  const text = atob(coreWasmBase64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

function instantiate(module: WebAssembly.Module): Kernels {
  return instantiateSync(module, {}).exports as unknown as Kernels;
}

/** The kernels of the core, instantiated on first call. */
export function kernels(): Kernels {
  if (instance === undefined) instance = instantiate(new WebAssembly.Module(wasmBytes()));
  return instance;
}

/**
 * Compiles and instantiates the WebAssembly core asynchronously. Optional: every function
 * instantiates the core synchronously on first use, but browsers prefer asynchronous compilation
 * on the main thread. Resolves once the core is ready; calling it again is harmless.
 */
export async function init(): Promise<void> {
  if (instance !== undefined) return;
  compiled ??= WebAssembly.compile(wasmBytes());
  const module = await compiled;
  instance ??= instantiate(module);
}
