import { describe, it } from 'vitest';
import * as lib from '../../src/index.js';
import { expectTaskResult } from './expect-task.js';
import type { TaskResult } from './task.mjs';
import { tridiagonalTask } from './task.mjs';

function ask(worker: Worker, n: number): Promise<TaskResult | { error: string }> {
  return new Promise((resolve, reject) => {
    worker.addEventListener('message', (event) => resolve(event.data), { once: true });
    worker.addEventListener('error', (event) => reject(new Error(event.message)), { once: true });
    worker.postMessage({ n });
  });
}

describe('Web Workers', () => {
  it('factor and solve in three module workers at once, each with its own WASM instance', async () => {
    const workers = [0, 1, 2].map(() => new Worker(new URL('./web-worker.ts', import.meta.url), { type: 'module' }));
    try {
      const sizes = [40, 57, 96];
      const pending = workers.map((w, k) => ask(w, sizes[k]));
      // The page's own instance works meanwhile.
      expectTaskResult(tridiagonalTask(lib, 33), 33);
      const results = await Promise.all(pending);
      results.forEach((r, k) => {
        expectTaskResult(r, sizes[k]);
      });
      // A second request to the same worker reuses its instance.
      expectTaskResult(await ask(workers[0], 65), 65);
    } finally {
      for (const w of workers) w.terminate();
    }
  });
});
