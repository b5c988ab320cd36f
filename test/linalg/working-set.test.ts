import { describe, expect, it } from 'vitest';
import { cholesky, DisposedError, ldlt, lu, type Matrix } from '../../src/index.js';
import { generalWithSingularValues, logSpaced, randomVector, rng, spdWithEigenvalues } from '../helpers/random.js';
import { column, solveResidual } from '../helpers/reference.js';
import { SMALL_BUDGET, useSmallBudget, wasmBytes } from '../helpers/working-set.js';
import { setWorkingSetBudget, workingSet } from '../internal.js';

// Factorizations of order > 16 keep their factors in a bounded working set of WASM memory: past a
// budget, the least recently used are copied out to JavaScript memory and copied back when used
// (src/wasm/working-set.ts). A small budget makes that happen at small sizes here.

useSmallBudget();

type Factor = { solve(b: Float64Array): Float64Array; rcond(): number; dispose(): void; readonly disposed: boolean };

/** A factorization of kind 0 (Cholesky), 1 (LU) or 2 (LDLᵀ) of order n, with its first results. */
function make(kind: number, n: number, seed: number) {
  let A: Matrix;
  let f: Factor & { logDet?(): number; logAbsDet?(): number };
  if (kind === 0) {
    A = spdWithEigenvalues(logSpaced(n, 1e4), seed);
    f = cholesky(A);
  } else if (kind === 1) {
    A = generalWithSingularValues(logSpaced(n, 1e4), seed);
    f = lu(A);
  } else {
    A = spdWithEigenvalues(logSpaced(n, 1e4), seed);
    for (let i = 0; i < n; i++) A.data[i * n + i] -= 0.05; // indefinite
    f = ldlt(A);
  }
  const b = randomVector(n, 1000 + seed);
  const det = () => (f.logDet ? f.logDet() : f.logAbsDet!());
  // Taken at once, while the factors are certainly in WASM memory.
  return { A, f, b, x0: Array.from(f.solve(b)), rcond0: f.rcond(), det0: det(), det };
}

describe('the working set of factorizations', () => {
  it('factorizations copied out and back solve bit-identically (Cholesky, LU, LDLᵀ)', () => {
    const cases = Array.from({ length: 60 }, (_, i) => make(i % 3, 30 + ((i * 7) % 20), i));
    // 60 factorizations of 7–16 KB: far more than the budget, so most were copied out meanwhile.
    expect(workingSet().residentBytes).toBeLessThanOrEqual(SMALL_BUDGET);
    const next = rng(11);
    for (let step = 0; step < 300; step++) {
      const c = cases[Math.floor(next() * cases.length)];
      expect(Array.from(c.f.solve(c.b))).toEqual(c.x0);
      expect(c.f.rcond()).toBe(c.rcond0);
      expect(c.det()).toBe(c.det0);
      expect(solveResidual(c.A, column(c.x0), column(c.b))).toBeLessThan(30);
    }
    for (const c of cases) c.f.dispose();
  });

  it('the factors read back from a copied-out Cholesky and LDLᵀ are those computed', () => {
    const A = spdWithEigenvalues(logSpaced(40, 100), 5);
    const c = cholesky(A);
    const d = ldlt(A);
    const L0 = Array.from(c.factor().data);
    const F0 = d.factors();
    const others = Array.from({ length: 40 }, (_, i) => cholesky(spdWithEigenvalues(logSpaced(40, 10), 100 + i)));
    expect(Array.from(c.factor().data)).toEqual(L0);
    const F1 = d.factors();
    expect(Array.from(F1.L.data)).toEqual(Array.from(F0.L.data));
    expect(Array.from(F1.D.data)).toEqual(Array.from(F0.D.data));
    expect(Array.from(F1.perm)).toEqual(Array.from(F0.perm));
    for (const f of [c, d, ...others]) f.dispose();
  });

  it('a synchronous loop that forgets dispose() keeps WASM memory bounded', () => {
    const n = 64; // 32 KiB per factor: 3,000 of them would need 96 MiB
    const A = spdWithEigenvalues(logSpaced(n, 100), 7);
    const b = randomVector(n, 8);
    const forget = () => cholesky(A).solve(b);
    for (let i = 0; i < 100; i++) forget();
    const before = wasmBytes();
    for (let i = 0; i < 3000; i++) forget();
    expect(wasmBytes()).toBeLessThanOrEqual(before + 2 * 2 ** 20);
    expect(workingSet().residentBytes).toBeLessThanOrEqual(SMALL_BUDGET);
  });

  it('a factorization in use stays in WASM memory while forgotten ones are copied out around it', () => {
    const kept = make(1, 48, 3);
    const A = spdWithEigenvalues(logSpaced(48, 100), 9);
    const b = randomVector(48, 10);
    const budget = workingSet().budget;
    for (let i = 0; i < 500; i++) {
      cholesky(A).solve(b);
      expect(Array.from(kept.f.solve(kept.b))).toEqual(kept.x0);
    }
    // Never copied back (which would have raised the budget): it was never copied out.
    expect(workingSet().budget).toBe(budget);
    kept.f.dispose();
  });

  it('the budget grows when live factorizations are copied back, until they fit', () => {
    setWorkingSetBudget(64 * 1024);
    const cases = Array.from({ length: 12 }, (_, i) => make(0, 40, i)); // 12.5 KiB each, 150 KiB
    const round = () => {
      for (const c of cases) expect(Array.from(c.f.solve(c.b))).toEqual(c.x0);
    };
    for (let r = 0; r < 4; r++) round();
    const grown = workingSet().budget;
    expect(grown).toBeGreaterThanOrEqual(12 * 8 * 40 * 40);
    round();
    expect(workingSet().budget).toBe(grown); // nothing copied back any more
    for (const c of cases) c.f.dispose();
  });

  it('dispose() of a copied-out factorization frees it; its use afterwards is a DisposedError', () => {
    const first = make(2, 36, 1);
    const alive = workingSet().alive;
    const bytes = workingSet().aliveBytes;
    const rest = Array.from({ length: 30 }, (_, i) => make(i % 3, 36, 2 + i)); // copies `first` out
    first.f.dispose();
    first.f.dispose();
    expect(first.f.disposed).toBe(true);
    expect(() => first.f.solve(first.b)).toThrow(DisposedError);
    expect(workingSet().alive).toBe(alive - 1 + rest.length);
    for (const c of rest) c.f.dispose();
    expect(workingSet().alive).toBe(alive - 1);
    expect(workingSet().aliveBytes).toBeLessThan(bytes);
  });
});
