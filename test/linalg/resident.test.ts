import { describe, expect, it } from 'vitest';
import {
  cholesky,
  DisposedError,
  ldlt,
  lu,
  Matrix,
  NotPositiveDefiniteError,
  SingularMatrixError,
} from '../../src/index.js';
import { generalWithSingularValues, logSpaced, randomVector, rng, spdWithEigenvalues } from '../helpers/random.js';
import { column, solveResidual } from '../helpers/reference.js';

// Small factorizations (order ≤ 16) live in one shared scratch block of WASM memory, leased to the
// last one computed or used, and are copied out only when another needs the block (eviction).
// These tests use many of them in orders that force every transition: held → evicted → held
// again, disposed while held, disposed while evicted, evicted by a factorization that fails.

type Factor = { solve(b: Float64Array): Float64Array; rcond(): number; dispose(): void; readonly disposed: boolean };

interface Case {
  A: Matrix;
  f: Factor;
  /** Results of the first use, while the factorization was certainly still in the scratch block. */
  x0: Float64Array;
  rcond0: number;
}

function make(kind: number, n: number, seed: number): Case {
  const b = randomVector(n, 1000 + seed);
  let A: Matrix;
  let f: Factor;
  if (kind === 0) {
    A = spdWithEigenvalues(logSpaced(n, 1e4), seed);
    f = cholesky(A);
  } else if (kind === 1) {
    A = generalWithSingularValues(logSpaced(n, 1e4), seed);
    f = lu(A);
  } else {
    // Symmetric indefinite: an SPD matrix shifted by a multiple of the identity between eigenvalues.
    A = spdWithEigenvalues(logSpaced(n, 1e4), seed);
    for (let i = 0; i < n; i++) A.data[i * n + i] -= 0.05;
    f = ldlt(A);
  }
  return { A, f, x0: f.solve(b), rcond0: f.rcond() };
}

describe('small factorizations share one scratch block (write-back on eviction)', () => {
  it('each of 24 interleaved factorizations (Cholesky, LU, LDLᵀ; n = 1…16) keeps its own factors', () => {
    const cases: Case[] = [];
    for (let i = 0; i < 24; i++) cases.push(make(i % 3, 1 + ((i * 7) % 16), i));
    const next = rng(5);
    for (let step = 0; step < 200; step++) {
      const i = Math.floor(((next() + 1) / 2) * cases.length);
      const { A, f, x0, rcond0 } = cases[i];
      const b = randomVector(A.rows, 1000 + i);
      const x = f.solve(b);
      // The same factors give the same bits as at first use, and they solve A.
      expect(Array.from(x)).toEqual(Array.from(x0));
      expect(f.rcond()).toBe(rcond0);
      expect(solveResidual(A, column(x), column(b))).toBeLessThan(30);
    }
    for (const { f } of cases) f.dispose();
  });

  it('disposing the holder, or a factorization that was evicted, leaves the others intact', () => {
    const a = make(0, 5, 1);
    const b = make(1, 6, 2); // evicts a
    b.f.dispose(); // disposed while holding the block
    expect(b.f.disposed).toBe(true);
    expect(() => b.f.solve(new Float64Array(6))).toThrow(DisposedError);
    const rhs = randomVector(5, 1001);
    expect(Array.from(a.f.solve(rhs))).toEqual(Array.from(a.x0)); // back from its copy
    const c = make(2, 7, 3); // evicts a again (its copy is kept)
    a.f.dispose(); // disposed while evicted
    expect(() => a.f.rcond()).toThrow(DisposedError);
    expect(Array.from(c.f.solve(randomVector(7, 1003)))).toEqual(Array.from(c.x0));
    c.f.dispose();
  });

  it('a factorization that fails does not destroy the one it evicted', () => {
    const a = make(1, 8, 4);
    const notSpd = Matrix.identity(8);
    notSpd.data[3 * 8 + 3] = -1;
    expect(() => cholesky(notSpd)).toThrow(NotPositiveDefiniteError);
    expect(() => lu(new Matrix(8, 8))).toThrow(SingularMatrixError);
    expect(Array.from(a.f.solve(randomVector(8, 1004)))).toEqual(Array.from(a.x0));
    a.f.dispose();
  });

  it('a small and a large factorization used in turn', () => {
    const small = make(0, 16, 6);
    const large = make(0, 17, 7);
    for (let round = 0; round < 3; round++) {
      expect(Array.from(small.f.solve(randomVector(16, 1006)))).toEqual(Array.from(small.x0));
      expect(Array.from(large.f.solve(randomVector(17, 1007)))).toEqual(Array.from(large.x0));
      // A new small factorization evicts `small` each round.
      make(1, 3, 10 + round).f.dispose();
    }
    small.f.dispose();
    large.f.dispose();
  });
});
