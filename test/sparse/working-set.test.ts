import { describe, expect, it } from 'vitest';
import {
  cholesky,
  DisposedError,
  NotPositiveDefiniteError,
  SparseMatrix,
  sparseCholesky,
  sparseLdlt,
} from '../../src/index.js';
import { logSpaced, randomVector, rng, spdWithEigenvalues } from '../helpers/random.js';
import { SMALL_BUDGET, useSmallBudget, wasmBytes } from '../helpers/working-set.js';
import { setWorkingSetBudget, workingSet } from '../internal.js';
import { grid2d, scaledResidual, spdOnPattern } from './helpers.js';

// The sparse factorizations keep their factor and its structure in one spillable block of the
// working set that the dense ones use (src/wasm/working-set.ts): past a budget the least recently
// used are copied out to JavaScript memory and copied back when next used. A small budget makes
// that happen at small sizes here. A block copied back raises the budget by its size, which is how
// these tests see that a factorization had been copied out.

useSmallBudget();

/** −A: negative definite, so a sparse LDLᵀ whose every pivot is negative. */
function negated(A: SparseMatrix): SparseMatrix {
  return new SparseMatrix(
    A.rows,
    A.cols,
    A.colPtr,
    A.rowIndex,
    A.values.map((v) => -v),
  );
}

/** A sparse Cholesky (even seeds) or LDLᵀ (odd) on a grid of 18 × 14 to 18 × 17, with its first results. */
function make(seed: number) {
  const A0 = spdOnPattern(grid2d(18, 14 + (seed % 4)), seed);
  const b = randomVector(A0.rows, 100 + seed);
  if (seed % 2 === 0) {
    const f = sparseCholesky(A0);
    const summary = () => [f.logDet()];
    return { A: A0, f, b, x0: Array.from(f.solve(b)), summary0: summary(), summary };
  }
  const A = negated(A0);
  const f = sparseLdlt(A);
  const summary = () => {
    const { positive, negative, zero } = f.inertia();
    return [f.logAbsDet(), positive, negative, zero];
  };
  return { A, f, b, x0: Array.from(f.solve(b)), summary0: summary(), summary };
}

/** Sparse factorizations enough to exceed the budget several times: the first is copied out. */
function crowd(count: number, seed: number) {
  return Array.from({ length: count }, (_, i) => make(seed + i));
}

/**
 * Uses each of `cases`, each under the small budget (every copy back raises it, and a raised budget
 * would let them all stay): copies out the factorizations not among them.
 */
function useAll(cases: ReturnType<typeof make>[]): void {
  for (const c of cases) {
    setWorkingSetBudget(SMALL_BUDGET);
    c.f.solve(c.b);
  }
}

