import { afterEach, beforeEach } from 'vitest';
import { kernels, setWorkingSetBudget } from '../internal.js';

// The working set of factorizations (src/wasm/working-set.ts) under a small budget, so that
// copying out and back happens at small sizes in the tests that call this.

/** The budget {@link useSmallBudget} sets. */
export const SMALL_BUDGET = 256 * 1024;

/** Sets the working set's budget to {@link SMALL_BUDGET} before each test of the file, and back after it. */
export function useSmallBudget(): void {
  let saved: number;
  beforeEach(() => {
    saved = setWorkingSetBudget(SMALL_BUDGET);
  });
  afterEach(() => {
    setWorkingSetBudget(saved);
  });
}

/** The size of WebAssembly memory in bytes. */
export const wasmBytes = (): number => kernels().memory.buffer.byteLength;
