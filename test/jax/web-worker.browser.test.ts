import * as jax from '@jax-js/jax';
import { describe, it } from 'vitest';
import * as adapter from '../../src/jax/index.js';
import { expectJaxTask } from './expect-task.js';
import { type JaxTaskResult, jaxTask } from './worker-task.mjs';

describe('the jax adapters in a Web Worker', () => {
  it('give exact hypergradients on both devices in a module worker, and on the page', async () => {
    const worker = new Worker(new URL('./web-worker.ts', import.meta.url), { type: 'module' });
    try {
      const answer = await new Promise<{ result: JaxTaskResult | { error: string }; float16Before: string }>(
        (resolve, reject) => {
          worker.addEventListener('message', (event) => resolve(event.data), { once: true });
          worker.addEventListener('error', (event) => reject(new Error(event.message)), { once: true });
          worker.postMessage(null);
        },
      );
      expectJaxTask(answer.result, answer.float16Before);
      expectJaxTask(jaxTask(jax, adapter), typeof (globalThis as { Float16Array?: unknown }).Float16Array);
    } finally {
      worker.terminate();
    }
  });
});