describe('sparse factorizations in the working set', () => {
  it('copied out and back, they solve bit-identically and their logDet / inertia are unchanged', () => {
    const cases = crowd(40, 0);
    expect(workingSet().residentBytes).toBeLessThanOrEqual(SMALL_BUDGET);
    const next = rng(3);
    for (let step = 0; step < 200; step++) {
      const c = cases[Math.floor(next() * cases.length)];
      const x = c.f.solve(c.b);
      expect(Array.from(x)).toEqual(c.x0);
      expect(c.summary()).toEqual(c.summary0);
      expect(scaledResidual(c.A, x, c.b)).toBeLessThan(30);
    }
    for (const c of cases) c.f.dispose();
  });

  it('a copied-out factorization refactors bit for bit as a fresh one, and keeps its factor when that fails', () => {
    const first = make(0);
    const others = crowd(30, 1);
    const budget = workingSet().budget;
    const A2 = spdOnPattern(grid2d(18, 14), 77); // the pattern of first.A, other values
    first.f.refactor(A2);
    expect(workingSet().budget).toBeGreaterThan(budget); // it had been copied out
    using fresh = sparseCholesky(A2);
    const x2 = Array.from(fresh.solve(first.b));
    const logDet2 = fresh.logDet();
    useAll(others); // copies `first` out again
    const budget2 = workingSet().budget;
    expect(Array.from(first.f.solve(first.b))).toEqual(x2);
    expect(workingSet().budget).toBeGreaterThan(budget2);
    expect(Object.is((first.f as ReturnType<typeof sparseCholesky>).logDet(), logDet2)).toBe(true);

    useAll(others);
    const budget3 = workingSet().budget;
    expect(() => first.f.refactor(diagonalNegated(A2, 5))).toThrow(NotPositiveDefiniteError);
    expect(workingSet().budget).toBeGreaterThan(budget3); // copied back by the refactor that failed
    expect(Array.from(first.f.solve(first.b))).toEqual(x2);

    const ldl = others[0]; // an LDLᵀ (odd seed)
    useAll(others.slice(1));
    const B2 = negated(spdOnPattern(grid2d(18, 15), 55));
    const budget4 = workingSet().budget;
    ldl.f.refactor(B2);
    expect(workingSet().budget).toBeGreaterThan(budget4);
    using freshLdl = sparseLdlt(B2);
    expect(Array.from(ldl.f.solve(ldl.b))).toEqual(Array.from(freshLdl.solve(ldl.b)));
    for (const f of [first.f, ...others.map((o) => o.f)]) f.dispose();
  });

  it('dispose() of a copied-out factorization frees it; its use afterwards is a DisposedError', () => {
    const first = make(1);
    const alive = workingSet().alive;
    const bytes = workingSet().aliveBytes;
    const rest = crowd(30, 2);
    const resident = workingSet().residentBytes;
    first.f.dispose();
    expect(workingSet().residentBytes).toBe(resident); // it was not in WASM memory
    first.f.dispose();
    expect(first.f.disposed).toBe(true);
    expect(() => first.f.solve(first.b)).toThrow(DisposedError);
    expect(() => first.f.refactor(first.A)).toThrow(DisposedError);
    expect(() => first.summary()).toThrow(DisposedError);
    expect(workingSet().alive).toBe(alive - 1 + rest.length);
    for (const c of rest) c.f.dispose();
    expect(workingSet().alive).toBe(alive - 1);
    expect(workingSet().aliveBytes).toBeLessThan(bytes);
  });

  it('dense and sparse factorizations share the budget and copy each other out', () => {
    const dense = spdWithEigenvalues(logSpaced(60, 100), 4);
    const bd = randomVector(60, 5);
    const d = cholesky(dense);
    const xd = Array.from(d.solve(bd));
    const sparse = crowd(30, 0);
    expect(workingSet().residentBytes).toBeLessThanOrEqual(SMALL_BUDGET);
    const budget = workingSet().budget;
    expect(Array.from(d.solve(bd))).toEqual(xd);
    expect(workingSet().budget).toBeGreaterThan(budget); // the dense factor had been copied out
    for (const c of sparse) expect(Array.from(c.f.solve(c.b))).toEqual(c.x0);
    d.dispose();
    for (const c of sparse) c.f.dispose();
  });

  it('a synchronous loop that forgets dispose() keeps WASM memory bounded', () => {
    const A = spdOnPattern(grid2d(20, 20), 9);
    const b = randomVector(A.rows, 10);
    const forget = () => sparseCholesky(A).solve(b);
    for (let i = 0; i < 50; i++) forget();
    const before = wasmBytes();
    const bytes0 = workingSet().aliveBytes;
    const one = sparseCholesky(A);
    const perFactor = workingSet().aliveBytes - bytes0;
    one.dispose();
    const iterations = 1500;
    expect(iterations * perFactor).toBeGreaterThan(32 * 2 ** 20); // unbounded, it would need this much
    for (let i = 0; i < iterations; i++) forget();
    expect(wasmBytes()).toBeLessThanOrEqual(before + 2 * 2 ** 20);
    expect(workingSet().residentBytes).toBeLessThanOrEqual(SMALL_BUDGET);
    expect(workingSet().budget).toBe(SMALL_BUDGET); // nothing forgotten was copied back
  });
});

/** A2 with its diagonal entry (j, j) negated: not positive definite. */
function diagonalNegated(A: SparseMatrix, j: number): SparseMatrix {
  return new SparseMatrix(
    A.rows,
    A.cols,
    A.colPtr,
    A.rowIndex,
    A.values.map((v, q) => (A.rowIndex[q] === j && q >= A.colPtr[j] && q < A.colPtr[j + 1] ? -v : v)),
  );
}
