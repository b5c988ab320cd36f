import { describe, expect, it } from 'vitest';
import { cholesky, ImplicitDiffError, OutOfMemoryError, sparseCholesky } from '../../src/index.js';
import { logSpaced, randomVector, spdWithEigenvalues } from '../helpers/random.js';
import { allocate, free, workingSet } from '../internal.js';
import { grid2d, spdOnPattern } from '../sparse/helpers.js';

// When WASM memory (at most 4 GiB) truly cannot provide a block, the factorizations that can be
// are copied out to JavaScript memory first; if that does not suffice, an OutOfMemoryError says
// what the factorizations not disposed hold, dense and sparse alike. Untouched blocks of 512 MiB fill the memory here
// (the pages are reserved, not written).

describe('OutOfMemoryError', () => {
  it('says how many factorizations are alive and how many bytes they hold; they survive it', () => {
    const A = spdWithEigenvalues(logSpaced(32, 100), 1);
    const b = randomVector(32, 2);
    const live = [cholesky(A), cholesky(A), cholesky(A)];
    const x0 = Array.from(live[0].solve(b));
    const S = spdOnPattern(grid2d(12, 10), 3);
    const bs = randomVector(S.rows, 4);
    const before = workingSet();
    const sparse = sparseCholesky(S);
    const sparseBytes = workingSet().aliveBytes - before.aliveBytes;
    expect(workingSet().alive).toBe(before.alive + 1);
    const xs = Array.from(sparse.solve(bs));
    const blocks: number[] = [];
    let error: unknown;
    try {
      for (let i = 0; i < 16; i++) blocks.push(allocate(2 ** 29, 'a test block'));
    } catch (e) {
      error = e;
    } finally {
      for (const ptr of blocks) free(ptr);
    }
    expect(error).toBeInstanceOf(OutOfMemoryError);
    expect(error).toBeInstanceOf(ImplicitDiffError);
    const oom = error as OutOfMemoryError;
    expect(oom.factorizations).toBe(workingSet().alive);
    expect(oom.factorizations).toBeGreaterThanOrEqual(4);
    expect(oom.bytes).toBe(workingSet().aliveBytes);
    expect(oom.bytes).toBeGreaterThanOrEqual(3 * 8 * 32 * 32 + sparseBytes);
    expect(sparseBytes).toBeGreaterThan(8 * sparse.nnzL);
    expect(oom.message).toMatch(/a test block needs 536870912 bytes/);
    expect(oom.message).toMatch(new RegExp(`${oom.factorizations} factorizations .* hold ${oom.bytes} bytes`));
    expect(oom.message).toMatch(/dispose\(\).*using/);
    // The failed allocation copied them out; they are copied back and solve as before.
    for (const f of live) expect(Array.from(f.solve(b))).toEqual(x0);
    expect(Array.from(sparse.solve(bs))).toEqual(xs);
    for (const f of [...live, sparse]) f.dispose();
  });
});
