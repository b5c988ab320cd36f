import { describe, expect, it } from 'vitest';
import { SparseMatrix, sparseCholesky, sparseLdlt } from '../../src/index.js';
import { randomVector } from '../helpers/random.js';
import { kernels } from '../internal.js';
import { grid2d, spdOnPattern } from './helpers.js';

const wasmBytes = () => kernels().memory.buffer.byteLength;

describe('WASM memory of the sparse factorizations', () => {
  it('1,000 factor/solve/refactor/dispose cycles leave WebAssembly memory as it was', () => {
    const A = spdOnPattern(grid2d(20, 15), 1);
    const b = randomVector(A.rows, 2);
    const cycle = () => {
      using c = sparseCholesky(A);
      c.solve(b);
      c.refactor(A);
      using l = sparseLdlt(A, { ordering: 'natural' });
      l.solve(b);
    };
    for (let i = 0; i < 20; i++) cycle();
    const before = wasmBytes();
    for (let i = 0; i < 1000; i++) cycle();
    expect(wasmBytes()).toBe(before);
  });

  it('failed factorizations free what they allocated', () => {
    const n = 200;
    const D = SparseMatrix.fromTriplets(
      n,
      n,
      [...Array(n).keys()],
      [...Array(n).keys()],
      Array.from({ length: n }, (_, i) => (i === 150 ? -1 : 1)),
    );
    const Z = SparseMatrix.fromTriplets(
      n,
      n,
      [...Array(n).keys()],
      [...Array(n).keys()],
      Array.from({ length: n }, (_, i) => (i === 150 ? 0 : 1)),
    );
    const attempt = () => {
      try {
        sparseCholesky(D);
      } catch {}
      try {
        sparseLdlt(Z);
      } catch {}
    };
    for (let i = 0; i < 20; i++) attempt();
    const before = wasmBytes();
    for (let i = 0; i < 1000; i++) attempt();
    expect(wasmBytes()).toBe(before);
  });
});
