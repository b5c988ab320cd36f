import { describe, expect, it } from 'vitest';
import { cholesky, ImplicitDiffError, OutOfMemoryError } from '../../src/index.js';
import { logSpaced, randomVector, spdWithEigenvalues } from '../helpers/random.js';
import { allocate, free, workingSet } from '../internal.js';

// When WASM memory (at most 4 GiB) truly cannot provide a block, the factorizations that can be
// are copied out to JavaScript memory first; if that does not suffice, an OutOfMemoryError says
// what the factorizations not disposed hold. Untouched blocks of 512 MiB fill the memory here
// (the pages are reserved, not written).

describe('OutOfMemoryError', () => {
  it('says how many factorizations are alive and how many bytes they hold; they survive it', () => {
    const A = spdWithEigenvalues(logSpaced(32, 100), 1);
    const b = randomVector(32, 2);
    const live = [cholesky(A), cholesky(A), cholesky(A)];
    const x0 = Array.from(live[0].solve(b));
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
    expect(oom.factorizations).toBeGreaterThanOrEqual(3);
    expect(oom.bytes).toBeGreaterThanOrEqual(3 * 8 * 32 * 32);
    expect(oom.message).toMatch(/a test block needs 536870912 bytes/);
    expect(oom.message).toMatch(new RegExp(`${oom.factorizations} factorizations .* hold ${oom.bytes} bytes`));
    expect(oom.message).toMatch(/dispose\(\).*using/);
    // The failed allocation copied them out; they are copied back and solve as before.
    for (const f of live) expect(Array.from(f.solve(b))).toEqual(x0);
    for (const f of live) f.dispose();
  });
});
