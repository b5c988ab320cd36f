import type { QPProblem } from '../../src/qp/problem.js';
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
