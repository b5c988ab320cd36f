import { expect } from 'vitest';
import type { JaxTaskResult } from './worker-task.mjs';

/** Checks a jax worker task's hypergradients against their closed forms (see worker-task.mjs). */
export function expectJaxTask(result: JaxTaskResult | { error: string }, float16Before: string): void {
  if ('error' in result) throw new Error(`the worker threw: ${result.error}`);
  for (const device of ['cpu', 'wasm'] as const) {
    const form = result[device];
    expect(form.device).toBe(device);
    expect(form.derivatives).toBe('autodiff');
    form.grad.forEach((v, i) => {
      expect(Math.abs(v - form.want[i])).toBeLessThan(1e-12 * Math.max(1, Math.abs(form.want[i])));
    });
  }
  expect(result.float16ArrayLeft).toBe(float16Before);
}
