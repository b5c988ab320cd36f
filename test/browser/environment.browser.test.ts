import { describe, expect, it } from 'vitest';
import { cholesky } from '../../src/index.js';

describe('the browser project', () => {
  it('runs in Chromium, not in Node', () => {
    expect(navigator.userAgent).toMatch(/Chrome\//);
    expect(typeof (globalThis as { process?: unknown }).process).not.toBe('object');
  });

  it('instantiates the inlined WASM core on the page', () => {
    // [[4, 2], [2, 3]] = L·Lᵀ with L = [[2, 0], [1, √2]]
    using c = cholesky([
      [4, 2],
      [2, 3],
    ]);
    expect(c.factor().toArray()).toEqual([
      [2, 0],
      [1, Math.SQRT2],
    ]);
  });
});
