// The worker pool of the threaded core. Each worker instantiates the threaded build over the one
// shared WebAssembly.Memory and loops: its `threadWorkerStep` export runs the worker's part of
// every product the calling thread splits (assembly/threads.ts), spinning between them, and
// returns when idle; the worker then sleeps in Atomics.wait on the generation counter. Node uses worker_threads, a
// browser Web Workers (which need a cross-origin-isolated page for SharedArrayBuffer). The worker's
// script is inlined here, so no asset has to be served or bundled.

import type { Worker as NodeWorker } from 'node:worker_threads';

/** The exports of the threaded build that drive the pool (see assembly/threads.ts). */
export interface PoolExports {
  threadsReserve(count: number): number;
  threadsGeneration(): number;
  threadsEpoch(): number;
  threadsActivate(count: number): void;
  threadsDismiss(): void;
}

/** A running pool: `size` threads, the caller included. */
export interface Pool {
  readonly size: number;
  /** Makes the workers return and ends them; the caller then runs alone. */
  dismiss(): void;
}

// Runs in each worker: receives the module, the memory and its place in the pool, instantiates
// the module (without running its start function: the heap is the caller's), says it is ready
// and loops until the pool is dismissed (the epoch at byte block + 132 changes). Sleeps are
// bounded (200 ms) so that no wakeup depends on a notify alone.
const WORKER_BODY = `
onTask(async ({ module, memory, block, id, generation, epoch }) => {
  let instance;
  try {
    instance = await WebAssembly.instantiate(module, { env: { memory } });
  } catch (error) {
    send({ ok: false, error: String(error) });
    return;
  }
  send({ ok: true });
  const control = new Int32Array(memory.buffer, block, 64);
  let seen = generation;
  for (;;) {
    seen = instance.exports.threadWorkerStep(block, id, seen, epoch);
    if (Atomics.load(control, 33) !== epoch) break;
    Atomics.wait(control, 0, seen, 200);
  }
  done();
});`;

// The Node script loads worker_threads with import(), so that a browser bundle of the library
// carries no require() of a Node built-in, even inside a string.
const NODE_WORKER = `import('node:worker_threads').then(({ parentPort }) => {
const onTask = (f) => parentPort.once('message', f);
const send = (m) => parentPort.postMessage(m);
const done = () => parentPort.close();
${WORKER_BODY}
});`;

const WEB_WORKER = `const onTask = (f) => { self.onmessage = (e) => { self.onmessage = null; f(e.data); }; };
const send = (m) => self.postMessage(m);
const done = () => self.close();
${WORKER_BODY}`;

/** What a started worker reports: ready, or why it could not instantiate the module. */
type Ready = { ok: true } | { ok: false; error: string };

/** The minimal surface of a worker, common to worker_threads and Web Workers. */
interface Handle {
  post(message: unknown): void;
  ready: Promise<Ready>;
  end(): void;
}

const isNode = typeof process !== 'undefined' && process.versions?.node !== undefined;

/**
 * Why a pool of threads cannot run here, or undefined when it can: shared memory needs
 * SharedArrayBuffer (in a browser, a cross-origin-isolated page), a Worker constructor, and an
 * engine that validates the threaded module.
 */
export function threadsUnavailable(bytes: Uint8Array<ArrayBuffer>): string | undefined {
  if (typeof SharedArrayBuffer === 'undefined') {
    return 'SharedArrayBuffer is not available (a page must be cross-origin isolated: serve it with the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)';
  }
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  if (!isNode && isolated === false) {
    return 'the page is not cross-origin isolated (serve it with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)';
  }
  if (!isNode && typeof Worker === 'undefined') return 'there is no Worker constructor in this environment';
  if (!WebAssembly.validate(bytes))
    return 'this engine does not support WebAssembly threads (shared memory and atomics)';
  return undefined;
}

async function spawnNode(): Promise<Handle> {
  // A computed specifier keeps browser bundlers from resolving a Node built-in.
  const specifier = 'node:worker_threads';
  const { Worker } = (await import(/* @vite-ignore */ specifier)) as typeof import('node:worker_threads');
  const worker: NodeWorker = new Worker(NODE_WORKER, { eval: true });
  // The pool must never keep a Node process alive.
  worker.unref();
  const ready = new Promise<Ready>((resolve) => {
    worker.once('message', (m: Ready) => resolve(m));
    worker.once('error', (error) => resolve({ ok: false, error: String(error) }));
  });
  return { post: (m) => worker.postMessage(m), ready, end: () => void worker.terminate() };
}

function spawnWeb(): Handle {
  const url = URL.createObjectURL(new Blob([WEB_WORKER], { type: 'text/javascript' }));
  const worker = new Worker(url);
  URL.revokeObjectURL(url);
  const ready = new Promise<Ready>((resolve) => {
    worker.onmessage = (e: MessageEvent<Ready>) => resolve(e.data);
    worker.onerror = (e) => resolve({ ok: false, error: e.message });
  });
  return { post: (m) => worker.postMessage(m), ready, end: () => worker.terminate() };
}

/**
 * Starts `size − 1` workers over `memory` running `module` (the threaded build, whose instance on
 * the calling thread has the exports `core`) and activates the split of products over `size`
 * threads. Rejects, with every started worker ended, if a worker cannot instantiate the module.
 */
export async function startPool(
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
  core: PoolExports,
  size: number,
): Promise<Pool> {
  const block = core.threadsReserve(size) >>> 0;
  const generation = core.threadsGeneration();
  const epoch = core.threadsEpoch();
  const workers: Handle[] = [];
  try {
    for (let id = 1; id < size; id++) {
      const worker = isNode ? await spawnNode() : spawnWeb();
      workers.push(worker);
      worker.post({ module, memory, block, id, generation, epoch });
    }
    const answers = await Promise.all(workers.map((w) => w.ready));
    const failed = answers.find((a): a is { ok: false; error: string } => !a.ok);
    if (failed !== undefined) throw new Error(`a worker could not instantiate the threaded core: ${failed.error}`);
  } catch (error) {
    core.threadsDismiss();
    for (const w of workers) w.end();
    throw error;
  }
  core.threadsActivate(size);
  return {
    size,
    dismiss: () => {
      core.threadsDismiss();
      for (const w of workers) w.end();
    },
  };
}
