import { Worker } from 'node:worker_threads';
import { describe, it } from 'vitest';
import { expectJaxTask } from './expect-task.js';
import type { JaxTaskResult } from './worker-task.mjs';

describe('the jax adapters in Node worker_threads', () => {
  it('the built implicit-diff/jax gives exact hypergradients on both devices in two threads at once', async () => {
    const workers = [0, 1].map(() => new Worker(new URL('./node-worker.mjs', import.meta.url)));
    try {
      const answers = await Promise.all(
        workers.map(
          (w) =>
            new Promise<{ result: JaxTaskResult | { error: string }; float16Before: string }>((resolve, reject) => {
              w.once('message', resolve);
              w.once('error', reject);
              w.postMessage(null);
            }),
        ),
      );
      for (const a of answers) expectJaxTask(a.result, a.float16Before);
    } finally {
      await Promise.all(workers.map((w) => w.terminate()));
    }
  });
});
