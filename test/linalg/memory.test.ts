import { describe, expect, it } from 'vitest';
import { cholesky, hypergradient, lu, solve } from '../../src/index.js';
import { logSpaced, randomMatrix, spdWithEigenvalues } from '../helpers/random.js';
import { kernels } from '../internal.js';

const wasmBytes = () => kernels().memory.buffer.byteLength;

describe('WASM memory', () => {
  it('8,000 factor/solve/dispose cycles at n = 256 do not grow the WASM heap', () => {
    const n = 256;
    const A = spdWithEigenvalues(logSpaced(n, 100), 9);
    const b = randomMatrix(n, 1, 1).data;
    const cycle = () => {
      using c = cholesky(A);
      c.solve(b);
      using f = lu(A);
      f.solveTransposed(b);
    };
    for (let i = 0; i < 50; i++) cycle();
    const before = wasmBytes();
    for (let i = 0; i < 8000; i++) cycle();
    expect(wasmBytes()).toBe(before);
  });

  it('small factorizations never disposed, and small hypergradients, do not grow the WASM heap', () => {
    const A = spdWithEigenvalues(logSpaced(12, 100), 4);
    const C = randomMatrix(12, 5, 2);
    const b = randomMatrix(12, 1, 3).data;
    const cycle = () => {
      cholesky(A).solve(b); // each factorization evicts the previous one from the scratch block
      lu(A).solveTransposed(b);
      hypergradient(A, C, b);
    };
    for (let i = 0; i < 50; i++) cycle();
    const before = wasmBytes();
    for (let i = 0; i < 20000; i++) cycle();
    expect(wasmBytes()).toBe(before);
  });

  it('a failed factorization frees its block', () => {
    const bad = spdWithEigenvalues([1, -1, 2, 3], 1);
    const attempt = () => {
      try {
        cholesky(bad);
      } catch {}
      try {
        solve(
          [
            [0, 0],
            [0, 0],
          ],
          [1, 1],
        );
      } catch {}
    };
    for (let i = 0; i < 100; i++) attempt();
    const before = wasmBytes();
    for (let i = 0; i < 20000; i++) attempt();
    expect(wasmBytes()).toBe(before);
  });

  it.skipIf(typeof globalThis.gc !== 'function')(
    'the FinalizationRegistry frees factorizations that were never disposed',
    async () => {
      const n = 512; // 2 MiB per factor
      const A = spdWithEigenvalues(logSpaced(n, 10), 3);
      const forget = () => {
        cholesky(A).solve(new Float64Array(n));
      };
      const settle = async () => {
        for (let i = 0; i < 5; i++) {
          globalThis.gc!();
          await new Promise((r) => setTimeout(r, 10));
        }
      };
      for (let i = 0; i < 20; i++) forget();
      await settle();
      const before = wasmBytes();
      // 400 forgotten factors would need 800 MiB if none were freed.
      for (let round = 0; round < 20; round++) {
        for (let i = 0; i < 20; i++) forget();
        await settle();
      }
      expect(wasmBytes()).toBeLessThanOrEqual(before + 64 * 2 ** 20);
    },
  );
});
