import { describe, expect, it } from 'vitest';
import { OPS, permFromSwaps, rng } from '../../bench/problems.mjs';

// The benchmark times a contender only after its result passes the check of bench/problems.mjs.
// These tests hold the checks to that job: results computed here by textbook algorithms (written
// independently of the library) pass, and results off by a relative 1e-6 in one entry fail.

type Input = Record<string, Float64Array | number> & { n: number };

function matmul(A: Float64Array, B: Float64Array, m: number, k: number, n: number): Float64Array {
  const C = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) C[i * n + j] += A[i * k + p] * B[p * n + j];
  return C;
}

/** Cholesky–Banachiewicz, row by row. */
function cholesky(A: Float64Array, n: number): Float64Array {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * n + j];
      for (let p = 0; p < j; p++) s -= L[i * n + p] * L[j * n + p];
      L[i * n + j] = i === j ? Math.sqrt(s) : s / L[j * n + j];
    }
  }
  return L;
}

/** Doolittle LU with partial pivoting: returns LU combined and the row permutation. */
function lu(A: Float64Array, n: number): { lu: Float64Array; perm: number[] } {
  const a = Float64Array.from(A);
  const perm = Array.from({ length: n }, (_, i) => i);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(a[i * n + k]) > Math.abs(a[p * n + k])) p = i;
    if (p !== k) {
      for (let j = 0; j < n; j++) [a[k * n + j], a[p * n + j]] = [a[p * n + j], a[k * n + j]];
      [perm[k], perm[p]] = [perm[p], perm[k]];
    }
    for (let i = k + 1; i < n; i++) {
      a[i * n + k] /= a[k * n + k];
      const l = a[i * n + k];
      for (let j = k + 1; j < n; j++) a[i * n + j] -= l * a[k * n + j];
    }
  }
  return { lu: a, perm };
}

/** Solves A X = B (B n × m) from a combined LU and its permutation. */
function luSolve(f: { lu: Float64Array; perm: number[] }, B: Float64Array, n: number, m: number): Float64Array {
  const X = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) X[i * m + j] = B[f.perm[i] * m + j];
  for (let j = 0; j < m; j++) {
    for (let i = 0; i < n; i++) for (let p = 0; p < i; p++) X[i * m + j] -= f.lu[i * n + p] * X[p * m + j];
    for (let i = n - 1; i >= 0; i--) {
      for (let p = i + 1; p < n; p++) X[i * m + j] -= f.lu[i * n + p] * X[p * m + j];
      X[i * m + j] /= f.lu[i * n + i];
    }
  }
  return X;
}

/** A correct result of each operation, in the shape its check reads. */
function reference(op: keyof typeof OPS, input: Input): Float64Array | { lu: Float64Array; perm: number[] } {
  const n = input.n;
  const A = input.A as Float64Array;
  switch (op) {
    case 'gemm':
      return matmul(A, input.B as Float64Array, n, n, n);
    case 'cholesky':
      return cholesky(A, n);
    case 'lu':
      return lu(A, n);
    case 'cholesky-solve':
    case 'lu-solve':
      return luSolve(lu(A, n), input.b as Float64Array, n, 1);
    case 'hypergradient': {
      const v = luSolve(lu(A, n), input.g as Float64Array, n, 1);
      const C = input.C as Float64Array;
      const nx = input.nx as number;
      const h = new Float64Array(nx);
      for (let j = 0; j < nx; j++) for (let i = 0; i < n; i++) h[j] -= C[i * nx + j] * v[i];
      return h;
    }
    case 'jacobian': {
      const J = luSolve(lu(A, n), input.X as Float64Array, n, input.nx as number);
      return J.map((x) => -x);
    }
  }
}

function perturb(a: Float64Array): Float64Array {
  const c = Float64Array.from(a);
  // The last entry: in the lower triangle for L, and part of every other result.
  const i = c.length - 1;
  c[i] += 1e-6 * (Math.abs(c[i]) + 1);
  return c;
}

describe('bench/problems.mjs checks', () => {
  for (const op of Object.keys(OPS) as (keyof typeof OPS)[]) {
    for (const n of [1, 5, 33]) {
      it(`${op}, n = ${n}: passes a correct result and fails a perturbed one`, () => {
        const input = OPS[op].make(n, 42) as Input;
        const good = reference(op, input);
        expect(OPS[op].check(input, good).ok).toBe(true);
        const bad = good instanceof Float64Array ? perturb(good) : { ...good, lu: perturb(good.lu) };
        const verdict = OPS[op].check(input, bad);
        expect(verdict.ok).toBe(false);
        expect(verdict.message).toMatch(/scaled residual/);
      });
    }
  }

  it('fails a result of the wrong length and a NaN', () => {
    const input = OPS.gemm.make(4, 1) as Input;
    expect(() => OPS.gemm.check(input, new Float64Array(15))).toThrow(/16/);
    const C = reference('gemm', input) as Float64Array;
    C[3] = Number.NaN;
    expect(OPS.gemm.check(input, C).ok).toBe(false);
  });

  it('checks an LU that exposes only a solve', () => {
    const input = OPS.lu.make(6, 3) as Input;
    const f = lu(input.A as Float64Array, 6);
    expect(OPS.lu.check(input, { solve: (b: Float64Array) => luSolve(f, b, 6, 1) }).ok).toBe(true);
    expect(OPS.lu.check(input, { solve: (b: Float64Array) => perturb(luSolve(f, b, 6, 1)) }).ok).toBe(false);
  });

  it('turns LAPACK row interchanges into a row permutation', () => {
    // Swaps (0↔2), (1↔1), (2↔2) take rows [0, 1, 2] to [2, 1, 0].
    expect(permFromSwaps([2, 1, 2], 3)).toEqual([2, 1, 0]);
    expect(permFromSwaps([1, 2, 2], 3)).toEqual([1, 2, 0]);
  });

  it('draws the same numbers in [-1, 1) from the same seed', () => {
    const a = rng(9);
    const b = rng(9);
    for (let i = 0; i < 1000; i++) {
      const x = a();
      expect(x).toBe(b());
      expect(x >= -1 && x < 1).toBe(true);
    }
  });
});
