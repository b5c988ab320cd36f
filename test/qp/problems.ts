import type { QPProblem } from '../../src/qp/problem.js';
import { SparseMatrix } from '../../src/sparse/sparse-matrix.js';
import type { QPCase } from '../fixtures/qp/reference.js';
import { gaussian, rng } from '../helpers/random.js';

/** A fixture case as a problem (null bounds infinite; absent constraint blocks left out). */
export function fixtureProblem(c: QPCase): QPProblem {
  const n = c.n;
  const rows = (flat: number[]) => Array.from({ length: n }, (_, i) => flat.slice(i * n, (i + 1) * n));
  return {
    Q: rows(c.Q),
    c: c.c,
    ...(c.b.length > 0 ? { A: c.A, b: c.b } : {}),
    ...(c.h.length > 0 ? { G: c.G, h: c.h } : {}),
    lower: c.lower.map((v) => v ?? -Infinity),
    upper: c.upper.map((v) => v ?? Infinity),
  };
}

/** A random strongly convex QP with m inequalities (about half active) and p equalities, in plain arrays. */
export function randomQP(n: number, m: number, p: number, seed: number) {
  const g = gaussian(rng(seed));
  const M = Array.from({ length: n }, () => Array.from({ length: n }, g));
  const Q = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => {
      let s = i === j ? 1 : 0;
      for (let k = 0; k < n; k++) s += (M[k][i] * M[k][j]) / n;
      return s;
    }),
  );
  const x0 = Array.from({ length: n }, g);
  const G = Array.from({ length: m }, () => Array.from({ length: n }, g));
  const h = G.map((row) => row.reduce((s, v, j) => s + v * x0[j], 0) + Math.max(0, g()));
  const A = Array.from({ length: p }, () => Array.from({ length: n }, g));
  const b = A.map((row) => row.reduce((s, v, j) => s + v * x0[j], 0));
  const c = Array.from({ length: n }, g);
  return { Q, c, G, h, A, b, x0 };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

export function maxAbs(a: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]));
  return d;
}

/**
 * min ½xᵀ(L + shift·I)x + cᵀx s.t. xᵢ − xᵢ₊₁ ≤ 1, with L the Laplacian of a path on n vertices
 * (L·1 = 0) and G·1 = 0: with shift = 0 and cᵀ1 < 0 it is unbounded along the line 1, on which K
 * of the Newton system is singular (Q·1 = 0, G·1 = 0); with shift > 0 it is bounded, its minimizer
 * at a distance of order |Σc|/(n·shift) along 1. Sparse Q and G.
 */
export function pathLaplacianQP(n: number, shift = 0) {
  const qi: number[] = [];
  const qj: number[] = [];
  const qv: number[] = [];
  for (let i = 0; i + 1 < n; i++) {
    qi.push(i, i + 1, i, i + 1);
    qj.push(i, i + 1, i + 1, i);
    qv.push(1, 1, -1, -1);
  }
  for (let i = 0; shift > 0 && i < n; i++) {
    qi.push(i);
    qj.push(i);
    qv.push(shift);
  }
  const g = gaussian(rng(51));
  const c = Array.from({ length: n }, () => g() - 0.5);
  const G = SparseMatrix.fromTriplets(
    n - 1,
    n,
    Array.from({ length: 2 * (n - 1) }, (_, t) => t >> 1),
    Array.from({ length: 2 * (n - 1) }, (_, t) => (t >> 1) + (t & 1)),
    Array.from({ length: 2 * (n - 1) }, (_, t) => (t % 2 === 0 ? 1 : -1)),
  );
  return { Q: SparseMatrix.fromTriplets(n, n, qi, qj, qv), c, G, h: new Array<number>(n - 1).fill(1) };
}

/**
 * min ½xᵀQx + cᵀx s.t. Ax = b with Q = MᵀM of rank n/4 (M random, n/4 × n; Q = 0 for an LP) and
 * p = n/2 random rows of A satisfied by a random x0, in plain arrays: null(A) ∩ null(Q) has
 * dimension at least n/4 and a random c is not orthogonal to it, so the problem is unbounded along
 * a direction on which the Newton matrix is singular. n a multiple of 4.
 */
export function equalityOnlyQP(n: number, kind: 'QP' | 'LP') {
  const g = gaussian(rng(7 + n));
  const A = Array.from({ length: n / 2 }, () => Array.from({ length: n }, g));
  const x0 = Array.from({ length: n }, g);
  const b = A.map((row) => row.reduce((s, v, j) => s + v * x0[j], 0));
  const c = Array.from({ length: n }, g);
  const M = Array.from({ length: n / 4 }, () => Array.from({ length: n }, g));
  const Q = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (kind === 'LP' ? 0 : M.reduce((s, r) => s + r[i] * r[j], 0))),
  );
  return { Q, A, b, c };
}
