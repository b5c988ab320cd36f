// Asking for threads after the core has started single-threaded is an error, not a silent no-op.
import { describe, expect, it } from 'vitest';
import { backend, ImplicitDiffError, init, matmul } from '../../src/index.js';

describe('threads: init after first use', () => {
  it('init({ threads: 2 }) after the single-threaded core started throws and says to call init first', async () => {
    matmul([[1]], [[2]]);
    expect(backend().threads).toBe(1);
    await expect(init({ threads: 2 })).rejects.toThrow(ImplicitDiffError);
    await expect(init({ threads: 2 })).rejects.toThrow(/call init\(\{ threads \}\) before any other function/);
    await expect(init({ threads: 1 })).resolves.toMatchObject({ threads: 1 });
  });
});
