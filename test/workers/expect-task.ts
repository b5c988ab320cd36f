import { expect } from 'vitest';
import type { TaskResult } from './task.mjs';

/** Checks a tridiagonal task's result against x = (1, …, n) and det T = n + 1 (see task.mjs). */
export function expectTaskResult(result: TaskResult | { error: string }, n: number): void {
  if ('error' in result) throw new Error(`the worker threw: ${result.error}`);
  expect(result.n).toBe(n);
  // cond₂(T) < 4(n + 1)²/π² and ‖x‖∞ = n, so the forward error is about cond₂(T)·‖x‖∞·ε ≈ 0.4n³ε
  // (1e-10 at n = 100); 1e-9 leaves a margin.
  for (const x of [result.cholesky, result.lu]) {
    expect(x).toHaveLength(n);
    x.forEach((xi, i) => {
      expect(Math.abs(xi - (i + 1))).toBeLessThan(1e-9);
    });
  }
  expect(result.det).toBeCloseTo(n + 1, 9);
  expect(result.logDet).toBeCloseTo(Math.log(n + 1), 12);
}
