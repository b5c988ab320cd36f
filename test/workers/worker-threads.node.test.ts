import { Worker } from 'node:worker_threads';
import { describe, it } from 'vitest';
import * as lib from '../../src/index.js';
import { expectTaskResult } from './expect-task.js';
import type { TaskResult } from './task.mjs';
import { tridiagonalTask } from './task.mjs';

const workerUrl = new URL('./node-worker.mjs', import.meta.url);

function ask(worker: Worker, n: number): Promise<TaskResult | { error: string }> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.postMessage({ n });
  });
}

describe('Node worker_threads', () => {
  it('the built package factors and solves in three worker threads at once, each with its own WASM instance', async () => {
    const workers = [0, 1, 2].map(() => new Worker(workerUrl));
    try {
      const sizes = [40, 57, 96];
      const pending = workers.map((w, k) => ask(w, sizes[k]));
      expectTaskResult(tridiagonalTask(lib, 33), 33);
      const results = await Promise.all(pending);
      results.forEach((r, k) => {
        expectTaskResult(r, sizes[k]);
      });
      expectTaskResult(await ask(workers[0], 65), 65);
    } finally {
      await Promise.all(workers.map((w) => w.terminate()));
    }
  });
});
