import { describe, expect, it } from 'vitest';
import type { KrylovOptions, KrylovResult } from '../../src/index.js';
import {
  bicgstab,
  cg,
  denseOperator,
  gmres,
  jacobiPreconditioner,
  type LinearOperator,
  minres,
  ShapeError,
  transposeOperator,
} from '../../src/index.js';
import { denseSolve, randomDense, randomVector, relDiff, symmetricWithSpectrum } from '../helpers/systems.js';

type Solver = (A: LinearOperator, b: Float64Array, options?: KrylovOptions) => KrylovResult;

function op(a: Float64Array, n: number): LinearOperator {
  return denseOperator({ rows: n, cols: n, data: a });
}

function spd(n: number, seed: number, cond = 100): Float64Array {
  const ev = Array.from({ length: n }, (_, i) => cond ** (n === 1 ? 0 : i / (n - 1)));
  return symmetricWithSpectrum(ev, seed);
}

function indefinite(n: number, seed: number): Float64Array {
  const ev = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1 : -1) * (1 + (9 * i) / Math.max(1, n - 1)));
  return symmetricWithSpectrum(ev, seed);
}

function nonsymmetric(n: number, seed: number): Float64Array {
  const a = randomDense(n, n, seed);
  for (let i = 0; i < n; i++) a[i * n + i] += 2 * Math.sqrt(n);
  return a;
}

function trueResidual(a: Float64Array, n: number, x: Float64Array, b: Float64Array): number {
  const ax = op(a, n).matvec(x);
  let s = 0;
  for (let i = 0; i < n; i++) s += (ax[i] - b[i]) ** 2;
  return Math.sqrt(s);
}

function norm(b: Float64Array): number {
  return Math.sqrt(b.reduce((s, v) => s + v * v, 0));
}

const cases: [string, Solver, (n: number, seed: number) => Float64Array][] = [
  ['cg on SPD', cg, (n, s) => spd(n, s)],
  ['minres on SPD', minres, (n, s) => spd(n, s)],
  ['minres on symmetric indefinite', minres, indefinite],
  ['gmres on nonsymmetric', gmres, nonsymmetric],
  ['gmres on symmetric indefinite', gmres, indefinite],
  ['bicgstab on nonsymmetric', bicgstab, nonsymmetric],
  ['bicgstab on SPD', bicgstab, (n, s) => spd(n, s)],
];

describe.each(cases)('%s', (_name, solver, make) => {
  it.each([1, 2, 3, 7, 40, 120])('n = %i matches a dense solve and meets the tolerance', (n) => {
    const a = make(n, 11 * n + 1);
    const b = randomVector(n, 3 * n + 7);
    const res = solver(op(a, n), b, { tol: 1e-12 });
    expect(res.converged).toBe(true);
    expect(res.breakdown).toBeUndefined();
    const rt = trueResidual(a, n, res.x, b);
    expect(rt).toBeLessThanOrEqual(1e-12 * norm(b));
    expect(res.residualNorm).toBeCloseTo(rt, 14);
    expect(relDiff(res.x, denseSolve(a, b, n))).toBeLessThan(1e-9);
  });

  it('returns x = 0 after no iteration for b = 0', () => {
    const n = 5;
    const res = solver(op(make(n, 2), n), new Float64Array(n));
    expect(res.converged).toBe(true);
    expect(res.iterations).toBe(0);
    expect(Array.from(res.x)).toEqual([0, 0, 0, 0, 0]);
  });

  it('reports converged: false when the iteration cap is hit', () => {
    const n = 60;
    const res = solver(op(make(n, 5), n), randomVector(n, 9), { tol: 1e-14, maxIter: 3 });
    expect(res.converged).toBe(false);
    expect(res.iterations).toBeLessThanOrEqual(3);
    expect(res.residualNorm).toBeGreaterThan(0);
  });

  it('starts from x0: the exact solution needs no iteration', () => {
    const n = 8;
    const a = make(n, 4);
    const b = randomVector(n, 1);
    const res = solver(op(a, n), b, { x0: denseSolve(a, b, n), tol: 1e-8 });
    expect(res.converged).toBe(true);
    expect(res.iterations).toBe(0);
  });

  it('rejects a right-hand side of the wrong length', () => {
    expect(() => solver(op(make(4, 1), 4), new Float64Array(3))).toThrow(ShapeError);
  });
});

describe('preconditioning', () => {
  // A badly scaled SPD matrix D S D: Jacobi (diagonal) preconditioning undoes the scaling.
  const n = 80;
  const s = spd(n, 21, 10);
  const d = Array.from({ length: n }, (_, i) => 10 ** ((3 * i) / (n - 1)));
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = d[i] * s[i * n + j] * d[j];
  const diag = Array.from({ length: n }, (_, i) => a[i * n + i]);
  const b = randomVector(n, 5);
  const exact = denseSolve(a, b, n);

  it.each([
    ['cg', cg],
    ['minres', minres],
    ['gmres', gmres],
    ['bicgstab', bicgstab],
  ] as [string, Solver][])('%s with a Jacobi preconditioner converges in fewer iterations', (_name, solver) => {
    const plain = solver(op(a, n), b, { tol: 1e-10 });
    const pre = solver(op(a, n), b, { tol: 1e-10, preconditioner: jacobiPreconditioner(diag) });
    expect(pre.converged).toBe(true);
    expect(pre.iterations).toBeLessThan(plain.iterations);
    expect(relDiff(pre.x, exact)).toBeLessThan(1e-6);
  });

  it('accepts the preconditioner as an operator', () => {
    const inv = new Float64Array(n * n);
    for (let i = 0; i < n; i++) inv[i * n + i] = 1 / diag[i];
    const res = cg(op(a, n), b, { preconditioner: op(inv, n) });
    expect(res.converged).toBe(true);
    expect(relDiff(res.x, exact)).toBeLessThan(1e-6);
  });
});

describe('failure is reported, never hidden', () => {
  it('cg stops with not-positive-definite on an indefinite matrix', () => {
    const n = 30;
    const res = cg(op(indefinite(n, 3), n), randomVector(n, 2));
    expect(res.converged).toBe(false);
    expect(res.breakdown).toBe('not-positive-definite');
  });

  it('gmres with a small restart still converges on a well-conditioned system', () => {
    const n = 100;
    const a = nonsymmetric(n, 8);
    const b = randomVector(n, 4);
    const res = gmres(op(a, n), b, { restart: 5, tol: 1e-11 });
    expect(res.converged).toBe(true);
    expect(relDiff(res.x, denseSolve(a, b, n))).toBeLessThan(1e-8);
  });

  it('gmres reports stagnation when restarts cannot progress', () => {
    // The cyclic shift: GMRES(m) with m < n makes no progress on e₁ (a classical example).
    const n = 20;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) a[((i + 1) % n) * n + i] = 1;
    const b = new Float64Array(n);
    b[0] = 1;
    const res = gmres(op(a, n), b, { restart: 5 });
    expect(res.converged).toBe(false);
    expect(res.breakdown).toBe('stagnation');
  });

  it('transposeOperator needs rmatvec or a symmetric tag', () => {
    const A: LinearOperator = { rows: 2, cols: 2, matvec: (v) => v };
    expect(() => transposeOperator(A, 'dFdy')).toThrow(/rmatvec/);
    const S: LinearOperator = { rows: 2, cols: 2, matvec: (v) => v, tags: ['symmetric'] };
    expect(transposeOperator(S, 'dFdy')).toBe(S);
  });
});
